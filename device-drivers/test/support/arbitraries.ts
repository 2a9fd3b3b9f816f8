/** fast-check arbitraries shared by the property tests and the fuzz campaign (bench/fuzz). */
import fc from 'fast-check';
import type { CommandApdu } from '../../src/common/apdu/apdu.ts';

const byte = () => fc.integer({ min: 0, max: 255 });

/** Any short command APDU (cases 1-4). */
export const commandApdu: fc.Arbitrary<CommandApdu> = fc.record({
  cla: byte(),
  ins: byte(),
  p1: byte(),
  p2: byte(),
  data: fc.option(fc.uint8Array({ minLength: 1, maxLength: 255 }), { nil: undefined }),
  le: fc.option(fc.integer({ min: 1, max: 256 }), { nil: undefined }),
});
