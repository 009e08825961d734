import { deflateSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalBytes } from '../canonical';
import { sha256Hex } from '../crypto/sha256';
import { encodeBase45 } from '../qr/base45';
import { at1Dictionary, encodeCardPayload } from '../qr/card-payload';
import { VC_V2_CONTEXT, type Credential, type SignedCredential } from './credential';
import { createProof } from './eddsa-jcs-2022';
import { issueCredential, issueCredentialWith, type CredentialIssuer } from './issue';
import { rationCardCredential, verifyRationCard, type RationCardErrorCode, type RationCardOptions } from './ration-card';
import { seedSigner } from './signer';
import { createStatusList, statusListCredential } from './status-list';
import { LIST_URL, listWith, newSite, signedList, typicalCardOptions } from './test-support';

const site = newSite();
const stranger = newSite();
const NOW = new Date('2026-06-01T09:00:00Z');
const CREATED = '2026-01-05T08:30:00Z';
const BASE45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const cardOptions = (overrides: Partial<RationCardOptions> = {}): RationCardOptions =>
  typicalCardOptions({ issuer: site.did, ...overrides });

const issue = (credential: Credential, by: CredentialIssuer = site): SignedCredential =>
  issueCredential(credential, by, { created: CREATED });

const statusList = (revoked: readonly number[] = [], by: CredentialIssuer = site): SignedCredential =>
  signedList(listWith(revoked), by);

const options = { trustedIssuers: [site.did], statusLists: [statusList([7])], now: NOW };
const goodCard = encodeCardPayload(issue(rationCardCredential(cardOptions())));

function refusal(text: string, opts = options): { code: RationCardErrorCode; message: string } {
  const result = verifyRationCard(text, opts);
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return { code: result.code, message: result.message };
}

/** AT1 text for any JSON value, as a forger re-encoding an edited card would make it. */
const at1 = (value: unknown): string => `AT1:${encodeBase45(deflateSync(canonicalBytes(value), { dictionary: at1Dictionary() }))}`;

describe('rationCardCredential', () => {
  it('builds a VC 2.0 credential with the household, site and size, and nothing about a person', () => {
    expect(rationCardCredential(cardOptions({ validFrom: new Date('2026-01-01T00:00:00.400Z') }))).toStrictEqual({
      '@context': [VC_V2_CONTEXT],
      type: ['VerifiableCredential', 'AidtrailRationCard'],
      issuer: site.did,
      validFrom: '2026-01-01T00:00:00Z',
      validUntil: '2026-12-31T23:59:59Z',
      credentialSubject: { id: 'urn:aidtrail:household:KAK37Q2M', household: 'KAK37Q2M', site: 'KAK-3', size: 5 },
      credentialStatus: {
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '94567',
        statusListCredential: LIST_URL,
      },
    });
  });

  it('refuses options a card may not carry', () => {
    const refusals: [Partial<RationCardOptions>, RegExp][] = [
      [{ household: 'kak37q2m' }, /household must be 4–32 capital letters/],
      [{ household: 'Amina Yusuf' }, /household must be/],
      [{ household: 'KAK' }, /household must be/],
      [{ site: '' }, /site must be a site code/],
      [{ size: 0 }, /size must be a whole number from 1 to 100/],
      [{ size: 2.5 }, /size must be/],
      [{ size: 101 }, /size must be/],
      [{ statusListIndex: -1 }, /statusListIndex must be a whole number/],
      [{ statusListIndex: 1.5 }, /statusListIndex must be/],
      [{ statusListCredential: 'hq.aidtrail.example/status/1' }, /statusListCredential must be an http\(s\) URL/],
      [{ validFrom: '2026-01-01' }, /validFrom must be a date and time/],
      [{ validUntil: '2025-12-31T23:59:59Z' }, /validUntil must not be earlier than validFrom/],
    ];
    for (const [overrides, message] of refusals) {
      expect(() => rationCardCredential(cardOptions(overrides)), JSON.stringify(overrides)).toThrow(message);
    }
  });
});

describe('verifyRationCard', () => {
  it('accepts an issued card and returns what the officer needs, with the credential hash (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{3,31}$/),
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,20}$/),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 131_071 }).filter((index) => index !== 7),
        fc.boolean(),
        async (household, siteCode, size, statusListIndex, remoteKey) => {
          const credential = rationCardCredential(cardOptions({ household, site: siteCode, size, statusListIndex }));
          const signed = remoteKey
            ? await issueCredentialWith(credential, seedSigner(site), { created: CREATED })
            : issue(credential);
          const result = verifyRationCard(`${encodeCardPayload(signed)}\r\n`, options);
          expect(result).toStrictEqual({
            ok: true,
            value: { household, site: siteCode, size, issuer: site.did, credentialHash: sha256Hex(canonicalBytes(signed)), validFrom: signed.validFrom },
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('says revoked for a card whose bit is set, with the date of the list', () => {
    const revoked = encodeCardPayload(issue(rationCardCredential(cardOptions({ statusListIndex: 7 }))));
    expect(refusal(revoked)).toStrictEqual({
      code: 'revoked',
      message:
        'This card has been revoked (revocation list of 2026-05-01). Do not accept it for a handout; send the household to the registration desk.',
    });
  });

  it('is status-unknown without a list, or with a list from another issuer', () => {
    for (const statusLists of [[], [statusList([], stranger)]]) {
      const { code, message } = refusal(goodCard, { ...options, statusLists });
      expect(code).toBe('status-unknown');
      expect(message).toMatch(/cannot tell whether the card was revoked.*ration-card number/);
    }
  });

  it('refuses a card from a site not on the trust list', () => {
    const foreign = encodeCardPayload(issue(rationCardCredential(cardOptions({ issuer: stranger.did })), stranger));
    expect(refusal(foreign, { ...options, statusLists: [statusList([], stranger)] })).toMatchObject({
      code: 'unknown-issuer',
      message: expect.stringMatching(/^This card was issued by a registration site this laptop does not trust\./),
    });
  });

  it('refuses expired and not-yet-valid cards, naming the date', () => {
    expect(refusal(goodCard, { ...options, now: new Date('2027-01-01T00:00:00Z') })).toMatchObject({
      code: 'expired',
      message: expect.stringMatching(/^This card expired on 2026-12-31\./),
    });
    expect(refusal(goodCard, { ...options, now: new Date('2025-12-31T23:00:00Z') })).toMatchObject({
      code: 'not-yet-valid',
      message: expect.stringMatching(/^This card is only valid from 2026-01-01\./),
    });
  });

  it('says tampered when a field is edited and the card re-encoded, or the proof is removed or swapped', () => {
    const signed = issue(rationCardCredential(cardOptions()));
    const edits: unknown[] = [
      { ...signed, credentialSubject: { ...signed.credentialSubject, size: 9 } },
      { ...signed, validUntil: '2099-12-31T23:59:59Z' },
      { ...signed, credentialStatus: { ...signed.credentialStatus!, statusListIndex: '8' } },
      { ...signed, proof: { ...signed.proof, proofValue: issue(rationCardCredential(cardOptions({ size: 9 }))).proof.proofValue } },
      { ...signed, proof: undefined },
      { ...signed, proof: [signed.proof, signed.proof] },
      { ...signed, proof: { ...signed.proof, cryptosuite: 'ecdsa-rdfc-2019' } },
      { ...signed, proof: { ...signed.proof, verificationMethod: 'https://evil.example/key' } },
      // Claims the trusted site but is signed by another key.
      {
        ...rationCardCredential(cardOptions()),
        proof: createProof(
          rationCardCredential(cardOptions()),
          { ...signed.proof, verificationMethod: `${stranger.did}#${stranger.did.slice('did:key:'.length)}` },
          stranger.seed,
        ),
      },
    ];
    for (const edited of edits) {
      const text = at1(JSON.parse(JSON.stringify(edited)));
      expect(refusal(text).code, JSON.stringify(edited).slice(0, 80)).toBe('tampered');
    }
  });

  it('refuses one changed character as tampered or unreadable, never as another card (fast-check)', () => {
    const valid = verifyRationCard(goodCard, options);
    if (!valid.ok) throw new Error(valid.message);
    fc.assert(
      fc.property(fc.integer({ min: 4, max: goodCard.length - 1 }), fc.constantFrom(...BASE45), (at, char) => {
        fc.pre(goodCard[at] !== char);
        const result = verifyRationCard(goodCard.slice(0, at) + char + goodCard.slice(at + 1), options);
        if (result.ok) {
          // The only change that can pass is one that decodes to the very same
          // signed credential (fflate does not insist on complete Huffman codes
          // in a block header); the card is then the same card.
          expect(result.value).toStrictEqual(valid.value);
        } else {
          expect(['tampered', 'unreadable']).toContain(result.code);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('refuses a signed credential that is not a ration card, or a card that carries personal data', () => {
    const subject = rationCardCredential(cardOptions()).credentialSubject as Record<string, unknown>;
    const cases: [Credential, RegExp][] = [
      [
        statusListCredential({ id: LIST_URL, issuer: site.did, list: createStatusList(), validFrom: '2026-05-01T00:00:00Z' }),
        /another kind of credential/,
      ],
      [
        { ...rationCardCredential(cardOptions()), credentialSubject: { ...subject, name: 'Amina Yusuf' } },
        /household details are not in the form a card carries/,
      ],
      [{ ...rationCardCredential(cardOptions()), credentialSubject: { ...subject, id: 'urn:aidtrail:household:OTHER-1' } }, /household details/],
      [{ ...rationCardCredential(cardOptions()), credentialStatus: undefined } as unknown as Credential, /revocation status/],
    ];
    for (const [credential, message] of cases) {
      const { code, message: text } = refusal(encodeCardPayload(issue(JSON.parse(JSON.stringify(credential)) as Credential)));
      expect(code).toBe('not-a-ration-card');
      expect(text).toMatch(message);
    }
    expect(refusal(at1({ hello: 'world' })).code).toBe('not-a-ration-card');
    expect(refusal(at1([1, 2, 3])).code).toBe('not-a-ration-card');
  });

  it('refuses what is not an AT1 code as unreadable, whatever it is (fast-check)', () => {
    for (const text of ['', 'HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N IOP-IA%NFQGRJPC%OQHIZC4.OI1RM8ZA.A5:S9MKN4NN3F85QNCY0O%0VZ001HOC9JU0D0HT0HB2PL/IB*09B9LW4T*8+DCMH0LDK2%K:XFE70*LP$V25$0Q:J:4MO1P0%0L0HD+9E/HY+4J6TH48S%4K.GJ2PT3QY:GQ3TE2I+-CPHN6D7LLK*2HG%89UV-0LZ 2ZJJ524-LH/CJTK96L6SR9MU9DHGZ%P WUQRENS431T1XCNCF+47AY06VE', `${goodCard.slice(0, 50)}`, 'at1:ABC']) {
      expect(refusal(text).code).toBe('unreadable');
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => {
        expect(verifyRationCard(text, options).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
    const started = performance.now();
    expect(refusal('A'.repeat(5_000_000)).code).toBe('unreadable');
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('reports a clock with no valid time instead of judging the card', () => {
    expect(refusal(goodCard, { ...options, now: new Date(Number.NaN) })).toMatchObject({
      code: 'status-unknown',
      message: expect.stringMatching(/clock has no valid date and time/),
    });
  });
});
