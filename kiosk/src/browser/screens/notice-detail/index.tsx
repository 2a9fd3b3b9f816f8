/** One notice. */
import { Blocks } from '../../components/blocks/index.tsx';
import { Screen } from '../../components/screen/index.tsx';
import type { ScreenProps } from '../registry.ts';
import { useKiosk, useT } from '../../state/context.ts';

export default function NoticeDetail({ params }: ScreenProps) {
  const { state } = useKiosk();
  const { t, lang } = useT();
  const n = state.content.value?.files.notices?.notices.find((x) => x.id === params.id);
  if (!n) return <Screen title={t('screens.notices.title')}>{t('common.noContent')}</Screen>;
  return (
    <Screen title={n.title[lang]}>
      <p class="list-sub">{n.date}</p>
      <Blocks blocks={n.body} lang={lang} />
    </Screen>
  );
}
