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

/** An operator of the site's directory; `name` is absent where this laptop cannot open it (no site key yet). */
export interface SiteOperator {
  readonly id: string;
  readonly name?: string;
  readonly role: Role;
  readonly active: boolean;
  /** Locked out on this laptop after ten wrong PINs: a lead lets them try again (`resetOperator`). */
  readonly lockedOut: boolean;
}

/** A laptop of the site, as the log knows it. */
export interface SiteLaptop {
  readonly device: string;
  readonly label: string;
  /** What its certificate (or, for the founding lead's laptop, the invitation) makes it now; absent: not admitted (yet). */
  readonly role?: Role | 'hq';
  readonly revoked: boolean;
  /** Whether it has been delivered the site key new records are sealed with. */
  readonly hasSiteKey: boolean;
  readonly thisLaptop: boolean;
}

export interface SitePeople {
  readonly operators: readonly SiteOperator[];
  readonly laptops: readonly SiteLaptop[];
}

export interface TeamApi {
  /** Who works at the site, by name, and its laptops (issue 10: people by name on every laptop). */
  people(): Promise<Result<SitePeople, Locked>>;
  /** The invitation a team lead shows to field devices joining the team. */
  invitation(signaling?: string): Promise<Result<string, Locked | NotAllowed>>;
  /** A team lead admits a device of the team: a signed device certificate. */
  certifyDevice(did: string, role: Role): Promise<Result<{ eventId: string }, 'invalid' | Locked | NotAllowed>>;
  /** What peer sync needs: the team's room password, this device, the scopes' names. */
  syncIdentity(): Promise<SyncIdentity | undefined>;
}
