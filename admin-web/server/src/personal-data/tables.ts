import type { Generated } from 'kysely';
import type { HolderAssurance, HolderProofKind } from '@civic-kiosk/protocol/gateway';

export interface HolderChallengeRow {
  /** SHA-256 of the challenge id the terminal was given. */
  id_hash: string;
  terminal_id: string;
  kind: HolderProofKind;
  /** Hex. */
  challenge: string;
  created_at: number;
  expires_at: number;
  /** Set when a session open consumed it (single use). */
  used_at: number | null;
}

export interface HolderSessionRow {
  /** SHA-256 of the token, so a database leak yields no live session. */
  token_hash: string;
  terminal_id: string;
  /** Kept only while the session may be used; the access log holds the keyed hash alone. */
  citizen_id: string;
  holder_hash: string;
  assurance: HolderAssurance;
  /** The card the session was opened with (card assurances), for the card-in-hand services. */
  card_number: string | null;
  name_masked: string;
  created_at: number;
  last_used_at: number;
  expires_at: number;
  ended_at: number | null;
}

export interface PersonalDataAccessRow {
  id: Generated<number>;
  at: number;
  terminal_id: string;
  /** A HolderService, or `holder-session` for opening one. */
  service: string;
  /** HMAC-SHA256 of the citizen ID under the server's holder-hash key; null when no holder was established. */
  holder_hash: string | null;
  assurance: HolderAssurance | null;
  /** `ok` or the error code the terminal got. */
  result: string;
}

export interface ContributionStatementRow {
  /** The verification code, canonical form. */
  code: string;
  terminal_id: string;
  idempotency_key: string;
  holder_hash: string;
  holder_name_masked: string;
  holder_id_masked: string;
  period_from: string;
  period_to: string;
  /** JSON: ContributionTotal[]. */
  totals: string;
  issued_at: number;
}

export interface ServerSecretRow {
  name: string;
  /** Hex. */
  value: string;
}

export interface PersonalDataTables {
  holder_challenges: HolderChallengeRow;
  holder_sessions: HolderSessionRow;
  personal_data_access: PersonalDataAccessRow;
  contribution_statements: ContributionStatementRow;
  server_secrets: ServerSecretRow;
}
