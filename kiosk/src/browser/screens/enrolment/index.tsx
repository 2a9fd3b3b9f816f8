/** First boot: a technician enrols the terminal with the district server's URL and a one-time code. */
import { useState } from 'preact/hooks';
import { TextKeyboard } from '../../components/text-keyboard/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';

/** What a server address and a code are typed with on the screen, besides letters. */
const ENROL_KEYS = ['1234567890', './:-_'];

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
  // The on-screen keyboard types into the field touched last.
  const [field, setField] = useState<'url' | 'code'>('url');
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
        <input id="enrol-url" type="url" inputMode="url" autocomplete="off" value={serverUrl} placeholder="https://kiosk.example.gov.cn" onFocus={() => setField('url')} onInput={(e) => setServerUrl(e.currentTarget.value)} />
        <label for="enrol-code">{t('screens.enrolment.code')}</label>
        <input id="enrol-code" type="text" autocomplete="off" value={code} onFocus={() => setField('code')} onInput={(e) => setCode(e.currentTarget.value)} />
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? t('screens.enrolment.working') : t('screens.enrolment.submit')}
        </button>
      </form>
      <TextKeyboard
        label={t(field === 'url' ? 'screens.enrolment.serverUrl' : 'screens.enrolment.code')}
        value={field === 'url' ? serverUrl : code}
        composition=""
        onChange={(value) => (field === 'url' ? setServerUrl(value) : setCode(value))}
        maxLength={field === 'url' ? 256 : 64}
        extraRows={ENROL_KEYS}
      />
      <p role="alert" class="error" data-testid="enrol-error">
        {error}
      </p>
    </main>
  );
}
