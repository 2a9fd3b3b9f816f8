/**
 * A simulated ID-card / residence-permit reader holding the demo ID card, residence permit and
 * foreign permanent residence card; one of them (or none) lies on the reader.
 */
import type { IdCardData } from '../device-results.ts';
import { encodeIdReply, IdFrameParser } from '../id-reader/frame.ts';
import { encodeIdText, TEXT_BLOCK_LENGTH } from '../id-reader/text-block.ts';
import type { SimulatedDevice, SimulatorCommand, SimulatorCommandResult } from '../simulated-device.ts';
import { DEMO_ID_DOCUMENTS } from './demo-people.ts';

export interface VirtualIdReaderOptions {
  /** Document on the reader at start, or null. Default 'id-card'. */
  readonly initialCard?: keyof typeof DEMO_ID_DOCUMENTS | null;
}

/** Readers send a vendor-compressed photo; the kiosk never decodes it, so any 1024 bytes do. */
const PHOTO_LENGTH = 1024;
const PHOTO = Uint8Array.from({ length: PHOTO_LENGTH }, (_, i) => (i * 31) & 0xff);

export class VirtualIdReader implements SimulatedDevice {
  private readonly parser = new IdFrameParser();
  private output: (bytes: Uint8Array) => void = () => undefined;
  private card: IdCardData | undefined;
  private selected = false;

  constructor(options: VirtualIdReaderOptions = {}) {
    const initial = options.initialCard === undefined ? 'id-card' : options.initialCard;
    this.card = initial === null ? undefined : DEMO_ID_DOCUMENTS[initial];
  }

  connect(output: (bytes: Uint8Array) => void): void {
    this.output = output;
  }

  receive(bytes: Uint8Array): void {
    for (const event of this.parser.push(bytes)) {
      // A corrupted or too-short command gets no answer; the host times out and asks again.
      if (event.type !== 'frame' || event.body.length < 2) continue;
      this.output(this.execute(event.body[0]!, event.body[1]!));
    }
  }

  control(command: SimulatorCommand): SimulatorCommandResult {
    switch (command.action) {
      case 'place-card': {
        const id = String(command.card ?? 'id-card');
        if (!(id in DEMO_ID_DOCUMENTS)) return { ok: false, error: `unknown card ${id}; try list-cards` };
        this.card = DEMO_ID_DOCUMENTS[id as keyof typeof DEMO_ID_DOCUMENTS];
        this.selected = false;
        return { ok: true, placed: id };
      }
      case 'remove-card':
        this.card = undefined;
        this.selected = false;
        return { ok: true };
      case 'list-cards':
        return { ok: true, cards: Object.keys(DEMO_ID_DOCUMENTS), placed: this.card?.kind ?? null };
      default:
        return { ok: false, error: `unknown action ${command.action}; actions: place-card {card}, remove-card, list-cards` };
    }
  }

  private execute(cmd: number, para: number): Uint8Array {
    if (!this.card) return encodeIdReply('no-card');
    if (cmd === 0x20 && para === 0x01) return encodeIdReply('card-found');
    if (cmd === 0x20 && para === 0x02) {
      this.selected = true;
      return encodeIdReply('ok');
    }
    if (cmd === 0x30 && para === 0x01) {
      if (!this.selected) return encodeIdReply('select-failed');
      const text = encodeIdText(this.card);
      const data = new Uint8Array(4 + TEXT_BLOCK_LENGTH + PHOTO_LENGTH);
      data.set([TEXT_BLOCK_LENGTH >> 8, TEXT_BLOCK_LENGTH & 0xff, PHOTO_LENGTH >> 8, PHOTO_LENGTH & 0xff]);
      data.set(text, 4);
      data.set(PHOTO, 4 + TEXT_BLOCK_LENGTH);
      return encodeIdReply('ok', data);
    }
    return encodeIdReply('select-failed');
  }
}
