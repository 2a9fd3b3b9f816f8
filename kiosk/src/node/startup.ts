/**
 * Start-up steps both shells share: the staff PIN from the environment (written once, as a
 * hash) and enrolment from the environment (used by `npm start` and by installers).
 */
import { BridgeError } from '../common/bridge-channels.ts';
import { readKioskConfig, writeKioskConfig } from './kiosk-config.ts';
import type { KioskCore } from './kiosk-core.ts';
import { hashStaffPin } from './terminal/staff-pin.ts';

/** KIOSK_STAFF_PIN sets the staff PIN hash when the config has none (never overwrites). */
export async function staffPinFromEnv(dataDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const pin = env.KIOSK_STAFF_PIN;
  if (!pin || !/^\d{4,12}$/.test(pin)) return;
  const config = await readKioskConfig(dataDir);
  if (!config.staffPinHash) await writeKioskConfig(dataDir, { ...config, staffPinHash: await hashStaffPin(pin) });
}

/** KIOSK_ENROL_SERVER + KIOSK_ENROL_CODE enrol a terminal that is not enrolled yet. */
export async function enrolFromEnv(core: KioskCore, env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<void> {
  if (!env.KIOSK_ENROL_SERVER || !env.KIOSK_ENROL_CODE || core.info().enrolled) return;
  try {
    const info = await core.handlers['terminal.enrol']({ serverUrl: env.KIOSK_ENROL_SERVER, code: env.KIOSK_ENROL_CODE });
    log(`enrolled as ${info.terminalName} (${info.terminalId})`);
  } catch (e) {
    const reason = e instanceof BridgeError ? `${e.code} ${e.reason ?? ''}`.trim() : (e as Error).message;
    log(`enrolment failed (${reason}); the first-boot screen will ask for a code`);
  }
}
