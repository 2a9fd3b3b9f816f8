export { STAFF_ROLES } from '@civic-kiosk/protocol/staff-api';
import type { StaffRole } from '@civic-kiosk/protocol/staff-api';
export type { StaffRole };

export interface StaffUserRow {
  id: string;
  username: string;
  password_hash: string;
  role: StaffRole;
  disabled: number;
  /** 1: the password was set by someone else (first start, an admin); every route but changing it waits. */
  must_change_password: number;
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

/**
 * Failed logins per submitted username, known or not (an unknown name is throttled and locked
 * alike, so the answers do not tell which names exist). Shared by every instance.
 */
export interface StaffLoginFailuresRow {
  username: string;
  /** Failures in a row; a success deletes the row. */
  failures: number;
  /** No password is checked for this name before this time. */
  next_attempt_at: number;
  /** 1: hard-locked until a known device logs in or an admin unlocks; time does not lift it. */
  locked: number;
  /** The last counted attempt; failures older than the configured memory are forgotten. */
  updated_at: number;
}

/** A browser a staff member logged in from: its cookie lets them past the throttle. */
export interface StaffDeviceRow {
  /** SHA-256 of the cookie token. */
  id_hash: string;
  user_id: string;
  /** Wrong passwords sent with this cookie since its last success. */
  failures: number;
  created_at: number;
  last_login_at: number;
}

export interface StaffTables {
  staff_users: StaffUserRow;
  staff_sessions: StaffSessionRow;
  staff_login_failures: StaffLoginFailuresRow;
  staff_devices: StaffDeviceRow;
}
