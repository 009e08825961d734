/**
 * The shape of a W3C Verifiable Credential 2.0 (VC-DATA-MODEL-2.0 §4) and of
 * the single DataIntegrityProof (VC-DATA-INTEGRITY §2.1) that secures it.
 *
 * Only what the kit relies on is checked; every other property is allowed and
 * is covered by the signature all the same, because eddsa-jcs-2022 signs the
 * whole JSON document. The proof, in contrast, is strict: a proof property the
 * kit does not know (`expires`, `challenge`, `previousProof` …) carries a rule
 * it would silently not enforce.
 */
import { z } from 'zod';
import { parseDateTimeStamp } from './date-time';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const VERIFIABLE_CREDENTIAL = 'VerifiableCredential';
export const PROOF_TYPE = 'DataIntegrityProof';
export const CRYPTOSUITE = 'eddsa-jcs-2022';
/** VC-DATA-INTEGRITY "Proof Purposes": an issuer asserts a credential with an assertionMethod key. */
export const PROOF_PURPOSE = 'assertionMethod';

/**
 * Largest canonical credential accepted or issued. A ration-card QR code holds
 * under 3 KB; the margin covers richer credentials moved by file, and the cap
 * keeps a hostile input from costing more than a moment to reject.
 */
export const MAX_CREDENTIAL_BYTES = 64 * 1024;

/** An error message that tells a missing property apart from a wrong one. */
const must = (rule: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is missing' : rule;

const jsonObjectSchema = z.record(z.string(), z.unknown());

/** VC-DATA-MODEL-2.0 ids and issuers are URLs: here, any absolute URI (a scheme, then ":"). */
const urlSchema = z.string({ error: must('must be a URL') }).regex(/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/, 'must be a URL');

export const dateTimeStampSchema = z
  .string({ error: must('must be a date and time') })
  .refine(
    (text) => parseDateTimeStamp(text) !== undefined,
    'must be a real date and time with a time zone, like 2026-01-31T09:00:00Z',
  );

/** A JSON-LD context: a URL or an inline context object (JSON-LD 1.1 §3.1). */
const contextEntrySchema = z.union([z.string(), jsonObjectSchema], {
  error: 'must be a URL or a context object',
});

/** VC-DATA-MODEL-2.0 §4.3: an ordered set whose first item is the VC 2.0 context. */
export const credentialContextSchema = z.tuple(
  [z.literal(VC_V2_CONTEXT, { error: `must be ${VC_V2_CONTEXT}` })],
  contextEntrySchema,
  { error: must(`must be a list starting with ${VC_V2_CONTEXT}`) },
);

const typeSchema = z.union([z.string(), z.array(z.string())], { error: must('must be a type name or a list of them') });

export const credentialSchema = z
  .looseObject({
    '@context': credentialContextSchema,
    id: urlSchema.optional(),
    // VC-DATA-MODEL-2.0 §4.5: one of the types is VerifiableCredential.
    type: typeSchema.refine(
      (type) => (typeof type === 'string' ? type === VERIFIABLE_CREDENTIAL : type.includes(VERIFIABLE_CREDENTIAL)),
      `must include ${VERIFIABLE_CREDENTIAL}`,
    ),
    // VC-DATA-MODEL-2.0 §4.7: a URL, or an object whose id is that URL.
    issuer: z.union([urlSchema, z.looseObject({ id: urlSchema })], {
      error: must('must be a URL or an object with an id'),
    }),
    // VC-DATA-MODEL-2.0 §4.8: one or more claims about subjects.
    credentialSubject: z.union([jsonObjectSchema, z.array(jsonObjectSchema).min(1, 'must not be an empty list')], {
      error: must('must be an object or a non-empty list of objects'),
    }),
    validFrom: dateTimeStampSchema.optional(),
    validUntil: dateTimeStampSchema.optional(),
  })
  // VC-DATA-MODEL-2.0 §4.9: validUntil is the same as or later than validFrom.
  .refine(
    (vc) => {
      const from = vc.validFrom === undefined ? undefined : parseDateTimeStamp(vc.validFrom);
      const until = vc.validUntil === undefined ? undefined : parseDateTimeStamp(vc.validUntil);
      return from === undefined || until === undefined || from <= until;
    },
    { error: 'must not be earlier than validFrom', path: ['validUntil'] },
  );

export type Credential = z.infer<typeof credentialSchema>;

/** The id of the credential's issuer, whichever of the two §4.7 forms it takes. */
export const issuerId = (credential: Credential): string =>
  typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id;

/**
 * VC-DATA-INTEGRITY §2.1 proof properties, as this suite uses them. `@context`
 * is optional in Data Integrity; eddsa-jcs-2022 copies the document's into it
 * (as the vectors' signedJCS.json shows) so the verifier can tell which
 * contexts were signed.
 */
export const dataIntegrityProofSchema = z.strictObject(
  {
    type: z.literal(PROOF_TYPE, { error: must(`must be ${PROOF_TYPE}`) }),
    cryptosuite: z.literal(CRYPTOSUITE, { error: must(`must be ${CRYPTOSUITE}`) }),
    proofPurpose: z.literal(PROOF_PURPOSE, { error: must(`must be ${PROOF_PURPOSE}`) }),
    verificationMethod: z.string({ error: must('must be a text key reference') }),
    created: dateTimeStampSchema.optional(),
    id: urlSchema.optional(),
    '@context': z.union([z.string(), z.array(contextEntrySchema)], {
      error: 'must be a URL or a list of contexts',
    }).optional(),
    proofValue: z.string({ error: must('must be text') }),
  },
  { error: must('must be an object') },
);

export type DataIntegrityProof = z.infer<typeof dataIntegrityProofSchema>;
/** A proof before it is signed: what Create Proof (vc-di-eddsa §3.3.1) takes as options. */
export type ProofOptions = Omit<DataIntegrityProof, 'proofValue' | '@context'>;

export type SignedCredential = Credential & { readonly proof: DataIntegrityProof };
