import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromUtf8, toBase58, utf8 } from '../bytes';
import { didToVerificationMethod, publicKeyToDid } from '../crypto/did-key';
import { generateKeyPair, sign } from '../crypto/ed25519';
import { sha256 } from '../crypto/sha256';
import type { ProofOptions } from './credential';
import {
  configureProof,
  createProof,
  decodeProofValue,
  encodeProofValue,
  hashData,
  transform,
  verifyProof,
  type JsonDocument,
} from './eddsa-jcs-2022';

const { seed, publicKey } = generateKeyPair();
const options: ProofOptions = {
  type: 'DataIntegrityProof',
  cryptosuite: 'eddsa-jcs-2022',
  created: '2026-01-05T08:30:00Z',
  verificationMethod: didToVerificationMethod(publicKeyToDid(publicKey)),
  proofPurpose: 'assertionMethod',
};

describe('eddsa-jcs-2022', () => {
  it('hashes the proof configuration first, then the document (§3.3.4 step 3)', () => {
    const document = { b: 2, a: 'x', '@context': ['https://example.org/c'] };
    const config = configureProof(document, options);
    expect(hashData(transform(document), config)).toStrictEqual(
      concatBytes(sha256(config), sha256(utf8('{"@context":["https://example.org/c"],"a":"x","b":2}'))),
    );
  });

  it('puts the document @context into the proof configuration (§3.3.5), and nothing when it has none', () => {
    const withContext = fromUtf8(configureProof({ '@context': 'https://example.org/c' }, options));
    expect(JSON.parse(withContext)).toStrictEqual({ ...options, '@context': 'https://example.org/c' });
    expect(JSON.parse(fromUtf8(configureProof({ a: 1 }, options)))).toStrictEqual(options);
  });

  it('signs and verifies any JSON document, not only credentials', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 6 }), (document) => {
        fc.pre(!('proof' in document));
        const proof = createProof(document, options, seed);
        const verified = verifyProof({ ...document, proof }, publicKey);
        expect(verified.ok && JSON.stringify(verified.value)).toBe(JSON.stringify({ ...document }));
      }),
      { numRuns: 50 },
    );
  });

  it('signs the proof options: changing one of them breaks the signature', () => {
    const document: JsonDocument = { '@context': ['https://example.org/c'], claim: 1 };
    const proof = createProof(document, options, seed);
    expect(verifyProof({ ...document, proof: { ...proof, created: '2026-01-05T08:30:01Z' } }, publicKey)).toMatchObject({
      ok: false,
      code: 'bad-signature',
    });
  });

  it('verifies a proof without @context against the document @context (§3.3.5 step 4)', () => {
    const document: JsonDocument = { '@context': ['https://example.org/c'], claim: 1 };
    const { '@context': _context, ...bare } = createProof(document, options, seed);
    expect(verifyProof({ ...document, proof: bare }, publicKey).ok).toBe(true);
    expect(verifyProof({ ...document, '@context': ['https://example.org/d'], proof: bare }, publicKey).ok).toBe(false);
  });

  it('compares contexts entry by entry, as JSON values (§3.3.2 step 4.1)', () => {
    const inline = { '@vocab': 'https://example.org/vocab#', b: 1, a: 2 };
    const document: JsonDocument = { '@context': ['https://example.org/c', inline], claim: 1 };
    const proof = createProof(document, options, seed);
    const reordered = { ...document, '@context': ['https://example.org/c', { a: 2, b: 1, '@vocab': inline['@vocab'] }] };
    expect(verifyProof({ ...reordered, proof }, publicKey).ok).toBe(true);
    // A lone context is a list of one.
    const single = createProof({ '@context': 'https://example.org/c' }, options, seed);
    expect(verifyProof({ '@context': ['https://example.org/c'], proof: single }, publicKey).ok).toBe(true);
    expect(verifyProof({ proof: single }, publicKey)).toMatchObject({ ok: false, code: 'context-mismatch' });
  });

  it('encodes proofValue as multibase base58btc and decodes only 64-byte signatures', () => {
    const signature = sign(utf8('x'), seed);
    expect(encodeProofValue(signature)).toBe(`z${toBase58(signature)}`);
    expect(decodeProofValue(encodeProofValue(signature))).toStrictEqual(signature);
    for (const bad of ['', 'z', toBase58(signature), `u${toBase58(signature)}`, `z${toBase58(signature.slice(1))}`, 'z0OIl']) {
      expect(decodeProofValue(bad), bad).toBeUndefined();
    }
  });
});
