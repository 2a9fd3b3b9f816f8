/**
 * Enrolment as the UI's first-boot screen asks for it: at most once. Moving an enrolled
 * terminal to another server is an installer's job (wipe the data dir), never something the
 * UI can do: a subverted page must not re-home the terminal. An enrolment still in flight
 * counts too, so two taps on "enrol" cannot both get through.
 */
import { BridgeError } from '../../common/bridge-channels.ts';
import type { KioskConfigStore } from '../kiosk-config.ts';
import type { TerminalIdentity, TerminalIdentityStore } from './identity.ts';

export interface EnrolmentOptions {
  identities: Pick<TerminalIdentityStore, 'enrol'>;
  config: KioskConfigStore;
  appVersion: string;
  fetch: typeof fetch;
  isEnrolled: () => boolean;
  /** Starts the terminal with its new identity. */
  start: (identity: TerminalIdentity) => void;
}

export class Enrolment {
  #inFlight = false;

  constructor(private readonly options: EnrolmentOptions) {}

  async enrol(serverUrl: string, code: string): Promise<void> {
    const o = this.options;
    if (o.isEnrolled() || this.#inFlight) throw new BridgeError('enrolment-failed', 'this terminal is already enrolled', 'already-enrolled');
    this.#inFlight = true;
    try {
      const identity = await o.identities.enrol(serverUrl, code, o.appVersion, o.fetch);
      if (o.config.current.contentKeys.length > 0 && !o.config.current.pinnedByInstaller) {
        // A new enrolment is a new trust relationship: learn that server's keys afresh.
        await o.config.update((c) => ({ ...c, contentKeys: [] }));
      }
      o.start(identity);
    } finally {
      this.#inFlight = false;
    }
  }
}
