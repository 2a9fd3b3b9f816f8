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
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function Keypad(p: KeypadProps) {
  const { t } = useT();
  const press = (digit: string) => {
    if (!p.disabled && p.value.length < p.maxLength) p.onChange(p.value + digit);
  };
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
        {KEYS.map((k) => (
          <button type="button" class="key" key={k} onClick={() => press(k)} disabled={p.disabled}>
            {k}
          </button>
        ))}
        <button type="button" class="key key-fn" onClick={() => p.onChange('')} disabled={p.disabled} aria-label={t('keypad.clear')}>
          {t('keypad.clearShort')}
        </button>
        <button type="button" class="key" onClick={() => press('0')} disabled={p.disabled}>
          0
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
