/**
 * A team lead points the kit at HQ's ledger: its address and the log's
 * verifier key, which HQ hands over out of band (the ledger only confirms
 * it). On success the loop anchors at once.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnchorLoop } from '../../kit/anchor-loop';
import type { LedgerStatus } from '../../kit/kit-api';
import { errorText } from '../../i18n/codes';
import { Field } from '../common/field';
import { useKit } from '../kit-context';

type Failure = 'bad-url' | 'bad-key' | 'unreachable' | 'mismatch' | 'internal';

export function LedgerConfigForm({ loop, ledger }: { readonly loop: AnchorLoop; readonly ledger: LedgerStatus | undefined }) {
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
  const [failure, setFailure] = useState<Failure>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setSaved(false);
    const address = url.trim();
    if (!/^https?:\/\/\S+$/.test(address)) {
      setFailure('bad-url');
      return;
    }
    if (!key.trim()) {
      setFailure('bad-key');
      return;
    }
    setFailure(undefined);
    setBusy(true);
    try {
      const result = await kit.configureLedger(address, key.trim());
      if (result.ok) {
        setSaved(true);
        setKey('');
        void loop.runNow();
      } else {
        setFailure(result.code);
      }
    } catch (cause) {
      console.error('aidtrail: the ledger could not be configured', cause);
      setFailure('internal');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel" noValidate aria-labelledby={titleId} data-testid="ledger-form"
      data-state={busy ? 'saving' : failure !== undefined ? 'error' : saved ? 'saved' : 'idle'}
      {...(failure !== undefined && { 'data-code': failure })}
      onSubmit={(event) => void submit(event)}>
      <h3 id={titleId}>{t('ledger.formTitle')}</h3>
      <Field label={t('ledger.url')} hint={t('ledger.urlHint')} error={failure === 'bad-url' ? errorText('bad-url') : undefined} required>
        {(control) => (
          <input
            {...control}
            className="input"
            dir="ltr"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            maxLength={500}
            placeholder="https://ledger.example-agency.org"
            data-testid="ledger-url-input"
            value={url}
            onChange={(event) => setUrl(event.target.value)}
          />
        )}
      </Field>
      <Field label={t('ledger.key')} hint={t('ledger.keyHint')} error={failure === 'bad-key' ? errorText('bad-key') : undefined} required>
        {(control) => (
          <input
            {...control}
            className="input"
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            maxLength={500}
            data-testid="ledger-key-input"
            value={key}
            onChange={(event) => setKey(event.target.value)}
          />
        )}
      </Field>
      {(failure === 'unreachable' || failure === 'mismatch' || failure === 'internal') && (
        <p className="notice notice-error" role="alert" data-testid="ledger-form-error" data-code={failure}>
          {errorText(failure)}
        </p>
      )}
      {saved && (
        <p className="notice notice-ok" role="status" data-testid="ledger-saved">
          {t('ledger.saved')}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button-primary" data-testid="ledger-save" disabled={busy}>
          {busy ? t('common.saving') : t('ledger.save')}
        </button>
      </div>
    </form>
  );
}
