import type { Generated } from 'kysely';

export interface AuditLogRow {
  id: Generated<number>;
  at: number;
  actor_type: 'staff' | 'terminal' | 'system';
  actor_id: string;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string | null;
  /** JSON. */
  details: string;
}

export interface AuditTables {
  audit_log: AuditLogRow;
}
