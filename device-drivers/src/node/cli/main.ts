/** Entry point of the kiosk-devices CLI (loaded by bin/kiosk-devices.mjs). */
import { commands } from './commands/index.ts';
import { runCli } from './run-cli.ts';

/** Once a command has returned, a lingering handle must not keep the CLI alive. */
const EXIT_GRACE_MS = 2_000;

// A failure nothing awaited (a driver bug, a stray socket error) still ends as a JSON error
// and a human message, not a stack trace.
const crash = (e: unknown): void => {
  const message = e instanceof Error ? e.message : String(e);
  process.stdout.write(`${JSON.stringify({ error: 'internal', message })}\n`);
  process.stderr.write(`kiosk-devices: internal error: ${message}\n`);
  process.exit(1);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

let onSignal: () => void = () => {};
const stopped = new Promise<void>((resolve) => {
  onSignal = resolve;
});
// SIGHUP too: a closed terminal is a request to stop, and the stop cleans up what a kill cannot.
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
for (const signal of STOP_SIGNALS) process.once(signal, onSignal);

const code = await runCli(process.argv.slice(2), commands, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}, stopped).catch(() => 1);
for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
process.exitCode = code;
setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
