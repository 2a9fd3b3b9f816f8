/**
 * The kiosk's local configuration (`kiosk-config.json` in the data dir), written at install
 * time or by `npm start`: the staff PIN hash, the server's content keys, the terminal's groups.
 */
import path from 'node:path';
import { z } from 'zod';
import { ContentPublicKey } from '@civic-kiosk/protocol/content-manifest';
import { readJsonFile, writeFileAtomic } from './files.ts';

export const KioskConfig = z.object({
  /** `scrypt$...` from `hashStaffPin`; without it no staff PIN is accepted. */
  staffPinHash: z.string().optional(),
  /** Keys a content manifest must be signed with (learned on first sync unless pinned here). */
  contentKeys: z.array(ContentPublicKey).default([]),
  /** True when an installer put `contentKeys` here: a re-enrolment keeps them. */
  pinnedByInstaller: z.boolean().default(false),
  /** Terminal groups used to decide whether a release applies (besides `all`). */
  groups: z.array(z.string()).default([]),
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
