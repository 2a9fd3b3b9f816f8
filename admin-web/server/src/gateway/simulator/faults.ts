import { BackOfficeError } from '../adapters.ts';

/** How a simulated back office behaves; switched by config or the simulator control route. */
export type FaultMode = 'normal' | 'timeout' | 'decline' | 'down';
export const FAULT_MODES: readonly FaultMode[] = ['normal', 'timeout', 'decline', 'down'];

/** The fault switch of one simulated back office. */
export class FaultSwitch {
  mode: FaultMode = 'normal';

  constructor(readonly name: string) {}

  /** Throws the configured failure for an operation that changes nothing (a read). */
  beforeRead(): void {
    this.failIf(this.mode === 'timeout' ? 'timeout' : this.mode === 'down' ? 'unavailable' : undefined);
  }

  /** Throws before a change, for `decline` and `down`; `timeout` is handled by afterWrite. */
  beforeWrite(): void {
    this.failIf(this.mode === 'decline' ? 'declined' : this.mode === 'down' ? 'unavailable' : undefined);
  }

  /**
   * A timeout after the change was applied: the caller does not learn the outcome, just as
   * when a real response is lost. Reconciliation must find it.
   */
  afterWrite(): void {
    this.failIf(this.mode === 'timeout' ? 'timeout' : undefined);
  }

  private failIf(code: 'timeout' | 'declined' | 'unavailable' | undefined): void {
    if (code) throw new BackOfficeError(code, `${this.name}: simulated ${code}`);
  }
}
