/** The countdown before an idle session is wiped, with one big "continue" button. */
import { useEffect, useRef } from 'preact/hooks';
import { useKiosk, useT } from '../../state/context.ts';
import { speak } from '../../state/speech.ts';

export function IdleDialog({ remainingMs }: { remainingMs: number }) {
  const { state, actions } = useKiosk();
  const { t, lang } = useT();
  const button = useRef<HTMLButtonElement>(null);
  const seconds = Math.ceil(remainingMs / 1000);
  useEffect(() => {
    button.current?.focus();
    // Said once, when it appears: a person who cannot read it in time still hears why.
    if (state.session.value.elderly.value) speak(`${t('idle.title')} ${t('idle.text', { n: seconds })}`, lang);
  }, []);
  return (
    // Touching outside the dialog also continues; the touch never reaches the screen beneath.
    <div class="backdrop" onClick={(e) => e.target === e.currentTarget && actions.activity()}>
      <div role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-text" class="dialog" data-testid="idle-dialog">
        <h2 id="idle-title">{t('idle.title')}</h2>
        <p id="idle-text">{t('idle.text', { n: seconds })}</p>
        <div class="dialog-actions">
          <button type="button" class="button primary" ref={button} onClick={actions.activity}>
            {t('idle.continue')}
          </button>
          <button type="button" class="button" onClick={() => void actions.wipe()}>
            {t('idle.finish')}
          </button>
        </div>
      </div>
    </div>
  );
}
