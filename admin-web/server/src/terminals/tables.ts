import type { Generated } from 'kysely';

export type TerminalStatus = 'pending' | 'active' | 'revoked';
export type CommandStatus = 'pending' | 'delivered' | 'done' | 'failed' | 'rejected';

export interface TerminalRow {
  id: string;
  name: string;
  location: string;
  group_name: string;
  status: TerminalStatus;
  /** Raw Ed25519 key, base64url; null until enrolled. */
  public_key: string | null;
  created_at: number;
  enrolled_at: number | null;
  revoked_at: number | null;
  last_heartbeat_at: number | null;
  /** The latest heartbeat body, JSON. */
  last_heartbeat: string | null;
  /** `mode/service` of the latest heartbeat's screen, e.g. `session/bills`, `attract/`. */
  screen_key: string | null;
  /** Since when the screen has shown its current key. */
  screen_since: number | null;
}

export interface EnrolmentCodeRow {
  code_hash: string;
  terminal_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface TerminalNonceRow {
  terminal_id: string;
  nonce: string;
  expires_at: number;
}

export interface TerminalHeartbeatRow {
  id: Generated<number>;
  terminal_id: string;
  received_at: number;
  /** JSON. */
  payload: string;
}

export interface TerminalCommandRow {
  id: Generated<number>;
  /** Commands sent together (a broadcast) share a batch; the push hub fans out per batch. */
  batch_id: string;
  terminal_id: string;
  kind: string;
  /** JSON. */
  args: string;
  created_at: number;
  expires_at: number;
  created_by: string;
  status: CommandStatus;
  delivered_at: number | null;
  acked_at: number | null;
  ack_detail: string | null;
}

export interface EmergencyBroadcastRow {
  id: string;
  level: string;
  /** JSON LocalizedText. */
  title: string;
  body: string;
  /** JSON array of groups, or null for every terminal. */
  groups: string | null;
  created_at: number;
  created_by: string;
  ended_at: number | null;
  ended_by: string | null;
}

export type AlertKind = 'down' | 'stuck' | 'device-fault';

export interface AlertRow {
  id: Generated<number>;
  terminal_id: string;
  kind: AlertKind;
  /** De-duplication key: one open alert per terminal and key. */
  key: string;
  opened_at: number;
  resolved_at: number | null;
  /** JSON. */
  details: string;
}

export interface WebhookOutboxRow {
  id: Generated<number>;
  url: string;
  /** JSON body to POST. */
  payload: string;
  attempts: number;
  next_attempt_at: number;
  delivered_at: number | null;
  last_error: string | null;
  created_at: number;
}

/** An operational event a terminal reported (never personal data). */
export interface TerminalEventRow {
  id: Generated<number>;
  terminal_id: string;
  /** Made on the terminal: a batch sent twice is stored once. */
  event_id: string;
  type: string;
  at: number;
  received_at: number;
  /** JSON. */
  detail: string;
}

export interface TerminalTables {
  terminal_events: TerminalEventRow;
  terminals: TerminalRow;
  enrolment_codes: EnrolmentCodeRow;
  terminal_nonces: TerminalNonceRow;
  terminal_heartbeats: TerminalHeartbeatRow;
  terminal_commands: TerminalCommandRow;
  emergency_broadcasts: EmergencyBroadcastRow;
  alerts: AlertRow;
  webhook_outbox: WebhookOutboxRow;
}
