/** One information page of the content release (how to use the kiosk, fees ...). */
import { Blocks } from '../../components/blocks/index.tsx';
import { Screen } from '../../components/screen/index.tsx';
import type { ScreenProps } from '../registry.ts';
import { useKiosk, useT } from '../../state/context.ts';

export default function InfoPage({ params }: ScreenProps) {
  const { state } = useKiosk();
  const { t, lang } = useT();
  const page = state.content.value?.files.pages?.pages.find((p) => p.id === params.id);
  if (!page) return <Screen title={t('screens.notices.pages')}>{t('common.noContent')}</Screen>;
  return (
    <Screen title={page.title[lang]}>
      <Blocks blocks={page.blocks} lang={lang} />
    </Screen>
  );
}
