import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import type { WeakPasswordReason } from '@civic-kiosk/protocol/staff-api';
import { PASSWORD_POLICY } from '@civic-kiosk/protocol/staff-users';
import { ApiError } from '../errors.ts';

// Words anyone guessing at this system would try first.
const SITE_WORDS = ['civic', 'kiosk', 'civickiosk', 'shanghai', 'xuhui', 'district', 'admin', 'staff'];

// Every reason the console explains on the field (protocol WEAK_PASSWORD_REASONS).
const WARNINGS: Record<Exclude<WeakPasswordReason, 'too-short' | 'too-guessable'>, string> = {
  straightRow: 'a row of keys',
  keyPattern: 'a keyboard pattern',
  simpleRepeat: 'a repeated character',
  extendedRepeat: 'a repeated pattern',
  sequences: 'a sequence like abc or 123',
  recentYears: 'a recent year',
  dates: 'a date',
  topTen: 'one of the ten most common passwords',
  topHundred: 'one of the hundred most common passwords',
  common: 'a common password',
  similarToCommon: 'close to a common password',
  wordByItself: 'a single word',
  namesByThemselves: 'a name',
  commonNames: 'a common name',
  userInputs: 'the username or a site word',
  pwned: 'a leaked password',
};

let zxcvbn: ZxcvbnFactory | undefined;

/** Throws `weak-password` (400) with the reason when the password falls short. */
export function assertStrongPassword(password: string, userInputs: readonly string[]): void {
  const { minLength, minScore } = PASSWORD_POLICY;
  if ([...password].length < minLength) {
    throw new ApiError('weak-password', 400, `The password is too short: it needs at least ${minLength} characters`, { reason: 'too-short', minLength, minScore });
  }
  // Building the dictionaries takes a while; only the first check pays.
  zxcvbn ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  const inputs = [...new Set([...userInputs.flatMap((u) => [u, ...u.split(/[._-]+/)]), ...SITE_WORDS])].filter((w) => w.length >= 2);
  const result = zxcvbn.check(password, inputs);
  if (result.score >= minScore) return;
  const warning = result.feedback.warning ?? undefined;
  const reason = warning && warning in WARNINGS ? (warning as keyof typeof WARNINGS) : 'too-guessable';
  throw new ApiError('weak-password', 400, `The password is too easy to guess${reason === 'too-guessable' ? '' : ` (${WARNINGS[reason]})`}: use a longer one, for example several unrelated words`, {
    reason,
    score: result.score,
    minLength,
    minScore,
  });
}
