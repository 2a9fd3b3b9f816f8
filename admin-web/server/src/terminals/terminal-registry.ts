import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ENROLMENT_QR_SCHEME } from '@civic-kiosk/protocol/terminal-api';
import type { EnrolRequest, EnrolResponse, HeartbeatRequest } from '@civic-kiosk/protocol/terminal-api';
import type { Actor, AuditLog } from '../audit/audit-log.ts';
import type { AppConfig } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { ApiError, notFound } from '../errors.ts';
import { deriveStatus } from '../fleet/terminal-status.ts';
import type { FleetStatus } from '../fleet/terminal-status.ts';
import type { TerminalRow } from './tables.ts';

// No 0/O/1/I: staff type the code on a touch screen from a printed sheet.
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export interface EnrolmentTicket {
  code: string;
  expiresAt: number;
  /** Text for a QR code the kiosk's enrolment screen can scan. */
  qrPayload: string;
}

export interface TerminalView {
  id: string;
  name: string;
  location: string;
  group: string;
  status: FleetStatus;
  createdAt: number;
  enrolledAt: number | null;
  revokedAt: number | null;
  lastHeartbeatAt: number | null;
  screenSince: number | null;
  heartbeat: HeartbeatRequest | null;
}

const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');

function newCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 4; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}

/** Terminals: creation by staff, one-time enrolment codes, enrolment, revocation, views. */
export class TerminalRegistry {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
  ) {}

  private now(): number {
    return this.config.now();
  }

  view(r: TerminalRow): TerminalView {
    return {
      id: r.id,
      name: r.name,
      location: r.location,
      group: r.group_name,
      status: deriveStatus(
        { status: r.status, enrolledAt: r.enrolled_at, lastHeartbeatAt: r.last_heartbeat_at, screenKey: r.screen_key, screenSince: r.screen_since },
        this.now(),
        this.config.terminals,
      ),
      createdAt: r.created_at,
      enrolledAt: r.enrolled_at,
      revokedAt: r.revoked_at,
      lastHeartbeatAt: r.last_heartbeat_at,
      screenSince: r.screen_since,
      heartbeat: r.last_heartbeat === null ? null : (JSON.parse(r.last_heartbeat) as HeartbeatRequest),
    };
  }

  async create(actor: Actor, input: { name: string; location: string; group: string }): Promise<{ terminal: TerminalView; enrolment: EnrolmentTicket }> {
    const row: TerminalRow = {
      id: randomUUID(),
      name: input.name,
      location: input.location,
      group_name: input.group,
      status: 'pending',
      public_key: null,
      created_at: this.now(),
      enrolled_at: null,
      revoked_at: null,
      last_heartbeat_at: null,
      last_heartbeat: null,
      screen_key: null,
      screen_since: null,
    };
    const enrolment = await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('terminals').values(row).execute();
      await this.audit.record(actor, 'terminal.create', { type: 'terminal', id: row.id }, input, trx);
      return this.issueCodeIn(trx, row.id);
    });
    return { terminal: this.view(row), enrolment };
  }

  /** A new one-time code; earlier unused codes of the terminal stop working. */
  async issueEnrolmentCode(actor: Actor, terminalId: string): Promise<EnrolmentTicket> {
    const row = await this.get(terminalId);
    if (row.status === 'revoked') throw new ApiError('terminal-revoked', 409, 'A revoked terminal cannot enrol again; create a new one');
    return this.db.transaction().execute(async (trx) => {
      await this.audit.record(actor, 'terminal.enrolment-code', { type: 'terminal', id: terminalId }, {}, trx);
      return this.issueCodeIn(trx, terminalId);
    });
  }

  private async issueCodeIn(trx: Kysely<Database>, terminalId: string): Promise<EnrolmentTicket> {
    const code = newCode();
    const expiresAt = this.now() + this.config.terminals.enrolmentCodeTtlMs;
    await trx.deleteFrom('enrolment_codes').where('terminal_id', '=', terminalId).where('used_at', 'is', null).execute();
    await trx.insertInto('enrolment_codes').values({ code_hash: hashCode(code), terminal_id: terminalId, created_at: this.now(), expires_at: expiresAt, used_at: null }).execute();
    return { code, expiresAt, qrPayload: `${ENROLMENT_QR_SCHEME}${this.config.publicUrl}#${code}` };
  }

  /** Binds a terminal's public key using a one-time code; the code is spent atomically. */
  async enrol(req: EnrolRequest): Promise<EnrolResponse> {
    const t = this.now();
    const terminal = await this.db.transaction().execute(async (trx) => {
      const code = await trx.selectFrom('enrolment_codes').selectAll().where('code_hash', '=', hashCode(req.code)).executeTakeFirst();
      if (!code) throw new ApiError('enrolment-code-invalid', 400, 'Unknown enrolment code');
      if (code.used_at !== null) throw new ApiError('enrolment-code-used', 409, 'This enrolment code was already used');
      if (code.expires_at <= t) throw new ApiError('enrolment-code-expired', 410, 'This enrolment code has expired');
      const spent = await trx.updateTable('enrolment_codes').set({ used_at: t }).where('code_hash', '=', code.code_hash).where('used_at', 'is', null).executeTakeFirst();
      if (Number(spent.numUpdatedRows) !== 1) throw new ApiError('enrolment-code-used', 409, 'This enrolment code was already used');
      const row = await trx.selectFrom('terminals').selectAll().where('id', '=', code.terminal_id).executeTakeFirstOrThrow();
      if (row.status === 'revoked') throw new ApiError('terminal-revoked', 403, 'This terminal has been revoked');
      await trx.updateTable('terminals').set({ status: 'active', public_key: req.publicKey, enrolled_at: t }).where('id', '=', row.id).execute();
      await this.audit.record({ type: 'terminal', id: row.id, name: row.name }, 'terminal.enrol', { type: 'terminal', id: row.id }, { appVersion: req.appVersion }, trx);
      return row;
    });
    return {
      terminalId: terminal.id,
      name: terminal.name,
      location: terminal.location,
      group: terminal.group_name,
      serverTime: t,
      heartbeatIntervalMs: this.config.terminals.heartbeatIntervalMs,
    };
  }

  async revoke(actor: Actor, terminalId: string): Promise<TerminalView> {
    await this.get(terminalId);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('terminals').set({ status: 'revoked', revoked_at: this.now() }).where('id', '=', terminalId).execute();
      await trx.deleteFrom('enrolment_codes').where('terminal_id', '=', terminalId).where('used_at', 'is', null).execute();
      await this.audit.record(actor, 'terminal.revoke', { type: 'terminal', id: terminalId }, {}, trx);
    });
    return this.view(await this.get(terminalId));
  }

  async get(terminalId: string): Promise<TerminalRow> {
    const row = await this.db.selectFrom('terminals').selectAll().where('id', '=', terminalId).executeTakeFirst();
    if (!row) throw notFound('Terminal');
    return row;
  }

  async list(filter: { group?: string } = {}): Promise<TerminalView[]> {
    let q = this.db.selectFrom('terminals').selectAll().orderBy('name');
    if (filter.group) q = q.where('group_name', '=', filter.group);
    return (await q.execute()).map((r) => this.view(r));
  }

  /** Ids of active terminals, optionally only those in the groups. */
  async activeIds(groups?: readonly string[]): Promise<string[]> {
    let q = this.db.selectFrom('terminals').select('id').where('status', '=', 'active');
    if (groups && groups.length > 0) q = q.where('group_name', 'in', groups);
    return (await q.execute()).map((r) => r.id);
  }
}
