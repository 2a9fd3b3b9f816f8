/**
 * The console's content studio: edit each content type's draft, see what publishing would
 * change and publish to groups (now or at a time), follow the rollout and roll back. Content
 * editors and admins change things; operators and auditors read (the server enforces both).
 */
import './strings.ts';
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { CONTENT_EDITORS } from '@civic-kiosk/protocol/content-studio';
import type { ContentType } from '@civic-kiosk/protocol/content';
import { hasRole } from '@civic-kiosk/protocol/staff-api';
import type { StaffRole } from '@civic-kiosk/protocol/staff-api';
import { t } from '../../i18n/index.ts';
import type { Console } from '../../state/session.ts';
import type { AreaProps } from '../area.tsx';
import { Editor } from './editor.tsx';
import { Publish } from './publish.tsx';
import { RolloutView } from './rollout.tsx';
import { createStudio, TYPES } from './studio.ts';
import type { Studio } from './studio.ts';
import './content.css';

const SECTIONS = ['edit', 'publish', 'rollout'] as const;
type Section = (typeof SECTIONS)[number];

export const canEditContent = (role: StaffRole): boolean => hasRole(CONTENT_EDITORS, role);

/** The section and type an address names (`/content?section=publish`, `?type=hotlines`). */
function fromQuery(): { section: Section; type: ContentType } {
  const q = new URLSearchParams(location.search);
  const section = SECTIONS.find((s) => s === q.get('section')) ?? 'edit';
  const type = TYPES.find((x) => x === q.get('type')) ?? 'notices';
  return { section, type };
}

const studios = new WeakMap<Console, { user: unknown; studio: Studio }>();
/** One studio per console and login: its working copies stay while the same person looks at other pages. */
function studioOf(app: Console): Studio {
  const user = app.user.peek();
  const kept = studios.get(app);
  if (kept && kept.user === user) return kept.studio;
  const studio = createStudio(app.api);
  studios.set(app, { user, studio });
  return studio;
}

export function View({ app, role }: AreaProps): JSX.Element {
  const studio = studioOf(app);
  const [{ section, type }, setPlace] = useState(fromQuery);
  const readOnly = !canEditContent(role);
  useEffect(() => void studio.load(), []);
  // Unsaved edits survive a visit to another console page (the studio outlives the view), not a reload.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => studio.unsaved.value.length > 0 && e.preventDefault();
    addEventListener('beforeunload', warn);
    return () => removeEventListener('beforeunload', warn);
  }, []);
  const go = (next: { section: Section; type: ContentType }) => {
    setPlace(next);
    history.replaceState(null, '', `${location.pathname}?section=${next.section}${next.section === 'edit' ? `&type=${next.type}` : ''}`);
  };
  const loaded = studio.saved.value !== undefined;

  return (
    <main id="main" class="content-studio">
      <h1>{t('content.heading')}</h1>
      {readOnly && <p class="notice">{t('content.readOnly')}</p>}
      <div class="view-switch" role="group" aria-label={t('content.sections')}>
        {SECTIONS.map((s) => (
          <button key={s} type="button" aria-pressed={s === section} onClick={() => go({ section: s, type })}>
            {t(`content.section.${s}`)}
          </button>
        ))}
      </div>
      {studio.loadError.value && (
        <p role="alert" class="error">
          {t('content.loadError', { message: studio.loadError.value })}
        </p>
      )}
      {!loaded && !studio.loadError.value && <p class="loading">{t('app.loading')}</p>}
      {loaded && section === 'edit' && (
        <div class="studio-edit">
          <nav class="type-list" aria-label={t('content.types')}>
            <ul>
              {TYPES.map((x) => (
                <li key={x}>
                  <button type="button" aria-pressed={x === type} onClick={() => go({ section, type: x })}>
                    {t(`content.type.${x}`)}
                    {studio.unsaved.value.includes(x) && <span class="dot">{t('content.unsavedMark')}</span>}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <Editor key={type} studio={studio} type={type} readOnly={readOnly} />
        </div>
      )}
      {loaded && section === 'publish' && <Publish studio={studio} readOnly={readOnly} />}
      {loaded && section === 'rollout' && <RolloutView studio={studio} readOnly={readOnly} />}
    </main>
  );
}
