/**
 * A kit requiring 2 of 2 witnesses (issue 17): it holds HQ's checkpoint once
 * both witnesses cosigned it, and refuses, with its own reason shown in the
 * ledger status, a checkpoint of a forked history that the witnesses
 * refused to cosign, even when nothing held here could show the fork.
 */
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../../../shared/bytes';
import { ed25519Signer, encodeVerifierKey, signCheckpoint, type NoteSigner } from '../../../../shared/checkpoint';
import { publicKeyToDid } from '../../../../shared/crypto/did-key';
import { hashLeaf, MemoryMerkleTree, rootAt } from '../../../../shared/merkle';
import { cosign } from '../../../../shared/tlog';
import { readSetting, writeSetting, type SettingValue } from '../settings';
import { testKits, unwrap } from '../testing';
import { witnessQuorum } from './witnessed';

const kits = testKits();
const ORIGIN = 'aidtrail.example-agency.org/hq-log';
const signer = (name: string, fill: number): NoteSigner => unwrap(ed25519Signer(name, new Uint8Array(32).fill(fill)));
const HQ = signer(ORIGIN, 1);
const [W1, W2] = [signer('witness.example/w1', 2), signer('witness.example/w2', 3)];
const now = () => Math.floor(Date.now() / 1000);

/** HQ's checkpoint of a history of `size` leaves (`salt`: another history under the same key), cosigned by `witnesses`. */
function checkpoint(size: number, salt: number, witnesses: readonly NoteSigner[]): string {
  const tree = new MemoryMerkleTree();
  for (let i = 0; i < size; i++) tree.append(hashLeaf(Uint8Array.of(salt, i)));
  const note = unwrap(signCheckpoint({ origin: ORIGIN, size, rootHash: unwrap(rootAt(tree, size)), extensions: [] }, [HQ]));
  const body = note.slice(0, note.indexOf('\n\n') + 1);
  return note + witnesses.map((w) => unwrap(cosign(body, w.name, w.seed, now() - 60))).join('');
}

const settings = (quorum?: number): SettingValue<'ledger'> => ({
  url: 'https://hq.example.org',
  logKey: encodeVerifierKey(HQ),
  origin: ORIGIN,
  hq: publicKeyToDid(HQ.publicKey),
  witnesses: [W1, W2].map((w) => ({ name: w.name, key: toBase64(w.publicKey) })),
  ...(quorum !== undefined && { quorum }),
});

describe('witness quorum in the kit', () => {
  it('needs k of n known witnesses; without witnesses configured any checkpoint passes', () => {
    expect(witnessQuorum(checkpoint(5, 0, [W1, W2]), settings(), now())).toEqual({ ok: true, value: undefined });
    expect(witnessQuorum(checkpoint(5, 0, [W1]), settings(), now())).toMatchObject({ ok: false, code: 'unwitnessed' });
    expect(witnessQuorum(checkpoint(5, 0, [W1]), settings(1), now())).toMatchObject({ ok: true });
    // A stranger's cosignature does not count.
    expect(witnessQuorum(checkpoint(5, 0, [W1, signer('witness.example/w9', 9)]), settings(), now())).toMatchObject({ ok: false, code: 'unwitnessed' });
    expect(witnessQuorum(checkpoint(5, 0, []), { ...settings(), witnesses: [] }, now())).toMatchObject({ ok: true });
  });

  it('a kit requiring 2 of 2 holds the honest cosigned checkpoint and refuses the forked one', async () => {
    const honest = await kits.ready();
    await writeSetting(honest.db, 'ledger', settings(2));
    expect(await honest.kit.gossipCheckpoint(checkpoint(8, 0, [W1, W2]))).toEqual({ ok: true, value: 'kept' });
    expect((await honest.kit.ledgerStatus()).checkpointSize).toBe(8);

    // A laptop HQ shows only the fork: the witnesses refused it (no cosignature), or one was fooled.
    const shown = await kits.ready();
    await writeSetting(shown.db, 'ledger', settings(2));
    for (const fork of [checkpoint(12, 7, []), checkpoint(12, 7, [W1])]) {
      expect(await shown.kit.gossipCheckpoint(fork)).toMatchObject({ ok: false, code: 'unwitnessed' });
    }
    expect((await readSetting(shown.db, 'ledger'))?.checkpoint).toBeUndefined();
    const status = await shown.kit.ledgerStatus();
    expect(status.checkpointSize).toBeUndefined();
    expect(status.unwitnessed).toMatch(/lacks the cosignatures of 2 of the 2 witnesses/);
    // Once a cosigned one comes, it is held and the problem is gone.
    expect(await shown.kit.gossipCheckpoint(checkpoint(8, 0, [W2, W1]))).toEqual({ ok: true, value: 'kept' });
    expect((await shown.kit.ledgerStatus()).unwitnessed).toBeUndefined();
  });
});
