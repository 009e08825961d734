/** Set-up, operators and the signed-in session of this laptop. */
import type { AppInfo } from '../../../../shared/ipc';
import type { Result } from '../../../../shared/result';
import type { Locked, NotAllowed } from './errors';

export type Role = 'field-officer' | 'team-lead';

export interface SiteProfile {
  /** Machine site code, e.g. `camp-north`. */
  readonly site: string;
  readonly siteName: string;
  readonly deviceLabel: string;
  readonly device: string;
  readonly issuer: string;
  readonly createdAt: string;
  /** The team lead's device: its device certificates admit the team's devices (this device, for a lead's kit). */
  readonly teamLead: string;
}

export interface OperatorSummary {
  /** Pseudonymous id written into events (`op-<device tag>-<n>`). */
  readonly id: string;
  readonly name: string;
  readonly role: Role;
}

/** An operator on the lock screen: whether this laptop can check their PIN, and whether they must wait or ask a lead. */
export interface LockScreenOperator extends OperatorSummary {
  /** False for an operator listed by another laptop whose unlock slot has not reached this one yet. */
  readonly canUnlock: boolean;
  /** Ten wrong PINs: a team lead lets them try again (`resetOperator`). */
  readonly lockedOut: boolean;
  /** ISO time before which a new try is refused, after wrong PINs. */
  readonly retryAt?: string;
}

/**
 * Why an unlock (or a lead's approval) was refused, as the vault says it:
 * `bad-secret` wrong PIN or passphrase; `wait` backing off after wrong ones;
 * `locked-out` ten wrong ones, a lead must reset; `disabled` a lead disabled
 * the operator; `unknown-operator` this laptop cannot check that operator's PIN.
 */
export type UnlockError = 'bad-secret' | 'wait' | 'locked-out' | 'disabled' | 'unknown-operator';

export type KitState =
  | { readonly kind: 'needs-setup' }
  | { readonly kind: 'locked'; readonly profile: SiteProfile; readonly operators: readonly LockScreenOperator[] }
  | { readonly kind: 'unlocked'; readonly profile: SiteProfile; readonly operator: OperatorSummary };

export interface SetupInput {
  readonly site: string;
  readonly siteName: string;
  readonly deviceLabel: string;
  /** The first operator of this device; a team lead when the device starts a team. `pin`: a PIN, or a lead's passphrase. */
  readonly lead: { readonly name: string; readonly pin: string };
  /** Joining an existing team: the invitation text the team lead's kit shows. */
  readonly invitation?: string;
}

/** Which host the kit runs on: the desktop app (with its version) or a plain browser. */
export type HostInfo =
  | { readonly kind: 'browser' }
  | { readonly kind: 'desktop'; readonly info: AppInfo }
  | { readonly kind: 'error'; readonly message: string };

export interface SessionApi {
  state(): Promise<KitState>;
  setup(input: SetupInput): Promise<Result<SiteProfile, 'invalid' | 'already-set-up'>>;
  /** Unlocks the vault with the operator's PIN (or a lead's passphrase): the session begins. */
  unlock(operatorId: string, pin: string): Promise<Result<OperatorSummary, UnlockError>>;
  /** Ends the session: the vault forgets every unwrapped key. */
  lock(): Promise<void>;
  /** Called whenever the kit locks, also when the vault locked on its own (idle, OS screen lock); returns the unsubscribe. */
  onLocked(listener: () => void): () => void;
  /**
   * Adds an operator to this laptop and to the site's directory (issue 10).
   * `name-taken`: the site has an operator of that name (names compare
   * without case or accents). A lead adds team leads only on a lead's laptop.
   */
  addOperator(input: { name: string; role: Role; pin: string }): Promise<Result<OperatorSummary, 'invalid' | 'name-taken' | Locked | NotAllowed>>;
  /** A lead disables (or enables again) an operator on every laptop. `no-site-key`: this laptop cannot list operators yet. */
  setOperatorActive(operatorId: string, active: boolean): Promise<Result<void, 'invalid' | 'not-found' | 'no-site-key' | Locked | NotAllowed>>;
  /** A lead lets an operator who was locked out (ten wrong PINs) on this laptop try again. */
  resetOperator(operatorId: string): Promise<Result<void, 'not-found' | Locked | NotAllowed>>;
  hostInfo(): Promise<HostInfo>;
}
