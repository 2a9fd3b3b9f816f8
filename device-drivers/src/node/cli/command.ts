/**
 * The kiosk-devices CLI contract: JSON on stdout, human messages on stderr, a typed error
 * and a non-zero exit code for every failure, never a stack trace.
 */
export interface CliIo {
  /** Prints one JSON value as a line on stdout. */
  json(value: unknown): void;
  /** A human message on stderr. */
  info(message: string): void;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM/SIGHUP); for long-running commands. */
  readonly stopped: Promise<void>;
}

export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** `args` are the raw arguments after the command name. Returns the exit code (0 on success). */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** A failure the CLI prints as `{ "error": code, ...details }` and exits with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: string,
    readonly exitCode: number,
    readonly details: Record<string, unknown> = {},
    message = code,
  ) {
    super(message);
  }
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failure: 1, noCard: 2, pin: 3, printer: 4, usage: 64 } as const;
