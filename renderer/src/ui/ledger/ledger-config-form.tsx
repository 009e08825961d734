/**
 * A team lead points the kit at HQ's ledger: its address and the log's
 * verifier key, which HQ hands over out of band (the ledger only confirms
 * it). On success the loop anchors at once. In the desktop app the address
 * is allowed first; when the page must reload to reach it, the form is
 * kept (address and key: both public) and sent again after the reload.
 * Optional (issue 17): where the log's tiles are served, and the witnesses
 * whose cosignatures a checkpoint needs (their vkeys, one a line) with how
 * many of them must cosign.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseWitnessKey } from '../../../../shared/tlog/witness-key';
import type { AnchorLoopControl, LedgerStatus } from '../../kit/api';
import { errorText } from '../../i18n/codes';
import { Field } from '../common/field';
import { DoneNotice, ErrorNotice } from '../common/notice';
import { reloadToContinue, takeAfterReload } from '../common/reload';
import { SubmitActions } from '../common/submit-actions';
import { TextField } from '../common/text-field';
import { useKit } from '../kit-context';

/** What a reload for the desktop's network policy carries over: the form as sent. */
const RELOAD_KEY = 'ledger-configure';

type Extras = { readonly tiles: string; readonly witnesses: string; readonly quorum: string };
type Pending = { readonly url: string; readonly key: string } & Partial<Extras>;

const isPending = (value: unknown): value is Pending =>
  typeof value === 'object' && value !== null && typeof (value as Pending).url === 'string' && typeof (value as Pending).key === 'string';

/** The witness keys entered, one a line (blank lines skipped). */
const witnessLines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** The first line (1-based, blank lines counted) that is not a witness key, if any. */
function badWitnessLine(text: string): number | undefined {
  const at = text.split('\n').findIndex((line) => line.trim() !== '' && !parseWitnessKey(line.trim()).ok);
  return at < 0 ? undefined : at + 1;
}

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
  const [tiles, setTiles] = useState(() => ledger?.tiles ?? '');
  const [witnesses, setWitnesses] = useState(() => ledger?.witnesses?.join('\n') ?? '');
  const [quorum, setQuorum] = useState(() => (ledger?.quorum === undefined ? '' : String(ledger.quorum)));
  // The kept extras, once the status has been read, unless someone typed already.
  const knownTiles = ledger?.tiles;
  const knownWitnesses = ledger?.witnesses?.join('\n');
  const knownQuorum = ledger?.quorum;
  useEffect(() => {
    if (knownTiles !== undefined) setTiles((typed) => (typed === '' ? knownTiles : typed));
  }, [knownTiles]);
  useEffect(() => {
    if (knownWitnesses !== undefined) setWitnesses((typed) => (typed === '' ? knownWitnesses : typed));
  }, [knownWitnesses]);
  useEffect(() => {
    if (knownQuorum !== undefined) setQuorum((typed) => (typed === '' ? String(knownQuorum) : typed));
  }, [knownQuorum]);
  // A refusal's code: those of a field are shown at it, the others under the form.
  const [failure, setFailure] = useState<string>();
  // The line of the witness key that does not parse.
  const [badLine, setBadLine] = useState<number>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const configure = async (address: string, keyText: string, extras: Extras) => {
    setSaved(false);
    setBadLine(undefined);
    if (!/^https?:\/\/\S+$/.test(address)) {
      setFailure('bad-url');
      return;
    }
    if (!keyText) {
      setFailure('bad-key');
      return;
    }
    if (extras.tiles !== '' && !/^https?:\/\/\S+$/.test(extras.tiles)) {
      setFailure('bad-tiles-url');
      return;
    }
    const line = badWitnessLine(extras.witnesses);
    if (line !== undefined) {
      setBadLine(line);
      setFailure('bad-witness-key');
      return;
    }
    const keys = witnessLines(extras.witnesses);
    const k = extras.quorum === '' ? undefined : Number(extras.quorum);
    if (keys.length > 0 && k !== undefined && (!Number.isInteger(k) || k < 1 || k > keys.length)) {
      setFailure('bad-quorum');
      return;
    }
    setFailure(undefined);
    setBusy(true);
    let leaving = false;
    try {
      const result = await kit.configureLedger(address, keyText, {
        tiles: extras.tiles,
        witnesses: keys,
        ...(keys.length > 0 && k !== undefined && { quorum: k }),
      });
      if (result.ok) {
        setSaved(true);
        setKey('');
        void loop.runNow();
      } else if (result.code === 'reload-needed' && reloadToContinue(RELOAD_KEY, { url: address, key: keyText, ...extras } satisfies Pending)) {
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
    await configure(url.trim(), key.trim(), { tiles: tiles.trim(), witnesses, quorum: quorum.trim() });
  };

  // Back from a reload for the ledger's address: send the form again.
  useEffect(() => {
    const resumed = takeAfterReload(RELOAD_KEY);
    if (!isPending(resumed)) return;
    const extras = { tiles: resumed.tiles ?? '', witnesses: resumed.witnesses ?? '', quorum: resumed.quorum ?? '' };
    setUrl(resumed.url);
    setKey(resumed.key);
    setTiles(extras.tiles);
    setWitnesses(extras.witnesses);
    setQuorum(extras.quorum);
    void configure(resumed.url, resumed.key, extras);
    // Once, when the form first shows.
  }, []);

  const FIELD_CODES = ['bad-url', 'bad-key', 'bad-tiles-url', 'bad-witness-key', 'bad-quorum'];
  const fieldless = failure !== undefined && FIELD_CODES.includes(failure) ? undefined : failure;
  const witnessError =
    failure !== 'bad-witness-key' ? undefined : badLine === undefined ? errorText('bad-witness-key') : t('ledger.badWitnessLine', { line: badLine, error: errorText('bad-witness-key') });

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
      <TextField
        label={t('ledger.tiles')}
        hint={t('ledger.tilesHint')}
        error={failure === 'bad-tiles-url' ? errorText('bad-tiles-url') : undefined}
        code
        inputMode="url"
        maxLength={500}
        placeholder="https://tiles.example-agency.org/log"
        testId="ledger-tiles-input"
        value={tiles}
        onChange={setTiles}
      />
      <Field label={t('ledger.witnessKeys')} hint={t('ledger.witnessKeysHint')} error={witnessError}>
        {(control) => (
          <textarea
            {...control}
            className="input mono"
            dir="ltr"
            rows={3}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            maxLength={5000}
            data-testid="ledger-witnesses-input"
            value={witnesses}
            onChange={(event) => setWitnesses(event.target.value)}
          />
        )}
      </Field>
      {witnessLines(witnesses).length > 0 && (
        <TextField
          label={t('ledger.quorum')}
          hint={t('ledger.quorumHint', { total: witnessLines(witnesses).length })}
          error={failure === 'bad-quorum' ? errorText('bad-quorum') : undefined}
          inputMode="numeric"
          maxLength={3}
          placeholder={String(witnessLines(witnesses).length)}
          testId="ledger-quorum-input"
          value={quorum}
          onChange={setQuorum}
        />
      )}
      <ErrorNotice testId="ledger-form-error" code={fieldless} message={fieldless && errorText(fieldless)} />
      <DoneNotice testId="ledger-saved" message={saved ? t('ledger.saved') : undefined} />
      <SubmitActions label={t('ledger.save')} busy={busy} testId="ledger-save" />
    </form>
  );
}
