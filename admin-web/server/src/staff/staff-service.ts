import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditLog, Actor } from '../audit/audit-log.ts';
import { SYSTEM_ACTOR } from '../audit/audit-log.ts';
import type { AppConfig } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { ApiError, conflict, notFound } from '../errors.ts';
import type { StaffPrincipal } from '../http/route.ts';
import { LoginThrottle } from './login-throttle.ts';
import { MIN_PASSWORD_LENGTH, generatePassword, hashPassword, verifyPassword } from './passwords.ts';
import type { StaffRole, StaffUserRow } from './tables.ts';

export interface StaffUser {
  id: string;
  username: string;
  role: StaffRole;
  disabled: boolean;
  lockedUntil: number | null;
  createdAt: number;
}

const toUser = (r: StaffUserRow): StaffUser => ({
  id: r.id,
  username: r.username,
  role: r.role,
  disabled: r.disabled === 1,
  lockedUntil: r.locked_until,
  createdAt: r.created_at,
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

// Compared against when the username is unknown, so timing does not reveal which names exist.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export class StaffService {
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
  ) {
    this.throttle = new LoginThrottle(config.staff.loginAttemptsPerMinute, config.now);
  }

  private now(): number {
    return this.config.now();
  }

  /** Creates the first admin when there is no staff user at all. */
  async ensureBootstrapAdmin(): Promise<void> {
    const any = await this.db.selectFrom('staff_users').select('id').limit(1).executeTakeFirst();
    if (any) return;
    const fromEnv = this.config.bootstrapAdmin;
    const username = fromEnv?.username ?? 'admin';
    const password = fromEnv?.password ?? generatePassword();
    try {
      await this.createUser(SYSTEM_ACTOR, { username, password, role: 'admin' }, { allowShortPassword: fromEnv !== undefined });
    } catch (e) {
      // Another instance created it first.
      if (e instanceof ApiError && e.code === 'username-taken') return;
      throw e;
    }
    if (!fromEnv) this.config.print(`First start: created staff user '${username}' with one-time password: ${password}`);
  }

  async login(username: string, password: string, address: string): Promise<{ token: string; principal: StaffPrincipal }> {
    if (!this.throttle.take(address)) throw new ApiError('login-throttled', 429, 'Too many login attempts; wait a minute');
    const row = await this.db.selectFrom('staff_users').selectAll().where('username', '=', username).executeTakeFirst();
    if (!row) {
      await verifyPassword(password, DUMMY_HASH);
      throw new ApiError('login-failed', 401, 'Wrong username or password');
    }
    const t = this.now();
    if (row.locked_until !== null && row.locked_until > t) {
      throw new ApiError('account-locked', 423, 'Account locked after repeated failed logins', { lockedUntil: row.locked_until });
    }
    const ok = await verifyPassword(password, row.password_hash);
    if (!ok || row.disabled === 1) {
      if (!ok) {
        const failed = row.failed_logins + 1;
        const lock = failed >= this.config.staff.maxFailedLogins;
        await this.db
          .updateTable('staff_users')
          .set({ failed_logins: lock ? 0 : failed, locked_until: lock ? t + this.config.staff.lockoutMs : row.locked_until })
          .where('id', '=', row.id)
          .execute();
        await this.audit.record({ type: 'staff', id: row.id, name: row.username }, lock ? 'staff.locked' : 'staff.login-failed', { type: 'staff-user', id: row.id }, { address });
      }
      throw new ApiError('login-failed', 401, 'Wrong username or password');
    }
    await this.db.updateTable('staff_users').set({ failed_logins: 0, locked_until: null }).where('id', '=', row.id).execute();
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const sessionHash = sha256(token);
    await this.db
      .insertInto('staff_sessions')
      .values({ id_hash: sessionHash, user_id: row.id, csrf_token: csrfToken, created_at: t, expires_at: t + this.config.staff.sessionTtlMs })
      .execute();
    await this.audit.record({ type: 'staff', id: row.id, name: row.username }, 'staff.login', { type: 'staff-user', id: row.id }, { address });
    return { token, principal: { userId: row.id, username: row.username, role: row.role, sessionHash, csrfToken } };
  }

  /** The staff member behind a session cookie, or undefined for none, expired or disabled. */
  async authenticate(token: string): Promise<StaffPrincipal | undefined> {
    const sessionHash = sha256(token);
    const row = await this.db
      .selectFrom('staff_sessions')
      .innerJoin('staff_users', 'staff_users.id', 'staff_sessions.user_id')
      .select(['staff_users.id', 'staff_users.username', 'staff_users.role', 'staff_users.disabled', 'staff_sessions.csrf_token', 'staff_sessions.expires_at'])
      .where('staff_sessions.id_hash', '=', sessionHash)
      .executeTakeFirst();
    if (!row || row.disabled === 1 || row.expires_at <= this.now()) return undefined;
    return { userId: row.id, username: row.username, role: row.role, sessionHash, csrfToken: row.csrf_token };
  }

  async logout(p: StaffPrincipal): Promise<void> {
    await this.db.deleteFrom('staff_sessions').where('id_hash', '=', p.sessionHash).execute();
    await this.audit.record({ type: 'staff', id: p.userId, name: p.username }, 'staff.logout', { type: 'staff-user', id: p.userId });
  }

  async listUsers(): Promise<StaffUser[]> {
    return (await this.db.selectFrom('staff_users').selectAll().orderBy('username').execute()).map(toUser);
  }

  async createUser(actor: Actor, input: { username: string; password: string; role: StaffRole }, opts: { allowShortPassword?: boolean } = {}): Promise<StaffUser> {
    if (!opts.allowShortPassword && input.password.length < MIN_PASSWORD_LENGTH) {
      throw new ApiError('password-too-short', 400, `A password has at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    const t = this.now();
    const row: StaffUserRow = {
      id: randomUUID(),
      username: input.username,
      password_hash: await hashPassword(input.password),
      role: input.role,
      disabled: 0,
      failed_logins: 0,
      locked_until: null,
      created_at: t,
      updated_at: t,
    };
    const taken = await this.db.selectFrom('staff_users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw conflict('username-taken', `Username '${input.username}' is taken`);
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('staff_users').values(row).execute();
      await this.audit.record(actor, 'staff.create', { type: 'staff-user', id: row.id }, { username: row.username, role: row.role }, trx);
    });
    return toUser(row);
  }

  async updateUser(actor: Actor, id: string, patch: { role?: StaffRole; disabled?: boolean; password?: string; unlock?: boolean }): Promise<StaffUser> {
    const row = await this.db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Staff user');
    if (patch.password !== undefined && patch.password.length < MIN_PASSWORD_LENGTH) {
      throw new ApiError('password-too-short', 400, `A password has at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    if (actor.id === id && (patch.disabled === true || (patch.role !== undefined && patch.role !== 'admin' && row.role === 'admin'))) {
      throw new ApiError('cannot-demote-self', 409, 'An admin cannot disable or demote their own account');
    }
    const set: Partial<StaffUserRow> = { updated_at: this.now() };
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
    if (patch.password !== undefined) set.password_hash = await hashPassword(patch.password);
    if (patch.unlock) Object.assign(set, { locked_until: null, failed_logins: 0 });
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('staff_users').set(set).where('id', '=', id).execute();
      // A changed password, role or a disabled account ends the user's sessions.
      if (patch.password !== undefined || patch.disabled || patch.role !== undefined) await trx.deleteFrom('staff_sessions').where('user_id', '=', id).execute();
      const { password: _omit, ...logged } = patch;
      await this.audit.record(actor, 'staff.update', { type: 'staff-user', id }, { ...logged, passwordChanged: patch.password !== undefined }, trx);
    });
    const updated = await this.db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return toUser(updated);
  }
}
