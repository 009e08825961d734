/**
 * The "Verify" button and what it checked, step by step (./verify/verify.ts),
 * in the visitor's browser. A failure is shown loudly (role="alert") with
 * what failed in words and the technical reason.
 */
import { useState } from 'react';
import type { DonorAnswer } from '../../shared/ledger/funds-answers';
import { stepText, t } from './strings';
import type { PinnedKey, PinnedKeyError } from './verify/pinned-key';
import type { TilesPinError, WitnessPins, WitnessPinsError } from './verify/pins';
import { verified, verify, type Step, type VerifyPorts } from './verify/verify';
import type { Result } from '../../shared/result';

/** Where this browser keeps the last checkpoint it verified, per log key: localStorage, so the next visit compares with it. */
const SEEN_PREFIX = 'aidtrail.donors.seen:';

const FETCH: RequestInit = { cache: 'no-store', credentials: 'omit', redirect: 'error', referrerPolicy: 'no-referrer' };

const browserPorts: VerifyPorts = {
  async get(path) {
    const response = await fetch(path, FETCH);
    return { status: response.status, text: await response.text() };
  },
  // Tiles come from a path of this origin only (./verify/pins.ts): the CSP allows nothing else.
  fetchTile: (url) => fetch(url, FETCH),
  loadSeen: (key) => localStorage.getItem(SEEN_PREFIX + key),
  saveSeen: (key, value) => localStorage.setItem(SEEN_PREFIX + key, value),
};

/** Every handout id the answer sampled, each once, at most `max`. */
export function sampledIds(answer: DonorAnswer, max = 20): string[] {
  const ids = answer.pots.flatMap((p) => [...p.handoutIds.sample, ...p.days.flatMap((d) => d.handoutIds.sample)]);
  return [...new Set(ids)].slice(0, max);
}

export interface Pins {
  readonly key: Result<PinnedKey, PinnedKeyError>;
  readonly witnesses: Result<WitnessPins | undefined, WitnessPinsError>;
  readonly tiles: Result<string | undefined, TilesPinError>;
}

export function VerifyPanel({ answer, pins }: { readonly answer: DonorAnswer; readonly pins: Pins }) {
  const [steps, setSteps] = useState<readonly Step[]>([]);
  const [state, setState] = useState<'idle' | 'running' | 'passed' | 'failed'>('idle');

  const run = async () => {
    setState('running');
    setSteps([]);
    const shown: Step[] = [];
    const done = await verify(browserPorts, { ...pins, totalsSize: answer.size, sample: sampledIds(answer) }, (step) => {
      shown.push(step);
      setSteps([...shown]);
    });
    setState(verified(done) ? 'passed' : 'failed');
  };

  const failedStep = steps.find((s) => !s.ok);
  return (
    <section className="card" data-testid="verify" data-state={state}>
      <h2>{t('verify.heading')}</h2>
      <p>{t('verify.explain')}</p>
      <button type="button" data-testid="verify-run" disabled={state === 'running'} onClick={() => void run()}>
        {state === 'running' ? t('verify.running') : t('verify.run')}
      </button>
      <ol className="steps" data-testid="verify-steps">
        {steps.map((s, i) => (
          <li key={i} data-step={s.step} data-ok={String(s.ok)} data-code={s.code} className={s.ok ? 'ok' : 'bad'}>
            {s.ok ? '✓ ' : '✗ '}{stepText(s)}
          </li>
        ))}
      </ol>
      {state === 'passed' && <p className="notice" data-testid="verify-passed">{t('verify.passed')}</p>}
      {state === 'failed' && failedStep !== undefined && (
        <div role="alert" data-testid="verify-failed" data-step={failedStep.step} data-code={failedStep.code}>
          <p><strong>{t('verify.failed', { what: stepText(failedStep) })}</strong></p>
          {failedStep.reason !== undefined && <p className="mono">{t('verify.reason', { reason: failedStep.reason })}</p>}
        </div>
      )}
    </section>
  );
}
