/**
 * The team invitation a lead's kit shows (as text or a QR code) and a field
 * device enters at setup: the site, the lead device whose certificates the
 * team trusts, the sync room's password and where the lead's signaling
 * service listens. It holds a secret: shown on the lead's screen only.
 */
import { z } from 'zod';
import { fromBase64url, fromUtf8, toBase64url, utf8 } from '../bytes';
import { codeSchema, didKeySchema } from '../events/fields';
import { err, ok, type Result } from '../result';

/** What a field device needs to join the team lead's sync room. */
export interface TeamInvitation {
  readonly site: string;
  readonly siteName: string;
  readonly lead: string;
  /** The room password: the sync room encrypts signaling with it. */
  readonly secret: string;
  /** ws:// address of the lead's signaling service, when known. */
  readonly signaling?: string | undefined;
}

const PREFIX = 'AIDTEAM1:';

const invitationSchema = z.strictObject({
  site: codeSchema,
  siteName: z.string().min(1).max(120),
  lead: didKeySchema,
  secret: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/),
  signaling: z.string().regex(/^wss?:\/\/[^\s]{1,200}$/).optional(),
});

export const formatInvitation = (invitation: TeamInvitation): string => `${PREFIX}${toBase64url(utf8(JSON.stringify(invitation)))}`;

export function parseInvitation(text: string): Result<TeamInvitation, 'bad-invitation'> {
  const trimmed = text.trim();
  if (!trimmed.startsWith(PREFIX) || trimmed.length > 2048) return err('bad-invitation', 'this is not an Aidtrail team invitation');
  try {
    const parsed = invitationSchema.safeParse(JSON.parse(fromUtf8(fromBase64url(trimmed.slice(PREFIX.length)))));
    return parsed.success ? ok(parsed.data) : err('bad-invitation', 'the invitation is damaged');
  } catch {
    return err('bad-invitation', 'the invitation is damaged');
  }
}
