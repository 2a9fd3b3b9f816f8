/**
 * On-screen keyboard for text (the kiosk has no physical one): letters and space (plus the
 * rows a field needs: digits for a reference, URL signs for enrolment), and,
 * when the owner gives a candidate source, Chinese through pinyin: letters typed in 中 mode
 * gather as pinyin (`composition`) above a row of candidate words; touching a word puts it in
 * the text and keeps the letters it did not convert. Controlled: the owner keeps both value and
 * composition (in session state, so the idle wipe clears them). Every key has an accessible name.
 */
import { useState } from 'preact/hooks';
import { Delete, KeyboardOff, X } from 'lucide-preact';
import type { Candidate } from '../../../common/search/candidates.ts';
import { useT } from '../../state/context.ts';
import { Icon } from '../icon/index.tsx';
import './text-keyboard.css';

// Letters only: what residents search by (names, keywords, pinyin); four rows leave room for the results.
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const CANDIDATES_SHOWN = 12;

export interface TextKeyboardProps {
  /** Accessible name of the keyboard, e.g. "Search keyboard". */
  label: string;
  value: string;
  composition: string;
  onChange(value: string, composition: string): void;
  /** Candidate words for typed pinyin; without it the keyboard types letters only. `null` while loading. */
  candidates?: ((typed: string, limit: number) => Candidate[]) | null;
  maxLength: number;
  /** Rows above the letters, e.g. digits; each string one row of keys. */
  extraRows?: readonly string[];
  /** Offers a key that hides the keyboard. */
  onClose?(): void;
}

export function TextKeyboard(p: TextKeyboardProps) {
  const { t } = useT();
  const [pinyin, setPinyin] = useState(p.candidates !== undefined);
  const chinese = pinyin && p.candidates !== undefined;
  const room = (n: number) => p.value.length + p.composition.length + n <= p.maxLength;
  const type = (ch: string) => {
    if (!room(ch.length)) return;
    if (chinese && /^[a-z]$/.test(ch)) p.onChange(p.value, p.composition + ch);
    else p.onChange(p.value + p.composition + ch, '');
  };
  const pick = (c: Candidate) => p.onChange(p.value + c.word, p.composition.slice(c.consumed));
  const erase = () => (p.composition ? p.onChange(p.value, p.composition.slice(0, -1)) : p.onChange(Array.from(p.value).slice(0, -1).join(''), ''));
  const found = chinese && p.composition && p.candidates ? p.candidates(p.composition, CANDIDATES_SHOWN) : [];
  return (
    <div class="text-keyboard" role="group" aria-label={p.label} data-testid="text-keyboard">
      {chinese && (
        <div class="kb-candidates" role="group" aria-label={t('keyboard.candidates')} data-testid="kb-candidates">
          <span class="kb-composition" aria-live="polite" data-testid="kb-composition">
            {p.composition ? p.composition : t(p.candidates === null ? 'keyboard.loading' : 'keyboard.typePinyin')}
          </span>
          {found.map((c) => (
            <button type="button" key={c.word} class="key kb-candidate" lang="zh-CN" onClick={() => pick(c)}>
              {c.word}
            </button>
          ))}
        </div>
      )}
      {[...(p.extraRows ?? []), ...ROWS].map((row) => (
        <div class="kb-row" key={row}>
          {Array.from(row, (ch) => (
            <button type="button" key={ch} class="key kb-key" onClick={() => type(ch)}>
              {ch}
            </button>
          ))}
          {row === 'zxcvbnm' && (
            <button type="button" class="key kb-key kb-fn" onClick={erase} aria-label={t('keyboard.delete')}>
              <Icon icon={Delete} />
            </button>
          )}
        </div>
      ))}
      <div class="kb-row">
        {p.candidates !== undefined && (
          <button type="button" class="key kb-fn" aria-pressed={chinese} onClick={() => (p.composition && p.onChange(p.value + p.composition, ''), setPinyin(!pinyin))} aria-label={t('keyboard.pinyinMode')}>
            {chinese ? '中' : 'EN'}
          </button>
        )}
        <button type="button" class="key kb-space" onClick={() => (found[0] ? pick(found[0]) : type(' '))} aria-label={t('keyboard.space')}>
          {t('keyboard.spaceShort')}
        </button>
        <button type="button" class="key kb-fn" onClick={() => p.onChange('', '')} aria-label={t('keyboard.clear')}>
          <Icon icon={X} />
        </button>
        {p.onClose && (
          <button type="button" class="key kb-fn" onClick={p.onClose} aria-label={t('keyboard.close')} data-testid="kb-close">
            <Icon icon={KeyboardOff} />
          </button>
        )}
      </div>
    </div>
  );
}
