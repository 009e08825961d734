import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { fromBase64url, fromUtf8, toBase64, toBase64url, toHex, utf8 } from '../bytes';
import { unwrapSiteKey } from '../vault-wrap';
import { RECORD } from './records';
import { memoryVaultStore, type VaultStore } from './store';
import { deviceLayerStore, OFFICER_PIN, SMALL_KDF, value } from './test-support';
import { Vault, type AdoptedKeys } from './vault';

const LEAD_SECRET = 'granite orchard lantern';
const NAMES = ['Amina Lead', 'Bilal Officer'];

const bytesOf = (seed: number, length = 32): Uint8Array => Uint8Array.from({ length }, (_, i) => (seed * 37 + i * 11) & 0xff);

const utf16le = (text: string): Uint8Array => {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    out[2 * i] = text.charCodeAt(i) & 0xff;
    out[2 * i + 1] = text.charCodeAt(i) >> 8;
  }
  return out;
};

/** Every spelling of a text in a record: UTF-8 and UTF-16LE. */
const spellText = (text: string): Uint8Array[] => [utf8(text), utf16le(text)];

/** Every spelling of key bytes: raw, and as base64url, base64 and hex text (each UTF-8 and UTF-16LE). */
const spellKey = (key: Uint8Array): Uint8Array[] => [key, ...[toBase64url(key), toBase64(key), toHex(key)].flatMap(spellText)];

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** The names of the records that hold any spelling of the needle. */
const recordsHolding = (records: ReadonlyMap<string, Uint8Array>, spellings: readonly Uint8Array[]): string[] =>
  [...records].filter(([, bytes]) => spellings.some((s) => indexOf(bytes, s) >= 0)).map(([name]) => name);

type Secrets = { mk: Uint8Array; siteKeys: Uint8Array[]; adopted: AdoptedKeys };

/**
 * A vault with everything in it: a lead (passphrase) and an officer (PIN), a
 * site key made here and one taken over, sealed data. Answers the keys a
 * record must never show.
 */
async function populated(store: VaultStore): Promise<Secrets> {
  const adopted: AdoptedKeys = {
    device: bytesOf(1),
    issuer: bytesOf(2),
    dataKey: { kid: 'dk-00112233aabbccdd', key: bytesOf(3) },
    agreement: bytesOf(4),
    siteKeys: [{ kid: 'sk-00112233aabbccdd', key: bytesOf(5) }],
  };
  const vault = new Vault({ store, kdf: SMALL_KDF, adopt: () => Promise.resolve({ ok: true, value: adopted }) });
  value(await vault.vaultCreate());
  // Before the first operator, MK waits in the setup record (device layer only).
  const setup = await store.read(RECORD.setup);
  const mk = fromBase64url((JSON.parse(fromUtf8(value(setup)!)) as { mk: string }).mk);
  const { id: lead } = value(await vault.operatorAdd({ name: NAMES[0]!, role: 'team-lead', secret: LEAD_SECRET }));
  value(await vault.operatorAdd({ name: NAMES[1]!, role: 'field-officer', secret: OFFICER_PIN }));
  const { kid } = value(await vault.siteKeyCreate());
  // The test learns the new site key the way another laptop would: wrapped to its agreement key.
  const secret = x25519.utils.randomSecretKey();
  const wrapped = value(await vault.siteKeyWrap({ kid, to: toBase64url(x25519.getPublicKey(secret)) }));
  const made = value(unwrapSiteKey(wrapped, secret));
  value(await vault.seal({ plaintext: utf8('household HH-7: Fatima, 0712 345 678'), kid, context: 'HH-7' }));
  value(await vault.seal({ plaintext: utf8('note'), context: 'HH-7' }));
  await vault.lock();
  value(await new Vault({ store, kdf: SMALL_KDF }).unlock({ operator: lead, secret: LEAD_SECRET }));
  return { mk, siteKeys: [made, adopted.siteKeys[0]!.key], adopted };
}

describe('the vault at rest', () => {
  it('writes no name, secret, vault key, site key or any other key in clear through the device layer', async () => {
    const store = deviceLayerStore();
    const { mk, siteKeys, adopted } = await populated(store);
    const records = store.inner.records;
    expect([...records.keys()].sort()).toEqual(['chain', 'device', 'operators', 'setup', 'site-keys']);
    const needles: [string, Uint8Array[]][] = [
      ...NAMES.map((name): [string, Uint8Array[]] => [name, spellText(name)]),
      ['the passphrase', spellText(LEAD_SECRET)],
      ['the PIN', spellText(OFFICER_PIN)],
      ['MK', spellKey(mk)],
      ...siteKeys.map((key, i): [string, Uint8Array[]] => [`site key ${i}`, spellKey(key)]),
      ['the device seed', spellKey(adopted.device)],
      ['the issuer seed', spellKey(adopted.issuer)],
      ['the agreement secret', spellKey(adopted.agreement!)],
      ['the data key', spellKey(adopted.dataKey.key)],
    ];
    for (const [what, spellings] of needles) expect({ what, in: recordsHolding(records, spellings) }).toEqual({ what, in: [] });
  });

  it('keeps MK, the issuer seed, the data key and the site keys only under MK or a KEK, even without the device layer', async () => {
    const store = memoryVaultStore();
    const { mk, siteKeys, adopted } = await populated(store);
    const records = store.records;
    const underMk: [string, Uint8Array][] = [
      ['MK', mk],
      ['the issuer seed', adopted.issuer],
      ['the data key', adopted.dataKey.key],
      ...siteKeys.map((key, i): [string, Uint8Array] => [`site key ${i}`, key]),
    ];
    for (const [what, key] of underMk) expect({ what, in: recordsHolding(records, spellKey(key)) }).toEqual({ what, in: [] });
    expect(recordsHolding(records, spellText(LEAD_SECRET))).toEqual([]);
    // What the device layer alone protects: the device's own keys, and the names of the roster.
    expect(recordsHolding(records, spellKey(adopted.device))).toEqual([RECORD.device]);
    expect(recordsHolding(records, spellKey(adopted.agreement!))).toEqual([RECORD.device]);
    for (const name of NAMES) expect(recordsHolding(records, spellText(name))).toEqual([RECORD.operators]);
    // No hash of a secret: an operator is slots, a tag and their parameters.
    const operators = JSON.parse(fromUtf8(records.get(RECORD.operators)!)) as { operators: Record<string, unknown>[] };
    expect(Object.keys(operators.operators[0]!).sort()).toEqual(
      ['active', 'failures', 'id', 'kdf', 'local', 'lockedOut', 'name', 'portable', 'retryAt', 'role', 'tag'].sort(),
    );
  });
});
