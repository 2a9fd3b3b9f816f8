/** Notices in force, urgent and important first, then newest. */
import { Screen } from '../../components/screen/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';
import { noticesInForce } from './in-force.ts';

export default function Notices() {
  const { state, actions } = useKiosk();
  const { t, lang } = useT();
  const notices = noticesInForce(state.content.value?.files.notices?.notices ?? [], state.now.value);
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
    </Screen>
  );
}
