import type { CardStatus, ContributionRecord, InsuranceType, MedicalAccount } from '@civic-kiosk/protocol/gateway';
import { BackOfficeError, type SocialSecurityAdapter } from '../adapters.ts';
import { FaultSwitch, shanghaiMonth } from './faults.ts';
import { SIM_PEOPLE, type SimPerson } from './people.ts';

/** Personal and employer contribution rates (per mille) of the simulated scheme. */
const RATES: Record<InsuranceType, [personal: number, employer: number]> = {
  pension: [80, 160],
  medical: [20, 90],
  unemployment: [5, 5],
  'work-injury': [0, 2],
  maternity: [0, 10],
};

interface CardRecord {
  status: CardStatus;
  lossKeys: Set<string>;
}

/** Simulated social insurance agency with records for the seeded people. */
export class SimulatedSocialSecurity implements SocialSecurityAdapter {
  readonly faults = new FaultSwitch('social security');
  private readonly cards = new Map<string, CardRecord>();

  constructor(private readonly now: () => number) {
    for (const p of SIM_PEOPLE) this.cards.set(p.citizenId, { status: initialCard(p, now()), lossKeys: new Set() });
  }

  async contributions(citizenId: string, from: string, to: string): Promise<ContributionRecord[]> {
    this.faults.beforeRead();
    const person = this.person(citizenId);
    const retired = person.citizenId === '310115196002240068';
    const records: ContributionRecord[] = [];
    // Seeded history: 2019-01 up to last month; base grows each July as in real schemes.
    const last = shanghaiMonth(this.now(), -1);
    for (let month = '2019-01'; month <= last && month <= to; month = nextMonth(month)) {
      if (month < from || retired) continue;
      const year = Number(month.slice(0, 4));
      const baseFen = (7310_00 + (year - 2019) * 420_00 + (Number(month.slice(5)) >= 7 ? 210_00 : 0)) * (person.cardNumber.startsWith('B') ? 1 : 2) / 2;
      for (const type of Object.keys(RATES) as InsuranceType[]) {
        const [p, e] = RATES[type];
        records.push({
          month,
          insuranceType: type,
          baseFen: Math.round(baseFen),
          personalFen: Math.round((baseFen * p) / 1000),
          employerFen: Math.round((baseFen * e) / 1000),
          employer: person.cardNumber.startsWith('B') ? '上海海棠信息科技有限公司' : '上海浦江商贸有限公司',
          status: month === last && person.citizenId === '31010619920718153X' ? 'arrears' : 'paid',
        });
      }
    }
    return records;
  }

  async medicalAccount(citizenId: string): Promise<MedicalAccount> {
    this.faults.beforeRead();
    const p = this.person(citizenId);
    const seed = Number(p.citizenId.slice(10, 14));
    return { balanceFen: 1000_00 + seed * 37, creditedThisYearFen: 2400_00, spentThisYearFen: seed * 11, asOf: new Date(this.now()).toISOString() };
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

  private person(citizenId: string): SimPerson {
    const p = SIM_PEOPLE.find((x) => x.citizenId === citizenId);
    if (!p) throw new BackOfficeError('not-found', 'no social insurance record for this person');
    return p;
  }

  private card(citizenId: string): CardRecord {
    const c = this.cards.get(this.person(citizenId).citizenId);
    if (!c) throw new BackOfficeError('not-found', 'no card');
    return c;
  }
}

function initialCard(p: SimPerson, nowMs: number): CardStatus {
  const daysAgo = (d: number) => new Date(nowMs - d * 86_400_000).toISOString();
  const replacing = p.citizenId === '310115196002240068';
  return {
    cardNumberMasked: `${p.cardNumber.slice(0, 1)}******${p.cardNumber.slice(-2)}`,
    state: 'active',
    issuedOn: '2021-03-15',
    validUntil: '2031-03-15',
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
