/** First boot: a technician enrols the terminal with the district server's URL and a one-time code. */
import { useState } from 'preact/hooks';
import { useKiosk, useT } from '../../state/context.ts';

function validate(serverUrl: string, code: string): string | null {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    return 'badUrl';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'badUrl';
  if (code.trim().length < 4 || code.trim().length > 64) return 'badCode';
  return null;
}

export default function Enrolment() {
  const { actions } = useKiosk();
  const { t } = useT();
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const invalid = validate(serverUrl.trim(), code);
    if (invalid) return setError(t(`screens.enrolment.${invalid}`));
    setBusy(true);
    setError('');
    try {
      const info = await actions.enrol({ serverUrl: serverUrl.trim(), code: code.trim() });
      if (!info.enrolled) setError(t('screens.enrolment.notEnrolled'));
    } catch (err) {
      setError(`${t('screens.enrolment.failed')} ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="screen narrow" aria-labelledby="enrol-title">
      <h1 id="enrol-title">{t('screens.enrolment.title')}</h1>
      <p class="lead">{t('screens.enrolment.lead')}</p>
      <form class="form" noValidate onSubmit={(e) => void submit(e)}>
        <label for="enrol-url">{t('screens.enrolment.serverUrl')}</label>
        <input id="enrol-url" type="url" inputMode="url" autocomplete="off" value={serverUrl} placeholder="https://kiosk.example.gov.cn" onInput={(e) => setServerUrl(e.currentTarget.value)} />
        <label for="enrol-code">{t('screens.enrolment.code')}</label>
        <input id="enrol-code" type="text" autocomplete="off" value={code} onInput={(e) => setCode(e.currentTarget.value)} />
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? t('screens.enrolment.working') : t('screens.enrolment.submit')}
        </button>
      </form>
      <p role="alert" class="error" data-testid="enrol-error">
        {error}
      </p>
    </main>
  );
}
