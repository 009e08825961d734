/**
 * Check identity, then hand out: the field officer's main screen. Three ways
 * in (the scan field, the camera, a lookup by household id with a reason), one
 * verdict, and on a pass the handout form. After a saved handout the focus is
 * back in the scan field for the next person in the queue.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../shared/result';
import type { CheckPass } from '../../kit/api';
import { formatCash, formatItemLine } from '../common/format';
import { HandoutForm, type SavedHandout } from '../handout/handout-form';
import { useKit } from '../kit-context';
import { screenScan } from './limits';
import { LookupForm } from './lookup-form';
import { ScanField } from './scan-field';
import { ScanPanel } from './scan-panel';
import { Verdict, type VerdictState } from './verdict';

type Stage = VerdictState | { readonly kind: 'saved'; readonly saved: SavedHandout };

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

  const runCheck = async (call: () => Promise<Result<CheckPass, string>>) => {
    const mine = nextSeq();
    setServed(false);
    setStage({ kind: 'checking' });
    let result: Result<CheckPass, string>;
    try {
      result = await call();
    } catch (cause) {
      console.error('aidtrail: identity check failed', cause);
      result = { ok: false, code: 'internal', message: 'the check threw' };
    }
    if (mine !== seqRef.current) return; // a newer scan took over
    setStage(result.ok ? { kind: 'pass', pass: result.value } : { kind: 'fail', code: result.code });
    if (!result.ok) focusScan();
  };

  const onScan = (raw: string) => {
    const screened = screenScan(raw);
    if (screened.kind === 'empty') return;
    if (screened.kind === 'too-long') {
      nextSeq();
      setStage({ kind: 'fail', code: 'too-long' });
      focusScan();
      return;
    }
    void runCheck(() => kit.checkQr(screened.text));
  };

  const onLookup = (household: string, reason: string) => {
    void runCheck(() => kit.checkByLookup(household, reason));
  };

  const reset = useCallback(() => {
    setServed(false);
    seqRef.current += 1;
    setSeq(seqRef.current);
    setStage({ kind: 'idle' });
    focusScan();
  }, [focusScan]);

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

  const verdict: VerdictState = stage.kind === 'saved' ? { kind: 'idle' } : stage;

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
          <Verdict state={verdict} seq={seq} alreadyServed={served} />
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
          <LookupForm onLookup={onLookup} busy={stage.kind === 'checking'} />
        </div>
      </div>
    </div>
  );
}
