import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { endLeftoverBrowser, leftoverBrowserPid } from '../../../src/node/host/leftover-browser.ts';

const children: ChildProcess[] = [];
const dirs: string[] = [];

/** A stand-in for the previous run's browser: a process whose command line carries `args`. */
function browserLike(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', ...args], { stdio: 'ignore' });
  children.push(child);
  return child;
}

async function profile(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-profile-'));
  dirs.push(dir);
  return dir;
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('the browser a restarted host left behind', () => {
  it('is ended when it holds this profile, so the fresh launch shows the page with the fresh token', async () => {
    const dir = await profile();
    const old = browserLike([`--user-data-dir=${dir}`, '--app=http://127.0.0.1:8090/#token=old']);
    await symlink(`kiosk-host-${old.pid}`, path.join(dir, 'SingletonLock'));
    await expect.poll(() => leftoverBrowserPid(dir)).toBe(old.pid);
    expect(await endLeftoverBrowser(dir)).toBe(true);
    await exited(old);
    expect(leftoverBrowserPid(dir)).toBeUndefined();
  });

  it('leaves alone a process whose pid the lock names but which is not a browser of this profile', async () => {
    const dir = await profile();
    const other = await profile();
    const bystander = browserLike([`--user-data-dir=${other}`]);
    await symlink(`kiosk-host-${bystander.pid}`, path.join(dir, 'SingletonLock'));
    expect(await endLeftoverBrowser(dir)).toBe(false);
    expect(bystander.exitCode).toBeNull();
    expect(bystander.signalCode).toBeNull();
  });

  it('does nothing without a lock or with a lock naming no live process', async () => {
    const dir = await profile();
    expect(await endLeftoverBrowser(dir)).toBe(false);
    await symlink('kiosk-host-999999999', path.join(dir, 'SingletonLock'));
    expect(await endLeftoverBrowser(dir)).toBe(false);
  });
});
