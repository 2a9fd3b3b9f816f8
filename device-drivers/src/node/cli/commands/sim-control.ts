/**
 * `kiosk-devices sim-control`: sends one scripting action to running simulators, e.g.
 * `--device card-reader --action insert-card --card ssc-v2`. Extra `--name value` flags become
 * string arguments; `--json '{"afterApdus":3}'` passes typed ones.
 */
import { DeviceKind } from '@civic-kiosk/protocol/device-health';
import { sendSimulatorCommand } from '../../sim/control-client.ts';
import { parseArgs, usageError } from '../args.ts';
import { EXIT } from '../command.ts';
import type { CliCommand } from '../command.ts';

const FIXED = ['socket', 'device', 'action', 'json'];

/** Splits the command's own flags from the action's `--name value` arguments. */
function splitArgs(args: readonly string[]): { own: string[]; extra: Record<string, string> } {
  const own: string[] = [];
  const extra: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    const value = args[i + 1];
    if (!flag.startsWith('--')) throw usageError(`unexpected argument '${flag}'`, { argument: flag });
    const name = flag.slice(2);
    if (value === undefined) throw usageError(`--${name} needs a value`, { option: name });
    if (FIXED.includes(name)) own.push(flag, value);
    else extra[name] = value;
  }
  return { own, extra };
}

function parseJsonArgs(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw usageError('--json must be a JSON object', { option: 'json' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw usageError('--json must be a JSON object', { option: 'json' });
  return value as Record<string, unknown>;
}

export const simControlCommand: CliCommand = {
  name: 'sim-control',
  usage: '--socket PATH --device KIND --action NAME [--json OBJECT] [--name value ...]',
  summary: 'Scripts running simulators: insert a card, run the printer out of paper, scan a code.',
  async run(args, io) {
    const { own, extra } = splitArgs(args);
    const a = parseArgs(own, {
      socket: { type: 'string', required: true },
      device: { type: 'string', required: true, choices: DeviceKind.options },
      action: { type: 'string', required: true },
      json: { type: 'string' },
    });
    const result = await sendSimulatorCommand(a.socket, a.device as DeviceKind, { ...parseJsonArgs(a.json), ...extra, action: a.action });
    io.json(result);
    if (!result.ok) io.info(`sim-control: ${result.error}`);
    return result.ok ? EXIT.ok : EXIT.failure;
  },
};
