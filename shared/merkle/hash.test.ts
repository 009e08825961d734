import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../bytes';
import { emptyRoot, hashLeaf, hashNode, hashProblem, isHash, proofHashProblem } from './hash';

describe('RFC 9162 hashing', () => {
  it('hashes the empty tree as SHA-256 of nothing', () => {
    expect(toHex(emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('prefixes leaves with 0x00 and nodes with 0x01', () => {
    // RFC 6962 test vectors (transparency-dev/merkle rfc6962_test.go).
    expect(toHex(hashLeaf(utf8('L123456')))).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
    expect(toHex(hashNode(utf8('N123'), utf8('N456')))).toBe(
      'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb',
    );
  });

  it('says which input is not a hash and why', () => {
    expect(isHash(new Uint8Array(32))).toBe(true);
    expect(isHash(new Uint8Array(31))).toBe(false);
    expect(isHash('00'.repeat(32))).toBe(false);
    expect(hashProblem('root', new Uint8Array(32))).toBeUndefined();
    expect(hashProblem('root', new Uint8Array(12))).toBe('root must be 32 bytes, got 12 bytes');
    expect(hashProblem('root', undefined)).toBe('root must be 32 bytes, got not a byte string');
    expect(proofHashProblem([new Uint8Array(32), new Uint8Array(0)])).toBe('proof[1] must be 32 bytes, got 0 bytes');
    expect(proofHashProblem([])).toBeUndefined();
  });
});
