/**
 * A team lead points the kit at HQ's ledger: its address and the log's
 * verifier key, which HQ hands over out of band (the ledger only confirms
 * it). On success the loop anchors at once. In the desktop app the address
 * is allowed first; when the page must reload to reach it, the form is
 * kept (address and key: both public) and sent again after the reload.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnchorLoopControl, LedgerStatus } from '../../kit/api';
import { errorText } from '../../i18n/codes';
import { DoneNotice, ErrorNotice } from '../common/notice';
import { reloadToContinue, takeAfterReload } from '../common/reload';
import { SubmitActions } from '../common/submit-actions';
import { TextField } from '../common/text-field';
import { useKit } from '../kit-context';

/** What a reload for the desktop's network policy carries over: the form as sent. */
const RELOAD_KEY = 'ledger-configure';

type Pending = { readonly url: string; readonly key: string };

const isPending = (value: unknown): value is Pending =>
  typeof value === 'object' && value !== null && typeof (value as Pending).url === 'string' && typeof (value as Pending).key === 'string';

export function LedgerConfigForm({ loop, ledger }: { readonly loop: AnchorLoopControl; readonly ledger: LedgerStatus | undefined }) {
  const { t } = useTranslation();
  const kit = useKit();
  const titleId = useId();
  const [url, setUrl] = useState(() => ledger?.url ?? '');
  const known = ledger?.url;
  // The configured address, once the status has been read, unless someone typed already.
  useEffect(() => {
    if (known !== undefined) setUrl((typed) => (typed === '' ? known : typed));
  }, [known]);
  const [key, setKey] = useState('');
  // A refusal's code: `bad-url` and `bad-key` are shown at their field, the others under the form.
  const [failure, setFailure] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const configure = async (address: string, keyText: string) => {
    setSaved(false);
    if (!/^https?:\/\/\S+$/.test(address)) {
      setFailure('bad-url');
      return;
    }
    if (!keyText) {
      setFailure('bad-key');
      return;
    }
    setFailure(undefined);
    setBusy(true);
    let leaving = false;
    try {
      const result = await kit.configureLedger(address, keyText);
      if (result.ok) {
        setSaved(true);
        setKey('');
        void loop.runNow();
      } else if (result.code === 'reload-needed' && reloadToContinue(RELOAD_KEY, { url: address, key: keyText } satisfies Pending)) {
        // The page reloads, and sends the form again.
        leaving = true;
      } else {
        setFailure(result.code);
      }
    } catch (cause) {
      console.error('aidtrail: the ledger could not be configured', cause);
      setFailure('internal');
    } finally {
      if (!leaving) setBusy(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    await configure(url.trim(), key.trim());
  };

  // Back from a reload for the ledger's address: send the form again.
  useEffect(() => {
    const resumed = takeAfterReload(RELOAD_KEY);
    if (!isPending(resumed)) return;
    setUrl(resumed.url);
    setKey(resumed.key);
    void configure(resumed.url, resumed.key);
    // Once, when the form first shows.
  }, []);

  const fieldless = failure === 'bad-url' || failure === 'bad-key' ? undefined : failure;

  return (
    <form className="panel" noValidate aria-labelledby={titleId} data-testid="ledger-form"
      data-state={busy ? 'saving' : failure !== undefined ? 'error' : saved ? 'saved' : 'idle'}
      {...(failure !== undefined && { 'data-code': failure })}
      onSubmit={(event) => void submit(event)}>
      <h3 id={titleId}>{t('ledger.formTitle')}</h3>
      <TextField
        label={t('ledger.url')}
        hint={t('ledger.urlHint')}
        error={failure === 'bad-url' ? errorText('bad-url') : undefined}
        required
        code
        inputMode="url"
        maxLength={500}
        placeholder="https://ledger.example-agency.org"
        testId="ledger-url-input"
        value={url}
        onChange={setUrl}
      />
      <TextField
        label={t('ledger.key')}
        hint={t('ledger.keyHint')}
        error={failure === 'bad-key' ? errorText('bad-key') : undefined}
        required
        code
        maxLength={500}
        testId="ledger-key-input"
        value={key}
        onChange={setKey}
      />
      <ErrorNotice testId="ledger-form-error" code={fieldless} message={fieldless && errorText(fieldless)} />
      <DoneNotice testId="ledger-saved" message={saved ? t('ledger.saved') : undefined} />
      <SubmitActions label={t('ledger.save')} busy={busy} testId="ledger-save" />
    </form>
  );
}
