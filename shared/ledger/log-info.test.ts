/** GET /'s schema: what the ledger answers parses; nonsense is refused, naming what is wrong. */
import { describe, expect, it } from 'vitest';
import { ed25519Signer, encodeVerifierKey } from '../checkpoint';
import { logInfoSchema } from './log-info';
import { firstRefusal, testDevice } from './test-support';

const ORIGIN = 'aidtrail.example-agency.org/hq-log';
const signer = ed25519Signer(ORIGIN, new Uint8Array(32).fill(7));
if (!signer.ok) throw new Error(signer.message);
const logKey = encodeVerifierKey(signer.value);
const info = { origin: ORIGIN, logKey, hq: testDevice().did, size: 40 };

describe('the log info', () => {
  it('parses what the ledger answers, and ignores a field it adds later', () => {
    expect(logInfoSchema.parse(info)).toEqual(info);
    expect(logInfoSchema.parse({ ...info, size: 0, later: 1 })).toEqual({ ...info, size: 0 });
  });

  it('refuses a key that is not a verifier key, and an origin that is not a key name', () => {
    const malformedKey = 'must be a verifier key (<name>+<key id>+<Ed25519 key>)';
    expect(firstRefusal(logInfoSchema, { ...info, logKey: 'not a key' })).toBe(`logKey: ${malformedKey}`);
    expect(firstRefusal(logInfoSchema, { ...info, logKey: logKey.replace(/\+[0-9a-f]{8}\+/, '+00000000+') })).toBe(`logKey: ${malformedKey}`);
    expect(firstRefusal(logInfoSchema, { ...info, logKey: `${logKey}${'A'.repeat(1000)}` })).toBe('logKey: Too big: expected string to have <=1000 characters');
    expect(firstRefusal(logInfoSchema, { ...info, origin: 'hq log' })).toBe('origin: must be a key name: not empty, no white space, control characters or +');
    expect(firstRefusal(logInfoSchema, { ...info, origin: '' })).toBe('origin: must be a key name: not empty, no white space, control characters or +');
  });

  it('refuses missing fields, wrong types and nonsense', () => {
    const { logKey: _, ...noKey } = info;
    expect(firstRefusal(logInfoSchema, noKey)).toBe('logKey: Invalid input: expected string, received undefined');
    expect(firstRefusal(logInfoSchema, { ...info, logKey: 7 })).toBe('logKey: Invalid input: expected string, received number');
    expect(firstRefusal(logInfoSchema, { ...info, hq: 'did:web:hq.example.org' })).toBe('hq: must be an Ed25519 did:key (did:key:z6Mk…)');
    expect(firstRefusal(logInfoSchema, { ...info, size: -1 })).toBe('size: Too small: expected number to be >=0');
    expect(firstRefusal(logInfoSchema, { ...info, size: '40' })).toBe('size: Invalid input: expected number, received string');
    expect(firstRefusal(logInfoSchema, null)).toBe(': Invalid input: expected object, received null');
  });
});
