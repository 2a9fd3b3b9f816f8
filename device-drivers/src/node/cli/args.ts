/**
 * `--flag value` argument parsing for kiosk-devices commands. Every mistake is a CliError with
 * exit code 64 (usage) that names the flag, so scripts can tell a typo from a device failure.
 *
 *   const a = parseArgs(args, {
 *     port: { type: 'string', required: true },
 *     baud: { type: 'number', default: 9600, integer: true, min: 300, max: 921600 },
 *     verbose: { type: 'boolean' },
 *   });
 *   a.port; // string    a.baud; // number    a.verbose; // boolean
 */
import { CliError, EXIT } from './command.ts';

interface StringFlag {
  type: 'string';
  required?: boolean;
  default?: string;
  /** Allowed values, when the flag is an enumeration. */
  choices?: readonly string[];
}
interface NumberFlag {
  type: 'number';
  required?: boolean;
  default?: number;
  integer?: boolean;
  min?: number;
  max?: number;
}
/** Present or not; takes no value. */
interface BooleanFlag {
  type: 'boolean';
}
export type FlagSpec = StringFlag | NumberFlag | BooleanFlag;
export type FlagSpecs = Record<string, FlagSpec>;

type ValueOf<S extends FlagSpec> = S extends BooleanFlag ? boolean : S extends NumberFlag ? number : string;
type IsDefinite<S extends FlagSpec> = S extends BooleanFlag ? true : S extends { required: true } ? true : S extends { default: unknown } ? true : false;

export type ParsedArgs<T extends FlagSpecs> = { [K in keyof T as IsDefinite<T[K]> extends true ? K : never]: ValueOf<T[K]> } & {
  [K in keyof T as IsDefinite<T[K]> extends true ? never : K]?: ValueOf<T[K]>;
};

export function usageError(message: string, details: Record<string, unknown> = {}): CliError {
  return new CliError('usage', EXIT.usage, { message, ...details }, message);
}

export function parseArgs<const T extends FlagSpecs>(args: readonly string[], specs: T): ParsedArgs<T> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw usageError(`unexpected argument '${arg}'`, { argument: arg });
    const name = arg.slice(2);
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) throw usageError(`unknown option --${name}`, { option: name });
    if (name in out) throw usageError(`--${name} given twice`, { option: name });
    if (spec.type === 'boolean') {
      out[name] = true;
      continue;
    }
    const raw = args[++i];
    if (raw === undefined || raw.startsWith('--')) throw usageError(`--${name} needs a value`, { option: name });
    out[name] = spec.type === 'number' ? parseNumber(name, raw, spec) : parseString(name, raw, spec);
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (name in out) continue;
    if (spec.type === 'boolean') out[name] = false;
    else if (spec.default !== undefined) out[name] = spec.default;
    else if (spec.required) throw usageError(`--${name} is required`, { option: name });
  }
  return out as ParsedArgs<T>;
}

function parseString(name: string, raw: string, spec: StringFlag): string {
  if (spec.choices && !spec.choices.includes(raw)) {
    throw usageError(`--${name} must be one of ${spec.choices.join(', ')}`, { option: name, value: raw });
  }
  return raw;
}

function parseNumber(name: string, raw: string, spec: NumberFlag): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value)) throw usageError(`--${name} must be a number`, { option: name, value: raw });
  if (spec.integer && !Number.isInteger(value)) throw usageError(`--${name} must be a whole number`, { option: name, value: raw });
  if (spec.min !== undefined && value < spec.min) throw usageError(`--${name} must be at least ${spec.min}`, { option: name, value: raw });
  if (spec.max !== undefined && value > spec.max) throw usageError(`--${name} must be at most ${spec.max}`, { option: name, value: raw });
  return value;
}
