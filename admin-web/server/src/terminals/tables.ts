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
  /** The content's service point the terminal stands at (fleet map); null: none given. */
  service_point_id?: string | null;
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
  /** It ends by itself then (the fleet sweep sends emergency-off). */
  expires_at: number;
}

/** One terminal's acknowledgement of showing a broadcast, kept once. */
export interface BroadcastAckRow {
  broadcast_id: string;
  terminal_id: string;
  acked_at: number;
}

/** A group's operating hours (JSON OperatingHours); groups without a row run all the time. */
export interface GroupOperatingHoursRow {
  group_name: string;
  hours: string;
  updated_at: number;
  updated_by: string;
}

/** `holder-limit`: a terminal asked for more distinct people's data in an hour than allowed. */
export type AlertKind = 'down' | 'stuck' | 'device-fault' | 'holder-limit';

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
  acknowledged_at: number | null;
  /** `staff:<username>` of who acknowledged it. */
  acknowledged_by: string | null;
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

/** An image a terminal captured for a screenshot command (migration 0207). */
export interface TerminalScreenshotRow {
  id: Generated<number>;
  terminal_id: string;
  command_id: number;
  /** The terminal's clock. */
  captured_at: number;
  received_at: number;
  content_type: 'image/png' | 'image/jpeg';
  /** JSON HeartbeatScreen as the terminal reported it. */
  screen: string;
  /** Copied from the command: who asked. */
  requested_by: string;
  forced_reason: string | null;
  data: Uint8Array;
}

export interface TerminalTables {
  terminal_events: TerminalEventRow;
  terminals: TerminalRow;
  enrolment_codes: EnrolmentCodeRow;
  terminal_nonces: TerminalNonceRow;
  terminal_heartbeats: TerminalHeartbeatRow;
  terminal_commands: TerminalCommandRow;
  emergency_broadcasts: EmergencyBroadcastRow;
  broadcast_acks: BroadcastAckRow;
  group_operating_hours: GroupOperatingHoursRow;
  alerts: AlertRow;
  webhook_outbox: WebhookOutboxRow;
  terminal_screenshots: TerminalScreenshotRow;
}
