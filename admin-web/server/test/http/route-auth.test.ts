import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import { newNonce } from '@civic-kiosk/protocol/terminal-signing';
import type { AnyRoute } from '../../src/http/route.ts';
import { isStaffAuth } from '../../src/http/route.ts';
import { STAFF_ROLES } from '../../src/staff/tables.ts';
import type { StaffRole } from '../../src/staff/tables.ts';
import { DIALECTS } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import type { StaffClient } from '../support/staff.ts';
import { appWithTerminal, sampleHeartbeat, type TestTerminal } from '../support/terminal.ts';

/**
 * Routes anyone may call. Adding one here is a security decision: say why beside it.
 */
const PUBLIC_ROUTES = new Set([
  'GET /healthz', // load balancer probe
  'GET /api/openapi.json', // the API description holds no data
  'POST /api/staff/login', // how a session starts
  `POST ${TerminalApiPaths.enrol}`, // guarded by the one-time enrolment code
  'GET /api/content/keys', // public keys that verify content signatures
  'GET /api/content/files/:sha256', // content-addressed, signed public content
  'GET /', // the admin console page: a public file, no data (the data comes from staff routes)
  'GET /login', // the same page at a client path
  'GET /fleet', // the same page at a client path
  'GET /fleet/:terminalId', // the same page at a terminal's detail address (the id only picks what the staff API is asked)
  'GET /alerts', // the same page at a client path
  'GET /broadcasts', // the same page at a client path
  'GET /content', // the same page at each area's client path
  'GET /money',
  'GET /usage',
  'GET /users',
  'GET /audit',
  'GET /assets/:file', // the console's script and style files
  'GET /verify/:code', // statement check for whoever holds the paper: unguessable code, masked data, rate-limited
  'GET /kiosk-preview', // the kiosk UI built for the content studio's preview: a public file, no data (drafts come by postMessage)
  'GET /kiosk-preview/assets/:file', // its script and style files
  'GET /kiosk-preview/content/files/:sha256', // images and video by hash, the same stored files as /api/content/files
]);

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const concrete = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '1');

describe.each(DIALECTS)('every route refuses callers it is not for (%s)', (dialect) => {
  let t: TestApp;
  let routes: readonly AnyRoute[];
  const staff = new Map<StaffRole, StaffClient>();
  let kiosk: TestTerminal;

  beforeAll(async () => {
    ({ t, kiosk } = await appWithTerminal(dialect, { enrol: true }));
    routes = t.services.routes();
    for (const role of STAFF_ROLES) staff.set(role, await loginStaff(t, role));
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves no route that bypasses the route helper', () => {
    const declared = new Set(routes.map(key));
    const served = t.services.servedRoutes().map(key);
    expect(served.filter((r) => !declared.has(r))).toEqual([]);
    expect(served.length).toBe(declared.size);
  });

  it('has exactly the allowed public routes', () => {
    expect(routes.filter((r) => r.auth === 'public').map(key).sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('refuses staff routes without a session, in a wrong role, and (when changing state) without the CSRF token', async () => {
    const failures: string[] = [];
    for (const r of routes.filter((x) => isStaffAuth(x.auth))) {
      const allowed = isStaffAuth(r.auth) ? r.auth.staff : [];
      const url = concrete(r.url);
      const anon = await t.inject({ method: r.method, url, payload: r.method === 'GET' ? undefined : {} });
      if (anon.statusCode !== 401 || anon.json().error.code !== 'unauthenticated') failures.push(`${key(r)} anonymous: ${anon.statusCode} ${anon.body}`);
      for (const role of STAFF_ROLES.filter((x) => !allowed.includes(x))) {
        const res = await staff.get(role)!.request(r.method, url, r.method === 'GET' ? undefined : {});
        if (res.statusCode !== 403 || res.json().error.code !== 'forbidden') failures.push(`${key(r)} as ${role}: ${res.statusCode} ${res.body}`);
      }
      if (r.method !== 'GET') {
        const member = staff.get(allowed[0]!)!;
        const res = await t.inject({ method: r.method, url, headers: { cookie: member.cookie }, payload: {} });
        if (res.statusCode !== 403 || res.json().error.code !== 'csrf-token-invalid') failures.push(`${key(r)} without CSRF: ${res.statusCode} ${res.body}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses terminal routes unsigned, with a bad signature, and replayed', async () => {
    const terminalRoutes = routes.filter((x) => x.auth === 'terminal');
    expect(terminalRoutes.length).toBeGreaterThan(0);
    const failures: string[] = [];
    const expectCode = (r: AnyRoute, what: string, res: { statusCode: number; body: string; json(): { error?: { code: string } } }, code: string) => {
      if (res.statusCode !== 401 || res.json().error?.code !== code) failures.push(`${key(r)} ${what}: ${res.statusCode} ${res.body}`);
    };
    for (const r of terminalRoutes) {
      const url = concrete(r.url);
      const body = r.method === 'GET' ? '' : '{}';
      const headers = (h: Record<string, string>) => ({ ...h, ...(body ? { 'content-type': 'application/json' } : {}) });
      expectCode(r, 'unsigned', await t.inject({ method: r.method, url, headers: headers({}), ...(body ? { payload: body } : {}) }), 'signature-missing');
      const forOtherPath = await kiosk.sign(r.method, `${url}/other`, body);
      expectCode(r, 'bad signature', await t.inject({ method: r.method, url, headers: headers(forOtherPath), ...(body ? { payload: body } : {}) }), 'signature-invalid');
      // A nonce already spent on another request is refused even with a valid signature.
      const nonce = newNonce();
      expect((await kiosk.request('POST', TerminalApiPaths.heartbeat, sampleHeartbeat(), { nonce })).statusCode).toBe(200);
      const replay = await kiosk.sign(r.method, url, body, { nonce });
      expectCode(r, 'replayed', await t.inject({ method: r.method, url, headers: headers(replay), ...(body ? { payload: body } : {}) }), 'nonce-replayed');
    }
    expect(failures).toEqual([]);
  });
});
