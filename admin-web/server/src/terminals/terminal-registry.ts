import { createHash, randomInt, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely, SqlBool } from 'kysely';
import type { z } from 'zod';
import { FLEET_STATUSES } from '@civic-kiosk/protocol/staff-api';
import type { FleetQuery, StatusCounts, TerminalView } from '@civic-kiosk/protocol/staff-api';
import { ENROLMENT_QR_SCHEME } from '@civic-kiosk/protocol/terminal-api';
import type { EnrolRequest, EnrolResponse, HeartbeatRequest, TerminalErrorCode } from '@civic-kiosk/protocol/terminal-api';
import type { Actor, AuditLog } from '../audit/audit-log.ts';
import type { AppConfig } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { ApiError, notFound } from '../errors.ts';
import { statusCondition } from '../fleet/status-filter.ts';
import { deriveStatus } from '../fleet/terminal-status.ts';
import { EnrolmentThrottle } from './enrolment-throttle.ts';
import { rateLimited } from './rate-limited.ts';
import type { TerminalRow } from './tables.ts';

// No 0/O/1/I: staff type the code on a touch screen from a printed sheet.
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export interface EnrolmentTicket {
  code: string;
  expiresAt: number;
  /** Text for a QR code the kiosk's enrolment screen can scan. */
  qrPayload: string;
}


const SEARCHED = ['name', 'location', 'group_name', 'id'] as const;
const SORT_COLUMNS = { name: 'name', group: 'group_name', location: 'location', lastHeartbeatAt: 'last_heartbeat_at', createdAt: 'created_at' } as const;

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
  private readonly throttle: EnrolmentThrottle;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
  ) {
    this.throttle = new EnrolmentThrottle(config.terminals);
  }

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
      servicePointId: r.service_point_id ?? null,
    };
  }

  async create(actor: Actor, input: { name: string; location: string; group: string; servicePointId?: string }): Promise<{ terminal: TerminalView; enrolment: EnrolmentTicket }> {
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
      service_point_id: input.servicePointId ?? null,
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

  /**
   * Binds a terminal's public key using a one-time code; the code is spent atomically. Wrong
   * codes from `address` (and from everyone) make later attempts wait: `enrolment-throttled`.
   */
  async enrol(req: EnrolRequest, address: string): Promise<EnrolResponse> {
    const t = this.now();
    const gate = this.throttle.claim(address, t);
    if (!gate.allowed) throw rateLimited('enrolment-throttled' satisfies TerminalErrorCode, 'Too many wrong enrolment codes lately; wait and try again', gate.retryAfterMs);
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
    this.throttle.succeeded(address);
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

  /** One page of the fleet: filtered by group, status and search text, sorted, with the total. */
  async page(query: z.output<typeof FleetQuery>): Promise<{ terminals: TerminalView[]; total: number }> {
    const now = this.now();
    const pattern = query.search ? `%${query.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
    const filtered = this.db.selectFrom('terminals').where((eb) =>
      eb.and([
        ...(query.group ? [eb('group_name', '=', query.group)] : []),
        ...(query.servicePoint ? [eb('service_point_id', '=', query.servicePoint)] : []),
        ...(query.status ? [statusCondition(eb, query.status, now, this.config.terminals)] : []),
        ...(pattern ? [eb.or(SEARCHED.map((c) => sql<SqlBool>`lower(${sql.ref(c)}) like ${pattern} escape '\\'`))] : []),
      ]),
    );
    const [{ total }, rows] = await Promise.all([
      filtered.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow(),
      filtered.selectAll().orderBy(SORT_COLUMNS[query.sort], query.order).orderBy('id').limit(query.limit).offset(query.offset).execute(),
    ]);
    return { terminals: rows.map((r) => this.view(r)), total: Number(total) };
  }

  /** Terminals per service point (null: none given) and derived status, counted in the database. */
  async countByServicePoint(): Promise<Map<string | null, StatusCounts>> {
    const now = this.now();
    const out = new Map<string | null, StatusCounts>();
    const counts = await Promise.all(
      FLEET_STATUSES.map((status) =>
        this.db
          .selectFrom('terminals')
          .where((eb) => statusCondition(eb, status, now, this.config.terminals))
          .select((eb) => ['service_point_id', eb.fn.countAll<number | string>().as('n')])
          .groupBy('service_point_id')
          .execute(),
      ),
    );
    FLEET_STATUSES.forEach((status, i) => {
      for (const row of counts[i]!) {
        const point = row.service_point_id ?? null;
        const entry = out.get(point) ?? { total: 0, byStatus: Object.fromEntries(FLEET_STATUSES.map((k) => [k, 0])) as StatusCounts['byStatus'] };
        entry.byStatus[status] += Number(row.n);
        entry.total += Number(row.n);
        out.set(point, entry);
      }
    });
    return out;
  }

  /** Groups with their terminals that are not revoked, by name. */
  async groups(): Promise<{ group: string; terminals: number }[]> {
    const rows = await this.db
      .selectFrom('terminals')
      .where('status', '!=', 'revoked')
      .select((eb) => ['group_name', eb.fn.countAll<number | string>().as('n')])
      .groupBy('group_name')
      .orderBy('group_name')
      .execute();
    return rows.map((r) => ({ group: r.group_name, terminals: Number(r.n) }));
  }

  /** Ids of active terminals, optionally only those in the groups. */
  async activeIds(groups?: readonly string[]): Promise<string[]> {
    return (await this.#active(groups).select('id').execute()).map((r) => r.id);
  }

  /** How many terminals `activeIds` would list, counted by the database. */
  async countActive(groups?: readonly string[]): Promise<number> {
    const { n } = await this.#active(groups)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  #active(groups?: readonly string[]) {
    const q = this.db.selectFrom('terminals').where('status', '=', 'active');
    return groups && groups.length > 0 ? q.where('group_name', 'in', groups) : q;
  }
}
