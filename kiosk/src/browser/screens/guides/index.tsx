/** Service guides: search in either language, filter by category, open a guide. */
import { Screen } from '../../components/screen/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';
import { searchGuides } from './search.ts';

export default function Guides() {
  const { state, actions } = useKiosk();
  const { t, lang } = useT();
  const file = state.content.value?.files.guides;
  const inputs = state.session.value.inputs.value;
  const query = inputs['guides.query'] ?? '';
  const category = inputs['guides.category'] ?? '';
  const found = file ? searchGuides(file.guides, query, category || undefined) : [];
  return (
    <Screen title={t('screens.guides.title')}>
      <form class="search" role="search" onSubmit={(e) => e.preventDefault()}>
        <label for="guide-search">{t('screens.guides.search')}</label>
        <input id="guide-search" type="search" value={query} autocomplete="off" placeholder={t('screens.guides.placeholder')} onInput={(e) => actions.setInput('guides.query', e.currentTarget.value)} />
      </form>
      <div class="chips" role="group" aria-label={t('screens.guides.categories')}>
        <button type="button" class="chip" aria-pressed={!category} onClick={() => actions.setInput('guides.category', '')}>
          {t('common.all')}
        </button>
        {file?.categories.map((c) => (
          <button type="button" key={c.id} class="chip" aria-pressed={category === c.id} onClick={() => actions.setInput('guides.category', c.id)}>
            {c.name[lang]}
          </button>
        ))}
      </div>
      <p role="status" class="result-count">
        {file ? t('screens.guides.count', { n: found.length }) : t('common.noContent')}
      </p>
      <ul class="list" data-testid="guide-results">
        {found.map((g) => (
          <li key={g.id}>
            <button type="button" class="list-item" onClick={() => actions.navigate({ name: 'guide', params: { id: g.id } })}>
              <span class="list-title">{g.matter[lang]}</span>
              <span class="list-sub">{g.department[lang]}</span>
            </button>
          </li>
        ))}
      </ul>
    </Screen>
  );
}
