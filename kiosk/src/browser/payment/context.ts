/**
 * How the page gets its payment service. main starts it once: the payment code loads after
 * the first paint (it is not on the attract screen's path), reconciles the outbox, and is then
 * offered to the bill screens through PaymentsContext. Barcode scans reach the flow here.
 */
import { effect, signal, type Signal } from '@preact/signals';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { KioskBridge } from '../../common/bridge.ts';
import { SETTLED_STATES, accepts } from '../../common/payment/payment-machine.ts';
import { paymentReceipt } from '../../common/payment/receipt.ts';
import type { PaymentRecord } from '../../common/payment/types.ts';
import { translator } from '../i18n/index.ts';
import type { KioskActions } from '../state/actions.ts';
import type { KioskState } from '../state/index.ts';
import { receiptTerminal } from '../state/place.ts';
import type { PaymentService } from './service.ts';

export type PaymentsSlot = Signal<PaymentService | null>;
export const PaymentsContext = createContext<PaymentsSlot>(signal(null));

export function usePayments(): PaymentService | null {
  return useContext(PaymentsContext).value;
}

/** The receipt in the language on screen, naming the terminal by its public location. */
export function receiptFor(state: KioskState, record: PaymentRecord, reprint: boolean) {
  const lang = state.session.value.lang.value;
  const t = translator(lang);
  const r = (k: string) => t(`screens.bills.receipt.${k}`);
  return paymentReceipt(record, receiptTerminal(state.info.value, lang), state.clock.now(), {
    title: r('title'),
    biller: r('biller'),
    billerName: t(`screens.bills.biller.${record.biller}`),
    account: r('account'),
    period: r('period'),
    amount: r('amount'),
    time: r('time'),
    terminal: r('terminal'),
    reference: r('reference'),
    billerReference: r('billerReference'),
    footer: r('footer'),
    ...(reprint ? { reprint: r('reprint') } : {}),
  });
}

export function startPayments(state: KioskState, actions: KioskActions, bridge: KioskBridge): PaymentsSlot {
  const slot = signal<PaymentService | null>(null);
  void import('./service.ts').then(async ({ createPaymentService }) => {
    const service = createPaymentService({ bridge, now: () => state.clock.now(), receipt: (record, reprint) => receiptFor(state, record, reprint) });
    slot.value = service;
    const runner = service.runner;
    actions.registerSessionStore(async () => runner.release());
    bridge.on('barcode', ({ code }) => {
      const inBills = state.mode.value === 'session' && state.session.value.route.value.name === 'bills';
      if (inBills && accepts(runner.state.value, 'scan')) runner.dispatch({ type: 'scan', code });
    });
    // While money is in flight the person is at the screen (looking at a phone, not touching it).
    effect(() => {
      void state.now.value;
      if (!SETTLED_STATES.includes(runner.state.value.name) && state.mode.value === 'session') actions.activity();
    });
    await service.start();
  });
  return slot;
}
