export const STAFF_ROLES = ['admin', 'content-editor', 'operator', 'auditor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffUserRow {
  id: string;
  username: string;
  password_hash: string;
  role: StaffRole;
  disabled: number;
  failed_logins: number;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
}

export interface StaffSessionRow {
  /** SHA-256 of the cookie token, so a database leak yields no live session. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface StaffTables {
  staff_users: StaffUserRow;
  staff_sessions: StaffSessionRow;
}
