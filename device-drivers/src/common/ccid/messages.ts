/**
 * CCID message types and the reply status bytes (USB CCID class spec 1.1, section 6), as
 * carried by the serial framing in ./frame.ts.
 */
import type { CcidMessage } from './frame.ts';

export const CCID_COMMAND = { iccPowerOn: 0x62, iccPowerOff: 0x63, getSlotStatus: 0x65, xfrBlock: 0x6f } as const;
export const CCID_REPLY = { dataBlock: 0x80, slotStatus: 0x81, notifySlotChange: 0x50 } as const;

/** bPowerSelect of IccPowerOn: 0 lets the reader choose the voltage. */
const POWER_AUTOMATIC = 0x00;

export function iccPowerOn(slot: number, seq: number): CcidMessage {
  return { type: CCID_COMMAND.iccPowerOn, slot, seq, params: [POWER_AUTOMATIC, 0, 0], payload: new Uint8Array(0) };
}
export function iccPowerOff(slot: number, seq: number): CcidMessage {
  return { type: CCID_COMMAND.iccPowerOff, slot, seq, params: [0, 0, 0], payload: new Uint8Array(0) };
}
export function getSlotStatus(slot: number, seq: number): CcidMessage {
  return { type: CCID_COMMAND.getSlotStatus, slot, seq, params: [0, 0, 0], payload: new Uint8Array(0) };
}
/** Short-APDU level exchange: bBWI 0, wLevelParameter 0. */
export function xfrBlock(slot: number, seq: number, apdu: Uint8Array): CcidMessage {
  return { type: CCID_COMMAND.xfrBlock, slot, seq, params: [0, 0, 0], payload: apdu };
}

export type IccPresence = 'active' | 'inactive' | 'absent';
export type CommandStatus = 'ok' | 'failed' | 'time-extension';

/** bError values from the CCID spec (table 6.2-2) that a host acts on. */
export const CCID_ERROR = {
  0xfe: 'icc-mute',
  0xfd: 'xfr-parity-error',
  0xfc: 'xfr-overrun',
  0xfb: 'hw-error',
  0xf8: 'bad-atr-ts',
  0xf7: 'bad-atr-tck',
  0xf6: 'icc-protocol-not-supported',
  0xf5: 'icc-class-not-supported',
  0xf4: 'procedure-byte-conflict',
  0xf3: 'deactivated-protocol',
  0xf2: 'busy-with-auto-sequence',
  0xe0: 'cmd-slot-busy',
  0xff: 'cmd-aborted',
  0x00: 'cmd-not-supported',
} as const satisfies Record<number, string>;
export type CcidErrorName = (typeof CCID_ERROR)[keyof typeof CCID_ERROR] | 'unknown';

export interface SlotStatus {
  readonly icc: IccPresence;
  readonly command: CommandStatus;
  /** Set when `command` is 'failed'. */
  readonly error?: CcidErrorName;
}

const ICC: readonly IccPresence[] = ['active', 'inactive', 'absent'];
const COMMAND: readonly CommandStatus[] = ['ok', 'failed', 'time-extension'];

/** Decodes bStatus (bits 0-1 ICC, bits 6-7 command status) and bError of an 80/81 reply. */
export function decodeSlotStatus(bStatus: number, bError: number): SlotStatus {
  const icc = ICC[bStatus & 0x03] ?? 'absent';
  const command = COMMAND[(bStatus >> 6) & 0x03] ?? 'failed';
  if (command !== 'failed') return { icc, command };
  return { icc, command, error: (CCID_ERROR as Record<number, CcidErrorName>)[bError] ?? 'unknown' };
}

export function encodeSlotStatus(status: SlotStatus): [number, number] {
  const bStatus = ICC.indexOf(status.icc) | (COMMAND.indexOf(status.command) << 6);
  const entry = Object.entries(CCID_ERROR).find(([, name]) => name === status.error);
  return [bStatus, entry ? Number(entry[0]) : 0];
}

/** What a card slot looks like to a user: `mute` is a card that does not answer. */
export type CardPresence = 'present' | 'absent' | 'mute';

export function cardPresence(status: SlotStatus): CardPresence {
  if (status.icc === 'absent') return 'absent';
  return status.command === 'failed' && status.error === 'icc-mute' ? 'mute' : 'present';
}

/**
 * RDR_to_PC_NotifySlotChange: bmSlotICCState, two bits per slot (bit 0 present, bit 1 changed),
 * carried as the payload of a serial frame with message type 50.
 */
export interface SlotChange {
  readonly slot: number;
  readonly present: boolean;
  readonly changed: boolean;
}

export function decodeSlotChanges(bmSlotIccState: Uint8Array): SlotChange[] {
  const changes: SlotChange[] = [];
  for (let slot = 0; slot < bmSlotIccState.length * 4; slot++) {
    const bits = (bmSlotIccState[slot >> 2]! >> ((slot & 3) * 2)) & 0x03;
    changes.push({ slot, present: (bits & 1) !== 0, changed: (bits & 2) !== 0 });
  }
  return changes;
}

export function notifySlotChange(slots: readonly { present: boolean; changed: boolean }[]): CcidMessage {
  const payload = new Uint8Array(Math.max(1, Math.ceil(slots.length / 4)));
  slots.forEach((s, slot) => {
    payload[slot >> 2]! |= ((s.present ? 1 : 0) | (s.changed ? 2 : 0)) << ((slot & 3) * 2);
  });
  return { type: CCID_REPLY.notifySlotChange, slot: 0, seq: 0, params: [0, 0, 0], payload };
}
