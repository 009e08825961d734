import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromUtf8, toHex } from '../../shared/bytes';
import { canonicalize } from '../../shared/canonical';
import { multibaseToPublicKey, multibaseToSeed, publicKeyToDid } from '../../shared/crypto/did-key';
import { keyPairFromSeed } from '../../shared/crypto/ed25519';
import { sha256Hex } from '../../shared/crypto/sha256';
import {
  configureProof,
  createProof,
  decodeProofValue,
  hashData,
  issueCredential,
  transform,
  verifyCredential,
  type Credential,
  type ProofOptions,
  type VerifyOptions,
} from '../../shared/credentials';

const VECTORS = join(import.meta.dirname, '..', 'vectors', 'vc-di-eddsa', 'TestVectors');
const text = (...path: string[]): string => readFileSync(join(VECTORS, ...path), 'utf8');
const jcs = (name: string): string => text('eddsa-jcs-2022', name);
const json = (...path: string[]): unknown => JSON.parse(text(...path));

const keyPair = json('keyPair.json') as { publicKeyMultibase: string; privateKeyMultibase: string };
const seed = multibaseToSeed(keyPair.privateKeyMultibase);
const publicKey = multibaseToPublicKey(keyPair.publicKeyMultibase);
if (!seed.ok || !publicKey.ok) throw new Error('keyPair.json does not decode');
const did = publicKeyToDid(publicKey.value);

const unsigned = json('unsigned.json') as Credential;
const proofConfigJson = json('eddsa-jcs-2022', 'proofConfigJCS.json') as ProofOptions & { '@context': unknown };
const signedText = jcs('signedJCS.json');
const signed = JSON.parse(signedText) as unknown;

const { '@context': _context, ...proofOptions } = proofConfigJson;
const created = proofOptions.created!;

/**
 * The trust list is the vector's key. The vector's issuer is a URL, not a
 * did:key, so it is bound to that key the way an offline kit must: by
 * configuration standing in for the issuer's controller document.
 */
const verifyOptions: VerifyOptions = {
  trustedIssuers: [did],
  now: new Date('2024-06-01T00:00:00Z'),
  issuerKeys: { 'https://vc.example/issuers/5678': did },
};

describe('W3C vc-di-eddsa test vectors, eddsa-jcs-2022', () => {
  it('reproduces every intermediate value and the signed credential byte-exact', () => {
    expect(publicKeyToDid(keyPairFromSeed(seed.value).publicKey)).toBe(did);
    const transformed = transform(unsigned);
    const canonicalConfig = configureProof(unsigned, proofOptions);
    const combined = hashData(transformed, canonicalConfig);
    const proof = createProof(unsigned, proofOptions, seed.value);
    const issued = issueCredential(unsigned, { seed: seed.value, did }, { created });

    const checks: [string, unknown, unknown][] = [
      ['canonDocJCS.txt = JCS(unsigned.json)', canonicalize(unsigned), jcs('canonDocJCS.txt')],
      ['proofCanonJCS.txt = JCS(proofConfigJCS.json)', canonicalize(proofConfigJson), jcs('proofCanonJCS.txt')],
      ['proofCanonJCS.txt = Proof Configuration', fromUtf8(canonicalConfig), jcs('proofCanonJCS.txt')],
      ['docHashJCS.txt', sha256Hex(transformed), jcs('docHashJCS.txt')],
      ['proofHashJCS.txt', sha256Hex(canonicalConfig), jcs('proofHashJCS.txt')],
      ['combinedHashJCS.txt', toHex(combined), jcs('combinedHashJCS.txt')],
      ['sigHexJCS.txt', toHex(decodeProofValue(proof.proofValue) ?? new Uint8Array()), jcs('sigHexJCS.txt')],
      ['sigBTC58JCS.txt', proof.proofValue, jcs('sigBTC58JCS.txt')],
      ['signedJCS.json = issue(unsigned.json)', issued, signed],
      ['signedJCS.json text = issue(unsigned.json) as JSON', JSON.stringify(issued, null, 2), signedText.trimEnd()],
      ['signedJCS.json verifies', verifyCredential(signed, verifyOptions).ok, true],
    ];
    let passed = 0;
    for (const [name, got, want] of checks) {
      expect(got, name).toStrictEqual(want);
      passed++;
    }
    console.log(`vc-di-eddsa eddsa-jcs-2022: ${passed}/${checks.length}`);
  });

  /** Whether a mutated text parses to a document other than the signed one (whitespace edits do not). */
  function changedDocument(mutated: string): unknown {
    let value: unknown;
    try {
      value = JSON.parse(mutated);
    } catch {
      return undefined;
    }
    try {
      return canonicalize(value) === canonicalize(signed) ? undefined : value;
    } catch {
      return value; // not I-JSON any more: certainly not the signed document
    }
  }

  it('rejects every one-character change of signedJCS.json that still parses', () => {
    const rejectedBy = new Map<string, number>();
    let cases = 0;
    for (let i = 0; i < signedText.length; i++) {
      const code = signedText.charCodeAt(i);
      // A neighbouring character, the other letter case and a non-ASCII letter.
      const replacements = new Set([code ^ 1, code ^ 32, 0xe9]);
      replacements.delete(code);
      for (const replacement of replacements) {
        const mutated = signedText.slice(0, i) + String.fromCharCode(replacement) + signedText.slice(i + 1);
        const value = changedDocument(mutated);
        if (value === undefined) continue;
        cases++;
        const result = verifyCredential(value, verifyOptions);
        expect(result.ok, `position ${i}: ${JSON.stringify(mutated.slice(Math.max(0, i - 20), i + 20))}`).toBe(false);
        if (!result.ok) rejectedBy.set(result.code, (rejectedBy.get(result.code) ?? 0) + 1);
      }
    }
    const rejected = [...rejectedBy.values()].reduce((a, b) => a + b, 0);
    const byCode = [...rejectedBy].map(([code, n]) => `${code} ${n}`).join(', ');
    console.log(`vc tamper cases rejected: ${rejected}/${cases} (${byCode})`);
    expect(rejected).toBe(cases);
    expect(cases).toBeGreaterThan(signedText.length);
  });

  it('rejects any replacement of one character by arbitrary text (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: signedText.length - 1 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }),
        (at, replacement) => {
          const value = changedDocument(signedText.slice(0, at) + replacement + signedText.slice(at + 1));
          if (value !== undefined) expect(verifyCredential(value, verifyOptions).ok).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
