import type { ApplicationProgress, EndorsementResult, ResidencePermitStatus } from '@civic-kiosk/protocol/gateway';
import { shanghaiDay } from '@civic-kiosk/protocol/china-time';
import { BackOfficeError, type ResidencePermitAdapter } from '../adapters.ts';
import { FaultSwitch } from './faults.ts';
import { idSeed, isSeeded, simPerson } from './people.ts';

const DAY_MS = 86_400_000;
const STAGES: ApplicationProgress['stage'][] = ['submitted', 'reviewing', 'producing', 'ready-for-collection'];
/** What the simulated police station asks an applicant to bring when it wants to see papers. */
const DOCUMENTS = ['居住证原件', '居民身份证原件', '房屋租赁合同或产权证明', '劳动合同或营业执照'];
const COLLECT_AT = '浦江区社区事务受理服务中心（海棠路77号）';

interface Permit {
  status: ResidencePermitStatus;
  /** First answer per idempotency key. */
  answers: Map<string, EndorsementResult>;
}

/**
 * Simulated public-security residence permit system. Seeded people keep their fixed permits;
 * for any other valid citizen ID the answer is derived from the ID: a holder whose ID region
 * is outside Shanghai has a permit (or, for some, an application in progress), with an
 * endorsement due in the coming weeks.
 */
export class SimulatedResidencePermits implements ResidencePermitAdapter {
  readonly faults = new FaultSwitch('residence permit');
  private readonly permits = new Map<string, Permit | null>();
  private readonly pending = new Map<string, ApplicationProgress[]>();

  constructor(private readonly now: () => number) {}

  async status(citizenId: string): Promise<ResidencePermitStatus> {
    this.faults.beforeRead();
    return structuredClone(this.permit(citizenId).status);
  }

  async requestEndorsement(citizenId: string, key: string): Promise<EndorsementResult> {
    const permit = this.permit(citizenId);
    const earlier = permit.answers.get(key);
    if (earlier) return structuredClone(earlier);
    this.faults.beforeWrite();
    const e = permit.status.endorsement;
    if (e.state === 'endorsed' || e.state === 'requested') throw new BackOfficeError('not-allowed', `endorsement already ${e.state}`);
    const t = this.now();
    const outcome = isSeeded(citizenId) ? 0 : idSeed(citizenId)[20]! % 3;
    const at = new Date(t).toISOString();
    const applicationId = `JZ${shanghaiDay(t).replaceAll('-', '')}${citizenId.slice(-5)}`;
    let answer: EndorsementResult;
    if (outcome === 1) {
      e.state = 'endorsed';
      e.lastEndorsedOn = shanghaiDay(t);
      answer = { result: 'endorsed', bring: [], status: permit.status };
    } else {
      e.state = 'requested';
      const documents = outcome === 2;
      permit.status.applications.push({ applicationId, kind: 'permit-renewal', stage: documents ? 'reviewing' : 'submitted', submittedAt: at, updatedAt: at, collectAt: documents ? COLLECT_AT : null });
      answer = { result: documents ? 'documents-required' : 'submitted', bring: documents ? DOCUMENTS.slice(0, 2 + (idSeed(citizenId)[21]! % 3)) : [], status: permit.status };
    }
    answer = structuredClone(answer);
    permit.answers.set(key, answer);
    this.faults.afterWrite();
    return structuredClone(answer);
  }

  async applications(citizenId: string): Promise<ApplicationProgress[]> {
    this.faults.beforeRead();
    const permit = this.lookup(citizenId);
    return structuredClone(permit ? permit.status.applications : (this.pending.get(citizenId) ?? []));
  }

  private permit(citizenId: string): Permit {
    const p = this.lookup(citizenId);
    if (!p) throw new BackOfficeError('not-found', 'no residence permit for this person');
    return p;
  }

  /** The person's permit (made on first use from the seed or the ID), or null when there is none. */
  private lookup(citizenId: string): Permit | null {
    const known = this.permits.get(citizenId);
    if (known !== undefined) return known;
    const t = this.now();
    const day = (offsetDays: number) => shanghaiDay(t + offsetDays * DAY_MS);
    const seed = idSeed(citizenId);
    const person = simPerson(citizenId);
    let permit: Permit | null = null;
    if (person.hasResidencePermit && (isSeeded(citizenId) || seed[16]! % 4 !== 0)) {
      // Seeded: this year's endorsement falls due in 13 days; derived: within the next 60.
      const dueIn = isSeeded(citizenId) ? 13 : seed[17]! % 60;
      const dueBy = day(dueIn);
      permit = {
        answers: new Map(),
        status: {
          permitNumberMasked: `3101************${citizenId.slice(-2)}`,
          validFrom: day(dueIn - 730),
          validUntil: day(dueIn + 1095),
          endorsement: { dueBy, dueMonth: dueBy.slice(0, 7), state: 'due', lastEndorsedOn: day(dueIn - 372) },
          applications: [],
        },
      };
    } else if (person.hasResidencePermit) {
      // Applied for with the resident ID card; no permit yet.
      const submitted = new Date(t - (5 + (seed[18]! % 20)) * DAY_MS).toISOString();
      const stage = STAGES[seed[19]! % STAGES.length]!;
      this.pending.set(citizenId, [
        { applicationId: `JZ${submitted.slice(0, 10).replaceAll('-', '')}${citizenId.slice(-5)}`, kind: 'permit-application', stage, submittedAt: submitted, updatedAt: new Date(t - DAY_MS).toISOString(), collectAt: stage === 'ready-for-collection' ? COLLECT_AT : null },
      ]);
    }
    this.permits.set(citizenId, permit);
    return permit;
  }
}
