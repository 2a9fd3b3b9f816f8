/**
 * Publishing: what the saved drafts change against the release in force (per type: items
 * added, changed with their fields, removed, lists reordered), and the release itself, to
 * chosen groups, now or from a time.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { ContentType } from '@civic-kiosk/protocol/content';
import { ApiError } from '../../api/client.ts';
import { t } from '../../i18n/index.ts';
import { formatTime } from '../format.ts';
import { fromChinaLocal } from '../china-local.ts';
import { diffContent, isEmptyDiff } from './diff.ts';
import type { ContentDiff, ItemRef } from './diff.ts';
import { fieldLabel, itemLabel, listText } from './form.tsx';
import type { Studio } from './studio.ts';
import { TYPES } from './studio.ts';

const groupsOf = (text: string): string[] => [...new Set(text.split(/[,，\s]+/).map((g) => g.trim()).filter(Boolean))];

export function Publish({ studio, readOnly }: { studio: Studio; readOnly: boolean }): JSX.Element {
  const inForce = studio.inForce.value;
  const saved = studio.saved.value ?? {};
  const diffs = TYPES.map((type) => ({ type, diff: diffContent(inForce?.content[type], saved[type]) })).filter((d) => !isEmptyDiff(d.diff));
  return (
    <>
      <section class="panel" aria-labelledby="diff-heading">
        <h2 id="diff-heading">{t('content.diff.heading')}</h2>
        <p class="hint">{inForce?.releaseId ? t('content.diff.against', { release: inForce.releaseId }) : t('content.diff.nothingInForce')}</p>
        {studio.unsaved.value.length > 0 && <p class="warning">{t('content.diff.unsaved', { types: listText(studio.unsaved.value.map((x) => t(`content.type.${x}`))) })}</p>}
        {diffs.length === 0 ? <p>{t('content.diff.none')}</p> : diffs.map(({ type, diff }) => <TypeDiff key={type} type={type} diff={diff} />)}
      </section>
      {!readOnly && <PublishForm studio={studio} />}
    </>
  );
}

function Items({ heading, items, cls }: { heading: string; items: (ItemRef & { fields?: string[] })[]; cls: string }): JSX.Element | null {
  if (items.length === 0) return null;
  return (
    <div class={`diff-${cls}`}>
      <h4>{heading}</h4>
      <ul>
        {items.map((i, n) => (
          <li key={`${i.collection}/${i.key}`}>
            <span class="diff-where">{fieldLabel(i.collection)}</span> {itemLabel(i.item, n)} <code>{i.key}</code>
            {i.fields && <span class="diff-fields">{t('content.diff.fields', { fields: listText(i.fields.map(fieldLabel)) })}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

function TypeDiff({ type, diff }: { type: ContentType; diff: ContentDiff }): JSX.Element {
  return (
    <section class="type-diff" aria-label={t(`content.type.${type}`)}>
      <h3>{t(`content.type.${type}`)}</h3>
      <Items heading={t('content.diff.added', { n: diff.added.length })} items={diff.added} cls="added" />
      <Items heading={t('content.diff.changed', { n: diff.changed.length })} items={diff.changed} cls="changed" />
      <Items heading={t('content.diff.removed', { n: diff.removed.length })} items={diff.removed} cls="removed" />
      {diff.reordered.length > 0 && <p>{t('content.diff.reordered', { lists: listText(diff.reordered.map(fieldLabel)) })}</p>}
    </section>
  );
}

function PublishForm({ studio }: { studio: Studio }): JSX.Element {
  const known = studio.rollout.value?.groups.map((g) => g.group) ?? [];
  const [groups, setGroups] = useState('');
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [at, setAt] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ text: string; failed: boolean; problems?: string[] }>({ text: '', failed: false });
  const submit = async () => {
    const targets = [...new Set([...picked, ...groupsOf(groups)])];
    if (targets.length === 0) return setResult({ text: t('content.publish.noGroups'), failed: true });
    if (when === 'later' && !at) return setResult({ text: t('content.publish.noTime'), failed: true });
    setBusy(true);
    try {
      const r = await studio.publish({ targets, ...(when === 'later' ? { notBefore: fromChinaLocal(at) } : {}), ...(note ? { note } : {}) });
      setResult({
        text: r.notBefore ? t('content.publish.scheduled', { release: r.releaseId, groups: listText(r.targets), at: formatTime(Date.parse(r.notBefore)) }) : t('content.publish.done', { release: r.releaseId, groups: listText(r.targets) }),
        failed: false,
      });
    } catch (e) {
      const problems = e instanceof ApiError && Array.isArray(e.details) ? e.details.map((d) => (typeof d === 'string' ? d : JSON.stringify(d))) : undefined;
      setResult({ text: t('content.publish.failed', { message: (e as Error).message }), failed: true, problems });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby="publish-heading">
      <h2 id="publish-heading">{t('content.publish.heading')}</h2>
      <form
        class="publish-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset class="targets">
          <legend>{t('content.publish.targets')}</legend>
          {['all', ...known].map((g) => (
            <label key={g}>
              <input
                type="checkbox"
                checked={picked.has(g)}
                onChange={(e) => {
                  const next = new Set(picked);
                  if (e.currentTarget.checked) next.add(g);
                  else next.delete(g);
                  setPicked(next);
                }}
              />
              {g === 'all' ? t('content.publish.all') : g}
            </label>
          ))}
          <div class="field">
            <label for="publish-groups">{t('content.publish.groups')}</label>
            <input id="publish-groups" value={groups} aria-describedby="publish-groups-hint" onInput={(e) => setGroups(e.currentTarget.value)} />
            <p id="publish-groups-hint" class="hint">
              {t('content.publish.groupsHint')}
            </p>
          </div>
        </fieldset>
        <fieldset class="when">
          <legend>{t('content.publish.when')}</legend>
          <label>
            <input type="radio" name="when" checked={when === 'now'} onChange={() => setWhen('now')} />
            {t('content.publish.now')}
          </label>
          <label>
            <input type="radio" name="when" checked={when === 'later'} onChange={() => setWhen('later')} />
            {t('content.publish.later')}
          </label>
          {when === 'later' && (
            <div class="field">
              <label for="publish-at">{t('content.publish.at')}</label>
              <input id="publish-at" type="datetime-local" value={at} onInput={(e) => setAt(e.currentTarget.value)} />
            </div>
          )}
        </fieldset>
        <div class="field">
          <label for="publish-note">{t('content.publish.note')}</label>
          <input id="publish-note" maxLength={500} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </div>
        <button type="submit" disabled={busy}>
          {t('content.publish.submit')}
        </button>
      </form>
      <div role={result.failed ? 'alert' : 'status'} class={result.failed ? 'error' : 'message'}>
        {result.text}
        {result.problems && (
          <ul>
            {result.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
