/** Shown while staff have put the terminal out of service. */
import { useT } from '../../state/context.ts';

export default function Maintenance() {
  const { t } = useT();
  return (
    <main class="screen narrow center" aria-labelledby="maint-title">
      <h1 id="maint-title">{t('screens.maintenance.title')}</h1>
      <p class="lead">{t('screens.maintenance.text')}</p>
    </main>
  );
}
