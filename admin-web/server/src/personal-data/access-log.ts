/**
 * The personal-data access log: one row for every read or write of a person's data through a
 * terminal, successes and refusals alike, so auditors can answer "who looked at this person,
 * from where, on what proof". The holder appears only as a keyed hash (HMAC-SHA256 under the
 * server's holder-hash key): rows can be matched to a person whose ID the auditor is given,
 * but a leaked log names nobody.
 */
import { createHmac } from 'node:crypto';
import type { HolderAssurance } from '@civic-kiosk/protocol/gateway';
import type { Kysely } from 'kysely';
import { newestFirst, type LogWindow } from '../db/newest-first.ts';
import { csvDocument } from '../http/csv.ts';
import type { Database } from '../db/schema.ts';

export interface AccessEntry {
  terminalId: string;
  service: string;
  holderHash: string | null;
  assurance: HolderAssurance | null;
  /** `ok` or the error code the terminal got. */
  result: string;
}

export interface AccessView extends AccessEntry {
  id: number;
  at: number;
}

export interface AccessQuery extends LogWindow {
  terminalId?: string;
  service?: string;
  holderHash?: string;
  result?: string;
}

/** Keys the holder hash; one key per installation (see migration 0204 and PERSONAL_DATA_HASH_KEY). */
export class HolderHasher {
  constructor(private readonly key: Buffer) {}

  readonly hash = (citizenId: string): string => createHmac('sha256', this.key).update(citizenId).digest('hex');
}

export class PersonalDataAccessLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  async record(entry: AccessEntry): Promise<void> {
    await this.db
      .insertInto('personal_data_access')
      .values({ at: this.now(), terminal_id: entry.terminalId, service: entry.service, holder_hash: entry.holderHash, assurance: entry.assurance, result: entry.result })
      .execute();
  }

  /** Newest first. */
  async query(q: AccessQuery): Promise<AccessView[]> {
    const rows = await newestFirst(this.db, 'personal_data_access', { terminal_id: q.terminalId, service: q.service, holder_hash: q.holderHash, result: q.result }, q);
    return rows.map((r) => ({
      id: Number(r.id),
      at: Number(r.at),
      terminalId: r.terminal_id,
      service: r.service,
      holderHash: r.holder_hash,
      assurance: r.assurance,
      result: r.result,
    }));
  }
}

const CSV_COLUMNS = ['id', 'at', 'terminalId', 'service', 'holderHash', 'assurance', 'result'] as const;

/** The access rows as a staff CSV download (formula-safe cells, see http/csv.ts). */
export function accessCsv(rows: readonly AccessView[]): string {
  return csvDocument(CSV_COLUMNS, rows.map((r) => CSV_COLUMNS.map((c) => (c === 'at' ? new Date(r.at).toISOString() : r[c]))));
}
