/**
 * `payments.*`: bill payment through the gateway. Each call is one request to its fixed route,
 * built and signed here from validated arguments; a payment view must be about the key asked
 * for, or the page gets `malformed-answer` instead of another payment.
 */
import { BillLookupResponse, GATEWAY_PATHS, PaymentView } from '@civic-kiosk/protocol/gateway';
import type { ServiceHandlers } from '../../common/bridge-channels.ts';
import type { GatewayClient } from '../gateway/gateway-client.ts';

const viewOf = (idempotencyKey: string) => PaymentView.refine((v) => v.idempotencyKey === idempotencyKey, 'a payment view for another key');

export function paymentHandlers(gateway: GatewayClient): ServiceHandlers<'payments'> {
  return {
    'payments.lookup': async (request) => gateway.post(GATEWAY_PATHS.billLookup, request, BillLookupResponse),
    'payments.create': async (request) => gateway.post(GATEWAY_PATHS.payments, request, viewOf(request.idempotencyKey)),
    'payments.status': async ({ idempotencyKey }) => gateway.get(GATEWAY_PATHS.payment(idempotencyKey), viewOf(idempotencyKey)),
    'payments.cancel': async ({ idempotencyKey }) => gateway.post(GATEWAY_PATHS.paymentCancel(idempotencyKey), {}, viewOf(idempotencyKey)),
  };
}
