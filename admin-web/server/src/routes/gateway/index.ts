import { BillLookupRequest, BillLookupResponse, GATEWAY_PATHS } from '@civic-kiosk/protocol/gateway';
import { BarcodeError, parseBillBarcode } from '@civic-kiosk/protocol/gateway-barcode';
import { ApiError } from '../../errors.ts';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';
import { billIdOf } from '../../gateway/bill-id.ts';
import { viaBackOffice } from '../../gateway/errors.ts';
import { simulatorRoutes } from './simulators.ts';

/** Terminal-facing bill lookup and the simulator controls; personal-data routes are in holder.ts. */
export const gatewayRoutes: RouteModule = (s) => {
  const gw = s.gateway;
  const b = gw.backOffices;
  return [
    defineRoute({
      method: 'POST',
      url: GATEWAY_PATHS.billLookup,
      summary: 'Look up utility bills by biller and account number, or by the barcode printed on a bill',
      tags: ['gateway', 'terminal'],
      auth: 'terminal',
      body: BillLookupRequest,
      response: BillLookupResponse,
      async handler({ body }) {
        let biller, account, period: string | undefined;
        if ('barcode' in body) {
          try {
            ({ biller, account, period } = parseBillBarcode(body.barcode));
          } catch (e) {
            if (e instanceof BarcodeError) throw new ApiError(e.code, 400, e.message);
            throw e;
          }
        } else ({ biller, account } = body);
        const bills = await viaBackOffice(() => b.billers[biller].lookup(account), 'bill-not-found');
        const chosen = period ? bills.filter((x) => x.period === period) : bills;
        if (period && chosen.length === 0) throw new ApiError('bill-not-found', 404, `No ${biller} bill for ${period}`);
        return { bills: chosen.slice(0, 24).map((x) => ({ ...x, billId: billIdOf(x) })) };
      },
    }),
    ...simulatorRoutes(s, gw),
  ];
};
