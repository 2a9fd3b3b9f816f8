import { z } from 'zod';
import { staffActor } from '../../audit/audit-log.ts';
import type { AnyRoute } from '../../http/route.ts';
import { defineRoute } from '../../http/route.ts';
import type { AppServices } from '../../services.ts';
import { SIMULATOR_TARGETS, type Gateway } from '../../gateway/back-offices.ts';
import { viaBackOffice } from '../../gateway/errors.ts';
import { FAULT_MODES } from '../../gateway/simulator/faults.ts';

const OPERATE = { staff: ['admin', 'operator'] as const };

/**
 * Staff controls of the embedded simulators: fault switches, and the payer that stands in
 * for a resident's phone. They exist only while the simulators are the configured back
 * office (otherwise they are not served at all, so 404), and like every staff route they need
 * a session in an operating role and, to change anything, its CSRF token. Where a request
 * comes from is never trusted: a reverse proxy on the same host makes everyone loopback.
 */
export function simulatorRoutes(s: AppServices, gw: Gateway): AnyRoute[] {
  const sims = gw.simulators;
  if (!sims) return [];
  const routes: AnyRoute[] = [
    defineRoute({
      method: 'GET',
      url: '/api/staff/gateway/simulators',
      summary: 'Fault modes of the simulated back offices (served only while simulators are in use)',
      tags: ['gateway', 'simulator'],
      auth: OPERATE,
      response: z.object({ simulators: z.array(z.object({ target: z.enum(SIMULATOR_TARGETS), mode: z.enum(FAULT_MODES) })) }),
      async handler() {
        return { simulators: SIMULATOR_TARGETS.map((target) => ({ target, mode: sims.fault(target).mode })) };
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/staff/gateway/simulators/:target',
      summary: 'Make a simulated back office time out, decline, go down, or behave (demos and tests)',
      tags: ['gateway', 'simulator'],
      auth: OPERATE,
      params: z.object({ target: z.enum(SIMULATOR_TARGETS) }),
      body: z.strictObject({ mode: z.enum(FAULT_MODES) }),
      response: z.object({ target: z.enum(SIMULATOR_TARGETS), mode: z.enum(FAULT_MODES) }),
      async handler({ params, body, staff }) {
        sims.fault(params.target).mode = body.mode;
        await s.audit.record(staffActor(staff), 'gateway.simulator.fault', { type: 'simulator', id: params.target }, { mode: body.mode });
        return { target: params.target, mode: body.mode };
      },
    }),
  ];
  if (gw.config.adapters.payments !== 'simulator') return routes;
  routes.push(
    defineRoute({
      method: 'POST',
      url: '/api/simulator/payments/:orderId/:action',
      summary: 'The simulated payer: complete, cancel or expire a QR order (payment simulator only; payer-cli.ts calls it)',
      tags: ['gateway', 'simulator'],
      auth: OPERATE,
      params: z.object({ orderId: z.string().min(1).max(64), action: z.enum(['complete', 'cancel', 'expire']) }),
      response: z.object({ orderId: z.string(), state: z.string() }),
      async handler({ params, staff }) {
        const result = await viaBackOffice(async () => sims.payments.payer(params.orderId, params.action), 'payment-not-found');
        await s.audit.record(staffActor(staff), 'gateway.simulator.payer', { type: 'payment-order', id: params.orderId }, { action: params.action, state: result.state });
        return result;
      },
    }),
  );
  return routes;
}
