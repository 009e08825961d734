import { describe, expect, it } from 'vitest';
import { enrolAndCard, testKits, unwrap } from '../testing';

const kits = testKits();

describe('identity checks', () => {
  it('checks a ration card it issued, and calls a changed one tampered', async () => {
    const { kit } = await kits.ready();
    const { id, qr } = await enrolAndCard(kit);
    const pass = await kit.checkQr(`${qr}\r\n`);
    expect(pass.ok && pass.value).toMatchObject({ household: id, size: 4, method: 'qr' });
    const flipped = qr.slice(0, 40) + (qr[40] === 'A' ? 'B' : 'A') + qr.slice(41);
    const fail = await kit.checkQr(flipped);
    expect(fail.ok ? 'pass' : fail.code).toMatch(/tampered|unreadable/);
    expect((await kit.checkQr('x'.repeat(5_000_000))).ok).toBe(false);
  });

  it('answers locked, not a card verdict, while the kit is locked', async () => {
    const { kit } = await kits.ready();
    const { id, qr } = await enrolAndCard(kit);
    await kit.lock();
    expect(await kit.checkQr(qr)).toMatchObject({ ok: false, code: 'locked' });
    expect(await kit.checkByLookup(id, 'card-lost', 'refugee-id')).toMatchObject({ ok: false, code: 'locked' });
  });

  it('looks a household up by id only with a reason and the document checked, and records both', async () => {
    const { kit, db } = await kits.ready();
    const { id } = await enrolAndCard(kit);
    expect(await kit.checkByLookup(id, '', 'refugee-id')).toMatchObject({ ok: false, code: 'needs-reason' });
    expect(await kit.checkByLookup(id, 'card-lost', '')).toMatchObject({ ok: false, code: 'needs-document' });
    expect(await kit.checkByLookup('HH-nonsense', 'card-lost', 'refugee-id')).toMatchObject({ ok: false, code: 'bad-id' });
    const pass = unwrap(await kit.checkByLookup(id, 'card-lost', 'refugee-id'));
    expect(pass).toMatchObject({ household: id, method: 'id-lookup', holder: { head: { name: 'Fatuma Ali' } } });
    const event = (await db.events.findOne(pass.checkId).exec())!.toMutableJSON().event;
    expect(event.type === 'identity-check' && event.body).toMatchObject({ method: 'id-lookup', reason: 'card-lost', document: 'refugee-id' });
  });
});
