/**
 * Keyboard-wedge scanners type the code as keystrokes a few ms apart and press Enter. This
 * groups such bursts into codes and leaves slower human typing alone. Pure and clock-free: the
 * caller passes each KeyboardEvent.key with its timestamp (event.timeStamp in the renderer).
 */
import { splitAimPrefix, type ScannedCode } from './symbology.ts';

export interface WedgeOptions {
  /** Largest gap between two keystrokes of one scan. */
  maxGapMs?: number;
  /** Fewer characters than this before Enter is a person typing, not a scan. */
  minLength?: number;
}

export class KeyboardWedgeAssembler {
  private buffer = '';
  private last = -Infinity;
  private readonly maxGapMs: number;
  private readonly minLength: number;

  constructor(options: WedgeOptions = {}) {
    this.maxGapMs = options.maxGapMs ?? 30;
    this.minLength = options.minLength ?? 4;
  }

  /** Returns the scanned code when this key (Enter) completes one. */
  key(key: string, now: number): ScannedCode | undefined {
    const fast = now - this.last <= this.maxGapMs;
    this.last = now;
    if (key === 'Enter') {
      const text = this.buffer;
      this.buffer = '';
      return fast && text.length >= this.minLength ? splitAimPrefix(text) : undefined;
    }
    // Shift, Alt and other named keys carry no character.
    if ([...key].length !== 1) return undefined;
    this.buffer = fast ? this.buffer + key : key;
    if (this.buffer.length > 4096) this.buffer = '';
    return undefined;
  }
}
