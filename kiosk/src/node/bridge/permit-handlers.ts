/**
 * `permit.*`: residence-permit services. `read` proves the holder with the document on the ID
 * reader (its SAM checks the chip); the page learns the kind and the masked name, never the
 * photo or the fields. The other calls use the holder session open on this side.
 */
import { EndorsementResult, GATEWAY_PATHS, PermitApplicationsResponse, ResidencePermitStatus } from '@civic-kiosk/protocol/gateway';
import type { ServiceHandlers } from '../../common/bridge-channels.ts';
import { proveWithIdDocument } from '../holder/proofs.ts';
import type { HolderHandlerDeps } from './social-security-handlers.ts';

export function permitHandlers({ holder, devices }: Omit<HolderHandlerDeps, 'newKey'>): ServiceHandlers<'permit'> {
  return {
    'permit.read': async () => {
      const opened = await holder.open('id-document', 'id', (challenge) => proveWithIdDocument(devices, challenge));
      if (!opened.ok) return opened.failure;
      const { holder: masked, assurance, services } = opened.session;
      return { outcome: 'opened', kind: opened.detail.kind, holder: masked, assurance, services };
    },
    'permit.status': async () => holder.call('permit-status', GATEWAY_PATHS.permitStatus, {}, ResidencePermitStatus),
    'permit.endorse': async ({ idempotencyKey }) => holder.call('permit-endorsement', GATEWAY_PATHS.permitEndorsement, { idempotencyKey }, EndorsementResult),
    'permit.progress': async () => holder.call('permit-application', GATEWAY_PATHS.permitApplications, {}, PermitApplicationsResponse),
  };
}
