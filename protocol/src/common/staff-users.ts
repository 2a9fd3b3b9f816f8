/**
 * Staff accounts and the logs auditors read: the admin's user management, the audit log and the
 * personal-data access log. The district server validates with these schemas and the admin
 * console is typed from them.
 */
import { z } from 'zod';
import { CitizenId, HolderAssurance } from './gateway.ts';
import { StaffRole } from './staff-api.ts';

/**
 * What a new or changed staff password must meet: a length, and a zxcvbn score (0-4) that
 * rejects common passwords, repeats, sequences, keyboard rows, dates and the user's own names.
 * Score 4 means an estimated 10^10 guesses or more; 3 lets "zhangwei1985" through.
 */
export const PASSWORD_POLICY = { minLength: 12, minScore: 4 } as const;

export const StaffUsername = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'lower-case letters, digits, dot, dash, underscore');
const Password = z.string().min(1).max(256);

export const StaffUserView = z.object({
  id: z.string(),
  username: z.string(),
  role: StaffRole,
  disabled: z.boolean(),
  /** Hard-locked after repeated failed logins (a known device or an admin unlock clears it). */
  locked: z.boolean(),
  /** Failed logins in a row. */
  failedLogins: z.number(),
  /** The password was set by someone else; the user must choose their own at the next login. */
  mustChangePassword: z.boolean(),
  createdAt: z.number(),
});
export type StaffUserView = z.infer<typeof StaffUserView>;
export const StaffUserList = z.object({ users: z.array(StaffUserView) });

/** `POST /api/staff/users`: the admin's password is temporary (the user replaces it at the first login). */
export const CreateStaffUserRequest = z.object({ username: StaffUsername, password: Password, role: StaffRole });
export type CreateStaffUserRequest = z.infer<typeof CreateStaffUserRequest>;

/**
 * `PATCH /api/staff/users/:id`: any of a role, disabled, a password the admin typed or one the
 * server generates (`generatePassword`, returned once), and `unlock` (lifts a hard lock).
 */
export const UpdateStaffUserRequest = z
  .object({ role: StaffRole.optional(), disabled: z.boolean().optional(), password: Password.optional(), generatePassword: z.literal(true).optional(), unlock: z.boolean().optional() })
  .refine((p) => !(p.password !== undefined && p.generatePassword), { message: 'either a password or generatePassword, not both', path: ['generatePassword'] });
export type UpdateStaffUserRequest = z.infer<typeof UpdateStaffUserRequest>;

/** The updated user; `generatedPassword` is shown to the admin this once and stored only as a hash. */
export const UpdatedStaffUser = StaffUserView.extend({ generatedPassword: z.string().optional() });
export type UpdatedStaffUser = z.infer<typeof UpdatedStaffUser>;

// ---- the audit log ----------------------------------------------------------------------

/** Roles that read and export the audit log (the personal-data access log is the auditor's alone). */
export const AUDIT_READERS = ['auditor', 'admin'] as const satisfies readonly StaffRole[];

export const AUDIT_PAGE_MAX = 500;

/** Audit log filters (exact matches, `at` window from inclusive to exclusive, `before` an id cursor). */
export const AuditFilter = z.object({
  /** The actor's name as recorded (a staff username, a terminal's name, `system`). */
  actorName: z.string().max(128).optional(),
  actorId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  targetType: z.string().max(64).optional(),
  targetId: z.string().max(128).optional(),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  before: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(100),
});
export type AuditFilter = z.input<typeof AuditFilter>;

export const AuditEntry = z.object({
  id: z.number(),
  at: z.number(),
  actor: z.object({ type: z.enum(['staff', 'terminal', 'system']), id: z.string(), name: z.string() }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable() }),
  details: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditPage = z.object({ entries: z.array(AuditEntry) });

/** Rows an audit CSV export holds at most (a wider window is refused as too large, never cut silently). */
export const AUDIT_EXPORT_MAX = 100_000;

// ---- the personal-data access log (auditors only) ---------------------------------------

export const AccessFilter = z.strictObject({
  terminalId: z.string().max(64).optional(),
  service: z.string().max(32).optional(),
  /** Hashed with the server's key before the query; never stored or logged in the clear. */
  citizenId: CitizenId.optional(),
  result: z.string().max(64).optional(),
  from: z.number().int().optional(),
  to: z.number().int().optional(),
  before: z.number().int().optional(),
  limit: z.number().int().min(1).max(5000).default(500),
});
export type AccessFilter = z.input<typeof AccessFilter>;

export const AccessEntry = z.object({
  id: z.number(),
  at: z.number(),
  terminalId: z.string(),
  service: z.string(),
  holderHash: z.string().nullable(),
  assurance: HolderAssurance.nullable(),
  result: z.string(),
});
export type AccessEntry = z.infer<typeof AccessEntry>;
export const AccessPage = z.object({ entries: z.array(AccessEntry) });
