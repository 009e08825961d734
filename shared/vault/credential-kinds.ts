/**
 * The only credentials the vault's issuer key signs (`vault:issue-credential`),
 * each exactly in the shape its builder makes, so the key cannot be made to
 * assert anything else:
 *
 * - `ration-card`: `rationCardCredential` (shared/credentials/ration-card.ts):
 *   the VC 2.0 context, types VerifiableCredential + AidtrailRationCard, the
 *   household, site and size and nothing more (principle 5: no names), and
 *   a revocation BitstringStatusListEntry;
 * - `status-list`: `statusListCredential` (shared/credentials/status-list.ts):
 *   a revocation BitstringStatusListCredential whose list decodes.
 *
 * Both name the vault's issuer did:key as a string `issuer`.
 */
import { z } from 'zod';
import { VC_V2_CONTEXT, VERIFIABLE_CREDENTIAL, dateTimeStampSchema } from '../credentials/credential';
import { HOUSEHOLD_URN_PREFIX, RATION_CARD_TYPE } from '../credentials/ration-card';
import {
  decodeStatusList,
  REVOCATION_PURPOSE,
  STATUS_LIST_CREDENTIAL_TYPE,
  STATUS_LIST_ENTRY_TYPE,
  STATUS_LIST_TYPE,
} from '../credentials/status-list';
import type { CredentialRequest } from '../ipc';
import { codeSchema, householdIdSchema } from '../events/fields';
import { err, ok, type Result } from '../result';

const contextSchema = z.tuple([z.literal(VC_V2_CONTEXT)]);
const urlSchema = z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL');

const rationCardSchema = z.strictObject({
  '@context': contextSchema,
  type: z.tuple([z.literal(VERIFIABLE_CREDENTIAL), z.literal(RATION_CARD_TYPE)]),
  issuer: z.string(),
  validFrom: dateTimeStampSchema,
  validUntil: dateTimeStampSchema,
  credentialSubject: z
    .strictObject({
      id: z.string(),
      household: householdIdSchema,
      site: codeSchema,
      size: z.number().int().min(1).max(100),
    })
    .refine((subject) => subject.id === `${HOUSEHOLD_URN_PREFIX}${subject.household}`, 'id must be the household URN'),
  credentialStatus: z.strictObject({
    type: z.literal(STATUS_LIST_ENTRY_TYPE),
    statusPurpose: z.literal(REVOCATION_PURPOSE),
    statusListIndex: z.string().regex(/^(?:0|[1-9][0-9]{0,15})$/),
    statusListCredential: urlSchema,
  }),
});

const statusListSchema = z
  .strictObject({
    '@context': contextSchema,
    id: z.string().regex(/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/, 'must be a URL'),
    type: z.tuple([z.literal(VERIFIABLE_CREDENTIAL), z.literal(STATUS_LIST_CREDENTIAL_TYPE)]),
    issuer: z.string(),
    validFrom: dateTimeStampSchema,
    validUntil: dateTimeStampSchema.optional(),
    credentialSubject: z.strictObject({
      id: z.string(),
      type: z.literal(STATUS_LIST_TYPE),
      statusPurpose: z.literal(REVOCATION_PURPOSE),
      encodedList: z.string().refine((list) => decodeStatusList(list).ok, 'must be a status list this kit reads'),
    }),
  })
  .refine((vc) => vc.credentialSubject.id === `${vc.id}#list`, { message: 'the subject id must be the list id and #list', path: ['credentialSubject', 'id'] });

/** Whether the request's credential is of its kind, issued by `issuer`; the message says what is not. */
export function checkCredentialKind(request: CredentialRequest, issuer: string): Result<void, 'refused'> {
  const schema = request.kind === 'ration-card' ? rationCardSchema : request.kind === 'status-list' ? statusListSchema : undefined;
  if (!schema) return err('refused', `the vault issues ration cards and status lists only, not ${JSON.stringify(request.kind)}`);
  const parsed = schema.safeParse(request.credential);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join('.') ?? '';
    return err('refused', `not a ${request.kind} credential as the kit makes them: ${where === '' ? '' : `${where}: `}${issue?.message ?? 'wrong shape'}`);
  }
  if (parsed.data.issuer !== issuer) {
    return err('refused', `the credential names ${parsed.data.issuer} as its issuer; this vault issues as ${issuer}`);
  }
  return ok(undefined);
}
