/**
 * The receipt printer driver: ESC/POS over any ByteTransport. It checks the printer before a
 * receipt (and sends nothing when it cannot print), watches automatic status back while the
 * receipt prints, and knows the receipt is done when a status round trip after the cut returns.
 *
 *   const printer = new ReceiptPrinter(transport, scheduler, { textEncoder: gb18030Encoder });
 *   await printer.status();           // PrinterStatus, or throws PrinterError('offline')
 *   await printer.print(job);         // PrintResult, never throws
 *   printer.onStatus((s) => ...);     // every status seen (queries and ASB): paper near end etc.
 */
import type { DeviceHealth } from '@civic-kiosk/protocol/device-health';
import { CommandQueue } from './command-queue.ts';
import type { PrintErrorCode, PrintResult } from './device-results.ts';
import { ASB_ALL, cmd, type StatusKind } from './escpos/commands.ts';
import { buildReceiptDocument } from './escpos/document.ts';
import { encodeReceipt } from './escpos/encoder.ts';
import { profileForColumns, type PrinterProfile } from './escpos/profile.ts';
import { decodeStatusReply, printerStatusFromAsb, printerStatusFromReplies, StatusStreamParser, type PrinterStatus } from './escpos/status.ts';
import type { GbTextEncoder } from './escpos/text-codec.ts';
import type { ReceiptJob } from './receipt-job.ts';
import { TransportError, type ByteTransport, type Scheduler } from './transport.ts';

export type { PrinterStatus } from './escpos/status.ts';

export class PrinterError extends Error {
  override readonly name = 'PrinterError';
  constructor(
    readonly code: PrintErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ReceiptPrinterOptions {
  textEncoder: GbTextEncoder;
  /** Defaults to the profile matching each job's width. */
  profile?: PrinterProfile;
  /** How long a DLE EOT answer may take before the printer counts as offline. */
  replyTimeoutMs?: number;
  /** How long printing a receipt may take, up to the status answer that follows the cut. */
  finishTimeoutMs?: number;
}

interface Waiter {
  resolve(byte: number): void;
  reject(error: Error): void;
  timer: unknown;
}

/** Why a printer in this state must not start a receipt, or undefined when it may. */
export function refusalReason(s: PrinterStatus): PrintErrorCode | undefined {
  if (s.paper === 'out') return 'paper-out';
  if (s.coverOpen) return 'cover-open';
  if (!s.online) return 'offline';
  if (s.error) return 'failed';
  return undefined;
}

/** The printer's health as the device manager reports it (reasons are stable codes). */
export function printerHealth(s: PrinterStatus): DeviceHealth {
  const reasons: string[] = [];
  if (s.paper === 'out') reasons.push('paper-out');
  if (s.coverOpen) reasons.push('cover-open');
  if (s.error) reasons.push('printer-error');
  if (!s.online && reasons.length === 0) reasons.push('offline');
  if (reasons.length > 0) return { state: 'absent', reasons };
  if (s.paper === 'near-end') return { state: 'degraded', reasons: ['paper-near-end'] };
  return { state: 'ready' };
}

function errorCode(e: unknown): PrintErrorCode {
  if (e instanceof PrinterError) return e.code;
  if (e instanceof TransportError) return e.code === 'not-open' || e.code === 'open-failed' ? 'printer-absent' : 'offline';
  return 'failed';
}

export class ReceiptPrinter {
  private readonly parser = new StatusStreamParser();
  private readonly waiters: Waiter[] = [];
  private readonly listeners = new Set<(s: PrinterStatus) => void>();
  private readonly unsubscribe: () => void;
  /** One operation at a time: replies are matched to requests by order. */
  private readonly commands: CommandQueue;
  /** Set by ASB while a receipt prints: the paper ran out or the cover opened mid-receipt. */
  private midReceiptFault: PrintErrorCode | undefined;
  private readonly replyTimeoutMs: number;
  private readonly finishTimeoutMs: number;
  private disposed = false;

  constructor(
    private readonly transport: ByteTransport,
    private readonly scheduler: Scheduler,
    private readonly options: ReceiptPrinterOptions,
  ) {
    this.replyTimeoutMs = options.replyTimeoutMs ?? 1500;
    this.finishTimeoutMs = options.finishTimeoutMs ?? 30_000;
    this.commands = new CommandQueue(scheduler);
    const offData = transport.onData((bytes) => this.receive(bytes));
    const offState = transport.onState((state) => {
      if (state !== 'closed') return;
      // No answer comes over a line that is gone: fail at once rather than at the timeout, so
      // a status check does not outlive the unplug and misjudge the printer once it is back.
      this.parser.clear();
      this.failWaiters(new PrinterError('printer-absent', 'the printer port closed'));
    });
    this.unsubscribe = () => {
      offData();
      offState();
    };
  }

  onStatus(listener: (s: PrinterStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Current status from the four DLE EOT queries. Throws PrinterError ('offline' on silence). */
  status(): Promise<PrinterStatus> {
    return this.commands.run(async () => {
      try {
        return await this.queryStatus(this.replyTimeoutMs);
      } catch (e) {
        throw e instanceof PrinterError ? e : new PrinterError(errorCode(e), e instanceof Error ? e.message : String(e));
      }
    });
  }

  print(job: ReceiptJob): Promise<PrintResult> {
    return this.commands.run(async (): Promise<PrintResult> => {
      try {
        const before = await this.queryStatus(this.replyTimeoutMs);
        const refusal = refusalReason(before);
        if (refusal) return { ok: false, error: refusal };
        const bytes = encodeReceipt(buildReceiptDocument(job, this.options.profile ?? profileForColumns(job.width)), this.options.textEncoder);
        this.midReceiptFault = undefined;
        await this.transport.write(Uint8Array.from(cmd.autoStatusBack(ASB_ALL)));
        await this.transport.write(bytes);
        // The printer answers after it has worked through everything before the request.
        const after = await this.queryStatus(this.finishTimeoutMs);
        const fault = this.midReceiptFault ?? (after.paper === 'out' ? 'paper-out' : after.coverOpen ? 'cover-open' : undefined);
        if (fault) return { ok: false, error: fault };
        if (!after.online || after.error) return { ok: false, error: 'failed' };
        return { ok: true };
      } catch (e) {
        return { ok: false, error: errorCode(e) };
      } finally {
        this.midReceiptFault = undefined;
      }
    });
  }

  /** Ends the driver: pending and later requests reject with PrinterError('printer-absent'). */
  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    this.failWaiters(new PrinterError('printer-absent', 'printer driver disposed'));
  }

  private failWaiters(error: PrinterError): void {
    for (const w of this.waiters.splice(0)) {
      this.scheduler.clearTimeout(w.timer);
      w.reject(error);
    }
  }

  private async queryStatus(firstTimeoutMs: number): Promise<PrinterStatus> {
    const printer = decodeStatusReply[1](await this.request(1, firstTimeoutMs));
    const offline = decodeStatusReply[2](await this.request(2, this.replyTimeoutMs));
    const error = decodeStatusReply[3](await this.request(3, this.replyTimeoutMs));
    const paper = decodeStatusReply[4](await this.request(4, this.replyTimeoutMs));
    const status = printerStatusFromReplies({ printer, offline, error, paper });
    this.emit(status);
    return status;
  }

  private async request(kind: StatusKind, timeoutMs: number): Promise<number> {
    if (this.disposed) throw new PrinterError('printer-absent', 'printer driver disposed');
    let waiter: Waiter | undefined;
    const answer = new Promise<number>((resolve, reject) => {
      waiter = {
        resolve,
        reject,
        timer: this.scheduler.setTimeout(() => {
          // A late answer must not be taken for the next question: forget every waiter.
          this.waiters.splice(0);
          reject(new PrinterError('offline', `no answer to DLE EOT ${kind} within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
    const written = this.transport.write(Uint8Array.from(cmd.statusRequest(kind))).catch((e: unknown) => {
      this.forget(waiter);
      throw e;
    });
    // Both settle-paths are awaited together: a timeout or dispose() while the write is still
    // pending rejects this request at once instead of leaving the answer unhandled.
    const [, byte] = await Promise.all([written, answer]);
    return byte;
  }

  private forget(waiter: Waiter | undefined): void {
    if (!waiter) return;
    const i = this.waiters.indexOf(waiter);
    if (i >= 0) this.waiters.splice(i, 1);
    this.scheduler.clearTimeout(waiter.timer);
  }

  private receive(bytes: Uint8Array): void {
    for (const event of this.parser.receive(bytes)) {
      if (event.type === 'reply') {
        const w = this.waiters.shift();
        if (w) {
          this.scheduler.clearTimeout(w.timer);
          w.resolve(event.byte);
        }
      } else if (event.type === 'asb') {
        const status = printerStatusFromAsb(event.status);
        if (status.paper === 'out') this.midReceiptFault ??= 'paper-out';
        else if (status.coverOpen) this.midReceiptFault ??= 'cover-open';
        this.emit(status);
      }
      // Garbage on the line is dropped: the next status round trip tells the truth.
    }
  }

  private emit(status: PrinterStatus): void {
    for (const l of this.listeners) l(status);
  }
}
