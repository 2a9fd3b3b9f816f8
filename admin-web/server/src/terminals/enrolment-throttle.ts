import type { AppConfig } from '../config.ts';
import { AddressThrottle, type Gate } from '../staff/address-throttle.ts';

// All addresses share one budget under this key.
const EVERYONE = '*';

/**
 * Growing waits after wrong enrolment codes, per client address and over all addresses (an
 * attacker with many addresses still meets the second). Only attempts that reach the code
 * check count; a refused one extends nothing, so once an attack stops the waits run out
 * (at most the caps) and a technician's correct code goes through. A correct code clears
 * both. In memory, per instance.
 */
export class EnrolmentThrottle {
  private readonly perAddress: AddressThrottle;
  private readonly overall: AddressThrottle;

  constructor(c: AppConfig['terminals']) {
    const policy = (failuresBeforeBackoff: number, maxMs: number) => ({ failuresBeforeBackoff, baseMs: c.enrolBackoffBaseMs, maxMs });
    this.perAddress = new AddressThrottle(policy(c.enrolAddressFailuresBeforeBackoff, c.enrolAddressMaxWaitMs), c.enrolFailureMemoryMs);
    this.overall = new AddressThrottle(policy(c.enrolGlobalFailuresBeforeBackoff, c.enrolGlobalMaxWaitMs), c.enrolFailureMemoryMs);
  }

  /** May this address try a code now? An allowed attempt counts as failed until `succeeded`. */
  claim(address: string, now: number): Gate {
    const mine = this.perAddress.claim(address, now);
    return mine.allowed ? this.overall.claim(EVERYONE, now) : mine;
  }

  succeeded(address: string): void {
    this.perAddress.succeeded(address);
    this.overall.succeeded(EVERYONE);
  }
}
