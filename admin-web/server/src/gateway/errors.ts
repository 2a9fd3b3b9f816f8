import type { GatewayErrorCode } from '@civic-kiosk/protocol/gateway';
import { ApiError } from '../errors.ts';
import { BackOfficeError } from './adapters.ts';

const MAP: Record<BackOfficeError['code'], [GatewayErrorCode, number]> = {
  timeout: ['backoffice-timeout', 504],
  unavailable: ['backoffice-unavailable', 503],
  declined: ['backoffice-declined', 422],
  'not-found': ['holder-not-found', 404],
  'already-paid': ['bill-already-paid', 409],
  'amount-mismatch': ['amount-mismatch', 409],
  'not-allowed': ['not-allowed', 409],
};

/** A back office's failure as the API error a terminal sees; `notFound` names what was missing. */
export function toGatewayError(e: unknown, notFound: GatewayErrorCode = 'holder-not-found'): unknown {
  if (!(e instanceof BackOfficeError)) return e;
  const [code, status] = MAP[e.code];
  return new ApiError(e.code === 'not-found' ? notFound : code, status, e.message);
}

/** Runs a back-office call and maps its failure. */
export async function viaBackOffice<T>(fn: () => Promise<T>, notFound?: GatewayErrorCode): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toGatewayError(e, notFound);
  }
}
