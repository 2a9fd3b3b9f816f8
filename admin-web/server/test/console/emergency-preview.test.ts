/**
 * The console's broadcast preview copies the kiosk's emergency overlay: when the kiosk's
 * colours change, the preview must follow (or this fails).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../../..');
/** The declarations of the first rule whose selector is exactly `selector`. */
async function rule(file: string, selector: string): Promise<Record<string, string>> {
  const css = await readFile(path.join(root, file), 'utf8');
  const match = new RegExp(`(?:^|\\n)\\s*${selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\{([^}]*)\\}`).exec(css);
  if (!match) throw new Error(`${selector} not in ${file}`);
  return Object.fromEntries(match[1]!.split(';').map((d) => d.split(':').map((x) => x.trim())).filter((d) => d.length === 2));
}

describe('emergency preview', () => {
  it("has the kiosk emergency overlay's background and text colour, and its tag's border colour", async () => {
    const kiosk = await rule('kiosk/src/browser/styles.css', '.emergency');
    const preview = await rule('admin-web/ui/src/views/live.css', '.kiosk-emergency');
    expect([preview.background, preview.color]).toEqual([kiosk.background, kiosk.color]);
    const kioskTag = await rule('kiosk/src/browser/styles.css', '.emergency-tag');
    const previewTag = await rule('admin-web/ui/src/views/live.css', '.kiosk-emergency .emergency-tag');
    expect(previewTag.border!.split(' ').at(-1)).toBe(kioskTag.border!.split(' ').at(-1));
  });
});
