import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GATEWAY_PATHS, type ContributionStatement } from '@civic-kiosk/protocol/gateway';
import { statementCodeFromRandom } from '@civic-kiosk/protocol/statement-code';
import { accessCsv } from '../../src/personal-data/access-log.ts';
import { DIALECTS, type TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import { CARDS, presentCard, presentDocument, sessionOf } from '../gateway/holder-proof.ts';
import { appWithTerminal, type TestTerminal } from '../support/terminal.ts';

describe.each(DIALECTS)('contribution statements and the access log (%s)', (dialect) => {
  let t: TestApp;
  let kiosk: TestTerminal;
  beforeEach(async () => {
    ({ t, kiosk } = await appWithTerminal(dialect, { config: { publicUrl: 'https://kiosk.example.org', holders: { verifyLookupsPerMinute: 5 } } }));
  });
  afterEach(async () => t.close());

  const verify = (code: string, remoteAddress = '203.0.113.7') => t.inject({ method: 'GET', url: `/verify/${code}`, remoteAddress });

  it('issues a statement once per key, and anyone can check it at /verify/<code>', async () => {
    const zhang = await sessionOf(presentCard(kiosk, CARDS.zhangV3));
    const body = { holderSession: zhang, idempotencyKey: 'statement-000000000001', from: '2024-07', to: '2025-06' };
    const res = await kiosk.request('POST', GATEWAY_PATHS.contributionStatement, body);
    expect(res.statusCode).toBe(200);
    const statement = res.json() as ContributionStatement;
    expect(statement).toMatchObject({ holderNameMasked: '张*明', holderIdMasked: '3101**********2019', from: '2024-07', to: '2025-06' });
    expect(statement.code).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    expect(statement.verifyUrl).toBe(`https://kiosk.example.org/verify/${statement.code}`);
    const pension = statement.totals.find((x) => x.insuranceType === 'pension')!;
    expect(pension.months).toBe(12);
    expect((await kiosk.request('POST', GATEWAY_PATHS.contributionStatement, body)).json()).toEqual(statement);
    const conflict = await kiosk.request('POST', GATEWAY_PATHS.contributionStatement, { ...body, from: '2025-01' });
    expect([conflict.statusCode, conflict.json().error.code]).toEqual([409, 'idempotency-conflict']);

    const page = await verify(statement.code.toLowerCase().replaceAll('-', ''));
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('证明真实有效');
    expect(page.body).toContain('This statement is genuine');
    for (const shown of ['张*明', '3101**********2019', '2024-07', '2025-06', (pension.personalFen / 100).toFixed(2)]) expect(page.body).toContain(shown);
    expect(page.body).not.toContain('310104198503122019');
  });

  it('shows "not genuine" for a well-formed code it never issued and for garbage, with a CSP that allows no script', async () => {
    const forged = statementCodeFromRandom(new Uint8Array(15).fill(7));
    for (const code of [forged, 'not-a-code', '<script>alert(1)</script>']) {
      const page = await verify(encodeURIComponent(code));
      expect(page.statusCode).toBe(404);
      expect(page.body).toContain('Not genuine');
      expect(page.body).not.toContain('<script');
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toMatch(/script-src|unsafe-inline/);
      expect(page.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('rate-limits lookups per address', async () => {
    const code = statementCodeFromRandom(new Uint8Array(15));
    for (let i = 0; i < 5; i++) expect((await verify(code)).statusCode).toBe(404);
    expect((await verify(code)).statusCode).toBe(429);
    expect((await verify(code, '198.51.100.9')).statusCode).toBe(404);
    t.clock.advance(60_000);
    expect((await verify(code)).statusCode).toBe(404);
  });

  it('lets auditors, and only auditors, query and export the access log, filtered by citizen ID', async () => {
    const zhang = await sessionOf(presentCard(kiosk, CARDS.zhangV2, 'none'));
    await kiosk.request('POST', GATEWAY_PATHS.medicalAccount, { holderSession: zhang });
    await sessionOf(presentDocument(kiosk, CARDS.liV3.citizenId));
    const auditor = await loginStaff(t, 'auditor');
    const q = await auditor.request('POST', '/api/staff/personal-data-access/query', { citizenId: CARDS.zhangV2.citizenId });
    expect(q.statusCode).toBe(200);
    const entries = (q.json() as { entries: { service: string; assurance: string; result: string; holderHash: string }[] }).entries;
    expect(entries.map((e) => [e.service, e.assurance, e.result])).toEqual([
      ['medical-account', 'pin-only', 'ok'],
      ['holder-session', 'pin-only', 'ok'],
    ]);
    const csv = await auditor.request('POST', '/api/staff/personal-data-access/export', { terminalId: kiosk.id });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,at,terminalId,service,holderHash,assurance,result');
    expect(lines).toHaveLength(4);
    expect(csv.body).not.toContain(CARDS.zhangV2.citizenId);
    const exported = await t.services.db.selectFrom('audit_log').select('action').where('action', '=', 'personal-data-access.export').execute();
    expect(exported).toHaveLength(1);
    for (const role of ['admin', 'operator', 'content-editor'] as const) {
      const staff = await loginStaff(t, role);
      expect((await staff.request('POST', '/api/staff/personal-data-access/query', {})).statusCode).toBe(403);
      expect((await staff.request('POST', '/api/staff/personal-data-access/export', {})).statusCode).toBe(403);
    }
  });
});

describe('access log CSV', () => {
  it('writes one formula-safe row per access', () => {
    const csv = accessCsv([{ id: 1, at: 0, terminalId: '=HYPERLINK("x")', service: 'mailbox', holderHash: null, assurance: null, result: 'ok' }]);
    expect(csv).toBe('\uFEFFid,at,terminalId,service,holderHash,assurance,result\r\n1,1970-01-01T00:00:00.000Z,"\'=HYPERLINK(""x"")",mailbox,,,ok\r\n');
  });
});
