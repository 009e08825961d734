/**
 * The app's top level: asks the kit what state it is in and shows the first-run
 * setup, the lock screen or the working shell.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { KitState, OperatorSummary } from './kit/api';
import { useKit } from './ui/kit-context';
import { LockScreen } from './ui/lock/lock-screen';
import { SessionProvider, type Session } from './ui/session-context';
import { SetupScreen } from './ui/setup/setup-screen';
import { BootError, BootSplash } from './ui/shell/boot-screens';
import { navigate } from './ui/shell/route';
import { Shell } from './ui/shell/shell';

type Phase = { readonly kind: 'loading' } | { readonly kind: 'error'; readonly message: string } | KitState;

export function App() {
  const kit = useKit();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [operators, setOperators] = useState<readonly OperatorSummary[]>([]);

  const refresh = useCallback(async (): Promise<KitState | undefined> => {
    try {
      const state = await kit.state();
      if (state.kind === 'locked') setOperators(state.operators);
      setPhase(state);
      return state;
    } catch (cause) {
      setPhase({ kind: 'error', message: cause instanceof Error ? cause.message : String(cause) });
      return undefined;
    }
  }, [kit]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const lock = useCallback(() => {
    void kit.lock().finally(() => void refresh());
  }, [kit, refresh]);

  // The vault may lock on its own (its idle lock, the OS locking the screen): the lock screen follows.
  useEffect(() => kit.onLocked(() => void refresh()), [kit, refresh]);

  const unlocked = useCallback(async () => {
    const state = await refresh();
    // The field officer's main screen comes first after every unlock (and
    // after setup, which may leave the first team lead signed in).
    if (state?.kind === 'unlocked') navigate('check');
  }, [refresh]);

  const operatorAdded = useCallback((added: OperatorSummary) => {
    setOperators((known) => [...known.filter((o) => o.id !== added.id), added]);
  }, []);

  const session = useMemo<Session | undefined>(() => {
    if (phase.kind !== 'unlocked') return undefined;
    const known = operators.some((o) => o.id === phase.operator.id) ? operators : [...operators, phase.operator];
    return { profile: phase.profile, operator: phase.operator, operators: known, lock, operatorAdded };
  }, [phase, operators, lock, operatorAdded]);

  switch (phase.kind) {
    case 'loading':
      return <BootSplash />;
    case 'error':
      return <BootError message={phase.message} onRetry={() => void refresh()} />;
    case 'needs-setup':
      return <SetupScreen onDone={() => void unlocked()} />;
    case 'locked':
      return <LockScreen profile={phase.profile} operators={phase.operators} onUnlocked={() => void unlocked()} />;
    case 'unlocked':
      return session ? (
        <SessionProvider session={session}>
          <Shell />
        </SessionProvider>
      ) : null;
  }
}
