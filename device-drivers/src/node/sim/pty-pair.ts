/**
 * A connected pair of pseudo-terminals made by socat: bytes written to one come out of the
 * other, and both behave like serial ports to serialport. The host (driver) opens `hostPath`,
 * a simulator serves `devicePath`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PtyPair {
  hostPath: string;
  devicePath: string;
  close(): Promise<void>;
}

export type PtyErrorCode = 'socat-missing' | 'socat-failed' | 'timeout';

export class PtyError extends Error {
  override readonly name = 'PtyError';
  constructor(
    readonly code: PtyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface PtyPairOptions {
  /** Where to put the links; a new temp dir by default (removed on close). */
  dir?: string;
  timeoutMs?: number;
}

const POLL_MS = 10;

/**
 * Starts socat and resolves once both links exist. When `dir` is given the links are
 * `<dir>/host` and `<dir>/device`, so a pair recreated in the same dir keeps its paths
 * (used to simulate a device that vanishes and comes back).
 */
export async function createPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(path.join(tmpdir(), 'kiosk-pty-')));
  const hostPath = path.join(dir, 'host');
  const devicePath = path.join(dir, 'device');
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => {
    // socat -d -d is chatty; keep only the tail for error messages.
    stderr = (stderr + s).slice(-2000);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  let spawnError: NodeJS.ErrnoException | undefined;
  child.once('error', (e: NodeJS.ErrnoException) => {
    spawnError = e;
    exited = true;
  });

  const cleanup = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      await exit;
    }
    child.stderr.destroy();
    if (ownDir) await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  for (;;) {
    if (spawnError) {
      await cleanup();
      throw spawnError.code === 'ENOENT'
        ? new PtyError('socat-missing', 'socat is not installed; install it (apt-get install socat) to run simulated devices')
        : new PtyError('socat-failed', `cannot start socat: ${spawnError.message}`);
    }
    if (exited) {
      await cleanup();
      throw new PtyError('socat-failed', `socat exited before the ptys were ready: ${stderr.trim().split('\n').pop() ?? ''}`);
    }
    if (existsSync(hostPath) && existsSync(devicePath)) break;
    if (Date.now() > deadline) {
      await cleanup();
      throw new PtyError('timeout', 'socat did not create the ptys in time');
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }

  let closing: Promise<void> | undefined;
  return { hostPath, devicePath, close: () => (closing ??= cleanup()) };
}
