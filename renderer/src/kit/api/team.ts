/** The team: invitations, admitting devices, and what peer sync needs of this laptop. */
import type { Result } from '../../../../shared/result';
import type { Locked, NotAllowed } from './errors';
import type { Role } from './session';

export type { TeamInvitation } from '../../../../shared/team/invitation';

export interface SyncIdentity {
  readonly site: string;
  readonly device: string;
  readonly label: string;
  readonly secret: string;
  /** The distribution round in force: its events sync in their own scope. */
  readonly round?: string;
}

export interface TeamApi {
  /** The invitation a team lead shows to field devices joining the team. */
  invitation(signaling?: string): Promise<Result<string, Locked | NotAllowed>>;
  /** A team lead admits a device of the team: a signed device certificate. */
  certifyDevice(did: string, role: Role): Promise<Result<{ eventId: string }, 'invalid' | Locked | NotAllowed>>;
  /** What peer sync needs: the team's room password, this device, the scopes' names. */
  syncIdentity(): Promise<SyncIdentity | undefined>;
}
