/**
 * A form's work with the kit: one run at a time, `busy` while it runs, and the
 * failure to show. A refusal (`ok: false`) is shown as its code's translation
 * unless `refused` handles it; a throw is a bug, logged and shown as
 * 'internal'.
 */
import { useCallback, useRef, useState } from 'react';
import type { Result } from '../../../../shared/result';
import { errorText } from '../../i18n/codes';

export interface RunOptions<C extends string> {
  /** Handles a refusal itself (a field error, a cleared PIN); true when it did. */
  readonly refused?: (code: C) => boolean;
  /** Success takes the screen away (unlock, setup): stay busy until it is gone. */
  readonly leaving?: boolean;
}

export interface Submission {
  readonly busy: boolean;
  readonly failure: string | undefined;
  /** Shows a failure found before asking the kit (or clears it). */
  readonly fail: (message: string | undefined) => void;
  /** Resolves to whether the kit said ok; does nothing while another run is busy. */
  readonly run: <T, C extends string>(call: () => Promise<Result<T, C>>, done: (value: T) => void, options?: RunOptions<C>) => Promise<boolean>;
}

export function useSubmission(): Submission {
  const [busy, setBusy] = useState(false);
  const [failure, fail] = useState<string>();
  // A ref, not `busy`: two submits in one tick both see the state from before the first.
  const running = useRef(false);

  const run = useCallback(
    async <T, C extends string>(call: () => Promise<Result<T, C>>, done: (value: T) => void, options: RunOptions<C> = {}): Promise<boolean> => {
      if (running.current) return false;
      running.current = true;
      setBusy(true);
      fail(undefined);
      let ok = false;
      try {
        const result = await call();
        if (result.ok) {
          done(result.value);
          ok = true;
        } else if (!options.refused?.(result.code)) {
          fail(errorText(result.code));
        }
      } catch (cause) {
        console.error('aidtrail: a form action failed', cause);
        fail(errorText('internal'));
      }
      if (!(ok && options.leaving)) {
        running.current = false;
        setBusy(false);
      }
      return ok;
    },
    [],
  );

  return { busy, failure, fail, run };
}
