import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseArgs } from '../../../src/node/cli/args.ts';
import { CliError, EXIT } from '../../../src/node/cli/command.ts';

const SPEC = {
  port: { type: 'string', required: true },
  mode: { type: 'string', choices: ['serial', 'hid-pos'] },
  baud: { type: 'number', default: 9600, integer: true, min: 300, max: 921600 },
  verbose: { type: 'boolean' },
} as const;

describe('parseArgs', () => {
  it('parses every kind of flag in any order', () => {
    expect(parseArgs(['--verbose', '--baud', '115200', '--port', '/dev/ttyUSB0', '--mode', 'hid-pos'], SPEC)).toEqual({
      port: '/dev/ttyUSB0',
      mode: 'hid-pos',
      baud: 115200,
      verbose: true,
    });
  });

  it('rejects a value outside the choices', () => {
    expect(() => parseArgs(['--port', 'p', '--mode', 'usb'], SPEC)).toThrow(expect.objectContaining({ code: 'usage', details: expect.objectContaining({ option: 'mode' }) }));
  });

  it('does not take a flag inherited from Object.prototype for an option', () => {
    expect(() => parseArgs(['--port', 'p', '--constructor', 'x'], SPEC)).toThrow(expect.objectContaining({ code: 'usage' }));
  });

  it('either parses or throws a usage CliError, whatever the arguments', () => {
    const token = fc.oneof(fc.constantFrom('--port', '--mode', '--baud', '--verbose', '--', '--x', 'serial', '12', '1e3', '-1', 'NaN', ''), fc.string());
    fc.assert(
      fc.property(fc.array(token, { maxLength: 10 }), (args) => {
        try {
          const parsed = parseArgs(args, SPEC);
          expect(typeof parsed.port).toBe('string');
          expect(Number.isInteger(parsed.baud) && parsed.baud >= 300 && parsed.baud <= 921600).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(CliError);
          expect((e as CliError).exitCode).toBe(EXIT.usage);
        }
      }),
    );
  });
});
