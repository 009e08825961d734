import { deflateSync } from 'fflate';
import fc from 'fast-check';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalize } from '../canonical';
import { sha256Hex } from '../crypto/sha256';
import { VC_V2_CONTEXT, type Credential, type SignedCredential } from '../credentials/credential';
import { issueCredential } from '../credentials/issue';
import { rationCardCredential } from '../credentials/ration-card';
import { newSite, typicalCardOptions } from '../credentials/test-support';
import { decodeBase45, encodeBase45 } from './base45';
import {
  at1Dictionary,
  CardPayloadError,
  decodeCardPayload,
  encodeCardPayload,
  MAX_CARD_JSON_BYTES,
  MAX_CARD_PAYLOAD_CHARS,
} from './card-payload';

const site = newSite();

/** A typical card: did:key issuer, 8-character household id, a short status list URL. */
const typicalCard = (): SignedCredential =>
  issueCredential(rationCardCredential(typicalCardOptions({ issuer: site.did })), site, { created: '2026-01-05T08:30:00Z' });

/** The AT1 payload of arbitrary bytes, as a forger (or a broken printer) would make it. */
const at1 = (bytes: Uint8Array): string => `AT1:${encodeBase45(deflateSync(bytes, { dictionary: at1Dictionary() }))}`;
const utf8 = (text: string) => new TextEncoder().encode(text);

const reason = (text: string): string => {
  const result = decodeCardPayload(text);
  expect(result.ok, `should refuse ${JSON.stringify(text.slice(0, 60))}`).toBe(false);
  return result.ok ? '' : `${result.code}: ${result.message}`;
};

const qrVersion = (segments: QRCode.QRCodeSegment[]) => QRCode.create(segments, { errorCorrectionLevel: 'M' }).version;

describe('AT1 card payload', () => {
  it('round-trips any signed credential to its JCS (fast-check)', () => {
    const subject = fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 });
    fc.assert(
      fc.property(subject, (claims) => {
        const credential: Credential = {
          '@context': [VC_V2_CONTEXT],
          type: ['VerifiableCredential', 'AidtrailRationCard'],
          issuer: site.did,
          credentialSubject: { id: 'urn:aidtrail:household:HH-1', ...claims },
        };
        const signed = issueCredential(credential, site, { created: '2026-01-05T08:30:00Z' });
        const text = encodeCardPayload(signed);
        expect(text).toMatch(/^AT1:[0-9A-Z $%*+\-./:]+$/);
        const decoded = decodeCardPayload(text);
        expect(decoded.ok && canonicalize(decoded.value)).toBe(canonicalize(signed));
      }),
      { numRuns: 60 },
    );
  });

  it('fits a typical ration card in a QR code of version 12 or less at error correction M', () => {
    const card = typicalCard();
    const json = new TextDecoder().decode(canonicalBytes(card));
    const text = encodeCardPayload(card);
    const alphanumeric = qrVersion([{ data: text, mode: 'alphanumeric' }]);
    const rawJson = qrVersion([{ data: canonicalBytes(card), mode: 'byte' }]);
    const withoutDictionary = `AT1:${encodeBase45(deflateSync(canonicalBytes(card), { level: 9 }))}`;
    const plainDeflate = qrVersion([{ data: withoutDictionary, mode: 'alphanumeric' }]);
    console.log(
      [
        `typical ration card: JCS ${json.length} bytes`,
        `  AT1 payload: ${text.length} characters (deflate ${decodeBase45(text.slice(4)).ok ? (decodeBase45(text.slice(4)) as { value: Uint8Array }).value.length : '?'} bytes) → QR version ${alphanumeric}-M, alphanumeric mode`,
        `  same without the AT1 dictionary: ${withoutDictionary.length} characters → QR version ${plainDeflate}-M`,
        `  uncompressed JSON: ${json.length} bytes → QR version ${rawJson}-M, byte mode`,
      ].join('\n'),
    );
    expect(alphanumeric).toBeLessThanOrEqual(12);
    expect(rawJson).toBeGreaterThan(alphanumeric);
  });

  it('keeps the AT1 dictionary byte for byte: changing it makes printed cards unreadable', () => {
    expect(sha256Hex(at1Dictionary())).toBe('cd3f82dff27ca8756c9036ff77140829055346c3bc34bb4b43f13283c68f24b4');
  });

  it('tolerates what USB scanners add around the code: CR, LF, spaces', () => {
    const text = encodeCardPayload(typicalCard());
    for (const scanned of [`${text}\r\n`, `${text}\n`, `${text}\r`, `  ${text}  `, ` ${text}\r\n`, `\r\n${text}`]) {
      expect(decodeCardPayload(scanned).ok, JSON.stringify(scanned.slice(-4))).toBe(true);
    }
    for (const scanned of [`${text}\t`, `\u00a0${text}`, `${text}\u0000`, `${text}x`, `${text.slice(0, 4)} ${text.slice(4)}`]) {
      expect(decodeCardPayload(scanned).ok, JSON.stringify(scanned.slice(-4))).toBe(false);
    }
  });

  it('never ends a Base45 text in a space, so trimming cannot damage a payload (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        expect(encodeBase45(bytes).endsWith(' ')).toBe(false);
      }),
    );
  });

  it('refuses empty input, wrong prefixes and versions, each with its own message', () => {
    const text = encodeCardPayload(typicalCard());
    expect(reason('')).toMatch(/nothing was received/);
    expect(reason(' \r\n')).toMatch(/nothing was received/);
    expect(reason(`HC1:${text.slice(4)}`)).toMatch(/EU Digital COVID Certificate/);
    expect(reason(`AT2:${text.slice(4)}`)).toMatch(/format version 2.*update the kit/);
    expect(reason(text.toLowerCase())).toMatch(/lowercase/);
    expect(reason(`AT1:${text.slice(4).toLowerCase()}`)).toMatch(/lowercase/);
    expect(reason('https://example.org/not-a-card')).toMatch(/not an Aidtrail ration card/);
    expect(reason('AT1')).toMatch(/not an Aidtrail ration card/);
  });

  it('refuses a 5 MB paste by its length alone, in well under 50 ms', () => {
    const paste = `AT1:${'A'.repeat(5_000_000)}`;
    const started = performance.now();
    const result = decodeCardPayload(paste);
    const elapsed = performance.now() - started;
    console.log(`5 MB paste refused in ${elapsed.toFixed(2)} ms`);
    expect(result.ok || result.message).toMatch(/5000004 characters long, more than any QR code holds/);
    expect(elapsed).toBeLessThan(50);
    expect(reason(`AT1:${'0'.repeat(MAX_CARD_PAYLOAD_CHARS)}`)).toMatch(/more than any QR code holds/);
  });

  it('refuses text that is not Base45', () => {
    const text = encodeCardPayload(typicalCard());
    const body = text.slice(4);
    const dangling = body.length % 3 === 0 ? `${body}0` : body.length % 3 === 2 ? `${body}00` : body;
    expect(dangling.length % 3).toBe(1);
    expect(reason(`AT1:${dangling}`)).toMatch(/not valid Base45: base45 text cannot be \d+ characters long/);
    expect(reason(`AT1:${text.slice(4, 20)}#${text.slice(21)}`)).toMatch(/not valid Base45/);
    expect(reason('AT1:GGW')).toMatch(/not valid Base45/);
    expect(reason('AT1:')).toMatch(/no compressed data/);
  });

  it('refuses every truncation of a payload', () => {
    const text = encodeCardPayload(typicalCard());
    for (let n = 4; n < text.length; n++) {
      expect(decodeCardPayload(text.slice(0, n)).ok, `cut to ${n} of ${text.length}`).toBe(false);
    }
  });

  it('refuses corrupt compressed data and bytes after its end', () => {
    expect(reason(`AT1:${encodeBase45(utf8('{"not":"deflate"}'))}`)).toMatch(/damaged or incomplete/);
    const card = deflateSync(canonicalBytes(typicalCard()), { dictionary: at1Dictionary() });
    const padded = new Uint8Array(card.length + 2);
    padded.set(card);
    expect(reason(`AT1:${encodeBase45(padded)}`)).toMatch(/extra bytes after the end/);
  });

  it('refuses a zip bomb without inflating it: 2.5 MB of JSON-looking text in a payload a QR code holds', () => {
    const bomb = at1(utf8(`{"a":"${'A'.repeat(2_500_000)}"}`));
    expect(bomb.length).toBeLessThan(MAX_CARD_PAYLOAD_CHARS);
    const started = performance.now();
    expect(reason(bomb)).toMatch(new RegExp(`larger than any ration card \\(it expands to more than ${MAX_CARD_JSON_BYTES} bytes\\)`));
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('refuses content that is not UTF-8, not JSON, or not in JCS form', () => {
    expect(reason(at1(Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d)))).toMatch(/not valid UTF-8/);
    expect(reason(at1(utf8('{"proof":')))).toMatch(/not JSON/);
    const json = canonicalize(typicalCard());
    expect(reason(at1(utf8(JSON.stringify(JSON.parse(json), null, 1))))).toMatch(/canonical form/);
    expect(reason(at1(utf8(`{"a":1,"a":2}`)))).toMatch(/canonical form/);
    expect(reason(at1(utf8(`\uFEFF${json}`)))).toMatch(/not JSON|canonical/);
    expect(reason(at1(utf8('"\\ud800"')))).toMatch(/canonical form/);
    expect(reason(at1(utf8('['.repeat(5000) + ']'.repeat(5000))))).toMatch(/canonical form/);
    // Any canonical JSON value is returned; deciding that it is a credential is the verifier's job.
    expect(decodeCardPayload(at1(utf8('[1,"two",null]')))).toStrictEqual({ ok: true, value: [1, 'two', null] });
  });

  it('answers any text at all with a Result, never an exception (fast-check)', () => {
    const text = encodeCardPayload(typicalCard());
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 300 }).map((s) => `AT1:${s}`),
          fc.uint8Array({ maxLength: 400 }).map((b) => `AT1:${encodeBase45(b)}`),
          fc.integer({ min: 4, max: text.length - 1 }).map((n) => text.slice(0, n) + text.slice(n + 1)),
        ),
        (input) => {
          const result = decodeCardPayload(input);
          if (!result.ok) expect(result.code).toBe('unreadable');
        },
      ),
      { numRuns: 2000 },
    );
    for (const junk of [null, undefined, 42, {}, ['AT1:']]) {
      expect(decodeCardPayload(junk as unknown as string).ok).toBe(false);
    }
  });

  it('refuses to encode a credential too large for a card', () => {
    const credential: Credential = {
      '@context': [VC_V2_CONTEXT],
      type: ['VerifiableCredential'],
      issuer: site.did,
      credentialSubject: { note: 'x'.repeat(MAX_CARD_JSON_BYTES) },
    };
    expect(() => encodeCardPayload(issueCredential(credential, site, { created: '2026-01-05T08:30:00Z' }))).toThrow(CardPayloadError);
    const random: Credential = { ...credential, credentialSubject: { note: encodeBase45(crypto.getRandomValues(new Uint8Array(4000))) } };
    expect(() => encodeCardPayload(issueCredential(random, site, { created: '2026-01-05T08:30:00Z' }))).toThrow(
      /a QR code holds at most 4296/,
    );
  });
});
