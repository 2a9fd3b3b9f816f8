/**
 * A connected pair of pseudo-terminals made by socat: bytes written to one come out of the
 * other, and both behave like serial ports to serialport. The host (driver) opens `hostPath`,
 * a simulator serves `devicePath`.
 *
 * socat dies with the process that started it, however that process ends (SIGKILL, a crash
 * test, an owner killed by its supervisor): a simulator never outlives its owner.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * How socat is tied to this process. `setpriv`: util-linux's `setpriv --pdeathsig TERM` has
 * the kernel signal socat when its parent dies (TERM, so socat still removes its links). `pipe`, where setpriv (or its --pdeathsig) is
 * missing: a shell runs socat and kills it once a pipe from this process reads end-of-file,
 * which the kernel makes happen when this process dies.
 */
export type ParentDeathGuard = 'setpriv' | 'pipe';

export interface PtyPair {
  hostPath: string;
  devicePath: string;
  guard: ParentDeathGuard;
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
  /** `setpriv` (the default) falls back to `pipe` where setpriv cannot do it. */
  parentDeathGuard?: ParentDeathGuard;
}

const POLL_MS = 10;

function findExecutable(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** setpriv, if it knows --pdeathsig (util-linux >= 2.33); asked once per setpriv binary. */
const pdeathsigSupport = new Map<string, boolean>();
function setprivWithPdeathsig(socat: string): string | undefined {
  const setpriv = findExecutable('setpriv');
  if (!setpriv) return undefined;
  if (!pdeathsigSupport.has(setpriv)) pdeathsigSupport.set(setpriv, spawnSync(setpriv, ['--pdeathsig', 'TERM', socat, '-V'], { stdio: 'ignore' }).status === 0);
  return pdeathsigSupport.get(setpriv) ? setpriv : undefined;
}

/**
 * The `pipe` guard: $0 is socat, the arguments follow. The shell's stdin is a pipe from this
 * process; a background reader kills socat at its end-of-file, and is killed itself once
 * socat has exited on its own.
 */
const PIPE_GUARD_SCRIPT = ['exec 3<&0', '"$0" "$@" & s=$!', '(read _ <&3; kill $s) 2>/dev/null & r=$!', 'wait $s; c=$?', 'kill $r 2>/dev/null', 'exit $c'].join('\n');

function spawnSocat(args: readonly string[], wanted: ParentDeathGuard) {
  const socat = findExecutable('socat');
  if (!socat) throw new PtyError('socat-missing', 'socat is not installed; install it (apt-get install socat) to run simulated devices');
  const setpriv = wanted === 'setpriv' ? setprivWithPdeathsig(socat) : undefined;
  if (setpriv) {
    const child = spawn(setpriv, ['--pdeathsig', 'TERM', socat, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { child, guard: 'setpriv' as const, stop: () => child.kill('SIGTERM') };
  }
  const child = spawn('/bin/sh', ['-c', PIPE_GUARD_SCRIPT, socat, ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
  // A signal to the shell would orphan socat: closing the pipe is how it is stopped. The
  // shell may have gone already (socat failed), so a broken pipe is no error here.
  child.stdin.on('error', () => {});
  return { child, guard: 'pipe' as const, stop: () => child.stdin.end() };
}

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
  let spawned: ReturnType<typeof spawnSocat>;
  try {
    spawned = spawnSocat(['-d', '-d', `pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`], options.parentDeathGuard ?? 'setpriv');
  } catch (e) {
    if (ownDir) await rm(dir, { recursive: true, force: true });
    throw e;
  }
  const { child, guard } = spawned;
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
      spawned.stop();
      await exit;
    }
    child.stderr.destroy();
    if (ownDir) await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  for (;;) {
    if (spawnError) {
      await cleanup();
      throw new PtyError('socat-failed', `cannot start socat: ${spawnError.message}`);
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
  return { hostPath, devicePath, guard, close: () => (closing ??= cleanup()) };
}
