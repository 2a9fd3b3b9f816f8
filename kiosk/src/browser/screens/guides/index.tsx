/**
 * Service guides: search in either language or by pinyin with the on-screen keyboard, categories
 * that match the search offered first, filter by category, open a guide.
 */
import { useMemo, useState } from 'preact/hooks';
import { Search } from 'lucide-preact';
import { buildLexicon, candidatesFor } from '../../../common/search/candidates.ts';
import { indexGuides, searchGuides } from '../../../common/search/guide-search.ts';
import { Icon } from '../../components/icon/index.tsx';
import { Screen } from '../../components/screen/index.tsx';
import { TextKeyboard } from '../../components/text-keyboard/index.tsx';
import { useReadings } from '../../search/readings.ts';
import { useKiosk, useT } from '../../state/context.ts';
import './guides.css';

const MAX_QUERY = 40;

export default function Guides() {
  const { state, actions } = useKiosk();
  const { t, lang } = useT();
  const file = state.content.value?.files.guides;
  const readings = useReadings();
  const [keyboard, setKeyboard] = useState(false);
  const inputs = state.session.value.inputs.value;
  const query = inputs['guides.query'] ?? '';
  const composition = inputs['guides.pinyin'] ?? '';
  const category = inputs['guides.category'] ?? '';
  const index = useMemo(() => file && indexGuides(file, readings), [file, readings]);
  const lexicon = useMemo(() => {
    if (!file || !readings) return undefined;
    const terms = [...file.categories.map((c) => c.name['zh-CN']), ...file.guides.flatMap((g) => [g.matter['zh-CN'], g.department['zh-CN'], ...g.keywords['zh-CN']])];
    return buildLexicon(terms, file.guides.map((g) => g.eligibility['zh-CN']), readings);
  }, [file, readings]);
  // Pinyin still being typed searches too: `sbk` finds 社保卡 before any word is picked.
  const found = index ? searchGuides(index, `${query} ${composition}`, category || undefined) : { categories: [], guides: [] };
  const setQuery = (value: string, pinyin: string) => {
    actions.setInput('guides.query', value);
    actions.setInput('guides.pinyin', pinyin);
  };
  return (
    <Screen title={t('screens.guides.title')}>
      <div class="guides-layout">
        <p role="status" class="result-count">
          {file ? t('screens.guides.count', { n: found.guides.length }) : t('common.noContent')}
        </p>
        {found.categories.length > 0 && (
          <div class="chips" role="group" aria-label={t('screens.guides.matchingCategories')} data-testid="category-results">
            {found.categories.map((c) => (
              <button type="button" key={c.id} class="chip category-result" aria-pressed={category === c.id} data-category={c.id} onClick={() => actions.setInput('guides.category', c.id)}>
                {t('screens.guides.categoryResult', { name: c.name[lang] })}
              </button>
            ))}
          </div>
        )}
        <ul class="list guides-results" data-testid="guide-results">
          {found.guides.map((g) => (
            <li key={g.id}>
              <button type="button" class="list-item" onClick={() => actions.navigate({ name: 'guide', params: { id: g.id } })}>
                <span class="list-title">{g.matter[lang]}</span>
                <span class="list-sub">{g.department[lang]}</span>
              </button>
            </li>
          ))}
        </ul>
        <form class="search" role="search" onSubmit={(e) => e.preventDefault()}>
          <label for="guide-search" class="visually-hidden">
            {t('screens.guides.search')}
          </label>
          <div class="search-field">
            <Icon icon={Search} />
            {/* inputmode none: the on-screen keyboard types; a physical keyboard still works. */}
            <input id="guide-search" type="search" inputMode="none" maxLength={MAX_QUERY} value={query + composition} autocomplete="off" placeholder={t('screens.guides.placeholder')} onFocus={() => setKeyboard(true)} onInput={(e) => setQuery(e.currentTarget.value, '')} />
          </div>
        </form>
        {keyboard ? (
          <TextKeyboard label={t('keyboard.label')} value={query} composition={composition} onChange={setQuery} candidates={lexicon ? (typed, limit) => candidatesFor(lexicon, typed, limit) : null} maxLength={MAX_QUERY} onClose={() => setKeyboard(false)} />
        ) : (
          <>
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
            <button type="button" class="button" onClick={() => setKeyboard(true)} data-testid="kb-open">
              {t('keyboard.open')}
            </button>
          </>
        )}
      </div>
    </Screen>
  );
}
