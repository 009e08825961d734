import { describe, expect, it } from 'vitest';
import type { DidKey } from '../../shared/crypto/did-key';
import { buildRegistry, type DeviceRegistry } from '../../shared/ledger';
import { enrolmentBody } from '../../shared/ledger/test-support';
import { SqliteStore } from '../store/sqlite-store';
import type { BatchQuery, EventQuery, LedgerStore } from '../store/store';
import { fastDevice, openLedger, uploadOf } from '../testing/fixtures';
import { AdminViews, deviceViews, roundViews, unregisteredDevices } from './admin-views';
import { MAX_PAGE } from './page';

const SECRET_CIPHERTEXT = 'c2VjcmV0IG5hbWUgYW5kIHBob25l';
const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`;

/** A ledger with two devices at camp-a, one of them later revoked, and one stranger refused. */
async function scenario() {
  const [a, b, stranger] = [fastDevice(), fastDevice(), fastDevice()];
  const ledger = await openLedger(new SqliteStore(':memory:'), [a, b], () => new Date(at(25)));
  const submitted = [
    await ledger.submit(await uploadOf(a, [a.record('enrolment', enrolmentBody('HH-0001')), ...a.handouts(2)])),
    await ledger.submit(await uploadOf(a, a.handouts(1, { round: 'R2026-12' }))),
    await ledger.submit(await uploadOf(b, b.handouts(3))),
    await ledger.submit(await uploadOf(stranger, stranger.handouts(1))),
  ];
  expect(submitted.map((r) => (r.ok ? r.status : r.code))).toEqual(['appended', 'appended', 'appended', 'device-not-certified']);
  expect((await ledger.revokeDevice({ subject: b.did, reason: 'lost' })).ok).toBe(true);
  return { ledger, a, b, stranger };
}

describe('admin views', () => {
  it('lists every certified or anchoring device with its certificates, revocation and anchored totals, HQ left out', async () => {
    const { ledger, a, b } = await scenario();
    const devices = await ledger.admin.devices();
    expect(devices.map((d) => d.device)).toEqual([a.did, b.did].sort());
    expect(devices.find((d) => d.device === a.did)).toMatchObject({
      certificates: [{ subject: a.did, site: 'camp-a' }],
      revoked: null,
      site: 'camp-a',
      batches: 2,
      events: 4,
      head: a.head,
      lastBatchAt: at(25),
    });
    expect(devices.find((d) => d.device === b.did)).toMatchObject({ revoked: { subject: b.did, reason: 'lost', from: at(25) }, batches: 1, events: 3 });
    await ledger.close();
  });

  it('lists the devices refused for want of any certificate, with the earliest event HQ refused of them', async () => {
    const { ledger, a, stranger } = await scenario();
    const early = fastDevice();
    await ledger.submit(await uploadOf(early, [...early.handouts(1, { at: at(20) }), ...early.handouts(1, { at: at(18) })]));
    expect(await ledger.admin.unregistered()).toEqual([
      { device: early.did, firstEventAt: at(18), lastRefusedAt: at(25), refusals: 1 },
      { device: stranger.did, firstEventAt: '2026-11-24T09:31:02.120Z', lastRefusedAt: at(25), refusals: 1 },
    ]);
    expect((await ledger.admin.devices()).find((d) => d.device === a.did)).not.toHaveProperty('firstRefusedEventAt');
    await ledger.close();
  });

  it('totals sites without HQ, and rounds per site and event type', async () => {
    const { ledger } = await scenario();
    expect(await ledger.admin.sites()).toEqual([{ site: 'camp-a', devices: 2, batches: 3, events: 7 }]);
    const rounds = await ledger.admin.rounds();
    expect(rounds.find((r) => r.round === 'R2026-11')).toEqual({ round: 'R2026-11', events: 5, bySite: { 'camp-a': 5 }, byType: { handout: 5 } });
    expect(rounds.find((r) => r.round === 'R2026-12')).toEqual({ round: 'R2026-12', events: 1, bySite: { 'camp-a': 1 }, byType: { handout: 1 } });
    // HQ's trust events and the enrolment carry no round.
    expect(rounds.find((r) => r.round === null)).toMatchObject({ events: 4, byType: { 'device-cert': 2, 'device-revoked': 1, enrolment: 1 } });
    await ledger.close();
  });

  it('filters batches by device and site, latest first, and lists refusals with their reasons', async () => {
    const { ledger, a, stranger } = await scenario();
    const ofA = await ledger.admin.batches({ device: a.did, limit: 10 });
    expect(ofA.map((x) => [x.header.firstSeq, x.site])).toEqual([[4, 'camp-a'], [1, 'camp-a']]);
    expect(await ledger.admin.batches({ site: 'camp-a', limit: 1 })).toHaveLength(1);
    expect(await ledger.admin.batches({ site: 'camp-z', limit: 10 })).toEqual([]);
    expect(await ledger.admin.rejections(10)).toMatchObject([{ code: 'device-not-certified', device: stranger.did, events: [{ index: 0, code: 'not-certified' }] }]);
    await ledger.close();
  });

  it('gives HQ whole events and a donor redacted ones, by page and filter', async () => {
    const { ledger, a } = await scenario();
    const whole = await ledger.admin.events({ afterLeaf: -1, limit: 100, device: a.did });
    expect(whole.map((e) => e.event.seq)).toEqual([1, 2, 3, 4]);
    expect(JSON.stringify(whole[0])).toContain(SECRET_CIPHERTEXT);
    const page = await ledger.admin.events({ afterLeaf: whole[1]!.leafIndex, limit: 1 });
    expect(page.map((e) => e.id)).toEqual([whole[2]!.id]);
    expect((await ledger.admin.events({ afterLeaf: -1, limit: 100, round: 'R2026-12' })).map((e) => e.id)).toEqual([whole[3]!.id]);

    // The devices' 7 events and HQ's 2 certificates name camp-a.
    const exported = await ledger.admin.exportEvents({ afterLeaf: -1, limit: 100, site: 'camp-a' });
    expect(exported.map((e) => e.event.type).sort()).toEqual(['device-cert', 'device-cert', 'enrolment', ...Array(6).fill('handout')]);
    expect(JSON.stringify(exported)).not.toContain(SECRET_CIPHERTEXT);
    expect(exported.filter((e) => e.withheld.length > 0)).toMatchObject([
      { id: whole[0]!.id, leafIndex: whole[0]!.leafIndex, batch: whole[0]!.batch, withheld: ['body.pii'] },
    ]);
    await ledger.close();
  });

  it('never reads more than a page from the store, whatever limit is asked', async () => {
    const limits: number[] = [];
    const store = {
      batches: async (q: BatchQuery) => (limits.push(q.limit), []),
      rejections: async (limit: number) => (limits.push(limit), []),
      events: async (q: EventQuery) => (limits.push(q.limit), []),
    } as unknown as LedgerStore;
    const views = new AdminViews({ store, hq: fastDevice().did, registry: async () => { throw new Error('not needed'); } });
    await views.batches({ limit: 5000 });
    await views.rejections(MAX_PAGE + 1);
    await views.events({ afterLeaf: -1, limit: 10_000 });
    await views.exportEvents({ afterLeaf: -1, limit: 7 });
    expect(limits).toEqual([MAX_PAGE, MAX_PAGE, MAX_PAGE, 7]);
  });
});

describe('deviceViews', () => {
  const hq = fastDevice().did;
  const empty: DeviceRegistry = buildRegistry(hq, []).registry;
  const summary = (device: string, site: string | null) => ({ device, site, batches: 1, events: 2, head: { seq: 2, id: 'f'.repeat(64) }, lastBatchAt: at(3) });

  it('shows an anchoring device without a certificate, and leaves HQ out', () => {
    const stray = fastDevice().did;
    expect(deviceViews(hq, empty, [summary(stray, null), summary(hq, null)])).toEqual([
      { device: stray, certificates: [], revoked: null, site: null, batches: 1, events: 2, head: { seq: 2, id: 'f'.repeat(64) }, lastBatchAt: at(3) },
    ]);
  });

  it('takes the site of the latest certificate when no batch names one', () => {
    const d = fastDevice().did as DidKey;
    const cert = (site: string) => ({ id: site.padEnd(64, '0'), subject: d, site, role: 'field-officer' as const, validFrom: at(1), validUntil: at(30) });
    const registry: DeviceRegistry = { ...empty, certificates: new Map([[d, [cert('camp-a'), cert('camp-b')]]]) };
    expect(deviceViews(hq, registry, [])).toEqual([
      { device: d, certificates: [cert('camp-a'), cert('camp-b')], revoked: null, site: 'camp-b', batches: 0, events: 0, head: null, lastBatchAt: null },
    ]);
    expect(deviceViews(hq, registry, [summary(d, 'camp-a')])[0]!.site).toBe('camp-a');
  });
});

describe('unregisteredDevices', () => {
  it('leaves out HQ, certified devices and revoked ones, and answers at most a page', () => {
    const [hq, certified, revoked, waiting] = [fastDevice().did, fastDevice().did, fastDevice().did, fastDevice().did];
    const cert = { id: 'c'.repeat(64), subject: certified, site: 'camp-a', role: 'field-officer' as const, validFrom: at(1), validUntil: at(30) };
    const registry: DeviceRegistry = {
      ...buildRegistry(hq, []).registry,
      certificates: new Map([[certified, [cert]]]),
      revocations: new Map([[revoked, { id: 'r'.repeat(64), subject: revoked, from: at(2), reason: 'lost' }]]),
    };
    const refused = (device: string) => ({ device, firstEventAt: at(1), lastRefusedAt: at(3), refusals: 1 });
    expect(unregisteredDevices(hq, registry, [hq, certified, revoked, waiting].map(refused))).toEqual([refused(waiting)]);
    const many = Array.from({ length: MAX_PAGE + 5 }, (_, i) => refused(`did:key:z${i}`));
    expect(unregisteredDevices(hq, registry, many)).toHaveLength(MAX_PAGE);
  });

  it('shows on a certified device the earliest event HQ refused of it', () => {
    const hq = fastDevice().did;
    const d = fastDevice().did as DidKey;
    const cert = { id: 'c'.repeat(64), subject: d, site: 'camp-a', role: 'field-officer' as const, validFrom: at(1), validUntil: at(30) };
    const registry: DeviceRegistry = { ...buildRegistry(hq, []).registry, certificates: new Map([[d, [cert]]]) };
    const views = deviceViews(hq, registry, [], [{ device: d, firstEventAt: at(1), lastRefusedAt: at(2), refusals: 3 }]);
    expect(views).toMatchObject([{ device: d, certificates: [cert], firstRefusedEventAt: at(1) }]);
  });
});

describe('roundViews', () => {
  it('folds totals per round, counting events without a site under "-", and keeps the store order', () => {
    expect(
      roundViews([
        { round: null, site: null, type: 'device-cert', events: 2 },
        { round: 'R1', site: 'camp-a', type: 'handout', events: 5 },
        { round: 'R1', site: 'camp-a', type: 'void', events: 1 },
        { round: 'R1', site: 'camp-b', type: 'handout', events: 3 },
        { round: 'R2', site: null, type: 'plan', events: 1 },
      ]),
    ).toEqual([
      { round: null, events: 2, bySite: { '-': 2 }, byType: { 'device-cert': 2 } },
      { round: 'R1', events: 9, bySite: { 'camp-a': 6, 'camp-b': 3 }, byType: { handout: 8, void: 1 } },
      { round: 'R2', events: 1, bySite: { '-': 1 }, byType: { plan: 1 } },
    ]);
  });
});
