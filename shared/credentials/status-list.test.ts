import { gzipSync } from 'fflate';
import fc from 'fast-check';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../bytes';
import { VC_V2_CONTEXT, type Credential } from './credential';
import { issueCredential } from './issue';
import {
  checkStatus,
  createStatusList,
  decodeStatusList,
  encodeStatusList,
  getStatus,
  MAX_STATUS_LIST_BYTES,
  MIN_STATUS_LIST_BITS,
  setStatus,
  statusListCredential,
} from './status-list';
import { LIST_URL, listWith, newSite, signedList } from './test-support';
import { verifyCredential } from './verify';

const site = newSite();
const other = newSite();
const NOW = new Date('2026-06-01T12:00:00Z');

const card = (issuer: string, credentialStatus: unknown): Credential => ({
  '@context': [VC_V2_CONTEXT],
  type: ['VerifiableCredential', 'AidtrailRationCard'],
  issuer,
  credentialSubject: { id: 'urn:aidtrail:household:KAK3-7Q2M' },
  credentialStatus,
});

const entry = (index: number | string, extra: Record<string, unknown> = {}) => ({
  type: 'BitstringStatusListEntry',
  statusPurpose: 'revocation',
  statusListIndex: String(index),
  statusListCredential: LIST_URL,
  ...extra,
});

describe('status list bitstring', () => {
  it('has at least 131,072 entries (16 KiB), rounded up to whole bytes', () => {
    expect(createStatusList()).toMatchObject({ length: MIN_STATUS_LIST_BITS });
    expect(createStatusList().bytes).toHaveLength(16 * 1024);
    expect(createStatusList(MIN_STATUS_LIST_BITS + 1).length).toBe(MIN_STATUS_LIST_BITS + 8);
    for (const length of [0, MIN_STATUS_LIST_BITS - 1, MAX_STATUS_LIST_BYTES * 8 + 1, 131_072.5, Number.NaN]) {
      expect(() => createStatusList(length), String(length)).toThrow(RangeError);
    }
  });

  it('numbers entries from the most significant bit of the first byte (BSL §2.2)', () => {
    const list = createStatusList();
    setStatus(list, 0, true);
    expect(list.bytes[0]).toBe(0x80);
    setStatus(list, 7, true);
    expect(list.bytes[0]).toBe(0x81);
    setStatus(list, 8, true);
    expect(list.bytes[1]).toBe(0x80);
    setStatus(list, 0, false);
    expect(list.bytes[0]).toBe(0x01);
    setStatus(list, MIN_STATUS_LIST_BITS - 1, true);
    expect(list.bytes[16 * 1024 - 1]).toBe(0x01);
    expect([0, 7, 8, 9, MIN_STATUS_LIST_BITS - 1].map((i) => getStatus(list, i))).toStrictEqual([false, true, true, false, true]);
    for (const index of [-1, MIN_STATUS_LIST_BITS, 1.5]) {
      expect(() => getStatus(list, index)).toThrow(RangeError);
      expect(() => setStatus(list, index, true)).toThrow(RangeError);
    }
  });

  it('encodes as "u" + base64url(GZIP), deterministically, and decodes back (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 2 * MIN_STATUS_LIST_BITS - 1 }), { maxLength: 300 }),
        fc.boolean(),
        (revoked, long) => {
          const list = listWith(
            revoked.filter((index) => long || index < MIN_STATUS_LIST_BITS),
            long ? 2 * MIN_STATUS_LIST_BITS : undefined,
          );
          const encoded = encodeStatusList(list);
          expect(encoded).toMatch(/^uH4sI[A-Za-z0-9_-]+$/);
          expect(encodeStatusList(list)).toBe(encoded);
          // Any GZIP reader gets the bitstring back.
          expect(new Uint8Array(gunzipSync(fromBase64url(encoded.slice(1))))).toStrictEqual(list.bytes);
          const decoded = decodeStatusList(encoded);
          expect(decoded.ok && decoded.value).toStrictEqual(list);
          for (const index of revoked) if (index < list.length) expect(decoded.ok && getStatus(decoded.value, index)).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('decodes the encodedList of BSL Example 3: 131,072 entries, none set', () => {
    const decoded = decodeStatusList('uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA');
    expect(decoded.ok && decoded.value.length).toBe(MIN_STATUS_LIST_BITS);
    expect(decoded.ok && decoded.value.bytes.every((b) => b === 0)).toBe(true);
  });

  it('refuses encodings that are not "u" + base64url of one GZIP member', () => {
    const good = encodeStatusList(createStatusList());
    const gz = fromBase64url(good.slice(1));
    const cases: [string, string][] = [
      ['', 'bad-encoding'],
      [good.slice(1), 'bad-encoding'],
      [`z${good.slice(1)}`, 'bad-encoding'],
      [`${good}=`, 'bad-encoding'],
      [`${good.slice(0, 10)}+/${good.slice(12)}`, 'bad-encoding'],
      [good.slice(0, -4), 'bad-encoding'],
      [`u${toBase64url(gz.slice(10))}`, 'bad-encoding'],
      [`u${toBase64url(new TextEncoder().encode('not gzip at all'))}`, 'bad-encoding'],
    ];
    for (const [encoded, code] of cases) {
      const result = decodeStatusList(encoded);
      expect(result.ok || result.code, encoded.slice(0, 40)).toBe(code);
    }
  });

  it('refuses a bitstring under 16 KB (BSL STATUS_LIST_LENGTH_ERROR)', () => {
    const result = decodeStatusList(`u${toBase64url(gzipSync(new Uint8Array(16 * 1024 - 1)))}`);
    expect(result.ok || result.code).toBe('too-short');
    expect(result.ok || result.message).toMatch(/131064 entries; at least 131072/);
  });

  it('refuses a GZIP bomb without inflating it, and an oversized text by its length', () => {
    const bomb = `u${toBase64url(gzipSync(new Uint8Array(MAX_STATUS_LIST_BYTES + 1)))}`;
    expect(bomb.length).toBeLessThan(4000);
    const result = decodeStatusList(bomb);
    expect(result.ok || result.code).toBe('too-large');
    const started = performance.now();
    const huge = decodeStatusList(`u${'A'.repeat(5_000_000)}`);
    expect(huge.ok || huge.code).toBe('too-large');
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('never throws on any text (fast-check)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `u${s}`), fc.uint8Array().map((b) => `u${toBase64url(b)}`)), (text) => {
        expect(decodeStatusList(text).ok).toBe(false);
      }),
    );
    expect(decodeStatusList(42 as unknown as string).ok).toBe(false);
  });
});

describe('statusListCredential', () => {
  it('builds the BitstringStatusListCredential of BSL Example 3, which signs and verifies', () => {
    const list = listWith([5]);
    const credential = statusListCredential({ id: LIST_URL, issuer: site.did, list, validFrom: new Date('2026-05-01T00:00:00.500Z') });
    expect(credential).toStrictEqual({
      '@context': [VC_V2_CONTEXT],
      id: LIST_URL,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: site.did,
      validFrom: '2026-05-01T00:00:00Z',
      credentialSubject: {
        id: `${LIST_URL}#list`,
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        encodedList: encodeStatusList(list),
      },
    });
    const signed = issueCredential(credential, site, { created: NOW });
    expect(verifyCredential(signed, { trustedIssuers: [site.did], now: NOW }).ok).toBe(true);
  });

  it('refuses an id that is not a URL and a time that is not a dateTimeStamp', () => {
    const list = createStatusList();
    expect(() => statusListCredential({ id: 'status 1', issuer: site.did, list, validFrom: NOW })).toThrow(/must be a URL/);
    expect(() => statusListCredential({ id: LIST_URL, issuer: site.did, list, validFrom: '2026-05-01' })).toThrow(
      /validFrom must be a date and time/,
    );
  });
});

describe('checkStatus', () => {
  const lists = [signedList(listWith([3, 94_567]), site)];

  it('says active for a clear bit and revoked for a set one, naming the list date', () => {
    expect(checkStatus(card(site.did, entry(4)), lists, NOW)).toStrictEqual({ ok: true, value: 'active' });
    const revoked = checkStatus(card(site.did, entry(94_567)), lists, NOW);
    expect(revoked.ok || revoked.code).toBe('revoked');
    expect(revoked.ok || revoked.message).toMatch(/^This card has been revoked \(revocation list of 2026-05-01\)\./);
  });

  it('agrees with getStatus for every index of a random list (fast-check)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 20 }), fc.integer({ min: 0, max: 200 }), (revoked, index) => {
        const verdict = checkStatus(card(site.did, entry(index)), [signedList(listWith(revoked), site)], NOW);
        expect(verdict.ok ? 'active' : verdict.code).toBe(revoked.includes(index) ? 'revoked' : 'active');
      }),
      { numRuns: 30 },
    );
  });

  it('is status-unknown without a list for the URL, or with one from another issuer or key', () => {
    const cases: [unknown[], RegExp][] = [
      [[], /does not have the revocation list/],
      [[signedList(createStatusList(), site, {}, 'https://hq.aidtrail.example/status/2')], /does not have the revocation list/],
      [[signedList(createStatusList(), other)], /could not be verified/],
    ];
    for (const [statusLists, message] of cases) {
      const verdict = checkStatus(card(site.did, entry(4)), statusLists, NOW);
      expect(verdict.ok || verdict.code).toBe('status-unknown');
      expect(verdict.ok || verdict.message).toMatch(message);
    }
  });

  it('does not trust a list that names the card issuer but is signed by another key, or was altered', () => {
    const forged = issueCredential(
      statusListCredential({ id: LIST_URL, issuer: site.did, list: createStatusList(), validFrom: '2026-05-01T00:00:00Z' }),
      site,
      { created: NOW },
    );
    const altered = structuredClone(forged) as unknown as { credentialSubject: { encodedList: string } };
    altered.credentialSubject.encodedList = encodeStatusList(listWith([1]));
    const otherIssuer = signedList(listWith([1]), other);
    for (const list of [altered, otherIssuer]) {
      const verdict = checkStatus(card(site.did, entry(1)), [list], NOW);
      expect(verdict.ok || verdict.code).toBe('status-unknown');
    }
  });

  it('needs a list valid now to say active, but takes a revoked bit from an expired list (revocation is irreversible)', () => {
    const expired = signedList(listWith([9]), site, { validFrom: '2026-01-01T00:00:00Z', validUntil: '2026-02-01T00:00:00Z' });
    const stale = checkStatus(card(site.did, entry(4)), [expired], NOW);
    expect(stale.ok || stale.code).toBe('status-unknown');
    expect(stale.ok || stale.message).toMatch(/out of date \(valid until 2026-02-01\)/);
    expect(checkStatus(card(site.did, entry(9)), [expired], NOW).ok || 'revoked').toBe('revoked');

    const future = signedList(listWith([9]), site, { validFrom: '2026-12-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z' });
    const early = checkStatus(card(site.did, entry(4)), [future], NOW);
    expect(early.ok || early.message).toMatch(/only becomes valid on 2026-12-01.*date and time/);
    expect(checkStatus(card(site.did, entry(9)), [future], NOW).ok || 'revoked').toBe('revoked');
  });

  it('says revoked when any authentic version of the list does, whatever the order', () => {
    const older = signedList(listWith([]), site, { validFrom: '2026-05-01T00:00:00Z' });
    const newer = signedList(listWith([4]), site, { validFrom: '2026-05-20T00:00:00Z' });
    for (const statusLists of [[older, newer], [newer, older]]) {
      const verdict = checkStatus(card(site.did, entry(4)), statusLists, NOW);
      expect(verdict.ok || verdict.code).toBe('revoked');
      expect(verdict.ok || verdict.message).toMatch(/revocation list of 2026-05-20/);
    }
  });

  it('refuses a credentialStatus that is not one revocation BitstringStatusListEntry', () => {
    const entries: unknown[] = [
      undefined,
      null,
      'https://hq.aidtrail.example/status/1#4',
      [entry(4)],
      entry(4, { type: 'StatusList2021Entry' }),
      entry(4, { statusPurpose: 'suspension' }),
      entry(4, { statusSize: 2 }),
      entry('04'),
      entry('-4'),
      entry('4.0'),
      entry(' 4'),
      { ...entry(4), statusListIndex: 4 },
      entry(4, { statusListCredential: 'status list 1' }),
      entry('12345678901234567'),
    ];
    for (const credentialStatus of entries) {
      const verdict = checkStatus(card(site.did, credentialStatus), lists, NOW);
      expect(verdict.ok || verdict.code, JSON.stringify(credentialStatus)).toBe('bad-status-entry');
    }
  });

  it('refuses an index beyond the end of the list (BSL RANGE_ERROR)', () => {
    const verdict = checkStatus(card(site.did, entry(MIN_STATUS_LIST_BITS)), lists, NOW);
    expect(verdict.ok || verdict.code).toBe('bad-status-entry');
    expect(checkStatus(card(site.did, entry(MIN_STATUS_LIST_BITS - 1)), lists, NOW).ok).toBe(true);
  });

  it('ignores lists for another purpose or of another type', () => {
    const suspension = issueCredential(
      {
        ...statusListCredential({ id: LIST_URL, issuer: site.did, list: createStatusList(), validFrom: '2026-05-01T00:00:00Z' }),
        credentialSubject: {
          id: `${LIST_URL}#list`,
          type: 'BitstringStatusList',
          statusPurpose: 'suspension',
          encodedList: encodeStatusList(createStatusList()),
        },
      },
      site,
      { created: NOW },
    );
    const notAList = issueCredential(
      { ...statusListCredential({ id: LIST_URL, issuer: site.did, list: createStatusList(), validFrom: NOW }), type: ['VerifiableCredential'] },
      site,
      { created: NOW },
    );
    for (const list of [suspension, notAList]) {
      expect(checkStatus(card(site.did, entry(4)), [list], NOW).ok || 'status-unknown').toBe('status-unknown');
    }
    const { proof: _proof, ...unsigned } = suspension;
    const both = { ...suspension.credentialSubject, statusPurpose: ['suspension', 'revocation'] };
    const multi = issueCredential({ ...unsigned, credentialSubject: both }, site, { created: NOW });
    expect(checkStatus(card(site.did, entry(4)), [multi], NOW).ok).toBe(true);
  });

  it('answers any list collection with a Result, never an exception (fast-check)', () => {
    const hostile = {
      get id(): string {
        throw new Error('getter');
      },
    };
    const cyclic: Record<string, unknown> = { id: LIST_URL };
    cyclic.self = cyclic;
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.anything(), fc.constant(hostile), fc.constant(cyclic), fc.record({ id: fc.constant(LIST_URL) }))), (statusLists) => {
        const verdict = checkStatus(card(site.did, entry(4)), statusLists, NOW);
        expect(verdict.ok).toBe(false);
      }),
    );
    expect(checkStatus(card(site.did, entry(4)), null as unknown as unknown[], NOW).ok).toBe(false);
    expect(checkStatus({} as Credential, lists, NOW).ok).toBe(false);
  });
});
