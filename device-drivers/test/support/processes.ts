/**
 * The process table as /proc shows it (Linux), for tests that check no simulator outlives
 * its owner: which socat processes descend from a pid, and whether a pid is still running.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface ProcessEntry {
  pid: number;
  ppid: number;
  comm: string;
  /** R, S, D, Z (zombie: dead, waiting to be reaped) ... */
  state: string;
}

function readEntry(pid: number): ProcessEntry | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split at the last ')'.
  const close = stat.lastIndexOf(')');
  const [state, ppid] = stat.slice(close + 2).split(' ');
  return { pid, ppid: Number(ppid), comm: stat.slice(stat.indexOf('(') + 1, close), state: state! };
}

function processTable(): ProcessEntry[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => readEntry(Number(name)) ?? []);
}

/** Whether `pid` is a live process (a zombie has already died). */
export function isRunning(pid: number): boolean {
  const entry = readEntry(pid);
  return entry !== undefined && entry.state !== 'Z';
}

/** Live socat processes among the descendants of `ancestor`. */
export function socatDescendants(ancestor: number): number[] {
  const table = processTable();
  const found: number[] = [];
  const walk = (parent: number): void => {
    for (const p of table) {
      if (p.ppid !== parent) continue;
      if (p.comm === 'socat' && p.state !== 'Z') found.push(p.pid);
      walk(p.pid);
    }
  };
  walk(ancestor);
  return found;
}

/** Polls until none of `pids` runs; resolves with those still running after `withinMs`. */
export async function stillRunningAfter(pids: readonly number[], withinMs: number): Promise<number[]> {
  const end = Date.now() + withinMs;
  for (;;) {
    const running = pids.filter(isRunning);
    if (running.length === 0 || Date.now() >= end) return running;
    await new Promise((r) => setTimeout(r, 50));
  }
}
