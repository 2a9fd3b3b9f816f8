import type { Migration } from '../migrator.ts';
import { migration as m0100 } from './0100_staff.ts';
import { migration as m0101 } from './0101_audit.ts';
import { migration as m0102 } from './0102_terminals.ts';
import { migration as m0103 } from './0103_terminal_events.ts';
import { migration as m0104 } from './0104_terminal_nonces_by_time.ts';
import { migration as m0105 } from './0105_staff_login_throttle.ts';
import { migration as m0106 } from './0106_terminal_retention.ts';
import { migration as m0200 } from './0200_content.ts';
import { migration as m0201 } from './0201_transactions.ts';
import { migration as m0202 } from './0202_content_file_chunks.ts';
import { migration as m0203 } from './0203_content_uploads.ts';
import { migration as m0204 } from './0204_personal_data.ts';
import { migration as m0205 } from './0205_payment_edges.ts';
import { migration as m0206 } from './0206_console_access.ts';
import { migration as m0207 } from './0207_terminal_screenshots.ts';
import { migration as m0208 } from './0208_alert_hours_and_acks.ts';
import { migration as m0209 } from './0209_usage.ts';
import { migration as m0211 } from './0211_payment_reversals.ts';
import { migration as m0212 } from './0212_audit_filters.ts';

/** Every migration, by name. Names sort in the order they run; one line per file. */
export const migrations: [string, Migration][] = [
  ['0100_staff', m0100],
  ['0101_audit', m0101],
  ['0102_terminals', m0102],
  ['0103_terminal_events', m0103],
  ['0104_terminal_nonces_by_time', m0104],
  ['0105_staff_login_throttle', m0105],
  ['0106_terminal_retention', m0106],
  ['0200_content', m0200],
  ['0201_transactions', m0201],
  ['0202_content_file_chunks', m0202],
  ['0203_content_uploads', m0203],
  ['0204_personal_data', m0204],
  ['0205_payment_edges', m0205],
  ['0206_console_access', m0206],
  ['0207_terminal_screenshots', m0207],
  ['0208_alert_hours_and_acks', m0208],
  ['0209_usage', m0209],
  ['0211_payment_reversals', m0211],
  ['0212_audit_filters', m0212],
];
