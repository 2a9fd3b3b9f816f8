import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from '../../../src/node/cli/args.ts';
import { CliError, EXIT } from '../../../src/node/cli/command.ts';
import type { CliCommand } from '../../../src/node/cli/command.ts';
import { runCli } from '../../../src/node/cli/run-cli.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');

const probe: CliCommand = {
  name: 'probe',
  usage: '--port PATH [--baud N]',
  summary: 'Checks a port.',
  async run(args, io) {
    const a = parseArgs(args, { port: { type: 'string', required: true }, baud: { type: 'number', default: 9600, integer: true, min: 300, max: 921600 } });
    io.json({ port: a.port, baud: a.baud });
    return EXIT.ok;
  },
};
const broken: CliCommand = {
  name: 'broken',
  usage: '',
  summary: 'Always fails.',
  async run() {
    const e = new TypeError("Cannot read properties of undefined (reading 'x')");
    throw e;
  },
};
const printerOut: CliCommand = {
  name: 'printer-out',
  usage: '',
  summary: 'Fails like a printer without paper.',
  async run() {
    throw new CliError('paper-out', EXIT.printer, { device: 'receipt-printer' }, 'the printer is out of paper');
  },
};

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, [probe, broken, printerOut], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) }, new Promise(() => {}));
  const last = stdout.trim().split('\n').pop() ?? '';
  return { code, stdout, stderr, json: last.startsWith('{') ? (JSON.parse(last) as Record<string, unknown>) : undefined };
}

describe('kiosk-devices frame', () => {
  it('runs a command with parsed flags', async () => {
    const r = await run(['probe', '--port', '/dev/ttyS0', '--baud', '115200']);
    expect(r.code).toBe(0);
    expect(r.json).toEqual({ port: '/dev/ttyS0', baud: 115200 });
  });

  it('fills defaults', async () => {
    expect((await run(['probe', '--port', '/dev/ttyS0'])).json).toEqual({ port: '/dev/ttyS0', baud: 9600 });
  });

  it('rejects an unknown command with a JSON error and exit 64', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(64);
    expect(r.json).toMatchObject({ error: 'unknown-command', command: 'frobnicate', commands: ['probe', 'broken', 'printer-out'] });
    expect(r.stderr).toContain('frobnicate');
  });

  it.each([
    [['probe'], 'port', 'is required'],
    [['probe', '--port'], 'port', 'needs a value'],
    [['probe', '--port', 'a', '--baud', 'fast'], 'baud', 'must be a number'],
    [['probe', '--port', 'a', '--baud', '96.5'], 'baud', 'whole number'],
    [['probe', '--port', 'a', '--baud', '12'], 'baud', 'at least 300'],
    [['probe', '--port', 'a', '--parity', 'odd'], 'parity', 'unknown option'],
    [['probe', '--port', 'a', '--port', 'b'], 'port', 'twice'],
  ])('reports bad arguments %j as a usage error naming the flag', async (argv, option, message) => {
    const r = await run(argv);
    expect(r.code).toBe(EXIT.usage);
    expect(r.json).toMatchObject({ error: 'usage', option });
    expect(String(r.json!['message'])).toContain(message);
  });

  it('turns a crashing command into a JSON error without a stack trace', async () => {
    const r = await run(['broken']);
    expect(r.code).toBe(EXIT.failure);
    expect(r.json).toMatchObject({ error: 'internal', type: 'TypeError' });
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).toContain('Cannot read properties');
  });

  it('passes a typed failure through with its own exit code and details', async () => {
    const r = await run(['printer-out']);
    expect(r.code).toBe(EXIT.printer);
    expect(r.json).toEqual({ error: 'paper-out', device: 'receipt-printer' });
  });

  it('prints help listing the commands', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('probe');
    expect(r.stdout).toContain('Always fails.');
    const usage = await run(['probe', '--help']);
    expect(usage.stdout).toContain('--port PATH');
  });

  it('the installed bin answers an unknown command with JSON and exit 64', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'device-drivers/bin/kiosk-devices.mjs'), 'no-such-command'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(64);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: 'unknown-command', command: 'no-such-command' });
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
