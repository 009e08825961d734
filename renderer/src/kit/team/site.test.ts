/**
 * One site, many laptops (issue 10): two kits that exchange events the way
 * sync does, each with its own vault, database and clock.
 */
import { describe, expect, it } from 'vitest';
import { publicKeyToDid, type DidKey } from '../../../../shared/crypto/did-key';
import { generateKeyPair } from '../../../../shared/crypto/ed25519';
import { EVENT_VERSION, eventId, signEvent, type EventBody, type EventType, type UnsignedEvent } from '../../../../shared/events';
import { writeSetting, readSetting } from '../settings';
import { enrolAndCard, eventTexts, exchange, family, leadApproval, testKits, TODAY, twoLaptopSite, unwrap } from '../testing';

const kits = testKits();

/** A key that signs events by hand: HQ, or a laptop someone tampered with. */
function signer() {
  const { seed, publicKey } = generateKeyPair();
  const did = publicKeyToDid(publicKey);
  let seq = 0;
  let prev: string | null = null;
  return {
    did,
    sign<T extends EventType>(type: T, body: EventBody<T>, at: string): string {
      seq++;
      const event = signEvent({ v: EVENT_VERSION, type, device: did, seq, prev, at, body } as UnsignedEvent, seed);
      prev = eventId(event);
      return JSON.stringify(event);
    },
  };
}

describe('a site of two laptops', () => {
  it('verifies a card the lead’s laptop issued on the field laptop, and shows whose it is', async () => {
    const { lead, field } = await twoLaptopSite(kits);
    const { id, qr } = await enrolAndCard(lead.kit);
    await exchange(lead.kit, field.kit);
    const pass = unwrap(await field.kit.checkQr(qr));
    expect(pass).toMatchObject({ household: id, site: 'camp-north', issuedBy: 'Laptop 1', holder: { head: { name: 'Fatuma Ali' }, shelter: 'B7/114' } });
  });

  it('reads on each laptop the names typed on the other, sealed under the site key and bound to the household', async () => {
    const { lead, field } = await twoLaptopSite(kits);
    const onLead = unwrap(await lead.kit.enrol(family));
    const onField = unwrap(await field.kit.enrol({ ...family, head: { name: 'Neema Paul', sex: 'female' } }));
    await exchange(lead.kit, field.kit);
    expect(unwrap(await field.kit.findHousehold(onLead.id)).form.head.name).toBe('Fatuma Ali');
    expect(unwrap(await lead.kit.findHousehold(onField.id)).form.head.name).toBe('Neema Paul');
    // The sealed record of one household moved onto another does not open.
    const [a, b] = await Promise.all([onLead.id, onField.id].map(async (h) => (await lead.db.households.findOne(h).exec())!));
    await b!.incrementalPatch({ pii: a!.pii });
    expect(await lead.kit.findHousehold(onField.id)).toMatchObject({ ok: false, code: 'sealed-elsewhere' });
  });

  it('gives no key and no name to a laptop that was never admitted, even with every event', async () => {
    const lead = await kits.ready();
    const { id } = unwrap(await lead.kit.enrol(family));
    const stranger = await kits.open();
    unwrap(await stranger.kit.setup({ site: '', siteName: '', deviceLabel: 'Stranger', lead: { name: 'X', pin: '4071' }, invitation: unwrap(await lead.kit.invitation()) }));
    await exchange(lead.kit, stranger.kit);
    await exchange(lead.kit, stranger.kit);
    expect(await stranger.kit.findHousehold(id)).toMatchObject({ ok: false, code: 'sealed-elsewhere' });
    const people = unwrap(await lead.kit.people());
    expect(people.laptops.find((l) => l.label === 'Stranger')).toBeUndefined();
    expect(JSON.stringify(await eventTexts(lead.kit))).not.toContain('Fatuma');
  });

  it('names the field officer in the lead’s tally', async () => {
    const { lead, field } = await twoLaptopSite(kits);
    const { id } = unwrap(await field.kit.enrol(family));
    const check = unwrap(await field.kit.checkByLookup(id, 'card-lost', 'refugee-id'));
    const ent = unwrap(await field.kit.entitlement(id));
    unwrap(await field.kit.recordHandout({ household: id, checkId: check.checkId, items: ent.items, ...(ent.cash && { cash: ent.cash }), collector: 'head' }));
    await exchange(field.kit, lead.kit);
    const tally = unwrap(await lead.kit.tally(TODAY));
    expect(tally.byOperator.map((o) => o.name)).toEqual(['Juma']);
    expect(unwrap(await lead.kit.people()).operators.map((o) => [o.name, o.role]).sort()).toEqual([
      ['Amina', 'team-lead'],
      ['Juma', 'field-officer'],
    ]);
  });

  it('makes a joining laptop’s operators field officers, who cannot void; a lead laptop’s lead can', async () => {
    const { lead, field } = await twoLaptopSite(kits);
    expect((await field.kit.state()).kind === 'unlocked' && (await field.kit.state())).toMatchObject({ operator: { role: 'field-officer' } });
    const { id } = unwrap(await lead.kit.enrol(family));
    const check = unwrap(await lead.kit.checkByLookup(id, 'card-lost', 'refugee-id'));
    const ent = unwrap(await lead.kit.entitlement(id));
    const given = unwrap(await lead.kit.recordHandout({ household: id, checkId: check.checkId, items: ent.items, ...(ent.cash && { cash: ent.cash }), collector: 'head' }));
    await exchange(lead.kit, field.kit);
    // Even with the lead's PIN typed on it, the field laptop is not a lead's laptop.
    expect(await field.kit.voidHandout(given.eventId, 'data-entry-error', await leadApproval(lead.kit))).toMatchObject({ ok: false, code: 'not-allowed' });
    expect(await field.kit.certifyDevice(publicKeyToDid(generateKeyPair().publicKey), 'team-lead')).toMatchObject({ ok: false, code: 'not-allowed' });
  });

  it('lets a laptop admitted as a lead’s decide, on every laptop', async () => {
    const { lead, field } = await twoLaptopSite(kits, 'team-lead');
    const { id } = unwrap(await lead.kit.enrol(family));
    const check = unwrap(await lead.kit.checkByLookup(id, 'card-lost', 'refugee-id'));
    const ent = unwrap(await lead.kit.entitlement(id));
    const given = unwrap(await lead.kit.recordHandout({ household: id, checkId: check.checkId, items: ent.items, ...(ent.cash && { cash: ent.cash }), collector: 'head' }));
    await exchange(lead.kit, field.kit);
    unwrap(await field.kit.voidHandout(given.eventId, 'data-entry-error', await leadApproval(lead.kit)));
    const r = await exchange(field.kit, lead.kit);
    expect(r.toB.quarantined).toBe(0);
    expect(unwrap(await lead.kit.tally(TODAY)).handouts).toBe(0);
  });

  it('quarantines as not-authorised a void the field laptop’s key signed outside the kit', async () => {
    const { lead, field, fieldDevice } = await twoLaptopSite(kits);
    const { id } = unwrap(await lead.kit.enrol(family));
    const check = unwrap(await lead.kit.checkByLookup(id, 'card-lost', 'refugee-id'));
    const ent = unwrap(await lead.kit.entitlement(id));
    const given = unwrap(await lead.kit.recordHandout({ household: id, checkId: check.checkId, items: ent.items, ...(ent.cash && { cash: ent.cash }), collector: 'head' }));
    // A tampered kit on the field laptop: its own key, its own chain, a void the kit would refuse to write.
    const [head] = await field.db.events.find({ selector: { device: fieldDevice }, sort: [{ device: 'desc' }, { seq: 'desc' }], limit: 1 }).exec();
    const entry = { type: 'void', at: '2026-11-24T09:10:00.000Z', body: { target: given.eventId, reason: 'data-entry-error', approval: { by: 'op-x-1' } } } as const;
    const [signed] = unwrap(await field.host.signEvents([entry], { seq: head!.seq, id: head!.id }));
    expect(signed).toMatchObject({ device: fieldDevice, seq: head!.seq + 1, prev: head!.id });
    const forged = JSON.stringify(signed);
    expect(await lead.kit.ingest([forged], 'Distribution point 2')).toMatchObject({ stored: 0, quarantined: 1 });
    const { quarantine } = unwrap(await lead.kit.reconciliation());
    expect(quarantine).toEqual([expect.objectContaining({ reason: 'not-authorised', device: fieldDevice, source: 'Distribution point 2' })]);
    expect(unwrap(await lead.kit.tally(TODAY)).handouts).toBe(1);
  });

  it('refuses the events of another agency’s laptops, keys included, and their cards', async () => {
    const rogue = await kits.ready();
    const { qr } = await enrolAndCard(rogue.kit);
    const texts = await eventTexts(rogue.kit);
    await kits.close(rogue.db);
    const { lead, field, fieldDevice } = await twoLaptopSite(kits);
    expect(await field.kit.checkQr(qr)).toMatchObject({ ok: false, code: 'unknown-issuer' });
    const r = await field.kit.ingest(texts, 'rogue');
    expect(r.stored).toBe(0);
    const people = unwrap(await lead.kit.people());
    expect(people.laptops.find((l) => l.device === fieldDevice)).toMatchObject({ role: 'field-officer', hasSiteKey: true });
  });

  it('rotates the site key when HQ revokes a laptop; the revoked laptop never gets the new key, its later cards fail', async () => {
    const { lead, field, fieldDevice } = await twoLaptopSite(kits);
    const hq = signer();
    await writeSetting(lead.db, 'ledger', { url: 'http://127.0.0.1:1', logKey: 'x', origin: 'o', hq: hq.did });
    await writeSetting(field.db, 'ledger', { url: 'http://127.0.0.1:1', logKey: 'x', origin: 'o', hq: hq.did });
    const before = (await readSetting(lead.db, 'siteKey'))!.current;
    const revocation = hq.sign('device-revoked', { subject: fieldDevice as DidKey, from: '2026-11-24T09:00:00.000Z', reason: 'stolen' }, '2026-11-24T09:30:00.000Z');
    await lead.kit.ingest([revocation], 'hq');
    const after = (await readSetting(lead.db, 'siteKey'))!.current;
    expect(after).not.toBe(before);
    await exchange(lead.kit, field.kit);
    expect((await readSetting(field.db, 'siteKey'))!.current).toBe(before);
    const people = unwrap(await lead.kit.people());
    expect(people.laptops.find((l) => l.device === fieldDevice)).toMatchObject({ revoked: true, hasSiteKey: false });
    // The revoked laptop still issues cards (its key is stolen, say): the lead's laptop refuses them, and says why.
    const { qr } = await enrolAndCard(field.kit);
    expect(await lead.kit.checkQr(qr)).toMatchObject({ ok: false, code: 'issuer-revoked' });
  });

  it('verifies a card of another site of the agency where HQ’s certificate names its issuer, showing that site', async () => {
    const other = await kits.open();
    const south = unwrap(await other.kit.setup({ site: 'camp-south', siteName: 'Camp South', deviceLabel: 'South 1', lead: { name: 'Zawadi', pin: '4071' } }));
    const { id, qr } = await enrolAndCard(other.kit);
    const lead = await kits.ready();
    expect(await lead.kit.checkQr(qr)).toMatchObject({ ok: false, code: 'unknown-issuer' });
    const hq = signer();
    await writeSetting(lead.db, 'ledger', { url: 'http://127.0.0.1:1', logKey: 'x', origin: 'o', hq: hq.did });
    const cert = hq.sign(
      'device-cert',
      { subject: south.device as DidKey, site: 'camp-south', role: 'team-lead', validFrom: '2026-01-01T00:00:00.000Z', validUntil: '2027-01-01T00:00:00.000Z', issuer: south.issuer as DidKey },
      '2026-11-20T00:00:00.000Z',
    );
    expect(await lead.kit.ingest([cert], 'hq')).toMatchObject({ stored: 1 });
    // Trusted now, but whether the card was revoked needs its issuer's list.
    expect(await lead.kit.checkQr(qr)).toMatchObject({ ok: false, code: 'status-unknown' });
    const lists = (await eventTexts(other.kit)).filter((t) => t.includes('"type":"status-list"'));
    expect(await lead.kit.ingest(lists, 'sync file from HQ')).toMatchObject({ quarantined: 0 });
    expect(unwrap(await lead.kit.checkQr(qr))).toMatchObject({ household: id, site: 'camp-south', issuedBy: 'camp-south' });
  });
});
