import type { ResidencePermitStatus } from '@civic-kiosk/protocol/gateway';
import { BackOfficeError, type ResidencePermitAdapter } from '../adapters.ts';
import { FaultSwitch, shanghaiDay } from './faults.ts';
import { SIM_PEOPLE } from './people.ts';

/** Simulated public-security residence permit system. */
export class SimulatedResidencePermits implements ResidencePermitAdapter {
  readonly faults = new FaultSwitch('residence permit');
  private readonly permits = new Map<string, { status: ResidencePermitStatus; keys: Set<string> }>();

  constructor(private readonly now: () => number) {
    // Dates relative to the clock: this year's endorsement falls due in 13 days.
    const day = (offsetDays: number) => shanghaiDay(now() + offsetDays * 86_400_000);
    for (const p of SIM_PEOPLE.filter((x) => x.hasResidencePermit)) {
      this.permits.set(p.citizenId, {
        keys: new Set(),
        status: {
          permitNumberMasked: `3101************${p.citizenId.slice(-2)}`,
          validFrom: day(13 - 730),
          validUntil: day(13 + 1095),
          endorsement: { dueBy: day(13), state: 'due', lastEndorsedOn: day(13 - 372) },
          applications: [],
        },
      });
    }
  }

  async status(citizenId: string): Promise<ResidencePermitStatus> {
    this.faults.beforeRead();
    return structuredClone(this.permit(citizenId).status);
  }

  async requestEndorsement(citizenId: string, key: string): Promise<ResidencePermitStatus> {
    const permit = this.permit(citizenId);
    if (permit.keys.has(key)) return structuredClone(permit.status);
    this.faults.beforeWrite();
    const e = permit.status.endorsement;
    if (e.state === 'endorsed' || e.state === 'requested') throw new BackOfficeError('not-allowed', `endorsement already ${e.state}`);
    e.state = 'requested';
    permit.keys.add(key);
    permit.status.applications.push({
      applicationId: `JZ${shanghaiDay(this.now()).replaceAll('-', '')}${String(permit.keys.size).padStart(5, '0')}`,
      kind: 'permit-renewal',
      stage: 'submitted',
      submittedAt: new Date(this.now()).toISOString(),
      updatedAt: new Date(this.now()).toISOString(),
      collectAt: null,
    });
    this.faults.afterWrite();
    return structuredClone(permit.status);
  }

  private permit(citizenId: string) {
    const p = this.permits.get(citizenId);
    if (!p) throw new BackOfficeError('not-found', 'no residence permit for this person');
    return p;
  }
}
