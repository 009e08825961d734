/**
 * Check identity, then hand out: the field officer's main screen. Three ways
 * in (the scan field, the camera, a lookup by household id with a reason and
 * then the identity document checked), one verdict, and on a pass the
 * handout form. A verdict never outlives what it answered: an empty scan, an
 * edit of the lookup or a new check clears it (and the handout form with
 * it). After a saved handout the focus is back in the scan field for the
 * next person in the queue.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../shared/result';
import type { CheckPass, HouseholdForm } from '../../kit/api';
import { formatCash, formatItemLine } from '../common/format';
import { HandoutForm, type SavedHandout } from '../handout/handout-form';
import { useKit } from '../kit-context';
import { DocumentCheck } from './document-check';
import { screenScan } from './limits';
import { LookupForm } from './lookup-form';
import { ScanField } from './scan-field';
import { ScanPanel } from './scan-panel';
import { Verdict, type VerdictState } from './verdict';

type Stage =
  | VerdictState
  | { readonly kind: 'saved'; readonly saved: SavedHandout }
  /** A lookup found the household: the officer checks an identity document before the check is recorded. */
  | { readonly kind: 'document'; readonly household: string; readonly reason: string; readonly holder: HouseholdForm | undefined };

const isEditable = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT');

export function CheckScreen() {
  const { t } = useTranslation();
  const kit = useKit();
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [seq, setSeq] = useState(0);
  const [served, setServed] = useState(false);
  const seqRef = useRef(0);
  const scanRef = useRef<HTMLInputElement>(null);

  const focusScan = useCallback(() => scanRef.current?.focus(), []);

  const nextSeq = (): number => {
    seqRef.current += 1;
    setSeq(seqRef.current);
    return seqRef.current;
  };

  /** Runs a kit call for the check under way; undefined when a newer check or a reset took over meanwhile. */
  const ask = async <T,>(call: () => Promise<Result<T, string>>): Promise<Result<T, string> | undefined> => {
    const mine = nextSeq();
    setServed(false);
    setStage({ kind: 'checking' });
    let result: Result<T, string>;
    try {
      result = await call();
    } catch (cause) {
      console.error('aidtrail: identity check failed', cause);
      result = { ok: false, code: 'internal', message: 'the check threw' };
    }
    return mine === seqRef.current ? result : undefined;
  };

  const fail = (code: string) => {
    setStage({ kind: 'fail', code });
    focusScan();
  };

  const runCheck = async (call: () => Promise<Result<CheckPass, string>>) => {
    const result = await ask(call);
    if (result === undefined) return;
    if (result.ok) setStage({ kind: 'pass', pass: result.value });
    else fail(result.code);
  };

  const reset = useCallback(() => {
    setServed(false);
    seqRef.current += 1;
    setSeq(seqRef.current);
    setStage({ kind: 'idle' });
    focusScan();
  }, [focusScan]);

  const onScan = (raw: string) => {
    const screened = screenScan(raw);
    if (screened.kind === 'empty') {
      // Enter on an empty field: nobody is being checked, so the last verdict (and its Confirm) goes.
      reset();
      return;
    }
    if (screened.kind === 'too-long') {
      nextSeq();
      fail('too-long');
      return;
    }
    void runCheck(() => kit.checkQr(screened.text));
  };

  // The record first, for the officer to compare with the identity document; a record this laptop cannot open still allows the lookup.
  const onLookup = async (household: string, reason: string) => {
    const found = await ask(() => kit.findHousehold(household));
    if (found === undefined) return;
    if (!found.ok && found.code !== 'sealed-elsewhere') fail(found.code);
    else setStage({ kind: 'document', household: found.ok ? found.value.id : household, reason, holder: found.ok ? found.value.form : undefined });
  };

  /** The officer is typing another lookup: what the screen shows is about someone else. */
  const clearVerdict = () => {
    if (stage.kind === 'idle') return;
    nextSeq();
    setServed(false);
    setStage({ kind: 'idle' });
  };

  // The scanner always wins: a printable key typed while the focus sits on a
  // button (say Confirm, after a pass) goes to the scan field instead, so
  // scanning the next card never presses Confirm for the previous household.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const inHandout = event.target instanceof Element && event.target.closest('.handout') !== null;
      if (event.key === 'Escape' && !isEditable(event.target) && !inHandout) {
        reset();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || event.key.length !== 1 || event.key === ' ') return;
      if (isEditable(event.target)) return;
      scanRef.current?.focus();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [reset]);

  const verdict: VerdictState = stage.kind === 'saved' || stage.kind === 'document' ? { kind: 'idle' } : stage;

  return (
    <div className="screen check-screen" data-testid="check-screen" data-stage={stage.kind}>
      <h2>{t('check.title')}</h2>
      <div className="check-grid">
        <div className="check-scan">
          <ScanField onScan={onScan} inputRef={scanRef} />
        </div>
        <div className="check-result">
          {stage.kind === 'saved' && (
            <div
              className="notice notice-ok saved"
              role="status"
              data-testid="handout-saved"
              data-household={stage.saved.household}
              data-event={stage.saved.eventId}
            >
              <p className="saved-head">
                <span aria-hidden="true">✓</span> {t('handout.saved')}{' '}
                <span className="mono" dir="ltr">
                  {stage.saved.household}
                </span>
              </p>
              <p>
                {[...stage.saved.items.map(formatItemLine), ...(stage.saved.cash ? [formatCash(stage.saved.cash)] : [])].join(
                  ' · ',
                )}
              </p>
              <p className="field-hint">{t('handout.nextPerson')}</p>
            </div>
          )}
          {stage.kind === 'document' ? (
            <DocumentCheck
              key={seq}
              household={stage.household}
              reason={stage.reason}
              holder={stage.holder}
              onConfirm={(document) => void runCheck(() => kit.checkByLookup(stage.household, stage.reason, document))}
              onCancel={reset}
            />
          ) : (
            <Verdict state={verdict} seq={seq} alreadyServed={served} />
          )}
          {stage.kind === 'pass' && (
            <HandoutForm
              key={stage.pass.checkId}
              pass={stage.pass}
              onCancel={reset}
              onBlocked={setServed}
              onSaved={(saved) => {
                setStage({ kind: 'saved', saved });
                focusScan();
              }}
            />
          )}
        </div>
        <div className="check-camera">
          <ScanPanel onDetected={onScan} />
        </div>
        <div className="check-lookup">
          <LookupForm onLookup={(household, reason) => void onLookup(household, reason)} onEdit={clearVerdict} busy={stage.kind === 'checking'} />
        </div>
      </div>
    </div>
  );
}
