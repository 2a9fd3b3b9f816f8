/**
 * Guessing protection for the staff PIN: every wrong PIN makes the next try wait longer, and
 * `maxTries` wrong PINs in a row lock the PIN for `lockSeconds`. Pure: the state is data that
 * the caller stores, time is passed in.
 */
export interface StaffPinThrottleState {
  failures: number;
  /** Epoch ms before which no PIN is checked. */
  blockedUntil: number;
}

export interface StaffPinThrottlePolicy {
  maxTries: number;
  lockSeconds: number;
  /** Wait after the n-th wrong try (n >= 1) before the next is checked, below the lock. */
  delaySeconds: (failures: number) => number;
}

export const DEFAULT_STAFF_PIN_POLICY: StaffPinThrottlePolicy = {
  maxTries: 5,
  lockSeconds: 15 * 60,
  delaySeconds: (failures) => Math.min(30, 2 ** (failures - 1)),
};

export const INITIAL_THROTTLE: StaffPinThrottleState = { failures: 0, blockedUntil: 0 };

export type ThrottleGate = { allowed: true } | { allowed: false; locked: boolean; retryAfterSeconds: number };

/** May a PIN be checked now? */
export function throttleGate(state: StaffPinThrottleState, now: number, policy = DEFAULT_STAFF_PIN_POLICY): ThrottleGate {
  if (now >= state.blockedUntil) return { allowed: true };
  return {
    allowed: false,
    locked: state.failures >= policy.maxTries,
    retryAfterSeconds: Math.ceil((state.blockedUntil - now) / 1000),
  };
}

/** The state after a checked PIN. A lock that ran out starts a fresh count. */
export function throttleAfter(state: StaffPinThrottleState, correct: boolean, now: number, policy = DEFAULT_STAFF_PIN_POLICY): StaffPinThrottleState {
  if (correct) return INITIAL_THROTTLE;
  const failures = (state.failures >= policy.maxTries ? 0 : state.failures) + 1;
  const wait = failures >= policy.maxTries ? policy.lockSeconds : policy.delaySeconds(failures);
  return { failures, blockedUntil: now + wait * 1000 };
}
