/**
 * The staff PIN check: the PIN is stored only as a scrypt hash in the kiosk config, every try
 * passes the throttle (state kept on disk, so pulling the plug does not reset the count), and
 * every use is reported to the server as a terminal event (without the PIN).
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { StaffPinResult } from '../../common/bridge.ts';
import { INITIAL_THROTTLE, throttleAfter, throttleGate } from '../../common/terminal/staff-pin-throttle.ts';
import type { StaffPinThrottleState } from '../../common/terminal/staff-pin-throttle.ts';
import { readJsonFile, writeFileAtomic } from '../files.ts';

const scrypt = promisify(scryptCb) as (pin: string, salt: Buffer, len: number, opts: { N: number; r: number; p: number }) => Promise<Buffer>;
const PARAMS = { N: 1 << 14, r: 8, p: 1 };

/** `scrypt$N$r$p$salt$hash` (salt and hash base64url). */
export async function hashStaffPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(pin, salt, 32, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

async function pinMatches(pin: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(pin, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const ThrottleFile = z.object({ failures: z.number().int().nonnegative(), blockedUntil: z.number() });

export class StaffPinGuard {
  readonly #file: string;
  #state: StaffPinThrottleState = INITIAL_THROTTLE;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly pinHash: () => string | undefined,
    private readonly report: (type: string, detail: Record<string, string | number | boolean>) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.#file = path.join(dataDir, 'staff-pin-throttle.json');
  }

  async open(): Promise<void> {
    const s = ThrottleFile.safeParse(await readJsonFile(this.#file));
    if (s.success) this.#state = s.data;
  }

  /** Checks run one at a time, so parallel tries cannot slip past the throttle. */
  verify(pin: string): Promise<StaffPinResult> {
    const run = this.#queue.then(() => this.#verify(pin));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #verify(pin: string): Promise<StaffPinResult> {
    const gate = throttleGate(this.#state, this.now());
    if (!gate.allowed) {
      this.report('staff-pin', { result: gate.locked ? 'locked' : 'throttled' });
      return { ok: false, error: gate.locked ? 'locked' : 'wrong-pin', retryAfterSeconds: gate.retryAfterSeconds };
    }
    const hash = this.pinHash();
    const correct = hash !== undefined && (await pinMatches(pin, hash));
    this.#state = throttleAfter(this.#state, correct, this.now());
    await writeFileAtomic(this.#file, JSON.stringify(this.#state));
    this.report('staff-pin', { result: correct ? 'ok' : 'wrong', failures: this.#state.failures });
    if (correct) return { ok: true };
    const after = throttleGate(this.#state, this.now());
    const locked = !after.allowed && after.locked;
    return { ok: false, error: locked ? 'locked' : 'wrong-pin', ...(after.allowed ? {} : { retryAfterSeconds: after.retryAfterSeconds }) };
  }
}
