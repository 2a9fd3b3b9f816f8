/**
 * What the kiosk screen is doing, as one transition table. Emergencies are not a mode: they
 * overlay whatever mode is current, so nothing underneath is lost or left half-done.
 * Unknown transitions return undefined and the caller ignores them: a stranger hammering the
 * screen must not be able to push the kiosk into a state the table does not have.
 */
export type KioskMode = 'enrolment' | 'attract' | 'session' | 'staff-pin' | 'staff' | 'maintenance';

export type KioskModeEvent =
  | 'not-enrolled'
  | 'enrolled'
  | 'touch'
  | 'staff-gesture'
  | 'pin-ok'
  | 'leave'
  | 'wipe'
  | 'maintenance-on'
  | 'maintenance-off';

const TABLE: Record<KioskMode, Partial<Record<KioskModeEvent, KioskMode>>> = {
  enrolment: { enrolled: 'attract' },
  attract: { touch: 'session', 'staff-gesture': 'staff-pin', 'not-enrolled': 'enrolment', 'maintenance-on': 'maintenance' },
  session: { wipe: 'attract', 'staff-gesture': 'staff-pin', 'not-enrolled': 'enrolment', 'maintenance-on': 'maintenance' },
  'staff-pin': { 'pin-ok': 'staff', leave: 'attract', wipe: 'attract', 'not-enrolled': 'enrolment' },
  staff: { leave: 'attract', wipe: 'attract', 'not-enrolled': 'enrolment' },
  maintenance: { 'maintenance-off': 'attract', 'staff-gesture': 'staff-pin' },
};

export function nextMode(mode: KioskMode, event: KioskModeEvent): KioskMode | undefined {
  return TABLE[mode][event];
}

/** Modes in which a person (or technician) is using the screen, so idle timeouts apply. */
export function isAttended(mode: KioskMode): boolean {
  return mode === 'session' || mode === 'staff-pin' || mode === 'staff';
}
