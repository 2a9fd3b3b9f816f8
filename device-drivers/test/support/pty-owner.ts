/**
 * A process that owns one pty pair and waits to be killed: `tsx pty-owner.ts <guard>` prints
 * the pair as a JSON line. For the tests that kill an owner and look for what it left.
 */
import { createPtyPair } from '../../src/node/sim/pty-pair.ts';
import type { ParentDeathGuard } from '../../src/node/sim/pty-pair.ts';

const pair = await createPtyPair({ parentDeathGuard: process.argv[2] as ParentDeathGuard });
process.stdout.write(`${JSON.stringify({ hostPath: pair.hostPath, devicePath: pair.devicePath, guard: pair.guard })}\n`);
setInterval(() => {}, 60_000);
