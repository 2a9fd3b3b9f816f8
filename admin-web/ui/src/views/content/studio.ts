/**
 * The content studio's state: the working copy of each type's draft (edited in the browser,
 * saved per type), the server's saved drafts, the content in force, the releases and the
 * rollout; and the actions that change them.
 */
import { computed, signal } from '@preact/signals';
import { CONTENT_TYPES } from '@civic-kiosk/protocol/content';
import type { ContentType } from '@civic-kiosk/protocol/content';
import { canonicalJson } from '@civic-kiosk/protocol/canonical-json';
import type { ContentInForce, PublishRequest, ReleaseSummary, Rollout } from '@civic-kiosk/protocol/content-studio';
import * as content from '../../api/content.ts';
import { ApiError } from '../../api/client.ts';
import type { ApiClient } from '../../api/client.ts';
import { draftIssues, serverIssues } from './issues.ts';
import type { FieldErrors } from './issues.ts';
import { describeSchema, emptyValue, setAt } from './schema-form.ts';
import type { Path } from './schema-form.ts';

export const TYPES = Object.keys(CONTENT_TYPES) as ContentType[];
export const FIELDS = Object.fromEntries(TYPES.map((type) => [type, describeSchema(CONTENT_TYPES[type])])) as Record<ContentType, ReturnType<typeof describeSchema>>;

type PerType<V> = Partial<Record<ContentType, V>>;
const sameJson = (a: unknown, b: unknown): boolean => (a === undefined || b === undefined ? a === b : canonicalJson(a) === canonicalJson(b));

export type Studio = ReturnType<typeof createStudio>;

export function createStudio(api: ApiClient) {
  /** The drafts as the server has them. */
  const saved = signal<PerType<unknown> | undefined>(undefined);
  /** The working copies: the saved draft, else the content in force, else an empty file, as edited. */
  const working = signal<PerType<unknown>>({});
  const inForce = signal<ContentInForce | undefined>(undefined);
  const releases = signal<ReleaseSummary[] | undefined>(undefined);
  const rollout = signal<Rollout | undefined>(undefined);
  /** Messages by field, per type: shown once a save was tried, then kept current while editing. */
  const errors = signal<PerType<FieldErrors>>({});
  const loadError = signal('');

  const draftOf = (type: ContentType): unknown => working.value[type] ?? saved.value?.[type] ?? inForce.value?.content[type] ?? emptyValue(FIELDS[type]);
  const unsaved = computed(() => TYPES.filter((type) => working.value[type] !== undefined && !sameJson(working.value[type], saved.value?.[type])));

  async function load(): Promise<void> {
    try {
      const [d, f, r, o] = await Promise.all([content.drafts(api), content.contentInForce(api), content.releases(api), content.rollout(api)]);
      saved.value = d.drafts;
      inForce.value = f;
      releases.value = r.releases;
      rollout.value = o;
      loadError.value = '';
    } catch (e) {
      loadError.value = (e as Error).message;
    }
  }

  async function reloadReleases(): Promise<void> {
    const [f, r, o] = await Promise.all([content.contentInForce(api), content.releases(api), content.rollout(api)]);
    inForce.value = f;
    releases.value = r.releases;
    rollout.value = o;
  }

  function edit(type: ContentType, path: Path, value: unknown): void {
    const next = setAt(draftOf(type), path, value);
    working.value = { ...working.value, [type]: next };
    if (errors.value[type]) errors.value = { ...errors.value, [type]: draftIssues(type, next) };
  }

  /** Saves one type's draft; false (with the messages on their fields) when it is not valid. */
  async function save(type: ContentType): Promise<boolean> {
    const draft = draftOf(type);
    const issues = draftIssues(type, draft);
    errors.value = { ...errors.value, [type]: issues };
    if (issues.size > 0) return false;
    try {
      await content.saveDraft(api, type, draft);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'content-invalid') {
        errors.value = { ...errors.value, [type]: serverIssues(e.details) };
        return false;
      }
      throw e;
    }
    saved.value = { ...saved.value, [type]: draft };
    return true;
  }

  /** Forgets the edits of one type: back to its saved draft. */
  function discard(type: ContentType): void {
    const { [type]: _, ...rest } = working.value;
    working.value = rest;
    const { [type]: __, ...others } = errors.value;
    errors.value = others;
  }

  async function publish(request: PublishRequest): Promise<ReleaseSummary> {
    const release = await content.publish(api, request);
    await reloadReleases();
    return release;
  }

  async function rollback(releaseId: string): Promise<ReleaseSummary> {
    const release = await content.republish(api, releaseId);
    await reloadReleases();
    return release;
  }

  const upload = async (file: File, onProgress: (f: number) => void): Promise<string> => (await content.uploadFile(api, file, onProgress)).sha256;

  return { saved, working, inForce, releases, rollout, errors, loadError, unsaved, draftOf, load, reloadReleases, edit, save, discard, publish, rollback, upload };
}
