/**
 * One content type's editor: its form (from its schema), saved as that type's draft, and the
 * kiosk preview of the draft beside it when the preview module is present.
 */
import type { FunctionComponent, JSX } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ContentType } from '@civic-kiosk/protocol/content';
import { lang, t } from '../../i18n/index.ts';
import { FieldView } from './form.tsx';
import type { FormContext, Reference } from './form.tsx';
import type { Studio } from './studio.ts';
import { FIELDS } from './studio.ts';

declare global {
  interface ImportMeta {
    glob<M>(pattern: string): Record<string, () => Promise<M>>;
  }
}

type PreviewModule = { DraftPreview: FunctionComponent<{ type: ContentType; draft: unknown; others?: Partial<Record<ContentType, unknown>> }> };
// The kiosk preview lives in ./preview (its own module, loaded with the editor's first use); a
// glob, so the editor builds whether or not it is there.
const previewLoaders = import.meta.glob<PreviewModule>('./preview/index.tsx');

function usePreview(): PreviewModule['DraftPreview'] | undefined {
  const [preview, setPreview] = useState<PreviewModule['DraftPreview'] | undefined>(undefined);
  useEffect(() => {
    const load = Object.values(previewLoaders)[0];
    void load?.().then((m) => setPreview(() => m.DraftPreview));
  }, []);
  return preview;
}

const named = (items: unknown, idKey: string): Reference[] =>
  (Array.isArray(items) ? items : []).flatMap((x: Record<string, unknown>) => {
    const id = x[idKey];
    const name = x.name as Record<string, string> | undefined;
    return typeof id === 'string' && id ? [{ value: id, label: `${name?.[lang.value] || name?.['zh-CN'] || id} (${id})` }] : [];
  });

/**
 * Ids that name something the content defines: a guide's or disclosure entry's category (from the
 * same file's categories) and where a matter is handled (the service points' draft).
 */
function referencesOf(draft: unknown, servicePoints: unknown): Record<string, Reference[]> {
  const d = draft as { categories?: unknown } | undefined;
  return {
    ...(d?.categories ? { category: named(d.categories, 'id') } : {}),
    where: named((servicePoints as { servicePoints?: unknown } | undefined)?.servicePoints, 'id'),
  };
}

export function Editor({ studio, type, readOnly }: { studio: Studio; type: ContentType; readOnly: boolean }): JSX.Element {
  const [status, setStatus] = useState<{ text: string; failed: boolean }>({ text: '', failed: false });
  const [busy, setBusy] = useState(false);
  const Preview = usePreview();
  const draft = studio.draftOf(type);
  const errors = studio.errors.value[type] ?? new Map<string, string[]>();
  const dirty = studio.unsaved.value.includes(type);
  const references = referencesOf(draft, studio.draftOf('service-points'));
  const ctx: FormContext = useMemo(
    () => ({ readOnly, errors, references, change: (path, value) => studio.edit(type, path, value), upload: studio.upload }),
    [readOnly, errors, type, draft, lang.value],
  );
  useEffect(() => setStatus({ text: '', failed: false }), [type]);

  const save = async () => {
    setBusy(true);
    try {
      const ok = await studio.save(type);
      const count = [...(studio.errors.value[type]?.values() ?? [])].flat().length;
      setStatus(ok ? { text: t('content.saved', { type: t(`content.type.${type}`) }), failed: false } : { text: t('content.invalid', { n: count }), failed: true });
    } catch (e) {
      setStatus({ text: t('content.saveFailed', { message: (e as Error).message }), failed: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="editor" aria-labelledby="editor-heading">
      <div class="editor-head">
        <h2 id="editor-heading">{t(`content.type.${type}`)}</h2>
        {dirty && <span class="chip">{t('content.unsaved')}</span>}
      </div>
      <div class={Preview ? 'editor-body with-preview' : 'editor-body'}>
        <form
          class="content-form"
          aria-label={t('content.formLabel', { type: t(`content.type.${type}`) })}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <FieldView field={FIELDS[type]} value={draft} path={[]} label={t(`content.type.${type}`)} ctx={ctx} depth={0} />
          {!readOnly && (
            <div class="save-bar">
              <button type="submit" disabled={busy}>
                {t('content.save')}
              </button>
              <button type="button" disabled={!dirty} onClick={() => studio.discard(type)}>
                {t('content.discard')}
              </button>
            </div>
          )}
          <p role={status.failed ? 'alert' : 'status'} class={status.failed ? 'error' : 'message'}>
            {status.text}
          </p>
        </form>
        {Preview && (
          <aside class="preview-panel" aria-label={t('content.preview')}>
            <Preview type={type} draft={draft} others={studio.saved.value} />
          </aside>
        )}
      </div>
    </section>
  );
}
