import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { StaffUserView, UpdateStaffUserRequest, UpdatedStaffUser } from '@civic-kiosk/protocol/staff-users';
import type { AuditLog, Actor } from '../audit/audit-log.ts';
import { SYSTEM_ACTOR } from '../audit/audit-log.ts';
import type { AppConfig } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { ApiError, conflict, notFound } from '../errors.ts';
import type { StaffPrincipal } from '../http/route.ts';
import { AccountThrottle } from './account-throttle.ts';
import { AddressThrottle } from './address-throttle.ts';
import { KnownDevices } from './known-devices.ts';
import { assertStrongPassword } from './password-policy.ts';
import { generatePassword, hashPassword, verifyAgainstNothing, verifyPassword } from './passwords.ts';
import type { StaffRole, StaffUserRow } from './tables.ts';
import { newToken, tokenHash } from './tokens.ts';

export type StaffUser = StaffUserView;

export interface LoginInput {
  username: string;
  password: string;
  address: string;
  /** The known-device cookie the browser sent, if any. */
  deviceToken?: string;
}

export interface LoginResult {
  token: string;
  principal: StaffPrincipal;
  /** The known-device cookie to set. */
  deviceToken: string;
}

// Unknown and known usernames get the same answers: these three and nothing else.
const loginFailed = () => new ApiError('login-failed', 401, 'Wrong username or password');
const loginThrottled = (retryAfterMs: number) =>
  new ApiError('login-throttled', 429, 'Too many failed logins: wait before trying again', { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) });
const accountLocked = () =>
  new ApiError('account-locked', 423, 'Locked after too many failed logins: log in from a browser you used before, or ask an admin to unlock it');

export class StaffService {
  private readonly accounts: AccountThrottle;
  private readonly addresses: AddressThrottle;
  private readonly devices: KnownDevices;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
  ) {
    const c = config.staff;
    const backoff = { baseMs: c.backoffBaseMs, maxMs: c.backoffMaxMs };
    this.accounts = new AccountThrottle(db, { ...backoff, failuresBeforeBackoff: c.accountFailuresBeforeBackoff, hardLockFailures: c.hardLockFailures, memoryMs: c.failureMemoryMs });
    this.addresses = new AddressThrottle({ ...backoff, failuresBeforeBackoff: c.addressFailuresBeforeBackoff }, c.failureMemoryMs);
    this.devices = new KnownDevices(db, { ttlMs: c.knownDeviceTtlMs, maxFailures: c.knownDeviceMaxFailures });
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
      // A printed password is temporary; one the operator chose (ADMIN_PASSWORD) is theirs.
      await this.createUser(SYSTEM_ACTOR, { username, password, role: 'admin' }, { mustChangePassword: !fromEnv });
    } catch (e) {
      // Another instance created it first.
      if (e instanceof ApiError && e.code === 'username-taken') return;
      if (e instanceof ApiError && e.code === 'weak-password') throw new Error(`ADMIN_PASSWORD is refused (weak-password): ${e.message}`);
      throw e;
    }
    if (!fromEnv) this.config.print(`First start: created staff user '${username}' with one-time password: ${password}`);
  }

  /**
   * Checks a password unless a throttle says wait: per client address and per username, or
   * neither when the browser is a known device of that user. Each attempt is counted before
   * its check, so concurrent attempts cannot all pass on the same count.
   */
  async login(input: LoginInput): Promise<LoginResult> {
    const { username, password, address, deviceToken } = input;
    const t = this.now();
    const knownDevice = deviceToken !== undefined && (await this.devices.claim(deviceToken, username, t));
    let lockedNow = false;
    if (!knownDevice) {
      const byAddress = this.addresses.claim(address, t);
      if (!byAddress.allowed) throw loginThrottled(byAddress.retryAfterMs);
      const byAccount = await this.accounts.claim(username, t);
      if (!byAccount.allowed) throw byAccount.locked ? accountLocked() : loginThrottled(byAccount.retryAfterMs);
      lockedNow = byAccount.lockedNow;
    }
    const row = await this.db.selectFrom('staff_users').selectAll().where('username', '=', username).executeTakeFirst();
    const ok = row ? await verifyPassword(password, row.password_hash) : await verifyAgainstNothing(password);
    if (!row || !ok || row.disabled === 1) {
      // Recorded for unknown names too (spraying shows in the audit log, and both paths cost the same).
      const actor: Actor = row ? { type: 'staff', id: row.id, name: row.username } : SYSTEM_ACTOR;
      const target = { type: 'staff-user', id: row?.id ?? null };
      await this.audit.record(actor, 'staff.login-failed', target, { username, address, knownDevice });
      if (lockedNow) await this.audit.record(actor, 'staff.locked', target, { username, address });
      throw loginFailed();
    }
    this.addresses.succeeded(address);
    const liftedLock = await this.accounts.clear(username);
    const device = await this.devices.succeeded(row.id, knownDevice ? deviceToken : undefined, t);
    const token = newToken();
    const csrfToken = randomBytes(24).toString('base64url');
    const sessionHash = tokenHash(token);
    await this.db
      .insertInto('staff_sessions')
      .values({ id_hash: sessionHash, user_id: row.id, csrf_token: csrfToken, created_at: t, expires_at: t + this.config.staff.sessionTtlMs })
      .execute();
    await this.audit.record({ type: 'staff', id: row.id, name: row.username }, 'staff.login', { type: 'staff-user', id: row.id }, { address, knownDevice, liftedLock });
    return { token, deviceToken: device, principal: { userId: row.id, username: row.username, role: row.role, sessionHash, csrfToken, mustChangePassword: row.must_change_password === 1 } };
  }

  /** The staff member behind a session cookie, or undefined for none, expired or disabled. */
  async authenticate(token: string): Promise<StaffPrincipal | undefined> {
    const sessionHash = tokenHash(token);
    const row = await this.db
      .selectFrom('staff_sessions')
      .innerJoin('staff_users', 'staff_users.id', 'staff_sessions.user_id')
      .select(['staff_users.id', 'staff_users.username', 'staff_users.role', 'staff_users.disabled', 'staff_users.must_change_password', 'staff_sessions.csrf_token', 'staff_sessions.expires_at'])
      .where('staff_sessions.id_hash', '=', sessionHash)
      .executeTakeFirst();
    if (!row || row.disabled === 1 || row.expires_at <= this.now()) return undefined;
    return { userId: row.id, username: row.username, role: row.role, sessionHash, csrfToken: row.csrf_token, mustChangePassword: row.must_change_password === 1 };
  }

  /**
   * The user's own new password, proven by the current one. Wrong current passwords count
   * like failed logins (a stolen session cannot guess on unthrottled); the user's other
   * sessions end, this one stays and may do everything again.
   */
  async changeOwnPassword(p: StaffPrincipal, input: { current: string; next: string }): Promise<void> {
    const actor: Actor = { type: 'staff', id: p.userId, name: p.username };
    const target = { type: 'staff-user', id: p.userId };
    const gate = await this.accounts.claim(p.username, this.now());
    if (!gate.allowed) throw gate.locked ? accountLocked() : loginThrottled(gate.retryAfterMs);
    const row = await this.db.selectFrom('staff_users').select('password_hash').where('id', '=', p.userId).executeTakeFirstOrThrow();
    if (!(await verifyPassword(input.current, row.password_hash))) {
      await this.audit.record(actor, 'staff.password-change-failed', target, { lockedNow: gate.lockedNow });
      throw new ApiError('current-password-wrong', 400, 'The current password is wrong');
    }
    await this.accounts.clear(p.username);
    if (input.next === input.current) throw new ApiError('password-unchanged', 400, 'The new password must differ from the current one');
    assertStrongPassword(input.next, [p.username]);
    const hash = await hashPassword(input.next);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('staff_users').set({ password_hash: hash, must_change_password: 0, updated_at: this.now() }).where('id', '=', p.userId).execute();
      await trx.deleteFrom('staff_sessions').where('user_id', '=', p.userId).where('id_hash', '!=', p.sessionHash).execute();
      await this.audit.record(actor, 'staff.password-change', target, { wasRequired: p.mustChangePassword }, trx);
    });
  }

  async logout(p: StaffPrincipal): Promise<void> {
    await this.db.deleteFrom('staff_sessions').where('id_hash', '=', p.sessionHash).execute();
    await this.audit.record({ type: 'staff', id: p.userId, name: p.username }, 'staff.logout', { type: 'staff-user', id: p.userId });
  }

  async listUsers(): Promise<StaffUser[]> {
    return this.withLoginState(await this.db.selectFrom('staff_users').selectAll().orderBy('username').execute());
  }

  private async withLoginState(rows: StaffUserRow[]): Promise<StaffUser[]> {
    const state = await this.accounts.status(rows.map((r) => r.username), this.now());
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      role: r.role,
      disabled: r.disabled === 1,
      locked: state.get(r.username)?.locked ?? false,
      failedLogins: state.get(r.username)?.failures ?? 0,
      mustChangePassword: r.must_change_password === 1,
      createdAt: r.created_at,
    }));
  }

  /** `mustChangePassword`: the password is someone else's choice (an admin's, a printed one). */
  async createUser(actor: Actor, input: { username: string; password: string; role: StaffRole }, opts: { mustChangePassword?: boolean } = {}): Promise<StaffUser> {
    assertStrongPassword(input.password, [input.username]);
    const t = this.now();
    const row: StaffUserRow = {
      id: randomUUID(),
      username: input.username,
      password_hash: await hashPassword(input.password),
      role: input.role,
      disabled: 0,
      must_change_password: opts.mustChangePassword ? 1 : 0,
      created_at: t,
      updated_at: t,
    };
    const taken = await this.db.selectFrom('staff_users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw conflict('username-taken', `Username '${input.username}' is taken`);
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('staff_users').values(row).execute();
      // Failures counted while the name did not exist do not carry over to the new account.
      await this.accounts.clear(row.username, trx);
      await this.audit.record(actor, 'staff.create', { type: 'staff-user', id: row.id }, { username: row.username, role: row.role, mustChangePassword: row.must_change_password === 1 }, trx);
    });
    return (await this.withLoginState([row]))[0]!;
  }

  /**
   * `unlock` lifts a hard lock and the failure count; `generatePassword` sets a random one the
   * admin sees once (in the result). Each change is audited with the account's name and, for a
   * role, the one it replaced.
   */
  async updateUser(actor: Actor, id: string, patch: UpdateStaffUserRequest): Promise<UpdatedStaffUser> {
    const row = await this.db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Staff user');
    const generated = patch.generatePassword ? generatePassword() : undefined;
    const password = patch.password ?? generated;
    if (patch.password !== undefined) assertStrongPassword(patch.password, [row.username]);
    if (actor.id === id && (patch.disabled === true || (patch.role !== undefined && patch.role !== 'admin' && row.role === 'admin'))) {
      throw new ApiError('cannot-demote-self', 409, 'An admin cannot disable or demote their own account');
    }
    const set: Partial<StaffUserRow> = { updated_at: this.now() };
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
    // A password an admin sets is theirs, not the user's: it must be changed at the next login.
    if (password !== undefined) Object.assign(set, { password_hash: await hashPassword(password), must_change_password: 1 });
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('staff_users').set(set).where('id', '=', id).execute();
      if (patch.unlock) await this.accounts.clear(row.username, trx);
      // A changed password, role or a disabled account ends the user's sessions.
      if (password !== undefined || patch.disabled || patch.role !== undefined) await trx.deleteFrom('staff_sessions').where('user_id', '=', id).execute();
      const { password: _omit, generatePassword: _generated, ...logged } = patch;
      const previous = patch.role !== undefined ? { previousRole: row.role } : {};
      await this.audit.record(actor, 'staff.update', { type: 'staff-user', id }, { username: row.username, ...logged, ...previous, passwordChanged: password !== undefined, passwordGenerated: generated !== undefined }, trx);
    });
    const updated = await this.db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const [user] = await this.withLoginState([updated]);
    return generated === undefined ? user! : { ...user!, generatedPassword: generated };
  }
}
