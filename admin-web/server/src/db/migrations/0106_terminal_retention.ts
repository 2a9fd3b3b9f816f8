import type { Migration } from '../migrator.ts';

/**
 * Indexes for retention: age is judged by the server's receipt time (a terminal's own `at`
 * is its word only), and the count per terminal by arrival order, newest first.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema.createIndex('terminal_events_received').on('terminal_events').column('received_at').execute();
    await db.schema.createIndex('terminal_events_arrival').on('terminal_events').columns(['terminal_id', 'id']).execute();
    await db.schema.createIndex('terminal_heartbeats_received').on('terminal_heartbeats').column('received_at').execute();
  },
};
