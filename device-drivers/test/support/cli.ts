/**
 * Runs kiosk-devices as an operator does (a child process) against simulators served on ptys,
 * for the CLI tests. Call `cleanupAfterEach()` once per test file: it stops what `serve` started.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import type { SimulatedDevice } from '../../src/common/simulated-device.ts';
import { serveOnPty } from '../../src/node/sim/serve.ts';

export const kioskDevicesBin = path.resolve(import.meta.dirname, '../../bin/kiosk-devices.mjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [kioskDevicesBin, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Starts `node <args>` and resolves once it has printed its first line, parsed as JSON: what a
 * long-running command (`simulate`) prints when it is ready. Rejects if it exits first.
 */
export function startUntilJsonLine(args: readonly string[], options: { cwd?: string } = {}): Promise<{ child: ChildProcessWithoutNullStreams; json: Record<string, string> }> {
  const child = spawn(process.execPath, args, options);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      const newline = stdout.indexOf('\n');
      if (newline >= 0) resolve({ child, json: JSON.parse(stdout.slice(0, newline)) as Record<string, string> });
    });
    child.once('exit', (code, signal) => reject(new Error(`${args.join(' ')} exited (${signal ?? code}): ${stdout} ${stderr}`)));
  });
}

/** Resolves with the exit code once the child has exited (null when a signal ended it). */
export function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** The JSON answer: the last line of standard output. */
export const json = (r: CliRun): unknown => JSON.parse(r.stdout.trim().split('\n').at(-1)!);

/** An operator never sees a stack trace, whatever went wrong. */
export const expectNoStack = (r: CliRun): void => expect(r.stderr + r.stdout).not.toMatch(/\n\s+at /);

const cleanups: (() => Promise<void>)[] = [];

export function cleanupAfterEach(): void {
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
}

/** Serves `device` on a new pty until the end of the test; resolves with the host's port path. */
export async function serve(device: SimulatedDevice, baudRate = 115200): Promise<string> {
  const s = await serveOnPty(device, { baudRate });
  cleanups.push(() => s.stop());
  return s.hostPath;
}
