import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isAttended, nextMode } from '../../src/common/session.ts';
import type { KioskMode, KioskModeEvent } from '../../src/common/session.ts';

const MODES: KioskMode[] = ['enrolment', 'attract', 'session', 'staff-pin', 'staff', 'maintenance'];
const EVENTS: KioskModeEvent[] = ['not-enrolled', 'enrolled', 'touch', 'staff-gesture', 'pin-ok', 'leave', 'wipe', 'maintenance-on', 'maintenance-off'];

describe('kiosk mode table', () => {
  it('follows a resident: attract, touch, session, wipe, attract', () => {
    expect(nextMode('attract', 'touch')).toBe('session');
    expect(nextMode('session', 'wipe')).toBe('attract');
  });

  it('reaches staff mode only through the PIN screen', () => {
    expect(nextMode('session', 'staff-gesture')).toBe('staff-pin');
    expect(nextMode('staff-pin', 'pin-ok')).toBe('staff');
    for (const m of MODES) if (m !== 'staff-pin') expect(nextMode(m, 'pin-ok')).toBeUndefined();
  });

  it('keeps an unenrolled terminal on the enrolment screen whatever is touched', () => {
    for (const e of EVENTS) expect(nextMode('enrolment', e) ?? 'enrolment').toBe(e === 'enrolled' ? 'attract' : 'enrolment');
  });

  it('leaves maintenance only when staff end it (or through staff mode)', () => {
    expect(nextMode('maintenance', 'touch')).toBeUndefined();
    expect(nextMode('maintenance', 'maintenance-off')).toBe('attract');
  });

  it('never reaches staff mode from any sequence of events without pin-ok', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EVENTS.filter((e) => e !== 'pin-ok')), { maxLength: 50 }), (events) => {
        let mode: KioskMode = 'attract';
        for (const e of events) mode = nextMode(mode, e) ?? mode;
        expect(mode).not.toBe('staff');
      }),
    );
  });

  it('applies idle timeouts only while someone is using the screen', () => {
    expect(MODES.filter(isAttended)).toEqual(['session', 'staff-pin', 'staff']);
  });
});
