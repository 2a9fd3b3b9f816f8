/**
 * `socialSecurity.*`: the card services. `open` proves the holder with the card in the card
 * reader; every other call goes out on the holder session the privileged side opened, never
 * on anything the page names. Reporting a card lost takes the ID card instead (the card is
 * not at hand).
 */
import { CardStatus, ContributionsResponse, ContributionStatement, GATEWAY_PATHS, MedicalAccount } from '@civic-kiosk/protocol/gateway';
import type { GatewayAnswer } from '../../common/bridge.ts';
import type { ServiceHandlers } from '../../common/bridge-channels.ts';
import { statementReceipt } from '../../common/social-security/statement-receipt.ts';
import type { KioskDevices } from '../devices.ts';
import { gatewayFailure } from '../gateway/gateway-client.ts';
import type { HolderSessionKeeper } from '../holder/holder-session.ts';
import { proveWithCard, proveWithIdDocument } from '../holder/proofs.ts';

export interface HolderHandlerDeps {
  holder: HolderSessionKeeper;
  devices: KioskDevices;
  /** Idempotency keys this side makes (statements); crypto.randomUUID outside tests. */
  newKey: () => string;
}

export function socialSecurityHandlers({ holder, devices, newKey }: HolderHandlerDeps): ServiceHandlers<'socialSecurity'> {
  return {
    'socialSecurity.open': async ({ pin }) => {
      const opened = await holder.open('social-security-card', 'social-security', (challenge) => proveWithCard(devices, pin, challenge));
      if (!opened.ok) return opened.failure;
      const { holder: masked, assurance, services } = opened.session;
      return { outcome: 'opened', cardVersion: opened.detail.cardVersion, holder: masked, assurance, services };
    },
    'socialSecurity.contributions': async (range) => holder.call('contributions', GATEWAY_PATHS.contributions, range, ContributionsResponse),
    'socialSecurity.medicalAccount': async () => holder.call('medical-account', GATEWAY_PATHS.medicalAccount, {}, MedicalAccount),
    'socialSecurity.cardStatus': async () => holder.call('card-status', GATEWAY_PATHS.card, {}, CardStatus),
    'socialSecurity.reportLoss': async ({ idempotencyKey }): Promise<GatewayAnswer<CardStatus>> => {
      if (!holder.allows('loss-report')) {
        const opened = await holder.open('id-document', 'id', (challenge) => proveWithIdDocument(devices, challenge));
        if (!opened.ok) return gatewayFailure(0, opened.failure.outcome === 'refused' ? opened.failure.code : opened.failure.outcome);
      }
      return holder.call('loss-report', GATEWAY_PATHS.lossReport, { idempotencyKey }, CardStatus);
    },
    'socialSecurity.cancelLossReport': async () => holder.call('loss-report-cancel', GATEWAY_PATHS.lossReportCancel, {}, CardStatus),
    'socialSecurity.printStatement': async ({ from, to, lang }) => {
      const issued = await holder.call('contribution-statement', GATEWAY_PATHS.contributionStatement, { from, to, idempotencyKey: newKey() }, ContributionStatement);
      if (!issued.ok) return issued;
      const print = await devices.printReceipt(statementReceipt(issued.value, lang));
      return { ok: true, value: { statement: issued.value, print } };
    },
  };
}
