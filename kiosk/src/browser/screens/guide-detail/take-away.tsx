/**
 * Taking a guide's list of materials away: printed on the receipt printer, or opened on a phone
 * from a QR code of the guide's public address (`guideUrl` of the kiosk config). A printer that
 * cannot print is said plainly before anyone tries, and a print that fails says why.
 */
import { useState } from 'preact/hooks';
import { Printer, QrCode as QrIcon } from 'lucide-preact';
import type { ServiceGuide, ServicePoint } from '@civic-kiosk/protocol/content';
import type { PrintResult } from '../../../common/bridge.ts';
import { Icon } from '../../components/icon/index.tsx';
import { QrCode } from '../../components/qr-code/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';
import { materialsReceipt } from './receipt.ts';

export function guideUrl(template: string | undefined, id: string): string | undefined {
  return template?.includes('{id}') ? template.replace('{id}', encodeURIComponent(id)) : undefined;
}

export function TakeAway({ guide, points }: { guide: ServiceGuide; points: readonly ServicePoint[] }) {
  const { state, actions } = useKiosk();
  const { t, lang } = useT();
  const [printed, setPrinted] = useState<PrintResult | 'printing' | null>(null);
  const [showQr, setShowQr] = useState(false);
  const url = guideUrl(state.info.value?.guideUrl, guide.id);
  // Paper near its end still prints: only a printer that cannot print at all is said here.
  const canPrint = state.health.value['receipt-printer']?.state !== 'absent';
  const kind = (original: boolean, copies: number | undefined) =>
    `(${original ? t('screens.guide.original') : t('screens.guide.copy')}${copies ? ` × ${copies}` : ''})`;
  const print = () => {
    setPrinted('printing');
    const text = {
      heading: t('screens.guide.takeAway.heading'),
      department: t('screens.guide.department'),
      documents: t('screens.guide.documents'),
      kind,
      where: t('screens.guide.where'),
      hours: t('screens.guide.hours'),
      scan: t('screens.guide.takeAway.scan'),
      printedAt: t('screens.guide.takeAway.printedAt'),
    };
    const job = materialsReceipt(guide, points, lang, text, url, new Date(state.clock.now()).toLocaleString(lang));
    void actions.printer.print(job).then(setPrinted, () => setPrinted({ ok: false, error: 'failed' }));
    actions.activity();
  };
  const failed = printed && printed !== 'printing' && !printed.ok ? printed.error : undefined;
  return (
    <section class="take-away" aria-labelledby="take-away-title">
      <h2 id="take-away-title">{t('screens.guide.takeAway.title')}</h2>
      {!canPrint && (
        <p role="status" class="not-ok-text" data-testid="take-away-printer-out">
          {t('screens.guide.takeAway.printerOut')} {url ? t('screens.guide.takeAway.useQr') : ''}
        </p>
      )}
      <div class="take-away-actions">
        <button type="button" class="button" onClick={print} disabled={!canPrint || printed === 'printing'} aria-disabled={!canPrint || printed === 'printing'} data-testid="take-away-print">
          <Icon icon={Printer} /> {t('screens.guide.takeAway.print')}
        </button>
        {url && (
          <button type="button" class="button" aria-pressed={showQr} onClick={() => setShowQr(!showQr)} data-testid="take-away-qr">
            <Icon icon={QrIcon} /> {t('screens.guide.takeAway.phone')}
          </button>
        )}
      </div>
      {printed && printed !== 'printing' && (
        <p role="status" class={printed.ok ? 'ok-text' : 'not-ok-text'} data-testid="take-away-printed" data-ok={String(printed.ok)}>
          {printed.ok ? t('screens.guide.takeAway.printed') : t(`screens.guide.takeAway.failed.${failed === 'paper-out' || failed === 'cover-open' ? failed : 'other'}`)}
          {!printed.ok && url ? ` ${t('screens.guide.takeAway.useQr')}` : ''}
        </p>
      )}
      {showQr && url && (
        <figure class="take-away-qr">
          <QrCode payload={url} label={t('screens.guide.takeAway.qrLabel', { matter: guide.matter[lang] })} class="guide-qr" testId="guide-qr" />
          <figcaption>{t('screens.guide.takeAway.scan')}</figcaption>
        </figure>
      )}
    </section>
  );
}
