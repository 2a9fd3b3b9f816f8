/**
 * Fictional people for the simulators and the demo. Citizen IDs are Shanghai region codes with
 * valid ISO 7064 MOD 11-2 check digits (a test re-checks them); names are invented.
 */
import type { IdCardData } from '../device-results.ts';

export interface DemoSocialSecurityHolder {
  readonly cardIdentificationCode: string;
  readonly cardType: number;
  readonly version: '2.00' | '3.00';
  readonly issuer: string;
  readonly issueDate: string;
  readonly expiryDate: string;
  readonly cardNumber: string;
  readonly citizenId: string;
  readonly name: string;
  readonly sex: '1' | '2';
  readonly ethnicity: string;
  readonly birthplace: string;
  readonly birthDate: string;
}

/** 张伟明, who holds both a 2.00 and a 3.00 card. */
const ZHANG_WEIMING = {
  cardIdentificationCode: '310104D156000005',
  cardType: 1,
  version: '2.00',
  issuer: '310100000001',
  issueDate: '2019-06-18',
  expiryDate: '2029-06-18',
  cardNumber: 'SH0021547',
  citizenId: '310104198503122019',
  name: '张伟明',
  sex: '1',
  ethnicity: '01',
  birthplace: '310104',
  birthDate: '1985-03-12',
} as const satisfies DemoSocialSecurityHolder;

export const DEMO_SOCIAL_SECURITY_HOLDERS = {
  zhangWeiming: ZHANG_WEIMING,
  /** The same person's 3.00 card: card authentication gives the back office a cryptogram. */
  zhangWeimingV3: {
    ...ZHANG_WEIMING,
    cardIdentificationCode: '310104D156000931',
    version: '3.00',
    issuer: '310100000002',
    issueDate: '2024-09-02',
    expiryDate: '2034-09-02',
    cardNumber: 'SH5521547',
  },
  liXiuying: {
    cardIdentificationCode: '310106D156000112',
    cardType: 1,
    version: '3.00',
    issuer: '310100000002',
    issueDate: '2023-02-09',
    expiryDate: '2033-02-09',
    cardNumber: 'SH3308861',
    citizenId: '310106199207274023',
    name: '李秀英',
    sex: '2',
    ethnicity: '01',
    birthplace: '310106',
    birthDate: '1992-07-27',
  },
  wangJianguo: {
    cardIdentificationCode: '310115D156000427',
    cardType: 1,
    version: '2.00',
    issuer: '310100000003',
    issueDate: '2016-11-01',
    expiryDate: '2026-11-01',
    cardNumber: 'SH1190352',
    citizenId: '310115197801050038',
    name: '王建国',
    sex: '1',
    ethnicity: '01',
    birthplace: '310115',
    birthDate: '1978-01-05',
  },
} as const satisfies Record<string, DemoSocialSecurityHolder>;

export const DEMO_ID_DOCUMENTS = {
  'id-card': {
    kind: 'id-card',
    name: '赵丽华',
    sex: '2',
    ethnicity: '01',
    birthDate: '1988-09-18',
    address: '上海市徐汇区漕溪北路88弄3号1201室',
    idNumber: '310104198809180027',
    issuer: '上海市公安局徐汇分局',
    validFrom: '2018-10-09',
    validTo: '2038-10-09',
  },
  'residence-permit': {
    kind: 'residence-permit',
    name: '陈嘉欣',
    sex: '2',
    ethnicity: '',
    birthDate: '1990-03-15',
    address: '上海市长宁区仙霞路99号',
    idNumber: '810000199003150023',
    issuer: '上海市公安局',
    validFrom: '2021-05-20',
    validTo: '2026-05-20',
  },
  'foreign-permanent-residence': {
    kind: 'foreign-permanent-residence',
    name: '林安娜',
    sex: '2',
    ethnicity: '',
    birthDate: '1987-04-22',
    address: '',
    idNumber: '931702198704220017',
    issuer: '国家移民管理局',
    validFrom: '2024-01-10',
    validTo: 'long-term',
  },
} as const satisfies Record<string, IdCardData>;
