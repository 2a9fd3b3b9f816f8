/** The personal-data services, built once in the composition root (app.ts). */
import type { Kysely } from 'kysely';
import type { AppConfig } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { AlertBook } from '../fleet/alerts.ts';
import type { SocialSecurityAdapter } from '../gateway/adapters.ts';
import { HolderHasher, PersonalDataAccessLog } from './access-log.ts';
import { HolderSessions } from './holder-sessions.ts';
import { ContributionStatements } from './statements.ts';
import { WindowThrottle } from './window-throttle.ts';

export interface PersonalData {
  sessions: HolderSessions;
  log: PersonalDataAccessLog;
  hasher: HolderHasher;
  statements: ContributionStatements;
  /** `/verify/<code>` lookups per client address and minute. */
  verifyLookups: WindowThrottle;
}

export async function createPersonalData(db: Kysely<Database>, config: AppConfig, alerts: AlertBook, socialSecurity: () => SocialSecurityAdapter): Promise<PersonalData> {
  const keyHex = config.holders.hashKeyHex ?? (await db.selectFrom('server_secrets').select('value').where('name', '=', 'holder-hash-key').executeTakeFirstOrThrow()).value;
  if (!/^(?:[0-9a-fA-F]{2}){16,}$/.test(keyHex)) throw new Error('PERSONAL_DATA_HASH_KEY must be at least 16 bytes of hex');
  const hasher = new HolderHasher(Buffer.from(keyHex, 'hex'));
  const log = new PersonalDataAccessLog(db, config.now);
  return {
    sessions: new HolderSessions(db, config.now, config.holders, hasher, log, alerts, socialSecurity),
    log,
    hasher,
    statements: new ContributionStatements(db, config.now, config.publicUrl),
    verifyLookups: new WindowThrottle(config.holders.verifyLookupsPerMinute, 60_000, config.now),
  };
}
