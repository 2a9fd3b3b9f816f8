/**
 * The kiosk-devices frame: picks the command, runs it, and turns every failure into one JSON
 * error line on stdout, a human message on stderr and an exit code. No stack trace ever
 * reaches the terminal: operators read these, and scripts parse them.
 */
import { CliError, EXIT } from './command.ts';
import type { CliCommand, CliIo } from './command.ts';

export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

export function helpText(commands: readonly CliCommand[]): string {
  const width = Math.max(0, ...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: kiosk-devices <command> [--flag value ...]',
    '',
    'Commands:',
    ...(lines.length ? lines : ['  (none)']),
    '',
    'kiosk-devices <command> --help shows the flags of one command.',
    'Output: JSON on stdout, messages on stderr; exit 64 on a usage error.',
  ].join('\n');
}

/** Maps any thrown value to the JSON error and exit code the CLI reports. */
export function describeFailure(e: unknown): { json: Record<string, unknown>; message: string; exitCode: number } {
  if (e instanceof CliError) return { json: { error: e.code, ...e.details }, message: e.message, exitCode: e.exitCode };
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    const name = e.name && e.name !== 'Error' ? e.name : undefined;
    return {
      json: { error: typeof code === 'string' ? code : 'internal', ...(name ? { type: name } : {}), message: e.message },
      message: e.message,
      exitCode: EXIT.failure,
    };
  }
  return { json: { error: 'internal', message: String(e) }, message: String(e), exitCode: EXIT.failure };
}

export async function runCli(argv: readonly string[], commands: readonly CliCommand[], out: CliOutput, stopped: Promise<void>): Promise<number> {
  const io: CliIo = {
    json: (value) => out.stdout(`${JSON.stringify(value)}\n`),
    info: (message) => out.stderr(`${message}\n`),
    stopped,
  };
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    out.stdout(`${helpText(commands)}\n`);
    return EXIT.ok;
  }
  if (name === undefined) {
    io.json({ error: 'usage', message: 'no command given' });
    out.stderr(`${helpText(commands)}\n`);
    return EXIT.usage;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.json({ error: 'unknown-command', command: name, commands: commands.map((c) => c.name) });
    io.info(`kiosk-devices: unknown command '${name}'; try kiosk-devices --help`);
    return EXIT.usage;
  }
  if (args.includes('--help')) {
    out.stdout(`Usage: kiosk-devices ${command.name} ${command.usage}\n${command.summary}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    const failure = describeFailure(e);
    io.json(failure.json);
    io.info(`kiosk-devices ${command.name}: ${failure.message}`);
    return failure.exitCode;
  }
}
