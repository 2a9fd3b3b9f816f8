/**
 * The kiosk's local configuration (`kiosk-config.json` in the data dir), written at install
 * time or by `npm start`: the staff PIN hash, the server's content keys, the terminal's groups.
 */
import path from 'node:path';
import { z } from 'zod';
import { GeoPoint, LocalizedLabel } from '@civic-kiosk/protocol/content';
import { ContentPublicKey } from '@civic-kiosk/protocol/content-manifest';
import { KIOSK_SERVICES } from '@civic-kiosk/protocol/kiosk-services';
import { readJsonFile, writeFileAtomic } from './files.ts';

/** An https address template with `{id}` in it. */
export const GuideUrlTemplate = z
  .string()
  .max(200)
  .regex(/^https:\/\/[^\s]*\{id\}[^\s]*$/, 'an https address with {id} in it');

export const KioskConfig = z.object({
  /** `scrypt$...` from `hashStaffPin`; without it no staff PIN is accepted. */
  staffPinHash: z.string().optional(),
  /** Keys a content manifest must be signed with (learned on first sync unless pinned here). */
  contentKeys: z.array(ContentPublicKey).default([]),
  /** True when an installer put `contentKeys` here: a re-enrolment keeps them. */
  pinnedByInstaller: z.boolean().default(false),
  /** Terminal groups used to decide whether a release applies (besides `all`). */
  groups: z.array(z.string()).default([]),
  /** Shuffle the digits of the card PIN pad for every entry (against shoulder-surfing by key position). */
  pinPadShuffle: z.boolean().default(false),
  /** Where this terminal stands (WGS-84): "you are here" on the service-point map, and where route distances start. */
  position: GeoPoint.optional(),
  /**
   * Public web address of a service guide, `{id}` standing for the guide's id: the guide screen
   * shows it as a QR code so a resident can take the list of materials away on a phone.
   */
  guideUrl: GuideUrlTemplate.optional(),
  /**
   * The public names residents see, one setting for every place that names the terminal: the
   * district (attract screen) and where this terminal stands (status bar, attract, receipts).
   */
  district: z.strictObject({ name: LocalizedLabel, locationName: LocalizedLabel }).optional(),
  /** Services switched off at this terminal (`false`); the others are on. */
  services: z.partialRecord(z.enum(KIOSK_SERVICES), z.boolean()).default({}),
  /** The citizen mailbox's encrypted offline copies (kiosk/src/node/mailbox/). */
  mailboxCache: z
    .strictObject({
      /** Newest messages kept per holder. */
      maxMessages: z.number().int().min(1).max(200).default(100),
      /** Messages older than this are not kept; a copy not opened for this long is deleted. */
      maxAgeDays: z.number().int().min(1).max(366).default(30),
      /** Per holder (oldest messages dropped to fit) and over all holders (least recently used copies deleted). */
      maxBytesPerHolder: z.number().int().min(4096).default(512 * 1024),
      maxBytesTotal: z.number().int().min(4096).default(32 * 1024 * 1024),
    })
    .prefault({}),
});
export type KioskConfig = z.infer<typeof KioskConfig>;

export function configPath(dataDir: string): string {
  return path.join(dataDir, 'kiosk-config.json');
}

/** Reads the config; a missing file is the empty config, a malformed one an error. */
export async function readKioskConfig(dataDir: string): Promise<KioskConfig> {
  const raw = await readJsonFile(configPath(dataDir));
  return KioskConfig.parse(raw ?? {});
}

export async function writeKioskConfig(dataDir: string, config: KioskConfig): Promise<void> {
  await writeFileAtomic(configPath(dataDir), JSON.stringify(config, null, 2), 0o600);
}

/** The config as the running kiosk holds it: read once, every change written through. */
export class KioskConfigStore {
  private constructor(
    private readonly dataDir: string,
    private config: KioskConfig,
  ) {}

  static async open(dataDir: string): Promise<KioskConfigStore> {
    return new KioskConfigStore(dataDir, await readKioskConfig(dataDir));
  }

  get current(): KioskConfig {
    return this.config;
  }

  async update(change: (config: KioskConfig) => KioskConfig): Promise<void> {
    this.config = change(this.config);
    await writeKioskConfig(this.dataDir, this.config);
  }
}
