import { z } from 'zod';
import { AccessFilter, AccessPage } from '@civic-kiosk/protocol/staff-users';
import { staffActor } from '../../audit/audit-log.ts';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';
import { accessCsv, type AccessQuery } from '../../personal-data/access-log.ts';
import { renderVerifyPage, VERIFY_PAGE_CSP, type VerifyOutcome } from '../../personal-data/verify-page.ts';

/** The personal-data access log for auditors, and the public statement check page. */
export const personalDataRoutes: RouteModule = (s) => {
  const { log, hasher, statements, verifyLookups } = s.personalData;
  const query = ({ citizenId, ...rest }: z.output<typeof AccessFilter>): AccessQuery => ({ ...rest, ...(citizenId ? { holderHash: hasher.hash(citizenId) } : {}) });
  return [
    defineRoute({
      method: 'POST',
      url: '/api/staff/personal-data-access/query',
      summary: 'Query the personal-data access log, newest first (a citizen ID filter is hashed; POST keeps it out of URLs)',
      tags: ['audit', 'personal-data'],
      auth: { staff: ['auditor'] },
      body: AccessFilter,
      response: AccessPage,
      handler: async ({ body }) => ({ entries: await log.query(query(body)) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/staff/personal-data-access/export',
      summary: 'The personal-data access log as CSV (same filters); the export itself is audited',
      tags: ['audit', 'personal-data'],
      auth: { staff: ['auditor'] },
      body: AccessFilter,
      response: z.string(),
      raw: true,
      rawContentType: 'text/csv',
      async handler({ body, reply, staff }) {
        const rows = await log.query(query(body));
        await s.audit.record(staffActor(staff), 'personal-data-access.export', { type: 'personal-data-access' }, { rows: rows.length, filter: { ...body, citizenId: body.citizenId ? 'hashed' : undefined } });
        await reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="personal-data-access.csv"')
          .header('cache-control', 'no-store')
          .send(accessCsv(rows));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/verify/:code',
      summary: 'Public check of a contribution statement by its verification code (HTML, zh-CN and English, no script; rate-limited per address)',
      tags: ['public', 'personal-data'],
      auth: 'public',
      params: z.object({ code: z.string().max(64) }),
      response: z.string(),
      raw: true,
      rawContentType: 'text/html',
      async handler({ params, request, reply }) {
        let outcome: VerifyOutcome;
        if (!verifyLookups.take(request.ip)) outcome = { kind: 'rate-limited' };
        else {
          const statement = await statements.find(params.code);
          outcome = statement ? { kind: 'genuine', statement } : { kind: 'not-genuine' };
        }
        await reply
          .code(outcome.kind === 'genuine' ? 200 : outcome.kind === 'rate-limited' ? 429 : 404)
          .type('text/html; charset=utf-8')
          .header('content-security-policy', VERIFY_PAGE_CSP)
          .header('x-content-type-options', 'nosniff')
          .header('referrer-policy', 'no-referrer')
          .header('cache-control', 'no-store')
          .send(renderVerifyPage(outcome));
      },
    }),
  ];
};
