import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { didToVerificationMethod } from '../crypto/did-key';
import { CRYPTOSUITE, PROOF_PURPOSE, PROOF_TYPE, VC_V2_CONTEXT, type Credential, type SignedCredential } from './credential';
import { createProof } from './eddsa-jcs-2022';
import { issueCredential, type CredentialIssuer } from './issue';
import { newSite } from './test-support';
import { verifyCredential, type VerifyErrorCode, type VerifyOptions } from './verify';

const NOW = new Date('2026-03-01T12:00:00Z');
const CREATED = '2026-01-05T08:30:00Z';

function rationCard(issuer: string, extra: Record<string, unknown> = {}): Credential {
  return {
    '@context': [VC_V2_CONTEXT, 'https://aidtrail.example/ns/v1'],
    id: 'urn:uuid:1f0e6b8c-5a43-4d1e-9c3b-7a1e2f6d0b42',
    type: ['VerifiableCredential', 'RationCardCredential'],
    issuer,
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: '2026-12-31T23:59:59Z',
    credentialSubject: { id: 'urn:aidtrail:household:HH-0042', householdSize: 5, site: 'KAK-3' },
    ...extra,
  };
}

const site = newSite();
const other = newSite();
const options: VerifyOptions = { trustedIssuers: [site.did, other.did], now: NOW };
const issue = (credential: Credential, by: CredentialIssuer = site): SignedCredential =>
  issueCredential(credential, by, { created: CREATED });
const card = issue(rationCard(site.did));

/** A deep copy to tamper with. */
interface Editable {
  [key: string]: unknown;
  credentialSubject: Record<string, unknown>;
  proof: Record<string, unknown>;
}
const copy = (value: SignedCredential): Editable => structuredClone(value) as unknown as Editable;

/** Signs anything at all with `by`'s key, bypassing issueCredential's checks, as a forger would. */
function forge(document: Record<string, unknown>, by: CredentialIssuer, created = CREATED): Record<string, unknown> {
  const proof = createProof(
    document,
    {
      type: PROOF_TYPE,
      cryptosuite: CRYPTOSUITE,
      created,
      verificationMethod: didToVerificationMethod(by.did),
      proofPurpose: PROOF_PURPOSE,
    },
    by.seed,
  );
  return { ...document, proof };
}

function codeOf(input: unknown, opts: VerifyOptions = options): VerifyErrorCode | 'ok' {
  const result = verifyCredential(input, opts);
  if (result.ok) return 'ok';
  // Every refusal is a sentence an officer can read, never a stringified object.
  expect(result.message).toMatch(/^[A-Z].*\.$/s);
  expect(result.message).not.toMatch(/undefined|\[object|NaN/);
  return result.code;
}

describe('verifyCredential', () => {
  it('accepts a credential its trusted issuer signed, giving the signed content and the issuer', () => {
    const result = verifyCredential(card, options);
    expect(result).toStrictEqual({
      ok: true,
      value: { credential: rationCard(site.did), proof: card.proof, issuer: site.did },
    });
  });

  it('accepts the credential after a trip through JSON text (a QR code payload)', () => {
    expect(codeOf(JSON.parse(JSON.stringify(card)))).toBe('ok');
    // JCS ignores key order and whitespace, so a re-serialised credential still verifies.
    const reordered = Object.fromEntries(Object.entries(JSON.parse(JSON.stringify(card)) as object).reverse());
    expect(codeOf(reordered)).toBe('ok');
  });

  it('reports an unknown issuer', () => {
    const result = verifyCredential(card, { trustedIssuers: [other.did], now: NOW });
    expect(result.ok || result.code).toBe('unknown-issuer');
    expect(result.ok || result.message).toContain(site.did);
    expect(codeOf(card, { trustedIssuers: [], now: NOW })).toBe('unknown-issuer');
  });

  it('reports an expired credential', () => {
    expect(codeOf(card, { ...options, now: new Date('2027-01-01T00:00:00Z') })).toBe('expired');
    // validUntil is the last valid instant (VC 2.0 §4.9).
    expect(codeOf(card, { ...options, now: new Date('2026-12-31T23:59:59.000Z') })).toBe('ok');
    expect(codeOf(card, { ...options, now: new Date('2026-12-31T23:59:59.001Z') })).toBe('expired');
  });

  it('reports a credential that is not valid yet', () => {
    expect(codeOf(card, { ...options, now: new Date('2025-12-31T23:59:59.999Z') })).toBe('not-yet-valid');
    expect(codeOf(card, { ...options, now: new Date('2026-01-01T00:00:00Z') })).toBe('ok');
  });

  it('reads validity times with their time zone', () => {
    const zoned = issue(rationCard(site.did, { validFrom: '2026-03-01T14:00:00+03:00' }));
    expect(codeOf(zoned, { ...options, now: new Date('2026-03-01T10:59:59Z') })).toBe('not-yet-valid');
    expect(codeOf(zoned, { ...options, now: new Date('2026-03-01T11:00:00Z') })).toBe('ok');
  });

  it('reports a tampered subject', () => {
    const tampered = copy(card);
    tampered.credentialSubject.householdSize = 9;
    expect(codeOf(tampered)).toBe('tampered');
  });

  it('reports tampering before expiry, so a changed card is never just "expired"', () => {
    const tampered = copy(card);
    tampered.credentialSubject.householdSize = 9;
    expect(codeOf(tampered, { ...options, now: new Date('2030-01-01T00:00:00Z') })).toBe('tampered');
  });

  it('reports a proof swapped between two credentials of the same issuer', () => {
    const second = issue(rationCard(site.did, { credentialSubject: { id: 'urn:aidtrail:household:HH-0077' } }));
    expect(codeOf({ ...card, proof: second.proof })).toBe('tampered');
    expect(codeOf({ ...second, proof: card.proof })).toBe('tampered');
  });

  it('reports a proof from another key with the issuer field forged', () => {
    const forger = newSite();
    // The forger names a trusted site as issuer and signs with their own key.
    expect(codeOf(forge(rationCard(site.did), forger))).toBe('issuer-mismatch');
    // Even a trusted site cannot sign in another trusted site's name.
    expect(codeOf(forge(rationCard(site.did), other))).toBe('issuer-mismatch');
    // Naming the trusted key as signer but signing with another one breaks the signature.
    const pretend = forge(rationCard(site.did), forger) as { proof: Record<string, unknown> };
    pretend.proof.verificationMethod = didToVerificationMethod(site.did);
    expect(codeOf(pretend)).toBe('tampered');
    // Naming themselves as issuer gets the forger no further than the trust list.
    expect(codeOf(forge(rationCard(forger.did), forger))).toBe('unknown-issuer');
  });

  it('reports an issuer that is not a did:key unless it is bound to the signing key', () => {
    const byUrl = forge(rationCard('https://aidtrail.example/sites/KAK-3'), site);
    expect(codeOf(byUrl)).toBe('issuer-mismatch');
    expect(codeOf(byUrl, { ...options, issuerKeys: { 'https://aidtrail.example/sites/KAK-3': site.did } })).toBe('ok');
    expect(codeOf(byUrl, { ...options, issuerKeys: { 'https://aidtrail.example/sites/KAK-3': other.did } })).toBe(
      'issuer-mismatch',
    );
    // The object form of issuer names the same id.
    expect(codeOf(issue(rationCard(site.did, { issuer: { id: site.did, name: 'Site KAK-3' } })))).toBe('ok');
  });

  it('reports a wrong cryptosuite, proof type or proof purpose', () => {
    for (const [key, value] of [
      ['cryptosuite', 'eddsa-rdfc-2022'],
      ['cryptosuite', undefined],
      ['type', 'Ed25519Signature2020'],
      ['proofPurpose', 'authentication'],
    ] as const) {
      const changed = copy(card);
      changed.proof[key] = value;
      expect(codeOf(JSON.parse(JSON.stringify(changed))), `${key}=${value}`).toBe('unsupported-proof');
    }
  });

  it('reports a proof option it cannot enforce rather than ignoring it', () => {
    const expiring = forge(rationCard(site.did), site) as { proof: Record<string, unknown> };
    expiring.proof.expires = '2026-01-06T00:00:00Z';
    const result = verifyCredential(expiring, options);
    expect(result.ok || result.code).toBe('unsupported-proof');
    expect(result.ok || result.message).toContain('expires');
  });

  it('reports non-object input', () => {
    for (const input of [undefined, null, 0, 42, 'text', true, [], [card], () => card, Symbol('x'), 10n]) {
      expect(codeOf(input), String(typeof input)).toBe('malformed');
    }
  });

  it('reports a credential without a proof', () => {
    const { proof: _proof, ...bare } = card;
    expect(codeOf(bare)).toBe('unsigned');
  });

  it('reports an array proof (proof sets and chains are not supported)', () => {
    expect(codeOf({ ...card, proof: [card.proof] })).toBe('multiple-proofs');
    expect(codeOf({ ...card, proof: [card.proof, card.proof] })).toBe('multiple-proofs');
  });

  it('reports a proof that is not an object or lacks a property', () => {
    expect(codeOf({ ...card, proof: 'signed' })).toBe('malformed');
    expect(codeOf({ ...card, proof: null })).toBe('malformed');
    const { proofValue: _value, ...noValue } = card.proof;
    expect(codeOf({ ...card, proof: noValue })).toBe('malformed');
    expect(codeOf({ ...card, proof: { ...card.proof, created: 'yesterday' } })).toBe('malformed');
  });

  it('reports a verificationMethod that is not a did:key key reference', () => {
    const bare = site.did;
    for (const verificationMethod of [
      bare,
      `${bare}#key-1`,
      `${bare}#${other.did.slice('did:key:'.length)}`,
      'did:web:aidtrail.example#key-1',
      'did:key:z6MkNOTBASE58#z6MkNOTBASE58',
      42,
    ]) {
      const changed = copy(card);
      changed.proof.verificationMethod = verificationMethod;
      const expected = typeof verificationMethod === 'string' ? 'bad-verification-method' : 'malformed';
      expect(codeOf(changed), String(verificationMethod)).toBe(expected);
    }
  });

  it('reports a damaged signature value', () => {
    for (const proofValue of ['', 'z', card.proof.proofValue.slice(1), `${card.proof.proofValue}1`, 'z0OIl']) {
      expect(codeOf({ ...card, proof: { ...card.proof, proofValue } }), proofValue).toBe('tampered');
    }
  });

  it('reports a changed @context, and reads appended contexts as not signed (vc-di-eddsa §3.3.2 step 4)', () => {
    const changed = copy(card);
    changed['@context'] = [VC_V2_CONTEXT, 'https://evil.example/ns/v1'];
    expect(codeOf(changed)).toBe('tampered');
    const shortened = copy(card);
    shortened['@context'] = [VC_V2_CONTEXT];
    expect(codeOf(shortened)).toBe('tampered');

    const appended = copy(card);
    appended['@context'] = [...card['@context'], 'https://later.example/ns/v1'];
    const result = verifyCredential(appended, options);
    expect(result.ok && result.value.credential['@context']).toStrictEqual(card['@context']);
  });

  it('reports a signed document that is not a VC 2.0 credential, naming what is wrong', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ type: ['RationCardCredential'] }, 'type must include VerifiableCredential'],
      [{ '@context': ['https://www.w3.org/2018/credentials/v1'] }, `@context[0] must be ${VC_V2_CONTEXT}`],
      [{ '@context': VC_V2_CONTEXT }, '@context must be a list'],
      [{ issuer: 42 }, 'issuer must be a URL or an object with an id'],
      [{ issuer: { name: 'Site' } }, 'issuer must be a URL or an object with an id'],
      [{ credentialSubject: [] }, 'credentialSubject must not be an empty list'],
      [{ credentialSubject: ['HH-0042'] }, 'credentialSubject must be an object or a non-empty list of objects'],
      [{ credentialSubject: undefined }, 'credentialSubject is missing'],
      [{ validFrom: '2026-01-01T00:00:00' }, 'validFrom must be a real date and time with a time zone'],
      [{ validUntil: '2026-02-30T00:00:00Z' }, 'validUntil must be a real date and time'],
      [{ validUntil: '2025-12-31T00:00:00Z' }, 'validUntil must not be earlier than validFrom'],
    ];
    for (const [change, message] of cases) {
      const document = JSON.parse(JSON.stringify({ ...rationCard(site.did), ...change })) as Record<string, unknown>;
      const result = verifyCredential(forge(document, site), options);
      expect(result.ok || result.code, message).toBe('malformed');
      expect(result.ok || result.message, message).toContain(message);
    }
  });

  it('reports a lone surrogate in a string', () => {
    const broken = copy(card);
    broken.credentialSubject.name = 'Amina \uD800';
    const result = verifyCredential(broken, options);
    expect(result.ok || result.code).toBe('malformed');
    expect(result.ok || result.message).toContain('not valid Unicode');
  });

  it('reports numbers that are not I-JSON', () => {
    for (const n of [Number.NaN, Infinity, -Infinity]) {
      const broken = copy(card);
      broken.credentialSubject.householdSize = n;
      expect(codeOf(broken), String(n)).toBe('malformed');
    }
  });

  it('reports a 10 MB string', () => {
    const huge = copy(card);
    huge.credentialSubject.note = 'x'.repeat(10 * 1024 * 1024);
    expect(codeOf(huge)).toBe('too-large');
  });

  it('reports deep nesting and cycles without overflowing the stack', () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(codeOf({ ...card, credentialSubject: deep })).toBe('malformed');
    const cyclic = copy(card);
    cyclic.credentialSubject.self = cyclic;
    expect(codeOf(cyclic)).toBe('malformed');
  });

  it('reports objects that are not plain data (class instances, throwing getters, proxies)', () => {
    expect(codeOf({ ...card, validFrom: new Date('2026-01-01T00:00:00Z') })).toBe('malformed');
    expect(codeOf(new Map(Object.entries(card)))).toBe('malformed');
    const getter = copy(card);
    Object.defineProperty(getter, 'issuer', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(codeOf(getter)).toBe('malformed');
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(codeOf(proxy)).toBe('malformed');
  });

  it('reports a clock that gives no time', () => {
    expect(codeOf(card, { ...options, now: new Date(Number.NaN) })).toBe('bad-clock');
  });

  it('never throws and never accepts a changed credential (fast-check)', () => {
    const json = JSON.stringify(card);
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true, withNullPrototype: true }), (input) => {
        expect(() => verifyCredential(input, options)).not.toThrow();
        expect(verifyCredential({ ...card, credentialSubject: input }, options).ok).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...Object.keys(card)), (value, key) => {
        const changed = { ...(JSON.parse(json) as Record<string, unknown>), [key]: value };
        fc.pre(JSON.stringify(changed[key]) !== JSON.stringify((card as Record<string, unknown>)[key]));
        expect(verifyCredential(changed, options).ok).toBe(false);
      }),
    );
  });
});
