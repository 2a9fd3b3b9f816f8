/**
 * The content studio's terminal preview: the kiosk's own UI (served at KIOSK_PREVIEW_PATH) in
 * a sandboxed frame at 1080x1920, scaled to the panel, showing the draft being edited on the
 * screen a terminal would show it on, in either language and in elderly mode.
 *
 * The frame runs without this origin (`sandbox="allow-scripts"`): it holds no staff session and
 * cannot touch this page. Drafts reach it only as postMessage data, which it validates.
 */
import { signal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ContentType } from '@civic-kiosk/protocol/content';
import { KIOSK_PREVIEW_PATH, PREVIEW_ITEM_SCREENS, PREVIEW_SCREENS_OF, PreviewAnswer } from '@civic-kiosk/protocol/kiosk-preview';
import type { PreviewLang, PreviewScreen, PreviewShow } from '@civic-kiosk/protocol/kiosk-preview';
import { t } from '../../../i18n/index.ts';
import { itemLabel } from '../form.tsx';
import { editedItem, previewItems } from './items.ts';
import './preview.css';

export interface DraftPreviewProps {
  type: ContentType;
  /** The edited file of `type`, valid or not. */
  draft: unknown;
  /** The item to show (its id, or a disclosure entry's index number); absent: the one last edited, else the first. */
  item?: string | undefined;
  /** The other types' drafts, so the screen has what it links to. */
  others?: Partial<Record<ContentType, unknown>> | undefined;
}

const KIOSK_WIDTH = 1080;
/** How long a loaded frame may take to say it is ready before the panel says it is not there. */
const READY_WAIT_MS = 3000;
/** Typing changes the draft at every key; the frame redraws once the typing pauses. */
const SETTLE_MS = 150;

// The terminal's language and elderly mode stay as staff set them while they move between types.
const chosenLang = signal<PreviewLang>('zh-CN');
const chosenElderly = signal(false);

const SCREEN_LABEL: Record<PreviewScreen, () => string> = {
  notice: () => t('content.terminalPreview.screens.notice'),
  notices: () => t('content.terminalPreview.screens.notices'),
  page: () => t('content.terminalPreview.screens.page'),
  guide: () => t('content.terminalPreview.screens.guide'),
  guides: () => t('content.terminalPreview.screens.guides'),
  'disclosure-entry': () => t('content.terminalPreview.screens.disclosure-entry'),
  disclosure: () => t('content.terminalPreview.screens.disclosure'),
  hotlines: () => t('content.terminalPreview.screens.hotlines'),
  map: () => t('content.terminalPreview.screens.map'),
  attract: () => t('content.terminalPreview.screens.attract'),
  emergency: () => t('content.terminalPreview.screens.emergency'),
  home: () => t('content.terminalPreview.screens.home'),
};

export function DraftPreview({ type, draft, item, others }: DraftPreviewProps): JSX.Element {
  const screens = PREVIEW_SCREENS_OF[type];
  const [screen, setScreen] = useState<PreviewScreen>(screens[0]);
  const lang = chosenLang.value;
  const elderly = chosenElderly.value;
  const setLang = (next: PreviewLang) => (chosenLang.value = next);
  const [ready, setReady] = useState(false);
  const [unavailable, setUnavailable] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const frame = useRef<HTMLIFrameElement>(null);
  const readyRef = useRef(false);
  const stage = useRef<HTMLDivElement>(null);
  const shown = screens.includes(screen) ? screen : screens[0];
  const items = previewItems(type, draft);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const shownItem = item ?? (items.some((i) => i.id === chosen) ? chosen : items[0]?.id);

  // The preview follows the item an edit changes; another type starts from its first item.
  const before = useRef({ type, draft });
  useEffect(() => {
    const edited = before.current.type === type ? editedItem(type, before.current.draft, draft) : undefined;
    if (before.current.type !== type) setChosen(undefined);
    else if (edited) setChosen(edited);
    before.current = { type, draft };
  }, [type, draft]);

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== frame.current?.contentWindow) return;
      const answer = PreviewAnswer.safeParse(event.data);
      if (!answer.success) return;
      if (answer.data.kind === 'kiosk-preview.ready') {
        readyRef.current = true;
        setReady(true);
        setUnavailable(false);
      }
      else setProblems(answer.data.problems);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  useEffect(() => {
    if (!ready) return;
    const show: PreviewShow = { kind: 'kiosk-preview.show', content: { ...others, [type]: draft }, screen: shown, lang, elderly, ...(shownItem ? { item: shownItem } : {}) };
    // The frame's origin is opaque, so no target origin but '*' reaches it; the console's CSP
    // (frame-src 'self') keeps anything but this server's preview page out of the frame.
    const timer = setTimeout(() => frame.current?.contentWindow?.postMessage(show, '*'), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [ready, type, draft, others, shownItem, shown, lang, elderly]);

  // The frame keeps the terminal's 1080 px width; the stage shrinks it to the panel's width.
  useEffect(() => {
    const el = stage.current;
    if (!el) return;
    const fit = () => el.style.setProperty('--preview-scale', String(el.clientWidth / KIOSK_WIDTH));
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // The kiosk says it is ready before its page has loaded; a page that loaded and said nothing
  // is not the kiosk (the server has no preview build, and answered with an error).
  const checkReady = () => setTimeout(() => frame.current && setUnavailable(!readyRef.current), READY_WAIT_MS);

  return (
    <section class="draft-preview" aria-labelledby="draft-preview-heading">
      <h2 id="draft-preview-heading">{t('content.terminalPreview.heading')}</h2>
      <p class="hint">{t('content.terminalPreview.intro')}</p>
      <div class="draft-preview-controls">
        <label>
          {t('content.terminalPreview.screen')}
          <select value={shown} onChange={(e) => setScreen(e.currentTarget.value as PreviewScreen)}>
            {screens.map((s) => (
              <option key={s} value={s}>
                {SCREEN_LABEL[s]()}
              </option>
            ))}
          </select>
        </label>
        {PREVIEW_ITEM_SCREENS.has(shown) && items.length > 0 && !item && (
          <label>
            {t('content.terminalPreview.item')}
            <select value={shownItem} onChange={(e) => setChosen(e.currentTarget.value)}>
              {items.map((i, n) => (
                <option key={n} value={i.id}>
                  {itemLabel(i.item, n)}
                </option>
              ))}
            </select>
          </label>
        )}
        <fieldset>
          <legend>{t('content.terminalPreview.language')}</legend>
          <label>
            <input type="radio" name="draft-preview-lang" value="zh-CN" checked={lang === 'zh-CN'} onChange={() => setLang('zh-CN')} />
            {t('content.terminalPreview.langZh')}
          </label>
          <label>
            <input type="radio" name="draft-preview-lang" value="en" checked={lang === 'en'} onChange={() => setLang('en')} />
            {t('content.terminalPreview.langEn')}
          </label>
        </fieldset>
        <label>
          <input type="checkbox" checked={elderly} onChange={(e) => (chosenElderly.value = e.currentTarget.checked)} />
          {t('content.terminalPreview.elderly')}
        </label>
      </div>
      <p class="draft-preview-status" role="status">
        {unavailable ? t('content.terminalPreview.unavailable') : !ready ? t('content.terminalPreview.loading') : problems.length > 0 ? t('content.terminalPreview.problems', { problems: problems.join('; ') }) : ''}
      </p>
      <div class="draft-preview-stage" ref={stage}>
        <iframe ref={frame} src={KIOSK_PREVIEW_PATH} sandbox="allow-scripts" onLoad={checkReady} title={t('content.terminalPreview.frameTitle', { screen: SCREEN_LABEL[shown]() })} />
      </div>
    </section>
  );
}
