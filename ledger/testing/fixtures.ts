/**
 * Fixtures for the ledger's tests and benchmark: devices that sign with
 * node:crypto (so thousands of test events take milliseconds), an HQ key,
 * a ledger over a store with devices registered, and a fetch that reaches
 * its HTTP API in process.
 */
import { createPrivateKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { makeBatch, type HttpFetch, type Upload } from '../../shared/ledger';
import type { SignedEvent } from '../../shared/events/envelope';
import { certBody, testDevice, type TestDevice } from '../../shared/ledger/test-support';
import { buildApp } from '../service/http';
import { Ledger } from '../service/ledger';
import type { LedgerStore } from '../store/store';

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const privateKeys = new Map<string, KeyObject>();

/** Ed25519 signing through node:crypto, byte-identical to noble's (RFC 8032 is deterministic). */
export function fastSign(message: Uint8Array, seed: Uint8Array): Uint8Array {
  const hex = Buffer.from(seed).toString('hex');
  let key = privateKeys.get(hex);
  if (key === undefined) {
    key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    privateKeys.set(hex, key);
  }
  return new Uint8Array(nodeSign(null, message, key));
}

export const fastDevice = (options: { seed?: Uint8Array; at?: string } = {}): TestDevice => testDevice({ ...options, signWith: fastSign });

export const HQ_SEED = new Uint8Array(32).fill(42);
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export async function uploadOf(device: TestDevice, events: readonly SignedEvent[]): Promise<Upload> {
  const made = await makeBatch(events, device.signer);
  if (!made.ok) throw new Error(made.message);
  return made.value;
}

/** A ledger over `store` with the devices certified for camp-a. */
export async function openLedger(store: LedgerStore, devices: readonly TestDevice[] = [], now?: () => Date): Promise<Ledger> {
  const ledger = await Ledger.open({ store, hqSeed: HQ_SEED, ...(now === undefined ? {} : { now }) });
  for (const d of devices) {
    const issued = await ledger.issue('device-cert', certBody(d.did));
    if (!issued.ok) throw new Error(issued.message);
  }
  return ledger;
}

/** A fetch over the ledger's HTTP API in process, for the protocol client. */
export function injectFetch(ledger: Ledger): HttpFetch {
  const app = buildApp(ledger, { adminToken: ADMIN_TOKEN });
  return async (url, init) => {
    const response = await app.inject({
      method: (init?.method ?? 'GET') as 'GET' | 'POST',
      url: new URL(url).pathname + new URL(url).search,
      ...(init?.body === undefined ? {} : { payload: init.body, headers: init.headers ?? {} }),
    });
    return { status: response.statusCode, text: async () => response.body };
  };
}
