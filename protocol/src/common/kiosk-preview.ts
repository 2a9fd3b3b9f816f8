/**
 * The console's draft preview and the kiosk UI that renders it (`KIOSK_PREVIEW_PATH` on the
 * district server, in a sandboxed frame of the content studio): the messages the two exchange
 * with postMessage. The frame has an opaque origin, so this is the only way drafts reach it.
 */
import { z } from 'zod';
import { ContentType } from './content.ts';

/** Where the server serves the kiosk UI built in preview mode (kiosk/vite.preview.config.ts). */
export const KIOSK_PREVIEW_PATH = '/kiosk-preview';

/** The kiosk screens a preview can show. */
export const PREVIEW_SCREENS = ['notice', 'notices', 'page', 'guide', 'guides', 'disclosure-entry', 'disclosure', 'hotlines', 'map', 'attract', 'emergency', 'home'] as const;
export const PreviewScreen = z.enum(PREVIEW_SCREENS);
export type PreviewScreen = z.infer<typeof PreviewScreen>;

/** The screens that show each content type, first the one that shows the edited item itself. */
export const PREVIEW_SCREENS_OF: Readonly<Record<ContentType, readonly [PreviewScreen, ...PreviewScreen[]]>> = {
  notices: ['notice', 'notices', 'home'],
  pages: ['page', 'notices'],
  guides: ['guide', 'guides'],
  disclosure: ['disclosure-entry', 'disclosure'],
  hotlines: ['hotlines'],
  'service-points': ['map'],
  attract: ['attract'],
  emergency: ['emergency'],
};

/** The screens that show one item (the others show a whole list). */
export const PREVIEW_ITEM_SCREENS: ReadonlySet<PreviewScreen> = new Set(['notice', 'page', 'guide', 'disclosure-entry', 'map', 'attract', 'emergency']);

/** Where each type's file keeps its items, and the field a screen is opened with. */
export const PREVIEW_ITEMS: Readonly<Record<ContentType, { list: string; key: 'id' | 'indexNumber' }>> = {
  notices: { list: 'notices', key: 'id' },
  pages: { list: 'pages', key: 'id' },
  guides: { list: 'guides', key: 'id' },
  disclosure: { list: 'entries', key: 'indexNumber' },
  hotlines: { list: 'hotlines', key: 'id' },
  'service-points': { list: 'servicePoints', key: 'id' },
  attract: { list: 'items', key: 'id' },
  emergency: { list: 'messages', key: 'id' },
};

export const PreviewLang = z.enum(['zh-CN', 'en']);
export type PreviewLang = z.infer<typeof PreviewLang>;

/**
 * Console → frame: show `screen` for `item` (a content id, or a disclosure index number) in
 * `lang` and elderly mode or not, from `content` (each type as its file; the frame validates
 * each with its schema and leaves out a type that fails, as a terminal does).
 */
export const PreviewShow = z.strictObject({
  kind: z.literal('kiosk-preview.show'),
  content: z.partialRecord(ContentType, z.unknown()),
  screen: PreviewScreen,
  item: z.string().max(64).optional(),
  lang: PreviewLang,
  elderly: z.boolean(),
});
export type PreviewShow = z.infer<typeof PreviewShow>;

/**
 * Frame → console: `ready` once it listens (the console then sends what to show), `shown`
 * after each show, with the content types it left out and why.
 */
export const PreviewAnswer = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('kiosk-preview.ready') }),
  z.strictObject({ kind: z.literal('kiosk-preview.shown'), problems: z.array(z.string().max(500)).max(20) }),
]);
export type PreviewAnswer = z.infer<typeof PreviewAnswer>;
