/** Notices in force (urgent and important first, then newest), then the information pages. */
import { Screen } from '../../components/screen/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';
import { noticesInForce } from './in-force.ts';

export default function Notices() {
  const { state, actions } = useKiosk();
  const { t, lang } = useT();
  const notices = noticesInForce(state.content.value?.files.notices?.notices ?? [], state.now.value);
  const pages = state.content.value?.files.pages?.pages ?? [];
  return (
    <Screen title={t('screens.notices.title')}>
      {notices.length === 0 && <p>{t('screens.notices.none')}</p>}
      <ul class="list">
        {notices.map((n) => (
          <li key={n.id}>
            <button type="button" class="list-item" onClick={() => actions.navigate({ name: 'notice', params: { id: n.id } })}>
              <span class="list-title">
                {n.priority !== 'normal' && <span class={`badge ${n.priority}`}>{t(`screens.notices.priority.${n.priority}`)}</span>}
                {n.title[lang]}
              </span>
              <span class="list-sub">{n.date}</span>
            </button>
          </li>
        ))}
      </ul>
      {pages.length > 0 && <h2>{t('screens.notices.pages')}</h2>}
      <ul class="list">
        {pages.map((p) => (
          <li key={p.id}>
            <button type="button" class="list-item" data-page={p.id} onClick={() => actions.navigate({ name: 'page', params: { id: p.id } })}>
              <span class="list-title">{p.title[lang]}</span>
              {p.summary && <span class="list-sub">{p.summary[lang]}</span>}
            </button>
          </li>
        ))}
      </ul>
    </Screen>
  );
}
