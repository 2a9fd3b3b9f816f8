/**
 * Where content sync gets releases from: the server's signed manifest route (through the
 * terminal's signed connection) and its public, content-addressed file route. The content keys
 * the server names are pinned on first use.
 */
import { z } from 'zod';
import { canonicalJson } from '@civic-kiosk/protocol/canonical-json';
import { CONTENT_PATHS, ContentManifestAnswer, type ContentPublicKey } from '@civic-kiosk/protocol/content-manifest';
import type { KioskConfigStore } from '../kiosk-config.ts';
import type { TerminalConnection } from '../terminal/connection.ts';
import type { ContentSource } from './content-sync.ts';

/**
 * The protocol's answer, but manifests taken as plain JSON values: content sync verifies their
 * canonical bytes (verifyManifest), so a malformed one is a typed content error there.
 */
const ManifestAnswer = ContentManifestAnswer.extend({ current: z.unknown().nullable(), upcoming: z.unknown().nullable() });

export function terminalContentSource(connection: TerminalConnection, config: KioskConfigStore, fetchImpl: typeof fetch): ContentSource {
  return {
    manifest: async () => {
      const r = await connection.fetch('GET', CONTENT_PATHS.manifest);
      if (r.status !== 200) throw new Error(`manifest request answered ${r.status}`);
      const answer = ManifestAnswer.parse(await r.json());
      await pinContentKeys(config, answer.keys);
      // A manifest's signed form is its canonical JSON; anything altered fails verification.
      const bytes = (m: unknown) => (m === null || m === undefined ? undefined : new TextEncoder().encode(canonicalJson(m)));
      return { current: bytes(answer.current), upcoming: bytes(answer.upcoming) };
    },
    file: (sha256, offset) =>
      fetchImpl(new URL(CONTENT_PATHS.file(sha256), connection.identity.serverUrl), {
        headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
        signal: AbortSignal.timeout(10 * 60_000),
      }),
  };
}

/**
 * Trust on first use: the content keys the server names on the first sync after enrolment
 * are pinned in the kiosk config; later a manifest must be signed by a pinned key (an
 * installer may pin keys in the config beforehand instead).
 */
async function pinContentKeys(config: KioskConfigStore, keys: ContentPublicKey[]): Promise<void> {
  if (config.current.contentKeys.length > 0 || keys.length === 0) return;
  await config.update((c) => ({ ...c, contentKeys: keys }));
}
