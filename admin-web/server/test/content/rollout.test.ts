/**
 * The content studio's server side: the content in force (what drafts are compared with) and
 * the rollout, which tells per terminal the release it runs and why it is behind.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContentInForce, Rollout } from '@civic-kiosk/protocol/content-studio';
import { TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import { DIALECTS, withApp, type TestApp } from '../support/app.ts';
import { loginStaff, type StaffClient } from '../support/staff.ts';
import { TestTerminal } from '../support/terminal.ts';

const HOUR = 3600_000;

describe.each(DIALECTS)('content rollout (%s)', (dialect) => {
  let t: TestApp;
  let editor: StaffClient;
  beforeEach(async () => {
    t = await withApp(dialect, { config: { terminals: { heartbeatIntervalMs: 10_000 } } });
    editor = await loginStaff(t, 'content-editor');
  });
  afterEach(async () => t.close());

  const rollout = async (who: StaffClient = editor) => {
    const res = await who.request('GET', '/api/staff/content/rollout');
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Rollout;
  };
  const publish = async (body: object) => {
    const res = await editor.request('POST', '/api/staff/content/releases', body);
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { releaseId: string }).releaseId;
  };

  it('tells who runs the release in force and why the others are behind', async () => {
    const enrolled: TestTerminal[] = [];
    for (const name of ['current', 'serving', 'refusing', 'silent', 'other']) enrolled.push(await TestTerminal.enrol(t, { name, group: name === 'other' ? 'minhang' : 'xuhui' }));
    const [current, serving, refusing, silent, other] = enrolled;
    const first = await publish({ targets: ['xuhui'] });
    for (const k of [current!, serving!, refusing!, silent!, other!]) await k.heartbeat({ contentVersion: first });
    t.clock.advance(1000);
    const second = await publish({ targets: ['xuhui'] });
    const scheduled = await publish({ targets: ['xuhui'], notBefore: new Date(t.clock.now() + HOUR).toISOString() });
    t.clock.advance(1000);
    await current!.heartbeat({ contentVersion: second });
    await serving!.heartbeat({ contentVersion: first, screen: { mode: 'session', service: 'bills' } });
    await refusing!.heartbeat({ contentVersion: first });
    const refused = await refusing!.request('POST', TerminalApiPaths.events, { events: [{ id: 'e1', type: 'content-rejected', at: t.clock.now(), detail: { code: 'signature-invalid' } }] });
    expect(refused.statusCode).toBeLessThan(300);
    const defaultRelease = (await rollout()).groups.find((g) => g.group === 'minhang')!.current!.releaseId;
    await other!.heartbeat({ contentVersion: defaultRelease });

    const r = await rollout();
    const row = (name: string) => r.terminals.find((x) => x.name === name)!;
    expect(row('current')).toMatchObject({ reported: second, expected: second, behind: null });
    expect(row('serving')).toMatchObject({ reported: first, expected: second, behind: 'busy' });
    expect(row('refusing')).toMatchObject({ behind: 'rejected', rejection: 'signature-invalid' });
    expect(row('silent')).toMatchObject({ reported: first, behind: 'not-reported' });
    // minhang runs the default content (published to all): the xuhui releases are not for it.
    expect(row('other')).toMatchObject({ expected: defaultRelease, behind: null });
    expect(r.terminals.map((x) => x.behind !== null)).toEqual([true, true, true, false, false]);
    expect(r.groups.find((g) => g.group === 'xuhui')).toMatchObject({ current: { releaseId: second }, upcoming: { releaseId: scheduled }, terminals: 4, upToDate: 1 });

    // Three heartbeat intervals of silence: offline.
    t.clock.advance(31_000);
    expect((await rollout()).terminals.find((x) => x.name === 'silent')!.behind).toBe('offline');
    // At its time the scheduled release is the one in force.
    t.clock.advance(HOUR);
    const later = await rollout();
    expect(later.groups.find((g) => g.group === 'xuhui')).toMatchObject({ current: { releaseId: scheduled }, upcoming: null, upToDate: 0 });
    // An auditor reads the rollout; only editors publish.
    const auditor = await loginStaff(t, 'auditor');
    expect((await rollout(auditor)).total).toBe(5);
    expect((await auditor.request('POST', '/api/staff/content/releases', { targets: ['xuhui'] })).statusCode).toBe(403);
  });

  it('gives the content of the newest due release to compare drafts with', async () => {
    const before = (await editor.request('GET', '/api/staff/content/in-force')).json() as ContentInForce;
    expect(before.releaseId).not.toBeNull();
    const hotlines = before.content.hotlines as { hotlines: { id: string }[] };
    expect(hotlines.hotlines.length).toBeGreaterThan(0);
    const edited = { hotlines: [...hotlines.hotlines, { id: 'test-line', name: { 'zh-CN': '测试热线', en: 'Test line' }, number: '12345', hours: { 'zh-CN': '全天', en: 'All day' }, category: 'government' }] };
    expect((await editor.request('PUT', '/api/staff/content/drafts/hotlines', edited)).statusCode).toBe(200);
    // A scheduled release is not in force before its time.
    await publish({ targets: ['all'], notBefore: new Date(t.clock.now() + HOUR).toISOString() });
    const still = (await editor.request('GET', '/api/staff/content/in-force')).json() as ContentInForce;
    expect(still.releaseId).toBe(before.releaseId);
    const released = await publish({ targets: ['all'] });
    const after = (await editor.request('GET', '/api/staff/content/in-force')).json() as ContentInForce;
    expect(after.releaseId).toBe(released);
    expect((after.content.hotlines as { hotlines: { id: string }[] }).hotlines.map((h) => h.id)).toContain('test-line');
  });
});
