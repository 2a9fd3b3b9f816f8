/**
 * Fictional residents and accounts the simulators know. Citizen ID numbers have valid
 * ISO 7064 MOD 11-2 check digits but belong to nobody; names and addresses are invented.
 */
import type { BillerKind } from '@civic-kiosk/protocol/gateway';

export interface SimPerson {
  citizenId: string;
  name: string;
  cardNumber: string;
  hasResidencePermit: boolean;
}

export const SIM_PEOPLE: readonly SimPerson[] = [
  { citizenId: '310115198503122042', name: '张丽华', cardNumber: 'A10234567', hasResidencePermit: false },
  { citizenId: '31010619920718153X', name: '王志强', cardNumber: 'A20345678', hasResidencePermit: false },
  { citizenId: '350203197801053017', name: '陈思远', cardNumber: 'B30456789', hasResidencePermit: true },
  { citizenId: '310115196002240068', name: '刘桂英', cardNumber: 'A40567890', hasResidencePermit: false },
];

export interface SimAccount {
  biller: BillerKind;
  account: string;
  holder: string;
  address: string;
  /** Unpaid bills: months before the current one (0 = this month's bill) → amount in fen. */
  unpaid: Record<number, number>;
}

export const SIM_ACCOUNTS: readonly SimAccount[] = [
  { biller: 'water', account: '20481234', holder: '张丽华', address: '上海市浦江区临港路128弄5号602室', unpaid: { 1: 8650 } },
  { biller: 'water', account: '20485678', holder: '王志强', address: '上海市浦江区银杏路36号1203室', unpaid: { 2: 7120, 1: 6980 } },
  { biller: 'power', account: '88001234', holder: '张丽华', address: '上海市浦江区临港路128弄5号602室', unpaid: { 0: 15620 } },
  { biller: 'power', account: '88004321', holder: '刘桂英', address: '上海市浦江区梧桐街9弄2号101室', unpaid: { 0: 9340 } },
  { biller: 'gas', account: '5500123', holder: '陈思远', address: '上海市浦江区海棠路77号803室', unpaid: { 1: 4321 } },
  { biller: 'gas', account: '5500456', holder: '王志强', address: '上海市浦江区银杏路36号1203室', unpaid: {} },
  { biller: 'telecom', account: '60217788', holder: '陈思远', address: '上海市浦江区海棠路77号803室', unpaid: { 0: 12800 } },
  { biller: 'telecom', account: '60219900', holder: '刘桂英', address: '上海市浦江区梧桐街9弄2号101室', unpaid: { 0: 5800 } },
];

/** `张丽华` → `张*华`, `王强` → `王*`. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 2) return `${chars[0] ?? ''}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Keep the city and district, hide the street and number. */
export function maskAddress(address: string): string {
  const m = /^(.+?市.+?区)/.exec(address);
  return `${m ? m[1] : ''}****`;
}
