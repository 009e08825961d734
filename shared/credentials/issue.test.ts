import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CanonicalError } from '../canonical';
import { MAX_CREDENTIAL_BYTES, VC_V2_CONTEXT, type Credential } from './credential';
import { issueCredential, IssueError } from './issue';
import { credentialFor, newSite } from './test-support';
import { verifyCredential } from './verify';

const site = newSite();
const NOW = new Date('2026-03-01T12:00:00Z');

/** Any JSON object as a subject, with text from the whole of Unicode (no lone surrogates: not I-JSON). */
const subject = fc.dictionary(
  fc.string({ unit: 'grapheme' }),
  fc.oneof(fc.jsonValue(), fc.string({ unit: 'grapheme', maxLength: 200 })),
  { maxKeys: 8 },
);

describe('issueCredential', () => {
  it('issues credentials that verify, with fresh keys and any subject (fast-check)', () => {
    fc.assert(
      fc.property(subject, fc.date({ min: new Date('2000-01-01'), max: NOW, noInvalidDate: true }), (claims, created) => {
        const issuer = newSite();
        const credential = credentialFor(issuer.did, { id: 'urn:aidtrail:household:HH-1', ...claims });
        const signed = issueCredential(credential, issuer, { created });
        // What is shown on the card and read back is JSON text.
        const scanned = JSON.parse(JSON.stringify(signed)) as unknown;
        const result = verifyCredential(scanned, { trustedIssuers: [issuer.did], now: NOW });
        expect(result.ok && result.value.issuer).toBe(issuer.did);
        expect(result.ok && result.value.credential).toStrictEqual(JSON.parse(JSON.stringify(credential)));
      }),
      { numRuns: 60 },
    );
  });

  it('writes the proof the vectors write: the five options, the document @context, then proofValue', () => {
    const signed = issueCredential(credentialFor(site.did, {}), site, { created: '2026-01-05T08:30:00Z' });
    expect(Object.keys(signed.proof)).toStrictEqual([
      'type',
      'cryptosuite',
      'created',
      'verificationMethod',
      'proofPurpose',
      '@context',
      'proofValue',
    ]);
    expect(signed.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-jcs-2022',
      created: '2026-01-05T08:30:00Z',
      verificationMethod: `${site.did}#${site.did.slice('did:key:'.length)}`,
      proofPurpose: 'assertionMethod',
      '@context': [VC_V2_CONTEXT],
    });
    expect(signed.proof.proofValue).toMatch(/^z[1-9A-HJ-NP-Za-km-z]{86,88}$/);
  });

  it('is deterministic: Ed25519 signs the same bytes the same way', () => {
    const credential = credentialFor(site.did, { id: 'urn:aidtrail:household:HH-2' });
    const created = '2026-01-05T08:30:00Z';
    expect(issueCredential(credential, site, { created })).toStrictEqual(issueCredential(credential, site, { created }));
  });

  it('writes a Date as created to the second in UTC and keeps a string as given', () => {
    const fromDate = issueCredential(credentialFor(site.did, {}), site, { created: new Date('2026-01-05T08:30:00.750Z') });
    expect(fromDate.proof.created).toBe('2026-01-05T08:30:00Z');
    const fromText = issueCredential(credentialFor(site.did, {}), site, { created: '2026-01-05T11:30:00.25+03:00' });
    expect(fromText.proof.created).toBe('2026-01-05T11:30:00.25+03:00');
  });

  it('refuses a created time that is not a dateTimeStamp', () => {
    for (const created of ['2026-01-05', '2026-01-05T08:30:00', 'now']) {
      expect(() => issueCredential(credentialFor(site.did, {}), site, { created }), created).toThrow(IssueError);
    }
    expect(() => issueCredential(credentialFor(site.did, {}), site, { created: new Date(Number.NaN) })).toThrow(RangeError);
  });

  it('refuses to sign what no verifier would accept', () => {
    const refusals: [Credential, RegExp][] = [
      [{ ...credentialFor(site.did, {}), type: ['RationCardCredential'] }, /type must include VerifiableCredential/],
      [{ ...credentialFor(site.did, {}), validFrom: 'soon' }, /validFrom must be a real date/],
      [credentialFor(newSite().did, {}), /names did:key:\S+ as its issuer but would be signed by/],
      [{ ...credentialFor(site.did, {}), proof: {} }, /already has a proof/],
      [credentialFor(site.did, { note: 'x'.repeat(MAX_CREDENTIAL_BYTES) }), /bytes; at most 65536/],
    ];
    for (const [credential, message] of refusals) {
      expect(() => issueCredential(credential, site, { created: NOW })).toThrow(message);
    }
  });

  it('refuses a seed that is not the key of the issuer did', () => {
    expect(() => issueCredential(credentialFor(site.did, {}), { seed: newSite().seed, did: site.did }, { created: NOW })).toThrow(
      /seed is not the key of/,
    );
  });

  it('signs a credential whose issuer is a URL, leaving its binding to the verifier', () => {
    const url = 'https://aidtrail.example/sites/KAK-3';
    const signed = issueCredential(credentialFor(url, {}), site, { created: NOW });
    expect(verifyCredential(signed, { trustedIssuers: [site.did], now: NOW, issuerKeys: { [url]: site.did } }).ok).toBe(true);
  });

  it('throws CanonicalError for content that is not I-JSON', () => {
    expect(() => issueCredential(credentialFor(site.did, { size: Number.NaN }), site, { created: NOW })).toThrow(CanonicalError);
    expect(() => issueCredential(credentialFor(site.did, { name: '\uDC00' }), site, { created: NOW })).toThrow(CanonicalError);
  });
});
