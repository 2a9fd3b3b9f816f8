import type { Migration } from '../migrator.ts';

/** The audit view filters by who acted and by action: indexes so a long log stays quick to filter. */
export const migration: Migration = {
  async up(db) {
    await db.schema.createIndex('audit_log_actor_name').on('audit_log').columns(['actor_name', 'id']).execute();
    await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'id']).execute();
  },
};
