/**
 * Ed25519 sign and verify: the reference @noble/ed25519 (the baseline) against
 * the native paths bulk verification may take (node:crypto, WebCrypto), on a
 * message the size of an event's signing bytes, in one run. vitest prints each
 * as a multiple of the noble baseline.
 */
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { test } from 'vitest';
import { generateKeyPair, sign, verify } from '../../shared/crypto/ed25519';
import { printRatios } from './ratios';

const { seed, publicKey } = generateKeyPair();
const message = new TextEncoder().encode(`aidtrail/v1/event\n${'{"v":1}'.repeat(40)}`);
const signature = sign(message, seed);

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const pkcs8 = Buffer.concat([PKCS8_ED25519_PREFIX, seed]);
const nodePrivate = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
const nodePublic = createPublicKey(nodePrivate);
const webPublic = await crypto.subtle.importKey('raw', new Uint8Array(publicKey), { name: 'Ed25519' }, false, ['verify']);
const webPrivate = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);

function check(valid: boolean): void {
  if (!valid) throw new Error('a valid signature failed to verify');
}

test('Ed25519 sign: noble vs native', async ({ bench }) => {
  const result = await bench.compare(
    bench('noble', () => void sign(message, seed)),
    bench('node:crypto', () => void nodeSign(null, message, nodePrivate)),
    bench('WebCrypto (Node)', async () => void (await crypto.subtle.sign('Ed25519', webPrivate, message))),
    { time: 1000 },
  );
  printRatios('Ed25519 sign', result, 'noble', ['node:crypto', 'WebCrypto (Node)']);
});

test('Ed25519 verify: noble strict vs native', async ({ bench }) => {
  const result = await bench.compare(
    bench('noble strict', () => check(verify(signature, message, publicKey))),
    bench('node:crypto', () => check(nodeVerify(null, message, nodePublic, signature))),
    bench('WebCrypto (Node)', async () => check(await crypto.subtle.verify('Ed25519', webPublic, new Uint8Array(signature), message))),
    { time: 1000 },
  );
  printRatios('Ed25519 verify', result, 'noble strict', ['node:crypto', 'WebCrypto (Node)']);
});
