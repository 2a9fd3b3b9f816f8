/**
 * Screenshots (migration 0207): a terminal uploads the image answering a staff screenshot
 * command over a signed request; staff list and view it. The image may show a resident's data:
 * only an open screenshot command of the same terminal is answered, once; an unforced capture
 * only of a screen without personal data; PNG or JPEG by the bytes; the latest few for a day;
 * each capture and view in the audit log; read-only roles neither ask nor look.
 */
import { SCREENSHOT_TTL_MS, SCREENSHOTS_KEPT } from '@civic-kiosk/protocol/staff-api';
import { SCREENSHOT_MAX_BYTES, TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import type { ScreenshotUpload } from '@civic-kiosk/protocol/terminal-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import type { StaffClient } from '../support/staff.ts';
import { TestTerminal } from '../support/terminal.ts';

/** A real 1×1 PNG and the start of a JPEG (the type is judged by the first bytes). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);

describe.each(DIALECTS)('terminal screenshots (%s)', (dialect) => {
  let t: TestApp;
  let kiosk: TestTerminal;
  let operator: StaffClient;

  beforeEach(async () => {
    t = await withApp(dialect);
    kiosk = await TestTerminal.add(t);
    operator = await loginStaff(t, 'operator');
  });
  afterEach(async () => {
    await t.close();
  });

  async function ask(args: Record<string, unknown> = {}, terminal = kiosk): Promise<number> {
    const res = await operator.request('POST', `/api/terminals/${terminal.id}/commands`, { command: { kind: 'screenshot', args } });
    expect(res.statusCode).toBe(202);
    const [command] = await t.services.commands.list(terminal.id, 1);
    return command!.id;
  }

  const upload = (commandId: number, overrides: Partial<ScreenshotUpload> = {}, from = kiosk) =>
    from.request('POST', TerminalApiPaths.screenshots, { commandId, capturedAt: t.clock.now() - 500, screen: { mode: 'attract' }, image: PNG.toString('base64'), ...overrides });

  const codeOf = (res: { statusCode: number; json(): { error?: { code: string } } }) => [res.statusCode, res.json().error?.code];

  it('stores the image answering a screenshot command; staff list it and view it, and both the capture and the view are audited', async () => {
    const commandId = await ask();
    const stored = await upload(commandId, { screen: { mode: 'session', service: 'home' } });
    expect(stored.statusCode).toBe(201);
    const { id } = stored.json() as { id: number };

    const list = await operator.request('GET', `/api/terminals/${kiosk.id}/screenshots`);
    expect(list.statusCode).toBe(200);
    expect(list.json().screenshots).toEqual([
      {
        id,
        terminalId: kiosk.id,
        commandId,
        capturedAt: t.clock.now() - 500,
        receivedAt: t.clock.now(),
        expiresAt: t.clock.now() + SCREENSHOT_TTL_MS,
        contentType: 'image/png',
        bytes: PNG.byteLength,
        screen: { mode: 'session', service: 'home' },
        requestedBy: 'staff:operator-user',
        forcedReason: null,
      },
    ]);

    const image = await operator.request('GET', `/api/terminals/${kiosk.id}/screenshots/${id}`);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['cache-control']).toBe('no-store');
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.from(image.rawPayload)).toEqual(PNG);

    const audit = await t.services.audit.query({ targetId: kiosk.id, limit: 10 });
    expect(audit.filter((e) => e.action.startsWith('terminal.screenshot')).map((e) => [e.action, e.actor.type, e.actor.name, (e.details as { screenshotId: number }).screenshotId])).toEqual([
      ['terminal.screenshot.viewed', 'staff', 'operator-user', id],
      ['terminal.screenshot.captured', 'terminal', kiosk.name, id],
    ]);
  });

  it('takes JPEG too, and judges the type by the bytes: text, SVG and GIF are refused', async () => {
    expect((await upload(await ask(), { image: JPEG.toString('base64') })).statusCode).toBe(201);
    expect((await operator.request('GET', `/api/terminals/${kiosk.id}/screenshots`)).json().screenshots[0].contentType).toBe('image/jpeg');
    for (const bytes of ['not an image at all', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'GIF89a\x01\x00\x01\x00']) {
      expect(codeOf(await upload(await ask(), { image: Buffer.from(bytes).toString('base64') }))).toEqual([415, 'screenshot-not-image']);
    }
    expect((await operator.request('GET', `/api/terminals/${kiosk.id}/screenshots`)).json().screenshots).toHaveLength(1);
  });

  it('refuses an upload without a valid signature', async () => {
    const commandId = await ask();
    const body = JSON.stringify({ commandId, capturedAt: t.clock.now(), screen: { mode: 'attract' }, image: PNG.toString('base64') });
    const unsigned = await t.inject({ method: 'POST', url: TerminalApiPaths.screenshots, headers: { 'content-type': 'application/json' }, payload: body });
    expect(codeOf(unsigned)).toEqual([401, 'signature-missing']);
    // Signed over other bytes than those sent: another image slipped in on the way.
    const headers = await kiosk.sign('POST', TerminalApiPaths.screenshots, body);
    const swapped = body.replace(PNG.toString('base64'), JPEG.toString('base64'));
    expect(codeOf(await t.inject({ method: 'POST', url: TerminalApiPaths.screenshots, headers: { ...headers, 'content-type': 'application/json' }, payload: swapped }))).toEqual([401, 'signature-invalid']);
    expect(await t.services.screenshots.list(kiosk.id)).toEqual([]);
  });

  it('answers only an open screenshot command of the same terminal, once', async () => {
    const other = await TestTerminal.add(t);
    const commandId = await ask();
    // Another terminal, properly signed, cannot put an image on this one's command.
    expect(codeOf(await upload(commandId, {}, other))).toEqual([409, 'screenshot-not-requested']);
    expect(codeOf(await upload(commandId + 1000))).toEqual([409, 'screenshot-not-requested']);
    const reload = await operator.request('POST', `/api/terminals/${kiosk.id}/commands`, { command: { kind: 'reload', args: {} } });
    expect(reload.statusCode).toBe(202);
    const [reloadCommand] = await t.services.commands.list(kiosk.id, 1);
    expect(codeOf(await upload(reloadCommand!.id))).toEqual([409, 'screenshot-not-requested']);

    expect((await upload(commandId)).statusCode).toBe(201);
    expect(codeOf(await upload(commandId))).toEqual([409, 'screenshot-not-requested']);

    // Acknowledged or expired: no longer open.
    const acked = await ask();
    expect((await kiosk.ack(acked, 'rejected')).statusCode).toBe(200);
    expect(codeOf(await upload(acked))).toEqual([409, 'screenshot-not-requested']);
    const late = await ask();
    t.clock.advance(t.config.terminals.commandTtlMs + 1);
    expect(codeOf(await upload(late))).toEqual([409, 'screenshot-not-requested']);
    expect(await t.services.screenshots.list(other.id)).toEqual([]);
  });

  it('refuses an over-large body before reading it all', async () => {
    const commandId = await ask();
    const image = Buffer.alloc(SCREENSHOT_MAX_BYTES + 3 * 1024, 0x41);
    PNG.copy(image);
    expect(codeOf(await upload(commandId, { image: image.toString('base64') }))).toEqual([413, 'body-too-large']);
    expect(await t.services.screenshots.list(kiosk.id)).toEqual([]);
  });

  it('stores a capture of a screen in use only when staff forced it, with their reason', async () => {
    const unforced = await ask();
    expect(codeOf(await upload(unforced, { screen: { mode: 'session', service: 'social-security' } }))).toEqual([409, 'screenshot-screen-busy']);
    expect(codeOf(await upload(unforced, { screen: { mode: 'staff' } }))).toEqual([409, 'screenshot-screen-busy']);

    // A force without a reason is refused when asked.
    const noReason = await operator.request('POST', `/api/terminals/${kiosk.id}/commands`, { command: { kind: 'screenshot', args: { force: true } } });
    expect(codeOf(noReason)).toEqual([400, 'validation-failed']);

    const forced = await ask({ force: true, reason: 'Resident reports the payment screen froze' });
    expect((await upload(forced, { screen: { mode: 'session', service: 'bills' } })).statusCode).toBe(201);
    const [shot] = (await operator.request('GET', `/api/terminals/${kiosk.id}/screenshots`)).json().screenshots;
    expect(shot).toMatchObject({ commandId: forced, forcedReason: 'Resident reports the payment screen froze', screen: { mode: 'session', service: 'bills' } });
    const [captured] = await t.services.audit.query({ action: 'terminal.screenshot.captured', limit: 1 });
    expect(captured!.details).toMatchObject({ forcedReason: 'Resident reports the payment screen froze', requestedBy: 'staff:operator-user' });
  });

  it(`keeps a terminal's latest ${SCREENSHOTS_KEPT} for a day: older ones are neither listed nor shown, and retention deletes them`, async () => {
    const other = await TestTerminal.add(t);
    const otherId = (await upload(await ask({}, other), {}, other)).json().id as number;
    const ids: number[] = [];
    for (let i = 0; i < SCREENSHOTS_KEPT + 2; i++) ids.push((await upload(await ask())).json().id as number);
    const listed = (await operator.request('GET', `/api/terminals/${kiosk.id}/screenshots`)).json().screenshots.map((s: { id: number }) => s.id);
    expect(listed).toEqual(ids.slice(-SCREENSHOTS_KEPT).reverse());
    expect((await operator.request('GET', `/api/terminals/${kiosk.id}/screenshots/${ids[0]}`)).statusCode).toBe(404);
    // Another terminal's screenshot is not this one's.
    expect((await operator.request('GET', `/api/terminals/${kiosk.id}/screenshots/${otherId}`)).statusCode).toBe(404);

    t.clock.advance(SCREENSHOT_TTL_MS);
    // A day on, the staff session has ended too.
    operator = await loginStaff(t, 'operator');
    expect((await operator.request('GET', `/api/terminals/${kiosk.id}/screenshots`)).json().screenshots).toEqual([]);
    expect(codeOf(await operator.request('GET', `/api/terminals/${kiosk.id}/screenshots/${ids.at(-1)}`))).toEqual([404, 'not-found']);
    expect((await t.services.retention.prune()).screenshots).toBe(SCREENSHOTS_KEPT + 1);
    expect(await t.services.db.selectFrom('terminal_screenshots').select('id').execute()).toEqual([]);
  });

  it('lets an auditor or a content editor neither send a command nor list or view a screenshot', async () => {
    const id = (await upload(await ask())).json().id as number;
    for (const role of ['auditor', 'content-editor'] as const) {
      const member = await loginStaff(t, role);
      for (const command of [{ kind: 'reload', args: {} }, { kind: 'reboot', args: {} }, { kind: 'maintenance-on', args: {} }, { kind: 'screenshot', args: {} }]) {
        expect([role, command.kind, ...codeOf(await member.request('POST', `/api/terminals/${kiosk.id}/commands`, { command }))]).toEqual([role, command.kind, 403, 'forbidden']);
      }
      expect(codeOf(await member.request('GET', `/api/terminals/${kiosk.id}/screenshots`))).toEqual([403, 'forbidden']);
      expect(codeOf(await member.request('GET', `/api/terminals/${kiosk.id}/screenshots/${id}`))).toEqual([403, 'forbidden']);
      // Reading the terminal's history stays open to every role.
      expect((await member.request('GET', `/api/terminals/${kiosk.id}/commands`)).statusCode).toBe(200);
    }
    expect((await t.services.commands.list(kiosk.id, 10)).map((c) => c.createdBy)).toEqual(['staff:operator-user']);
    expect(await t.services.audit.query({ action: 'terminal.screenshot.viewed', limit: 10 })).toEqual([]);
  });
});
