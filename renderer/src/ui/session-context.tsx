/**
 * Who is working on this device right now: the site profile, the unlocked
 * operator, and the operators the app knows of (the kit lists them with the
 * locked state; team-lead approvals need to pick one).
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { OperatorSummary, SiteProfile } from '../kit/api';

export interface Session {
  readonly profile: SiteProfile;
  readonly operator: OperatorSummary;
  readonly operators: readonly OperatorSummary[];
  /** Locks the kit and returns to the lock screen. */
  readonly lock: () => void;
  /** Records an operator added in settings, so approvals can offer them. */
  readonly operatorAdded: (operator: OperatorSummary) => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { readonly session: Session; readonly children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() outside <SessionProvider>');
  return session;
}

/** Team leads who can approve an override or a void; the signed-in lead first. */
export function useLeads(): readonly OperatorSummary[] {
  const { operator, operators } = useSession();
  const leads = operators.filter((o) => o.role === 'team-lead' && o.id !== operator.id);
  return operator.role === 'team-lead' ? [operator, ...leads] : leads;
}
