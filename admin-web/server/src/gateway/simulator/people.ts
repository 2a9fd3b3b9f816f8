/**
 * Fictional residents and accounts the simulators know. Citizen ID numbers have valid
 * ISO 7064 MOD 11-2 check digits but belong to nobody; names and addresses are invented.
 */
import { createHash } from 'node:crypto';
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
  // The holders of the virtual cards in device-drivers/src/common/sim/demo-people.ts.
  { citizenId: '310104198503122019', name: '张伟明', cardNumber: 'SH5521547', hasResidencePermit: false },
  { citizenId: '310106199207274023', name: '李秀英', cardNumber: 'SH3308861', hasResidencePermit: false },
  { citizenId: '310115197801050038', name: '王建国', cardNumber: 'SH1190352', hasResidencePermit: false },
  // The holder of the simulated ID reader's residence permit (DEMO_ID_DOCUMENTS there): derived
  // from the ID alone she would have only an application, and her permit would be unknown.
  { citizenId: '810000199003150023', name: '陈嘉欣', cardNumber: 'B50312846', hasResidencePermit: true },
];

export interface SimCard {
  cardNumber: string;
  citizenId: string;
  /** 3.00 cards answer INTERNAL AUTHENTICATE with the issuer's card key; 2.00 cards cannot. */
  version: '2.00' | '3.00';
}

/**
 * Cards the simulated back office issued. 张伟明 holds a 2.00 and a 3.00 card (the virtual
 * cards `ssc-v2` and `ssc-v3-zhang`), so the same person is served at either assurance.
 */
export const SIM_CARDS: readonly SimCard[] = [
  { cardNumber: 'A10234567', citizenId: '310115198503122042', version: '2.00' },
  { cardNumber: 'A20345678', citizenId: '31010619920718153X', version: '2.00' },
  { cardNumber: 'B30456789', citizenId: '350203197801053017', version: '2.00' },
  { cardNumber: 'A40567890', citizenId: '310115196002240068', version: '2.00' },
  { cardNumber: 'SH0021547', citizenId: '310104198503122019', version: '2.00' },
  { cardNumber: 'SH5521547', citizenId: '310104198503122019', version: '3.00' },
  { cardNumber: 'SH3308861', citizenId: '310106199207274023', version: '3.00' },
  { cardNumber: 'SH1190352', citizenId: '310115197801050038', version: '2.00' },
];

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志文'];

/** Deterministic bytes of an ID, so a derived person is the same on every run. */
export function idSeed(citizenId: string): Buffer {
  return createHash('sha256').update(`sim-person:${citizenId}`).digest();
}

/**
 * The seeded person with this ID, or a plausible one derived from the ID alone (so any valid
 * ID a tester brings has records): a name, a 2.00 card number, and a residence permit when the
 * ID's region is outside Shanghai.
 */
export function simPerson(citizenId: string): SimPerson {
  const seeded = SIM_PEOPLE.find((p) => p.citizenId === citizenId);
  if (seeded) return seeded;
  const b = idSeed(citizenId);
  const name = SURNAMES[b[0]! % SURNAMES.length]! + GIVEN[b[1]! % GIVEN.length]! + (b[2]! % 3 === 0 ? '' : GIVEN[b[3]! % GIVEN.length]!);
  return { citizenId, name, cardNumber: `D${String(b.readUInt32BE(4) % 100_000_000).padStart(8, '0')}`, hasResidencePermit: !citizenId.startsWith('31') };
}

export function isSeeded(citizenId: string): boolean {
  return SIM_PEOPLE.some((p) => p.citizenId === citizenId);
}

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

/** Keep the city and district, hide the street and number. */
export function maskAddress(address: string): string {
  const m = /^(.+?市.+?区)/.exec(address);
  return `${m ? m[1] : ''}****`;
}
