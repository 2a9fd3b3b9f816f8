import type { FunnelReport, PlaysReport, ServiceUseReport, SessionsReport } from '@civic-kiosk/protocol/usage';
import { csvDocument } from '../http/csv.ts';

/**
 * The usage reports as staff CSV downloads (formula-safe cells, see http/csv.ts): one line per
 * report row, with the range and filters in the file name, not in the cells.
 */
export const usageCsv = {
  services: (r: ServiceUseReport) =>
    csvDocument([r.by, 'label', 'service', 'started', 'completed'], r.rows.map((row) => [row.key, row.label, row.service, row.started, row.completed])),
  funnel: (r: FunnelReport) =>
    csvDocument(['step', 'service', 'sessions', 'dropOff', 'dropOffRate'], r.steps.map((s) => [s.step, r.service ?? '', s.sessions, s.dropOff, s.dropOffRate.toFixed(4)])),
  plays: (r: PlaysReport) =>
    r.by === 'item'
      ? csvDocument(['item', 'plays', 'seconds', 'terminals'], r.rows.map((row) => [row.item, row.plays, row.seconds, row.terminals]))
      : csvDocument(['item', r.by, 'label', 'plays', 'seconds', 'terminals'], r.rows.map((row) => [row.item, row.key, row.label, row.plays, row.seconds, row.terminals])),
  /** Long form, so days, languages and screens fit one table: `measure, key, count`. */
  sessions: (r: SessionsReport) =>
    csvDocument(['measure', 'key', 'count'], [
      ...r.days.flatMap((d) => [['sessions', d.day, d.sessions] as const, ['elderlySessions', d.day, d.elderlySessions] as const]),
      ...r.languages.map((l) => ['language', l.lang, l.sessions] as const),
      ...r.screens.map((s) => ['screen', s.screen, s.shown] as const),
    ]),
};
