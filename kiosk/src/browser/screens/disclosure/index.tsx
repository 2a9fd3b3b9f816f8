/** The government information disclosure catalogue, browsed by category, newest first. */
import { Screen } from '../../components/screen/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';

export default function Disclosure() {
  const { state, actions } = useKiosk();
  const { t, lang } = useT();
  const file = state.content.value?.files.disclosure;
  const category = state.session.value.inputs.value['disclosure.category'] ?? file?.categories[0]?.id ?? '';
  const entries = (file?.entries ?? []).filter((e) => e.category === category).sort((a, b) => b.date.localeCompare(a.date));
  return (
    <Screen title={t('screens.disclosure.title')}>
      {!file && <p>{t('common.noContent')}</p>}
      <div class="chips" role="group" aria-label={t('screens.disclosure.categories')}>
        {file?.categories.map((c) => (
          <button type="button" key={c.id} class="chip" aria-pressed={category === c.id} onClick={() => actions.setInput('disclosure.category', c.id)}>
            {c.name[lang]}
          </button>
        ))}
      </div>
      <ul class="list">
        {entries.map((e) => (
          <li key={e.indexNumber}>
            <button type="button" class="list-item" onClick={() => actions.navigate({ name: 'disclosure-entry', params: { id: e.indexNumber } })}>
              <span class="list-title">{e.title[lang]}</span>
              <span class="list-sub">
                {e.issuingBody[lang]} · {e.date}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </Screen>
  );
}
