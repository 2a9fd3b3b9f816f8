/**
 * A host that restarted gets a new bridge token, but the Chromium of its previous run may still
 * show the old page (a killed host does not take its browser along). Launching again on the same
 * profile would only hand the URL to that browser (Chromium allows one process per profile) and
 * leave the refused page on screen. So before launching, the host ends the browser still holding
 * *its own* profile: the profile's SingletonLock names it (`<hostname>-<pid>`), and its command
 * line must carry this `--user-data-dir`, so a reused pid is never hit. The fresh browser then
 * opens the page with the fresh token; the token check stays as strict as it was.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** The pid of a live browser holding `userDataDir`, or undefined. */
export function leftoverBrowserPid(userDataDir: string): number | undefined {
  let target: string;
  try {
    target = readlinkSync(path.join(userDataDir, 'SingletonLock'));
  } catch {
    return undefined;
  }
  const pid = Number(/-(\d+)$/.exec(target)?.[1]);
  if (!Number.isSafeInteger(pid) || pid <= 1 || pid === process.pid) return undefined;
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.includes(`--user-data-dir=${userDataDir}`) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Ends the leftover browser of this profile, if any, and waits (up to `timeoutMs`) until it is gone. */
export async function endLeftoverBrowser(userDataDir: string, timeoutMs = 5_000): Promise<boolean> {
  const pid = leftoverBrowserPid(userDataDir);
  if (pid === undefined) return false;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return false;
  }
  for (let waited = 0; waited < timeoutMs; waited += 50) {
    if (leftoverBrowserPid(userDataDir) === undefined || !alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  process.kill(pid, 'SIGKILL');
  return true;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
