/**
 * Content a terminal shows: notices, information pages, service guides, the government
 * information disclosure catalogue, hotlines, service points, the attract playlist and
 * emergency messages. One JSON file per content type inside a release; the release's
 * `index.json` (CONTENT_INDEX_PATH) says which file holds which type. Pictures and videos
 * are referenced by the sha256 of their file in the release manifest, never by URL, and
 * text is structured blocks, never HTML, so a release cannot inject markup or fetch
 * anything from the network.
 */
import { z } from 'zod';
import { utf8Decode } from './content-bytes.ts';

/** Logical path of the index file in every release. */
export const CONTENT_INDEX_PATH = 'index.json';

/** Text in both UI languages; zh-CN first. */
export const LocalizedText = z.strictObject({
  'zh-CN': z.string().min(1).max(20_000),
  en: z.string().min(1).max(20_000),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

/** Short label (titles, names): same as LocalizedText with a tighter limit. */
export const LocalizedLabel = z.strictObject({
  'zh-CN': z.string().min(1).max(200),
  en: z.string().min(1).max(200),
});
export type LocalizedLabel = z.infer<typeof LocalizedLabel>;

/** Lower-case hex sha256 of a file in the same release. */
export const FileHash = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 as 64 lower-case hex digits');
export type FileHash = z.infer<typeof FileHash>;

/** Stable identifier: lower-case letters, digits and dashes. */
export const ContentId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case id of letters, digits and dashes');

export const IsoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'date as YYYY-MM-DD');
export const IsoDateTime = z.iso.datetime({ offset: true });
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time as HH:MM');

/** Structured body blocks. Rendered by the kiosk as native elements; no markup passes through. */
export const ContentBlock = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('heading'), level: z.union([z.literal(2), z.literal(3)]), text: LocalizedLabel }),
  z.strictObject({ type: z.literal('paragraph'), text: LocalizedText }),
  z.strictObject({ type: z.literal('list'), ordered: z.boolean(), items: z.array(LocalizedText).min(1).max(100) }),
  z.strictObject({
    type: z.literal('table'),
    header: z.array(LocalizedLabel).min(1).max(8),
    rows: z.array(z.array(LocalizedText).min(1).max(8)).min(1).max(200),
  }),
  z.strictObject({ type: z.literal('image'), file: FileHash, alt: LocalizedLabel, caption: LocalizedText.optional() }),
]);
export type ContentBlock = z.infer<typeof ContentBlock>;
const Blocks = z.array(ContentBlock).min(1).max(500);

// ---- notices -------------------------------------------------------------------------

export const NoticePriority = z.enum(['normal', 'important', 'urgent']);
export type NoticePriority = z.infer<typeof NoticePriority>;

export const Notice = z.strictObject({
  id: ContentId,
  title: LocalizedLabel,
  date: IsoDate,
  priority: NoticePriority,
  /** Last day the notice is shown (inclusive); absent = until removed. */
  until: IsoDate.optional(),
  body: Blocks,
});
export type Notice = z.infer<typeof Notice>;
export const NoticesFile = z.strictObject({ notices: z.array(Notice).max(500) });
export type NoticesFile = z.infer<typeof NoticesFile>;

// ---- information pages ---------------------------------------------------------------

export const InfoPage = z.strictObject({
  id: ContentId,
  title: LocalizedLabel,
  /** Short text for the page list. */
  summary: LocalizedText.optional(),
  blocks: Blocks,
});
export type InfoPage = z.infer<typeof InfoPage>;
export const PagesFile = z.strictObject({ pages: z.array(InfoPage).max(200) });
export type PagesFile = z.infer<typeof PagesFile>;

// ---- service guides ------------------------------------------------------------------

export const Category = z.strictObject({ id: ContentId, name: LocalizedLabel });
export type Category = z.infer<typeof Category>;

export const RequiredDocument = z.strictObject({
  name: LocalizedLabel,
  /** true: the original must be shown; false: a copy is enough. */
  original: z.boolean(),
  copies: z.number().int().min(0).max(20).optional(),
  note: LocalizedText.optional(),
});
export type RequiredDocument = z.infer<typeof RequiredDocument>;

export const ServiceGuide = z.strictObject({
  id: ContentId,
  matter: LocalizedLabel,
  department: LocalizedLabel,
  /** One of the file's categories. */
  category: ContentId,
  /** Who may apply. */
  eligibility: LocalizedText,
  requiredDocuments: z.array(RequiredDocument).max(50),
  /** Service points (ids in the service-points file) where the matter is handled. */
  where: z.array(ContentId).max(50),
  hours: LocalizedText,
  fees: LocalizedText,
  /** Statutory or promised processing time. */
  timeLimit: LocalizedLabel,
  steps: z.array(LocalizedText).min(1).max(30),
  /** Extra search terms per language (the matter name and department are searched anyway). */
  keywords: z.strictObject({ 'zh-CN': z.array(z.string().min(1).max(40)).max(50), en: z.array(z.string().min(1).max(40)).max(50) }),
  /** Whether the matter can also be handled online. */
  online: z.boolean(),
});
export type ServiceGuide = z.infer<typeof ServiceGuide>;
export const GuidesFile = z.strictObject({
  categories: z.array(Category).min(1).max(100),
  guides: z.array(ServiceGuide).max(2000),
});
export type GuidesFile = z.infer<typeof GuidesFile>;

// ---- government information disclosure catalogue -------------------------------------

export const DisclosureEntry = z.strictObject({
  /** Catalogue index number, e.g. `SHJX-2025-00123` (issuer prefix, year, serial). */
  indexNumber: z.string().regex(/^[A-Z0-9]{2,20}-\d{4}-\d{3,8}$/, 'index number like SHJX-2025-00123'),
  title: LocalizedLabel,
  issuingBody: LocalizedLabel,
  /** Official document number (文号) when the entry is a formal document. */
  documentNumber: z.string().min(1).max(80).optional(),
  date: IsoDate,
  category: ContentId,
  summary: LocalizedText,
  body: Blocks,
});
export type DisclosureEntry = z.infer<typeof DisclosureEntry>;
export const DisclosureFile = z.strictObject({
  categories: z.array(Category).min(1).max(100),
  entries: z.array(DisclosureEntry).max(5000),
});
export type DisclosureFile = z.infer<typeof DisclosureFile>;

// ---- hotlines ------------------------------------------------------------------------

export const HotlineCategory = z.enum(['emergency', 'government', 'utility', 'public-service']);
export type HotlineCategory = z.infer<typeof HotlineCategory>;

export const Hotline = z.strictObject({
  id: ContentId,
  name: LocalizedLabel,
  /** Dialable digits with optional dashes, e.g. `12345`, `021-12345678`. */
  number: z.string().regex(/^\d[\d-]{1,19}$/, 'digits with optional dashes'),
  hours: LocalizedLabel,
  category: HotlineCategory,
});
export type Hotline = z.infer<typeof Hotline>;
export const HotlinesFile = z.strictObject({ hotlines: z.array(Hotline).max(500) });
export type HotlinesFile = z.infer<typeof HotlinesFile>;

// ---- service points ------------------------------------------------------------------

/** WGS-84 coordinates (the kiosk converts for a map provider that needs GCJ-02). */
export const GeoPoint = z.strictObject({
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
});
export type GeoPoint = z.infer<typeof GeoPoint>;

export const ServicePoint = z.strictObject({
  id: ContentId,
  name: LocalizedLabel,
  address: LocalizedLabel,
  location: GeoPoint,
  hours: LocalizedText,
  phone: z.string().regex(/^\d[\d-]{1,19}$/).optional(),
  services: z.array(LocalizedLabel).min(1).max(50),
});
export type ServicePoint = z.infer<typeof ServicePoint>;
export const ServicePointsFile = z.strictObject({ servicePoints: z.array(ServicePoint).max(1000) });
export type ServicePointsFile = z.infer<typeof ServicePointsFile>;

// ---- attract playlist ----------------------------------------------------------------

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

/** A time window in the terminal's local time; `to` after `from`; all days when `days` is absent. */
export const Daypart = z
  .strictObject({ from: ClockTime, to: ClockTime, days: z.array(Weekday).min(1).max(7).optional() })
  .refine((d) => d.from < d.to, { message: 'daypart must end after it starts' });
export type Daypart = z.infer<typeof Daypart>;

export const AttractItem = z.strictObject({
  id: ContentId,
  kind: z.enum(['image', 'video']),
  file: FileHash,
  durationSeconds: z.number().int().min(1).max(600),
  alt: LocalizedLabel,
  /** When the item may play; absent = always. */
  dayparts: z.array(Daypart).min(1).max(20).optional(),
  /**
   * The services the item advertises (kiosk service names such as `bills`): it plays only at
   * terminals that offer all of them, so no terminal advertises what it cannot do.
   */
  services: z
    .array(z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'a service name'))
    .min(1)
    .max(20)
    .optional(),
});
export type AttractItem = z.infer<typeof AttractItem>;
export const AttractFile = z.strictObject({ items: z.array(AttractItem).max(200) });
export type AttractFile = z.infer<typeof AttractFile>;

/** Local wall-clock time, passed in (the common layer has no clock). */
export interface LocalTime {
  weekday: Weekday;
  /** `HH:MM`, 24-hour. */
  time: string;
}

/** Whether an item may play now. */
export function isInDayparts(item: AttractItem, now: LocalTime): boolean {
  if (!item.dayparts) return true;
  return item.dayparts.some((d) => (!d.days || d.days.includes(now.weekday)) && now.time >= d.from && now.time < d.to);
}

/** The items to loop now at a terminal offering `services`, in playlist order. */
export function attractItemsAt(playlist: AttractFile, now: LocalTime, services: readonly string[]): AttractItem[] {
  return playlist.items.filter((i) => isInDayparts(i, now) && (i.services ?? []).every((s) => services.includes(s)));
}

// ---- emergency messages --------------------------------------------------------------

export const EmergencySeverity = z.enum(['info', 'warning', 'critical']);
export type EmergencySeverity = z.infer<typeof EmergencySeverity>;

export const EmergencyMessage = z
  .strictObject({
    id: ContentId,
    severity: EmergencySeverity,
    title: LocalizedLabel,
    body: LocalizedText,
    issuedAt: IsoDateTime,
    expiresAt: IsoDateTime,
  })
  .refine((m) => Date.parse(m.issuedAt) < Date.parse(m.expiresAt), { message: 'expiresAt must be after issuedAt' });
export type EmergencyMessage = z.infer<typeof EmergencyMessage>;
export const EmergencyFile = z.strictObject({ messages: z.array(EmergencyMessage).max(50) });
export type EmergencyFile = z.infer<typeof EmergencyFile>;

/** Messages in force at `nowMs`, most severe first. */
export function activeEmergencies(file: EmergencyFile, nowMs: number): EmergencyMessage[] {
  const rank: Record<EmergencySeverity, number> = { critical: 0, warning: 1, info: 2 };
  return file.messages
    .filter((m) => Date.parse(m.issuedAt) <= nowMs && nowMs < Date.parse(m.expiresAt))
    .sort((a, b) => rank[a.severity] - rank[b.severity]);
}

// ---- the index -----------------------------------------------------------------------

/** Every content type, with the schema of its file. */
export const CONTENT_TYPES = {
  notices: NoticesFile,
  pages: PagesFile,
  guides: GuidesFile,
  disclosure: DisclosureFile,
  hotlines: HotlinesFile,
  'service-points': ServicePointsFile,
  attract: AttractFile,
  emergency: EmergencyFile,
} as const;
export type ContentType = keyof typeof CONTENT_TYPES;
export const ContentType = z.enum(Object.keys(CONTENT_TYPES) as [ContentType, ...ContentType[]]);

/** What each content type's file holds. */
export type ContentOf<T extends ContentType> = z.infer<(typeof CONTENT_TYPES)[T]>;

const ContentPath = z.string().regex(/^[a-z0-9][a-z0-9._/-]{0,199}$/, 'relative lower-case path').refine((p) => !p.split('/').includes('..'), 'no ..');

/** `index.json`: which file (logical path in the manifest) holds which content type. */
export const ContentIndex = z.strictObject({
  schemaVersion: z.literal(1),
  files: z.partialRecord(ContentType, ContentPath),
});
export type ContentIndex = z.infer<typeof ContentIndex>;

/** Content of a file was not what its type requires. */
export class ContentFileError extends Error {
  readonly code = 'content-file-invalid';
  constructor(
    readonly type: ContentType | 'index',
    readonly issues: string[],
  ) {
    super(`invalid ${type} content: ${issues.slice(0, 3).join('; ')}`);
    this.name = 'ContentFileError';
  }
}

/** Parse and validate one content file's bytes. Throws ContentFileError, nothing else. */
export function parseContentFile<T extends ContentType>(type: T, bytes: Uint8Array): ContentOf<T> {
  return parseJson(CONTENT_TYPES[type], type, bytes) as ContentOf<T>;
}

/** Parse and validate `index.json`. Throws ContentFileError. */
export function parseContentIndex(bytes: Uint8Array): ContentIndex {
  return parseJson(ContentIndex, 'index', bytes);
}

function parseJson<S extends z.ZodType>(schema: S, type: ContentType | 'index', bytes: Uint8Array): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(utf8Decode(bytes));
  } catch (e) {
    throw new ContentFileError(type, [`not UTF-8 JSON: ${(e as Error).message}`]);
  }
  const r = schema.safeParse(value);
  if (!r.success) throw new ContentFileError(type, r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return r.data;
}

/**
 * Cross-file checks a schema alone cannot make: guide categories and service points exist,
 * referenced images are in the release. Returns the problems found (empty = consistent).
 */
export function checkContentReferences(
  content: { [T in ContentType]?: ContentOf<T> },
  fileHashes: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const pointIds = new Set(content['service-points']?.servicePoints.map((p) => p.id) ?? []);
  const needFile = (hash: string, where: string) => {
    if (!fileHashes.has(hash)) problems.push(`${where}: file ${hash} is not in the release`);
  };
  const blocks = (bs: ContentBlock[], where: string) => bs.forEach((b) => b.type === 'image' && needFile(b.file, where));
  const uniq = (ids: string[], where: string) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problems.push(`${where}: duplicate id ${id}`);
      seen.add(id);
    }
  };
  const g = content.guides;
  if (g) {
    const cats = new Set(g.categories.map((c) => c.id));
    uniq(g.guides.map((x) => x.id), 'guides');
    for (const guide of g.guides) {
      if (!cats.has(guide.category)) problems.push(`guides/${guide.id}: unknown category ${guide.category}`);
      for (const w of guide.where) if (!pointIds.has(w)) problems.push(`guides/${guide.id}: unknown service point ${w}`);
    }
  }
  const d = content.disclosure;
  if (d) {
    const cats = new Set(d.categories.map((c) => c.id));
    uniq(d.entries.map((x) => x.indexNumber), 'disclosure');
    for (const e of d.entries) {
      if (!cats.has(e.category)) problems.push(`disclosure/${e.indexNumber}: unknown category ${e.category}`);
      blocks(e.body, `disclosure/${e.indexNumber}`);
    }
  }
  content.notices?.notices.forEach((n) => blocks(n.body, `notices/${n.id}`));
  if (content.notices) uniq(content.notices.notices.map((n) => n.id), 'notices');
  content.pages?.pages.forEach((p) => blocks(p.blocks, `pages/${p.id}`));
  content.attract?.items.forEach((i) => needFile(i.file, `attract/${i.id}`));
  if (content.hotlines) uniq(content.hotlines.hotlines.map((h) => h.id), 'hotlines');
  if (content['service-points']) uniq(content['service-points'].servicePoints.map((p) => p.id), 'service-points');
  return problems;
}
