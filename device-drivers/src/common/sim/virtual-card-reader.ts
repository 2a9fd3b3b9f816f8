/**
 * A simulated serial CCID reader with two slots: slot 0 for the user's card, slot 1 for the
 * terminal's PSAM. It answers IccPowerOn/Off, GetSlotStatus and XfrBlock as a reader would and
 * announces card insertion and removal with NotifySlotChange (unless told not to, so the
 * host's polling fallback can be exercised).
 */
import { CcidFrameParser, encodeCcidFrame, type CcidMessage } from '../ccid/frame.ts';
import { CCID_COMMAND, CCID_REPLY, encodeSlotStatus, notifySlotChange, type SlotStatus } from '../ccid/messages.ts';
import type { SimulatedDevice, SimulatorCommand, SimulatorCommandResult } from '../simulated-device.ts';
import { DEMO_SOCIAL_SECURITY_HOLDERS } from './demo-people.ts';
import { buildAtr } from '../apdu/atr.ts';
import type { VirtualCard } from './virtual-card.ts';
import { VirtualPsam } from './virtual-psam.ts';
import { VirtualSsseCard } from './virtual-ssse-card.ts';

export interface VirtualCardReaderOptions {
  /** Card id in slot 0 at start, or null for an empty slot. Default 'ssc-v2'. */
  readonly initialCard?: string | null;
  /** Send NotifySlotChange on insert/remove. Default true. */
  readonly notifications?: boolean;
  /** Put a PSAM in slot 1. Default true. */
  readonly psam?: boolean;
}

/** The simulated social-security master key; it lives only in the PSAM and (diversified) the cards. */
export const SIMULATED_MASTER_KEY = Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 11) & 0xff);

/** A card that never answers its reset. */
const muteCard: VirtualCard = {
  id: 'ssc-mute',
  description: 'a card that does not answer (dirty contacts, inserted upside down)',
  atr: undefined,
  reset: () => undefined,
  handle: () => new Uint8Array(0),
};

/** A chip card without the social-security application (a bank card): it answers, but not SSSE. */
const bankCard: VirtualCard = {
  id: 'bank-card',
  description: 'a bank card: answers its reset, has no social-security application',
  atr: buildAtr(1, Uint8Array.from([0x42, 0x41, 0x4e, 0x4b])),
  reset: () => undefined,
  // 6A82: file or application not found, whatever is asked.
  handle: () => Uint8Array.from([0x6a, 0x82]),
};

export function createDemoCards(): VirtualCard[] {
  const { zhangWeiming, zhangWeimingV3, liXiuying, wangJianguo } = DEMO_SOCIAL_SECURITY_HOLDERS;
  return [
    new VirtualSsseCard({ id: 'ssc-v2', description: `2.00 card, T=0, PIN 123456, 3 tries (${zhangWeiming.name})`, holder: zhangWeiming, pin: '123456', protocol: 0, masterKey: SIMULATED_MASTER_KEY }),
    new VirtualSsseCard({ id: 'ssc-v3-zhang', description: `3.00 card of the same person, T=1, PIN 123456 (${zhangWeimingV3.name})`, holder: zhangWeimingV3, pin: '123456', protocol: 1, masterKey: SIMULATED_MASTER_KEY }),
    new VirtualSsseCard({ id: 'ssc-v3', description: `3.00 card needing the PSAM, T=1, PIN 654321 (${liXiuying.name})`, holder: liXiuying, pin: '654321', protocol: 1, masterKey: SIMULATED_MASTER_KEY }),
    new VirtualSsseCard({ id: 'ssc-blocked', description: `2.00 card with its PIN blocked (${wangJianguo.name})`, holder: wangJianguo, pin: '111111', protocol: 1, blocked: true, masterKey: SIMULATED_MASTER_KEY }),
    muteCard,
    bankCard,
  ];
}

interface Slot {
  card: VirtualCard | undefined;
  powered: boolean;
}

const STATUS_OK = (icc: SlotStatus['icc']): SlotStatus => ({ icc, command: 'ok' });

export class VirtualCardReader implements SimulatedDevice {
  private readonly parser = new CcidFrameParser();
  private readonly cards = new Map<string, VirtualCard>();
  private readonly slots: [Slot, Slot];
  private readonly notifications: boolean;
  private output: (bytes: Uint8Array) => void = () => undefined;
  /** `remove-card { afterApdus }`: the card is pulled after that many more APDUs. */
  private removeAfter: number | undefined;
  /** Set while a card computes an answer: later commands wait, so replies keep command order. */
  private answering: Promise<void> | undefined;

  constructor(options: VirtualCardReaderOptions = {}) {
    for (const card of createDemoCards()) this.cards.set(card.id, card);
    const initial = options.initialCard === undefined ? 'ssc-v2' : options.initialCard;
    this.slots = [
      { card: initial === null ? undefined : this.cards.get(initial), powered: false },
      { card: options.psam === false ? undefined : new VirtualPsam(SIMULATED_MASTER_KEY), powered: false },
    ];
    this.notifications = options.notifications ?? true;
  }

  connect(output: (bytes: Uint8Array) => void): void {
    this.output = output;
  }

  receive(bytes: Uint8Array): void {
    for (const event of this.parser.push(bytes)) {
      // A corrupted command gets no answer, as on a real reader: the host times out and retries.
      if (event.type === 'message') this.answer(event.message);
    }
  }

  private answer(m: CcidMessage): void {
    const reply = this.answering ? this.answering.then(() => this.execute(m)) : this.execute(m);
    if (!(reply instanceof Promise)) return this.send(reply);
    // A card whose computation failed stays silent, like a mute card: the host times out.
    const done: Promise<void> = reply.then((r) => this.send(r), () => undefined).finally(() => {
      if (this.answering === done) this.answering = undefined;
    });
    this.answering = done;
  }

  control(command: SimulatorCommand): SimulatorCommandResult {
    switch (command.action) {
      case 'insert-card': {
        const card = this.cards.get(String(command.card ?? 'ssc-v2'));
        if (!card) return { ok: false, error: `unknown card ${String(command.card)}; try list-cards` };
        this.slots[0] = { card, powered: false };
        this.removeAfter = undefined;
        this.notify();
        return { ok: true, inserted: card.id };
      }
      case 'remove-card': {
        if (typeof command.afterApdus === 'number') {
          this.removeAfter = command.afterApdus;
          return { ok: true, removeAfterApdus: command.afterApdus };
        }
        this.removeCard();
        return { ok: true };
      }
      case 'list-cards':
        return { ok: true, cards: [...this.cards.values()].map((c) => ({ id: c.id, description: c.description })), inserted: this.slots[0].card?.id ?? null };
      default:
        return { ok: false, error: `unknown action ${command.action}; actions: insert-card {card}, remove-card {afterApdus?}, list-cards` };
    }
  }

  private removeCard(): void {
    this.slots[0] = { card: undefined, powered: false };
    this.removeAfter = undefined;
    this.notify();
  }

  private notify(): void {
    if (!this.notifications) return;
    this.send(notifySlotChange([{ present: this.slots[0].card !== undefined, changed: true }, { present: this.slots[1].card !== undefined, changed: false }]));
  }

  private execute(m: CcidMessage): CcidMessage | Promise<CcidMessage> {
    const slot = this.slots[m.slot];
    const reply = (type: number, status: SlotStatus, payload: Uint8Array = new Uint8Array(0)): CcidMessage => {
      const [bStatus, bError] = encodeSlotStatus(status);
      return { type, slot: m.slot, seq: m.seq, params: [bStatus, bError, 0], payload };
    };
    if (!slot) return reply(CCID_REPLY.slotStatus, { icc: 'absent', command: 'failed', error: 'cmd-not-supported' });
    const icc = !slot.card ? 'absent' : slot.powered ? 'active' : 'inactive';
    const noCard: SlotStatus = { icc: 'absent', command: 'failed', error: 'icc-mute' };
    switch (m.type) {
      case CCID_COMMAND.getSlotStatus:
        return reply(CCID_REPLY.slotStatus, STATUS_OK(icc));
      case CCID_COMMAND.iccPowerOff:
        slot.powered = false;
        return reply(CCID_REPLY.slotStatus, STATUS_OK(slot.card ? 'inactive' : 'absent'));
      case CCID_COMMAND.iccPowerOn: {
        if (!slot.card) return reply(CCID_REPLY.dataBlock, noCard);
        if (!slot.card.atr) return reply(CCID_REPLY.dataBlock, { icc: 'inactive', command: 'failed', error: 'icc-mute' });
        slot.card.reset();
        slot.powered = true;
        return reply(CCID_REPLY.dataBlock, STATUS_OK('active'), slot.card.atr);
      }
      case CCID_COMMAND.xfrBlock: {
        if (m.slot === 0 && this.removeAfter !== undefined && this.removeAfter-- <= 0) this.removeCard();
        if (!slot.card) return reply(CCID_REPLY.dataBlock, noCard);
        if (!slot.powered) return reply(CCID_REPLY.dataBlock, { icc: 'inactive', command: 'failed', error: 'hw-error' });
        const answer = slot.card.handle(m.payload);
        return answer instanceof Promise ? answer.then((a) => reply(CCID_REPLY.dataBlock, STATUS_OK('active'), a)) : reply(CCID_REPLY.dataBlock, STATUS_OK('active'), answer);
      }
      default:
        return reply(CCID_REPLY.slotStatus, { icc, command: 'failed', error: 'cmd-not-supported' });
    }
  }

  private send(message: CcidMessage): void {
    this.output(encodeCcidFrame(message));
  }
}
