/**
 * Verification codes of contribution statements: 15 random symbols and a check symbol from an
 * alphabet without 0/O/1/I, printed as `XXXX-XXXX-XXXX-XXXX`. 75 random bits make a code
 * unguessable (the server also rate-limits lookups); the check symbol (Luhn mod 32) catches
 * any single mistyped symbol and most swaps before the server is asked.
 */

export const STATEMENT_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** Random symbols in a code (the 16th is the check symbol). */
export const STATEMENT_CODE_RANDOM_SYMBOLS = 15;

const N = STATEMENT_CODE_ALPHABET.length;

/** Luhn mod N check symbol of `symbols` (each in the alphabet). */
export function statementCheckSymbol(symbols: string): string {
  let sum = 0;
  let factor = 2;
  for (let i = symbols.length - 1; i >= 0; i--) {
    const v = STATEMENT_CODE_ALPHABET.indexOf(symbols[i]!);
    if (v < 0) throw new RangeError(`'${symbols[i]}' is not a code symbol`);
    const p = v * factor;
    sum += Math.floor(p / N) + (p % N);
    factor = factor === 2 ? 1 : 2;
  }
  return STATEMENT_CODE_ALPHABET[(N - (sum % N)) % N]!;
}

/** A code from STATEMENT_CODE_RANDOM_SYMBOLS random bytes (256 is a multiple of 32: no bias). */
export function statementCodeFromRandom(random: Uint8Array): string {
  if (random.length !== STATEMENT_CODE_RANDOM_SYMBOLS) throw new RangeError(`a code takes ${STATEMENT_CODE_RANDOM_SYMBOLS} random bytes`);
  const symbols = Array.from(random, (b) => STATEMENT_CODE_ALPHABET[b % N]).join('');
  return formatStatementCode(symbols + statementCheckSymbol(symbols));
}

function formatStatementCode(sixteen: string): string {
  return sixteen.match(/.{4}/g)!.join('-');
}

/**
 * The canonical form of what someone typed or scanned (case, spaces and dashes forgiven), or
 * undefined when it cannot be a code (wrong length, foreign symbol, failed check).
 */
export function normaliseStatementCode(input: string): string | undefined {
  const symbols = input.toUpperCase().replace(/[\s-]/g, '');
  if (symbols.length !== STATEMENT_CODE_RANDOM_SYMBOLS + 1 || [...symbols].some((c) => !STATEMENT_CODE_ALPHABET.includes(c))) return undefined;
  const body = symbols.slice(0, -1);
  return statementCheckSymbol(body) === symbols.slice(-1) ? formatStatementCode(symbols) : undefined;
}
