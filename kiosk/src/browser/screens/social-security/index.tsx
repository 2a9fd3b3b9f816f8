/**
 * Social-security card services: insert the card, enter the PIN on the on-screen pad, then the
 * services of the holder session the privileged side opened. One route whose body follows the
 * step; the person's data lives only in this component's state, so the wipe (idle, finish,
 * card pulled: see state/bridge-events.ts) unmounts it with the screen.
 */
import { useEffect, useState } from 'preact/hooks';
import type { HolderSessionInfo, SocialSecurityOpenOutcome } from '../../../common/bridge.ts';
import { cardProblemSpeech, Problem, Waiting } from '../../components/holder/index.tsx';
import { Screen } from '../../components/screen/index.tsx';
import type { ScreenProps } from '../registry.ts';
import { useKiosk, useT } from '../../state/context.ts';
import { Blocked, InsertCard } from './insert.tsx';
import { PinEntry, stepAfterPinRefusal } from './pin.tsx';
import { ServiceMenu } from './menu.tsx';
import type { CardService } from './menu.tsx';
import { ReportLoss } from './report-loss.tsx';
import './social-security.css';

export type Step =
  | { name: 'insert' }
  | { name: 'pin'; triesLeft?: number }
  | { name: 'opening' }
  | { name: 'blocked' }
  | { name: 'failed'; code: string }
  | { name: 'report-loss' }
  | { name: 'services'; holder: HolderSessionInfo; service: CardService | null };

export function stepAfterOpen(o: SocialSecurityOpenOutcome): Step {
  if (o.outcome === 'opened') return { name: 'services', holder: { holder: o.holder, assurance: o.assurance, services: o.services }, service: null };
  return stepAfterPinRefusal(o);
}

export default function SocialSecurity({ params }: ScreenProps) {
  const { state, actions } = useKiosk();
  const { t } = useT();
  const readerAbsent = state.health.value['card-reader']?.state === 'absent';
  const cardIn = state.cards.value['social-security'] || params.card === 'inserted';
  const [step, setStep] = useState<Step>(cardIn ? { name: 'pin' } : { name: 'insert' });
  // A card put in while the slot drawing shows goes straight to the PIN pad.
  useEffect(() => {
    if (cardIn && step.name === 'insert') setStep({ name: 'pin' });
  }, [cardIn]);
  const shown: Step = readerAbsent && (step.name === 'insert' || step.name === 'pin') ? { name: 'failed', code: 'reader-absent' } : step;
  const shownStep = shown.name === 'services' ? (shown.service ?? 'menu') : shown.name;
  const guidance = (shown.name === 'failed' && cardProblemSpeech(shown.code)) || `socialSecurity.${shownStep}`;
  useEffect(() => actions.guide(guidance), [guidance]);
  // A loss report reads the ID card on the ID reader; every other step the card in the slot.
  const reader = shown.name === 'report-loss' ? 'id' : 'social-security';
  useEffect(() => actions.holdReader(reader), [reader]);

  const open = (pin: string) => {
    setStep({ name: 'opening' });
    void actions.socialSecurity.open({ pin }).then(
      (o) => setStep(stepAfterOpen(o)),
      () => setStep({ name: 'failed', code: 'offline' }),
    );
  };

  return (
    <Screen title={t('screens.social-security.title')}>
      <div class="card-service" data-step={shown.name}>
        {shown.name === 'insert' && <InsertCard onInserted={() => setStep({ name: 'pin' })} onLost={() => setStep({ name: 'report-loss' })} />}
        {shown.name === 'pin' && <PinEntry triesLeft={shown.triesLeft} onPin={open} />}
        {shown.name === 'opening' && <Waiting text={t('screens.social-security.opening')} />}
        {shown.name === 'blocked' && <Blocked />}
        {shown.name === 'failed' && (
          <Problem code={shown.code} retry={shown.code === 'reader-absent' ? undefined : () => setStep({ name: 'insert' })} retryLabel={t('screens.social-security.again')} />
        )}
        {shown.name === 'report-loss' && <ReportLoss />}
        {shown.name === 'services' && <ServiceMenu holder={shown.holder} service={shown.service} choose={(service) => setStep({ ...shown, service })} />}
      </div>
    </Screen>
  );
}
