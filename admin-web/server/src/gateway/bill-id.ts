/**
 * The id a bill lookup hands the terminal and the terminal hands back to pay: opaque to the
 * terminal, `biller:account:period` here (e.g. `water:20481234:2025-10`).
 */
import { BillerKind } from '@civic-kiosk/protocol/gateway';
import { ApiError } from '../errors.ts';

export interface BillRef {
  biller: BillerKind;
  account: string;
  period: string;
}

export function billIdOf(b: BillRef): string {
  return `${b.biller}:${b.account}:${b.period}`;
}

/** The bill a terminal names; anything else is a typed `bill-not-found`. */
export function parseBillId(id: string): BillRef {
  const m = /^([a-z]+):(\d{6,10}):(\d{4}-\d{2})$/.exec(id);
  const biller = m ? BillerKind.safeParse(m[1]) : undefined;
  if (!m || !biller?.success) throw new ApiError('bill-not-found', 404, 'Unknown bill id');
  return { biller: biller.data, account: m[2]!, period: m[3]! };
}
