/** Asked before leaving an open QR order: leaving cancels it (a payment already made still counts). */
import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../../state/context.ts';

export function LeaveDialog({ onStay, onLeave }: { onStay(): void; onLeave(): void }) {
  const { t } = useT();
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => stay.current?.focus(), []);
  return (
    <div class="backdrop">
      <div role="alertdialog" aria-modal="true" aria-labelledby="bills-leave-title" aria-describedby="bills-leave-text" class="dialog" data-testid="bill-leave-dialog">
        <h2 id="bills-leave-title">{t('screens.bills.leave.title')}</h2>
        <p id="bills-leave-text">{t('screens.bills.leave.text')}</p>
        <div class="dialog-actions">
          <button type="button" class="button primary" ref={stay} onClick={onStay} data-testid="bill-leave-stay">
            {t('screens.bills.leave.stay')}
          </button>
          <button type="button" class="button danger" onClick={onLeave} data-testid="bill-leave-confirm">
            {t('screens.bills.leave.confirm')}
          </button>
        </div>
      </div>
    </div>
  );
}
