import { z } from 'zod';
import { AUDIT_EXPORT_MAX, AUDIT_READERS, AuditFilter, AuditPage } from '@civic-kiosk/protocol/staff-users';
import { auditCsv, staffActor } from '../../audit/audit-log.ts';
import { ApiError } from '../../errors.ts';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';

const READERS = { staff: AUDIT_READERS };
const ExportFilter = AuditFilter.omit({ before: true, limit: true });

export const auditRoutes: RouteModule = (s) => [
  defineRoute({
    method: 'GET',
    url: '/api/audit',
    summary: 'Query the audit log, newest first (exact-match filters, a time window, pages by the `before` id)',
    tags: ['audit'],
    auth: READERS,
    query: AuditFilter,
    response: AuditPage,
    async handler({ query }) {
      return { entries: await s.audit.query(query) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/audit/export.csv',
    summary: `The audit log as CSV (same filters, formula-safe cells); export-too-large past ${AUDIT_EXPORT_MAX} rows; the export itself is audited`,
    tags: ['audit'],
    auth: READERS,
    query: ExportFilter,
    response: z.string(),
    raw: true,
    rawContentType: 'text/csv',
    async handler({ query, reply, staff }) {
      // One row past the cap tells a window too wide apart from one that just fits.
      const entries = await s.audit.query({ ...query, limit: AUDIT_EXPORT_MAX + 1 });
      if (entries.length > AUDIT_EXPORT_MAX) throw new ApiError('export-too-large', 400, `More than ${AUDIT_EXPORT_MAX} entries: narrow the filters or the time window`, { max: AUDIT_EXPORT_MAX });
      await s.audit.record(staffActor(staff), 'audit.export', { type: 'audit-log' }, { rows: entries.length, filter: query });
      await reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-log.csv"')
        .header('cache-control', 'no-store')
        .send(auditCsv(entries));
    },
  }),
];
