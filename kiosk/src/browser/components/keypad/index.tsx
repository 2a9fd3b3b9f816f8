/**
 * On-screen numeric keypad for PINs and account numbers. Controlled: the owner keeps the value
 * (in session state when it is personal, so the wipe clears it). Physical keyboards work too.
 */
import { useT } from '../../state/context.ts';

export interface KeypadProps {
  /** Accessible name of the entry field, e.g. "Staff PIN". */
  label: string;
  value: string;
  onChange(value: string): void;
  onSubmit(): void;
  submitLabel: string;
  maxLength: number;
  /** Show dots instead of digits (PINs). */
  masked?: boolean;
  disabled?: boolean;
  /**
   * The ten digits in the order they sit on the pad (the last one below the others, between
   * clear and delete); the phone order by default. A card PIN pad may shuffle them per entry.
   */
  digits?: readonly string[];
}

/** The phone layout: 1-9 in rows, 0 at the bottom. */
export const PHONE_DIGITS: readonly string[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

export function Keypad(p: KeypadProps) {
  const { t } = useT();
  const press = (digit: string) => {
    if (!p.disabled && p.value.length < p.maxLength) p.onChange(p.value + digit);
  };
  const digits = p.digits ?? PHONE_DIGITS;
  const shown = p.masked ? '●'.repeat(p.value.length) : p.value;
  const onKeyDown = (e: KeyboardEvent) => {
    if (/^\d$/.test(e.key)) press(e.key);
    else if (e.key === 'Backspace') p.onChange(p.value.slice(0, -1));
    else if (e.key === 'Enter') p.onSubmit();
    else return;
    e.preventDefault();
  };
  return (
    <div class="keypad" onKeyDown={onKeyDown}>
      <output class="keypad-display" aria-label={p.label} aria-live="polite" data-testid="keypad-display">
        {shown || '\u00a0'}
      </output>
      <span class="visually-hidden" aria-live="polite">
        {t('keypad.count', { n: p.value.length })}
      </span>
      <div class="keypad-keys" role="group" aria-label={p.label}>
        {digits.slice(0, 9).map((k) => (
          <button type="button" class="key" key={k} onClick={() => press(k)} disabled={p.disabled}>
            {k}
          </button>
        ))}
        <button type="button" class="key key-fn" onClick={() => p.onChange('')} disabled={p.disabled} aria-label={t('keypad.clear')}>
          {t('keypad.clearShort')}
        </button>
        <button type="button" class="key" onClick={() => press(digits[9]!)} disabled={p.disabled}>
          {digits[9]}
        </button>
        <button type="button" class="key key-fn" onClick={() => p.onChange(p.value.slice(0, -1))} disabled={p.disabled} aria-label={t('keypad.delete')}>
          ⌫
        </button>
      </div>
      <button type="button" class="button primary keypad-submit" onClick={p.onSubmit} disabled={p.disabled || p.value.length === 0}>
        {p.submitLabel}
      </button>
    </div>
  );
}
