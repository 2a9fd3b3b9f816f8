/** What a slot of the virtual CCID reader holds. */
export interface VirtualCard {
  readonly id: string;
  readonly description: string;
  /** Undefined for a card that never answers its reset (a mute card). */
  readonly atr: Uint8Array | undefined;
  /** Power cycle: volatile state (selection, authentication) is lost, counters are not. */
  reset(): void;
  /** One command APDU in, one response APDU out (later, for a card computing with WebCrypto). */
  handle(apdu: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/**
 * The simulated card and PSAM share a keyed one-way function. It is a toy, not a cipher: real
 * cards and PSAMs use SM4 or 3DES internally, and the host never computes either.
 */
export function toyCryptogram(key: Uint8Array, input: Uint8Array): Uint8Array {
  const state = new Uint8Array(16);
  for (let i = 0; i < 16; i++) state[i] = (input[i % Math.max(1, input.length)] ?? 0) ^ (key[i % Math.max(1, key.length)] ?? 0);
  for (let round = 0; round < 8; round++) {
    for (let i = 0; i < 16; i++) {
      const k = key[(i + round) % Math.max(1, key.length)] ?? 0;
      state[i] = ((state[i]! + state[(i + 15) % 16]! * 7 + k + round) & 0xff) ^ (state[(i + 5) % 16]! >> 1);
    }
  }
  // Fold in the whole input so inputs longer than 16 bytes count too.
  for (let i = 16; i < input.length; i++) state[i % 16]! ^= input[i]!;
  return state;
}

/** Deterministic challenge source: simulators are pure and reproducible. */
export class ChallengeSource {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  next(length: number): Uint8Array {
    return Uint8Array.from({ length }, () => {
      this.state ^= this.state << 13;
      this.state ^= this.state >>> 17;
      this.state ^= this.state << 5;
      return this.state & 0xff;
    });
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
