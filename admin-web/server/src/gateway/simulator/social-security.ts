import { timingSafeEqual } from 'node:crypto';
import { cardCryptogram, diversifyCardKey } from '@civic-kiosk/protocol/card-authentication';
import type { CardStatus, ContributionRecord, InsuranceType, MedicalAccount } from '@civic-kiosk/protocol/gateway';
import { shanghaiDay, shanghaiMonth } from '@civic-kiosk/protocol/china-time';
import { BackOfficeError, type KnownCard, type SocialSecurityAdapter } from '../adapters.ts';
import { FaultSwitch } from './faults.ts';
import { idSeed, isSeeded, SIM_CARDS, simPerson, type SimPerson } from './people.ts';

/** Personal and employer contribution rates (per mille) of the simulated scheme. */
const RATES: Record<InsuranceType, [personal: number, employer: number]> = {
  pension: [80, 160],
  medical: [20, 90],
  unemployment: [5, 5],
  'work-injury': [0, 2],
  maternity: [0, 10],
};

const EMPLOYERS = ['上海浦江商贸有限公司', '上海海棠信息科技有限公司', '浦江区银杏物业管理有限公司', '上海临港精密机械有限公司', '浦江区梧桐餐饮管理有限公司'];
const CLINICS = ['门诊 浦江区中心医院', '药店 浦江大药房', '门诊 临港社区卫生服务中心', '门诊 海棠路中医门诊部'];
const RETIRED = '310115196002240068';
const IN_ARREARS = '31010619920718153X';
const DAY_MS = 86_400_000;

interface CardRecord {
  status: CardStatus;
  lossKeys: Set<string>;
}

/**
 * Simulated social insurance agency. Seeded people keep their fixed records; any other valid
 * citizen ID gets plausible records derived from the ID, so a tester's own card works. It
 * holds the (demo) issuer master key and checks 3.00 cards' cryptograms with it.
 */
export class SimulatedSocialSecurity implements SocialSecurityAdapter {
  readonly faults = new FaultSwitch('social security');
  private readonly cards = new Map<string, CardRecord>();

  constructor(
    private readonly now: () => number,
    private readonly issuerMasterKey: Uint8Array,
  ) {}

  async identifyCard(cardNumber: string, citizenId: string): Promise<KnownCard | undefined> {
    this.faults.beforeRead();
    const card = SIM_CARDS.find((c) => c.cardNumber === cardNumber);
    const person = simPerson(citizenId);
    if (card) return card.citizenId === citizenId ? { name: person.name, version: card.version, authenticates: card.version === '3.00' } : undefined;
    // Seeded people's cards are all known. Anyone else's card is taken as the 2.00 card of the
    // person it is presented with: a demo convenience of the simulator, not of a back office.
    return isSeeded(citizenId) ? undefined : { name: person.name, version: '2.00', authenticates: false };
  }

  async verifyCardCryptogram(cardNumber: string, challenge: Uint8Array, cryptogram: Uint8Array): Promise<boolean> {
    this.faults.beforeRead();
    const expected = await cardCryptogram(await diversifyCardKey(this.issuerMasterKey, cardNumber), challenge);
    return cryptogram.length === expected.length && timingSafeEqual(cryptogram, expected);
  }

  async contributions(citizenId: string, from: string, to: string): Promise<ContributionRecord[]> {
    this.faults.beforeRead();
    const person = simPerson(citizenId);
    if (person.citizenId === RETIRED) return [];
    const seed = idSeed(citizenId);
    const seeded = isSeeded(citizenId);
    const first = seeded ? '2019-01' : `${2010 + (seed[8]! % 10)}-01`;
    const employer = seeded ? (person.cardNumber.startsWith('B') ? EMPLOYERS[1]! : EMPLOYERS[0]!) : EMPLOYERS[seed[9]! % EMPLOYERS.length]!;
    const factor = seeded ? (person.cardNumber.startsWith('B') ? 1 : 2) / 2 : 0.6 + (seed[10]! % 9) / 10;
    const records: ContributionRecord[] = [];
    // History up to last month; the base grows each July as in real schemes.
    const last = shanghaiMonth(this.now(), -1);
    const start = from > first ? from : first;
    for (let month = start; month <= last && month <= to; month = nextMonth(month)) {
      const year = Number(month.slice(0, 4));
      const baseFen = Math.round((7310_00 + (year - 2019) * 420_00 + (Number(month.slice(5)) >= 7 ? 210_00 : 0)) * factor);
      for (const type of Object.keys(RATES) as InsuranceType[]) {
        const [p, e] = RATES[type];
        records.push({
          month,
          insuranceType: type,
          baseFen,
          personalFen: Math.round((baseFen * p) / 1000),
          employerFen: Math.round((baseFen * e) / 1000),
          employer,
          status: month === last && person.citizenId === IN_ARREARS ? 'arrears' : 'paid',
        });
      }
    }
    return records;
  }

  async medicalAccount(citizenId: string): Promise<MedicalAccount> {
    this.faults.beforeRead();
    const seed = Number(simPerson(citizenId).citizenId.slice(10, 14));
    const bytes = idSeed(citizenId);
    const t = this.now();
    const recentEntries: MedicalAccount['recentEntries'] = [];
    for (let i = 0; i < 6; i++) {
      const day = shanghaiDay(t - (i * 13 + 3) * DAY_MS);
      recentEntries.push(
        i % 2 === 0
          ? { day, kind: 'credit', amountFen: 200_00, description: '个人账户划入' }
          : { day, kind: 'spend', amountFen: 1_00 * (20 + (bytes[i]! % 180)), description: CLINICS[bytes[i + 6]! % CLINICS.length]! },
      );
    }
    return { balanceFen: 1000_00 + seed * 37, creditedThisYearFen: 2400_00, spentThisYearFen: seed * 11, asOf: new Date(t).toISOString(), recentEntries };
  }

  async cardStatus(citizenId: string): Promise<CardStatus> {
    this.faults.beforeRead();
    return structuredClone(this.card(citizenId).status);
  }

  async reportLoss(citizenId: string, key: string): Promise<CardStatus> {
    const card = this.card(citizenId);
    if (card.lossKeys.has(key)) return structuredClone(card.status);
    this.faults.beforeWrite();
    if (card.status.state !== 'active') throw new BackOfficeError('not-allowed', `card is ${card.status.state}`);
    card.status.state = 'temporarily-lost';
    card.status.lossReportedAt = new Date(this.now()).toISOString();
    card.lossKeys.add(key);
    this.faults.afterWrite();
    return structuredClone(card.status);
  }

  async cancelLossReport(citizenId: string): Promise<CardStatus> {
    this.faults.beforeWrite();
    const card = this.card(citizenId);
    if (card.status.state === 'temporarily-lost') {
      card.status.state = 'active';
      card.status.lossReportedAt = null;
    } else if (card.status.state !== 'active') throw new BackOfficeError('not-allowed', `card is ${card.status.state}`);
    return structuredClone(card.status);
  }

  /** The person's card record, made on first use (state is in memory, like every simulator's). */
  private card(citizenId: string): CardRecord {
    let c = this.cards.get(citizenId);
    if (!c) {
      c = { status: initialCard(simPerson(citizenId), this.now()), lossKeys: new Set() };
      this.cards.set(citizenId, c);
    }
    return c;
  }
}

function initialCard(p: SimPerson, nowMs: number): CardStatus {
  const daysAgo = (d: number) => new Date(nowMs - d * DAY_MS).toISOString();
  const replacing = p.citizenId === RETIRED;
  const issueYear = isSeeded(p.citizenId) ? 2021 : 2015 + (idSeed(p.citizenId)[12]! % 9);
  return {
    cardNumberMasked: `${p.cardNumber.slice(0, 1)}******${p.cardNumber.slice(-2)}`,
    state: 'active',
    issuedOn: `${issueYear}-03-15`,
    validUntil: `${issueYear + 10}-03-15`,
    lossReportedAt: null,
    applications: replacing
      ? [{ applicationId: 'SB2025110300017', kind: 'replacement', stage: 'producing', submittedAt: daysAgo(23), updatedAt: daysAgo(16), collectAt: '浦江区社区事务受理服务中心' }]
      : [],
  };
}

function nextMonth(m: string): string {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
}
