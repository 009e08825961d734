/**
 * Issue 13, point 3: the team's room password rotates when a laptop leaves.
 * Three laptops (the lead's and two field laptops); HQ revokes one; the
 * lead's laptop rotates the site key and the room, the laptop that stays
 * takes the new room from its delivery, the revoked one keeps only the old.
 * RxDB's open-source build holds 16 collections at once, so a field laptop
 * is closed while the other works, and reopened (locked, as after a restart).
 */
import { describe, expect, it } from 'vitest';
import { publicKeyToDid, type DidKey } from '../../../../shared/crypto/did-key';
import { generateKeyPair } from '../../../../shared/crypto/ed25519';
import { EVENT_VERSION, signEvent, type UnsignedEvent } from '../../../../shared/events';
import { parseInvitation } from '../../../../shared/team/invitation';
import { writeSetting } from '../settings';
import { exchange, testKits, twoLaptopSite, unwrap, type TestKit } from '../testing';

const kits = testKits();

const roomOf = async (laptop: TestKit): Promise<string> => (await laptop.kit.syncIdentity())!.secret;

describe('the team room', () => {
  it('rotates with the site key when a laptop is revoked: the laptops that stay move, the revoked one cannot', async () => {
    const { lead, field } = await twoLaptopSite(kits);
    const old = await roomOf(lead);
    expect(await roomOf(field)).toBe(old);
    await kits.close(field.db);

    let leaving = await kits.open();
    const joined = unwrap(
      await leaving.kit.setup({ site: '', siteName: '', deviceLabel: 'Point 3', lead: { name: 'Baraka', pin: '3952' }, invitation: unwrap(await lead.kit.invitation()) }),
    );
    await exchange(leaving.kit, lead.kit);
    unwrap(await lead.kit.certifyDevice(joined.device, 'field-officer'));
    await exchange(lead.kit, leaving.kit);
    expect(await roomOf(leaving)).toBe(old);
    await kits.close(leaving.db);

    const { seed, publicKey } = generateKeyPair();
    const hq = publicKeyToDid(publicKey);
    await writeSetting(lead.db, 'ledger', { url: 'http://127.0.0.1:1', logKey: 'x', origin: 'o', hq });
    const revocation = signEvent(
      { v: EVENT_VERSION, type: 'device-revoked', device: hq, seq: 1, prev: null, at: '2026-11-24T09:30:00.000Z', body: { subject: joined.device as DidKey, from: '2026-11-24T09:00:00.000Z', reason: 'stolen' } } as UnsignedEvent,
      seed,
    );
    await lead.kit.ingest([JSON.stringify(revocation)], 'hq');
    const rotated = await roomOf(lead);
    expect(rotated).not.toBe(old);
    // The invitation a lead shows from now on names the new room.
    expect(unwrap(parseInvitation(unwrap(await lead.kit.invitation()))).secret).toBe(rotated);

    const staying = await reopen(field);
    await exchange(lead.kit, staying.kit);
    expect(await roomOf(staying)).toBe(rotated);
    await kits.close(staying.db);

    leaving = await reopen(leaving);
    await exchange(lead.kit, leaving.kit);
    expect(await roomOf(leaving)).toBe(old);
  });
});

/** The laptop's database and vault again, signed in as its first operator (PIN 3952 on both field laptops). */
async function reopen(laptop: TestKit): Promise<TestKit> {
  const again = await kits.open({ name: laptop.name, vault: laptop.vault });
  const state = await again.kit.state();
  if (state.kind !== 'locked') throw new Error(`expected a locked kit, got ${state.kind}`);
  unwrap(await again.kit.unlock(state.operators[0]!.id, '3952'));
  return again;
}
