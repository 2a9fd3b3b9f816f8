/**
 * Screenshots terminals capture for staff. A screenshot may show a resident's data, so: an
 * image is stored only as the answer to an open screenshot command of the terminal that sends
 * it (one per command), of an idle screen unless staff forced it with a reason; the type is
 * judged by the bytes; only a terminal's latest SCREENSHOTS_KEPT are kept, none past
 * SCREENSHOT_TTL_MS; each capture and each view of an image goes to the audit log.
 */
import type { Kysely } from 'kysely';
import { SCREENSHOT_TTL_MS, SCREENSHOTS_KEPT } from '@civic-kiosk/protocol/staff-api';
import type { ScreenshotView } from '@civic-kiosk/protocol/staff-api';
import { HeartbeatScreen, ScreenshotArgs, screenShowsNoPersonalData } from '@civic-kiosk/protocol/terminal-api';
import type { ScreenshotUpload } from '@civic-kiosk/protocol/terminal-api';
import type { Actor, AuditLog } from '../audit/audit-log.ts';
import { sniffMediaType } from '../content/media-sniff.ts';
import type { Database } from '../db/schema.ts';
import { ApiError, conflict, notFound } from '../errors.ts';
import type { TerminalScreenshotRow } from '../terminals/tables.ts';
import { oldestKept } from './retention.ts';

type Row = Omit<TerminalScreenshotRow, 'id' | 'data'> & { id: number | string; bytes: number | string };

const META = ['id', 'terminal_id', 'command_id', 'captured_at', 'received_at', 'content_type', 'screen', 'requested_by', 'forced_reason'] as const;

const toView = (r: Row): ScreenshotView => ({
  id: Number(r.id),
  terminalId: r.terminal_id,
  commandId: Number(r.command_id),
  capturedAt: Number(r.captured_at),
  receivedAt: Number(r.received_at),
  expiresAt: Number(r.received_at) + SCREENSHOT_TTL_MS,
  contentType: r.content_type,
  bytes: Number(r.bytes),
  screen: HeartbeatScreen.parse(JSON.parse(r.screen)),
  requestedBy: r.requested_by,
  forcedReason: r.forced_reason,
});

export class TerminalScreenshots {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {}

  /** Stores the image answering a screenshot command of this terminal. */
  async store(terminal: Actor, upload: ScreenshotUpload): Promise<{ id: number }> {
    const bytes = Buffer.from(upload.image, 'base64');
    const type = sniffMediaType(bytes);
    if (type !== 'image/png' && type !== 'image/jpeg') throw new ApiError('screenshot-not-image', 415, 'The screenshot is neither a PNG nor a JPEG image');
    return this.db.transaction().execute(async (trx) => {
      const command = await trx
        .selectFrom('terminal_commands')
        .select(['kind', 'args', 'status', 'expires_at', 'created_by'])
        .where('id', '=', upload.commandId)
        .where('terminal_id', '=', terminal.id)
        .executeTakeFirst();
      const open = command && command.kind === 'screenshot' && (command.status === 'pending' || command.status === 'delivered') && command.expires_at > this.now();
      const taken = await trx.selectFrom('terminal_screenshots').select('id').where('command_id', '=', upload.commandId).executeTakeFirst();
      if (!command || !open || taken) throw conflict('screenshot-not-requested', 'No open screenshot command of this terminal has that id');
      // The stored command says whether staff forced it, not the terminal.
      const args = ScreenshotArgs.parse(JSON.parse(command.args));
      const forcedReason = args.force ? (args.reason ?? null) : null;
      if (forcedReason === null && !screenShowsNoPersonalData(upload.screen)) throw conflict('screenshot-screen-busy', 'The screen is in use; staff did not force this capture');
      const receivedAt = this.now();
      const inserted = await trx
        .insertInto('terminal_screenshots')
        .values({
          terminal_id: terminal.id,
          command_id: upload.commandId,
          captured_at: upload.capturedAt,
          received_at: receivedAt,
          content_type: type,
          screen: JSON.stringify(upload.screen),
          requested_by: command.created_by,
          forced_reason: forcedReason,
          data: bytes,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(inserted.id);
      // The latest few only: older images of this terminal go now, not at the next retention run.
      const keep = await oldestKept(trx, 'terminal_screenshots', terminal.id, SCREENSHOTS_KEPT);
      if (keep !== undefined) await trx.deleteFrom('terminal_screenshots').where('terminal_id', '=', terminal.id).where('id', '<', keep).execute();
      await this.audit.record(terminal, 'terminal.screenshot.captured', { type: 'terminal', id: terminal.id }, { screenshotId: id, commandId: upload.commandId, bytes: bytes.byteLength, screen: upload.screen, requestedBy: command.created_by, forcedReason }, trx);
      return { id };
    });
  }

  /** A terminal's unexpired screenshots, newest first, without their bytes. */
  async list(terminalId: string): Promise<ScreenshotView[]> {
    const rows = await this.db
      .selectFrom('terminal_screenshots')
      .select((eb) => [...META, eb.fn<number>('length', ['data']).as('bytes')])
      .where('terminal_id', '=', terminalId)
      .where('received_at', '>', this.now() - SCREENSHOT_TTL_MS)
      .orderBy('id', 'desc')
      .limit(SCREENSHOTS_KEPT)
      .execute();
    return rows.map(toView);
  }

  /** One image for staff to look at; the view is audited. */
  async view(staff: Actor, terminalId: string, id: number): Promise<{ contentType: string; data: Uint8Array }> {
    const row = await this.db
      .selectFrom('terminal_screenshots')
      .select(['content_type', 'data', 'captured_at'])
      .where('id', '=', id)
      .where('terminal_id', '=', terminalId)
      .where('received_at', '>', this.now() - SCREENSHOT_TTL_MS)
      .executeTakeFirst();
    if (!row) throw notFound('Screenshot');
    await this.audit.record(staff, 'terminal.screenshot.viewed', { type: 'terminal', id: terminalId }, { screenshotId: id, capturedAt: Number(row.captured_at) });
    return { contentType: row.content_type, data: row.data };
  }

  /** Deletes screenshots past their day; the count deleted. */
  async prune(): Promise<number> {
    const res = await this.db.deleteFrom('terminal_screenshots').where('received_at', '<=', this.now() - SCREENSHOT_TTL_MS).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
