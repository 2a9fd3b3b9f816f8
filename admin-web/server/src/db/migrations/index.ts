import type { Migration } from '../migrator.ts';
import { migration as m0100 } from './0100_staff.ts';
import { migration as m0101 } from './0101_audit.ts';
import { migration as m0102 } from './0102_terminals.ts';
import { migration as m0103 } from './0103_terminal_events.ts';
import { migration as m0104 } from './0104_terminal_nonces_by_time.ts';
import { migration as m0200 } from './0200_content.ts';
import { migration as m0201 } from './0201_transactions.ts';
import { migration as m0202 } from './0202_content_file_chunks.ts';

/** Every migration, by name. Names sort in the order they run; one line per file. */
export const migrations: [string, Migration][] = [
  ['0100_staff', m0100],
  ['0101_audit', m0101],
  ['0102_terminals', m0102],
  ['0103_terminal_events', m0103],
  ['0104_terminal_nonces_by_time', m0104],
  ['0200_content', m0200],
  ['0201_transactions', m0201],
  ['0202_content_file_chunks', m0202],
];
