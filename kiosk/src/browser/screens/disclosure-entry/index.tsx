/** One catalogue entry: its index data and its text. */
import { Blocks } from '../../components/blocks/index.tsx';
import { Screen } from '../../components/screen/index.tsx';
import type { ScreenProps } from '../registry.ts';
import { useKiosk, useT } from '../../state/context.ts';

export default function DisclosureEntry({ params }: ScreenProps) {
  const { state } = useKiosk();
  const { t, lang } = useT();
  const e = state.content.value?.files.disclosure?.entries.find((x) => x.indexNumber === params.id);
  if (!e) return <Screen title={t('screens.disclosure.title')}>{t('common.noContent')}</Screen>;
  return (
    <Screen title={e.title[lang]}>
      <dl class="facts">
        <dt>{t('screens.disclosure.indexNumber')}</dt>
        <dd>{e.indexNumber}</dd>
        <dt>{t('screens.disclosure.issuingBody')}</dt>
        <dd>{e.issuingBody[lang]}</dd>
        {e.documentNumber && <dt>{t('screens.disclosure.documentNumber')}</dt>}
        {e.documentNumber && <dd>{e.documentNumber}</dd>}
        <dt>{t('screens.disclosure.date')}</dt>
        <dd>{e.date}</dd>
      </dl>
      <p class="lead">{e.summary[lang]}</p>
      <Blocks blocks={e.body} lang={lang} />
    </Screen>
  );
}
