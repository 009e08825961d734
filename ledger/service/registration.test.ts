/**
 * Registering a device at HQ (issue 10, points 1 and 5): certificate dates,
 * back-dating to the first event HQ refused, and the laptop's card issuer.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseVerifierKey } from '../../shared/checkpoint';
import { EVENT_VERSION } from '../../shared/events/envelope';
import { verifyEvent } from '../../shared/events/verify';
import { verifyReceipts, verifyTrustFeed, type Upload } from '../../shared/ledger';
import type { TestDevice } from '../../shared/ledger/test-support';
import { SqliteStore } from '../store/sqlite-store';
import { ADMIN_TOKEN, fastDevice, openLedger, uploadOf } from '../testing/fixtures';
import { buildApp } from './http';
import type { Ledger } from './ledger';
import { nodeVerifier } from './node-verifier';
import { datedCertificate, FIRST_EVENT } from './registration';

const NOW = '2026-11-25T10:00:00.000Z';
const A_YEAR_ON = '2027-11-25T10:00:00.000Z';
const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}T08:00:00.000Z`;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('datedCertificate', () => {
  const now = new Date(NOW);
  const seen = (first?: string) => ({ now, firstRefusedEventAt: async () => first });
  const subject = fastDevice().did;
  const request = { subject, site: 'camp-a', role: 'field-officer' };

  it('starts now, at the time given, or at the first refused event but never after now; ends a year from now unless told', async () => {
    expect(await datedCertificate(request, seen())).toEqual({ ok: true, value: { ...request, validFrom: NOW, validUntil: A_YEAR_ON } });
    expect(await datedCertificate({ ...request, validFrom: day(3) }, seen())).toMatchObject({ ok: true, value: { validFrom: day(3), validUntil: A_YEAR_ON } });
    expect(await datedCertificate({ ...request, validFrom: FIRST_EVENT }, seen(day(2)))).toMatchObject({ ok: true, value: { validFrom: day(2), validUntil: A_YEAR_ON } });
    // A laptop whose clock ran ahead: from now, as a plain registration.
    expect(await datedCertificate({ ...request, validFrom: FIRST_EVENT }, seen('2026-12-30T00:00:00.000Z'))).toMatchObject({ ok: true, value: { validFrom: NOW } });
    const until = '2026-12-31T23:59:59.999Z';
    expect(await datedCertificate({ ...request, validFrom: FIRST_EVENT, validUntil: until }, seen(day(2)))).toMatchObject({ ok: true, value: { validFrom: day(2), validUntil: until } });
  });

  it('refuses "first-event" without a refused event or a subject, garbage dates, and an end before the start', async () => {
    expect(await datedCertificate({ ...request, validFrom: FIRST_EVENT }, seen())).toMatchObject({ ok: false, code: 'no-refused-events', message: expect.stringContaining(subject) });
    expect(await datedCertificate({ ...request, subject: 'did:web:x', validFrom: FIRST_EVENT }, seen(day(2)))).toMatchObject({ ok: false, code: 'bad-request', message: /^subject:/ });
    for (const validFrom of ['yesterday', 'First-Event', 'first-event ', '2026-13-01T00:00:00.000Z', '2026-11-25', 1_764_000_000_000, null, {}]) {
      expect(await datedCertificate({ ...request, validFrom }, seen(day(2))), JSON.stringify(validFrom)).toMatchObject({ ok: false, code: 'bad-request', message: /^validFrom:/ });
    }
    expect(await datedCertificate({ ...request, validFrom: FIRST_EVENT, validUntil: day(1) }, seen(day(2)))).toMatchObject({ ok: false, code: 'bad-request', message: /before validFrom/ });
  });
});

describe('POST /admin/devices', () => {
  let ledger: Ledger;
  let app: FastifyInstance;

  const open = async (keepRejections?: number) => {
    ledger = await openLedger(new SqliteStore(':memory:', keepRejections === undefined ? {} : { keepRejections }), [], () => new Date(NOW));
    app = buildApp(ledger, { adminToken: ADMIN_TOKEN });
  };
  beforeEach(() => open());
  afterEach(async () => {
    await app.close();
    await ledger.close();
  });

  const upload = async (payload: Upload) => app.inject({ method: 'POST', url: '/batches', payload });
  const register = async (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/admin/devices', headers: admin, payload });
  const get = async <T>(url: string) => (await app.inject({ url, headers: admin })).json<T>();
  /** A laptop that worked offline from the 10th; its records are not in time order (its clock was set back once). */
  const offlineLaptop = (): { laptop: TestDevice; records: Upload['events'] } => {
    const laptop = fastDevice();
    return { laptop, records: [...laptop.handouts(2, { at: day(12) }), ...laptop.handouts(1, { at: day(10) }), ...laptop.handouts(2, { at: day(20) })] };
  };

  it("back-dates to the earliest event HQ refused, shows it to the admin, and then takes the laptop's records", async () => {
    const { laptop, records } = offlineLaptop();
    const batch = await uploadOf(laptop, records);
    const refused = await upload(batch);
    expect([refused.statusCode, refused.json().error]).toEqual([403, 'device-not-certified']);
    await upload(batch); // the laptop tries again later
    // A forged upload in the laptop's name with an earlier record moves nothing.
    const impostor = fastDevice();
    const forged = await uploadOf(impostor, impostor.handouts(1, { at: day(1) }));
    expect((await upload({ ...forged, header: { ...forged.header, device: laptop.did } })).json().error).toBe('bad-signature');

    const rejections = (await get<{ rejections: { device: string; firstAt: string | null }[] }>('/admin/rejections')).rejections;
    expect(rejections.map((r) => [r.device, r.firstAt])).toEqual([[laptop.did, null], [laptop.did, day(10)], [laptop.did, day(10)]]);
    const before = await get<{ devices: unknown[]; unregistered: unknown[] }>('/admin/devices');
    expect(before).toEqual({ devices: [], unregistered: [{ device: laptop.did, firstEventAt: day(10), lastRefusedAt: NOW, refusals: 2 }] });

    const cert = await register({ subject: laptop.did, site: 'camp-a', role: 'team-lead', validFrom: FIRST_EVENT });
    expect(cert.statusCode).toBe(201);
    expect(cert.json().event.body).toEqual({ subject: laptop.did, site: 'camp-a', role: 'team-lead', validFrom: day(10), validUntil: A_YEAR_ON });
    const after = await get<{ devices: { device: string }[]; unregistered: unknown[] }>('/admin/devices');
    expect(after.unregistered).toEqual([]);
    expect(after.devices).toMatchObject([{ device: laptop.did, certificates: [{ validFrom: day(10), validUntil: A_YEAR_ON }], firstRefusedEventAt: day(10), events: 0 }]);

    const stored = await upload(batch);
    expect([stored.statusCode, stored.json().status]).toEqual([201, 'appended']);
    const key = parseVerifierKey(ledger.logKey);
    if (!key.ok) throw new Error(key.message);
    expect(verifyReceipts(stored.json().receipts, { logKey: key.value, origin: ledger.origin }).every((r) => r.ok)).toBe(true);
    expect((await get<{ devices: { events: number }[] }>('/admin/devices')).devices[0]!.events).toBe(records.length);
  });

  it('answers 400 no-refused-events for a device HQ never saw, or saw only in forged uploads', async () => {
    const never = await register({ subject: fastDevice().did, site: 'camp-a', role: 'field-officer', validFrom: FIRST_EVENT });
    expect([never.statusCode, never.json().error]).toEqual([400, 'no-refused-events']);
    expect(never.json().message).toMatch(/no upload .* it refused/);
    const { laptop } = offlineLaptop();
    const impostor = fastDevice();
    const forged = await uploadOf(impostor, impostor.handouts(1, { at: day(1) }));
    await upload({ ...forged, header: { ...forged.header, device: laptop.did } });
    const claimed = await register({ subject: laptop.did, site: 'camp-a', role: 'field-officer', validFrom: FIRST_EVENT });
    expect([claimed.statusCode, claimed.json().error]).toEqual([400, 'no-refused-events']);
    expect((await ledger.trustEvents(0)).map((e) => e.type)).toEqual([]);
  });

  it('refuses garbage dates with 400 and issues nothing', async () => {
    const subject = fastDevice().did;
    for (const dates of [{ validFrom: 'first event' }, { validFrom: 'now' }, { validFrom: 0 }, { validFrom: day(5), validUntil: day(4) }, { validUntil: 'never' }]) {
      const r = await register({ subject, site: 'camp-a', role: 'field-officer', ...dates });
      expect([r.statusCode, r.json().error], JSON.stringify(dates)).toEqual([400, 'bad-request']);
    }
    expect(await ledger.trustEvents(0)).toEqual([]);
  });

  it("keeps the laptop's card issuer in a v2 certificate that the trust feed carries and that verifies", async () => {
    const laptop = fastDevice();
    const issuer = fastDevice().did;
    const cert = await register({ subject: laptop.did, site: 'camp-a', role: 'team-lead', issuer });
    expect(cert.statusCode).toBe(201);
    const event = cert.json().event;
    expect(event).toMatchObject({ v: EVENT_VERSION, type: 'device-cert', body: { subject: laptop.did, issuer } });
    expect(verifyEvent(event).ok).toBe(true);
    const feed = await get<{ hq: string; events: unknown[] }>('/trust');
    expect(feed.events).toEqual([event]);
    const verified = await verifyTrustFeed(ledger.hq, feed.events, nodeVerifier());
    expect(verified.rejected).toEqual([]);
    expect(verified.events.map((e) => e.id)).toEqual([cert.json().id]);
    expect((await ledger.registry()).certificates.get(laptop.did)).toMatchObject([{ issuer }]);
  });

  it('refuses an issuer that is not an Ed25519 did:key', async () => {
    const subject = fastDevice().did;
    const secp256k1 = 'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme';
    for (const issuer of ['did:web:example.org', secp256k1, subject.slice('did:key:'.length), `${subject}x`, '', 42, null]) {
      const r = await register({ subject, site: 'camp-a', role: 'team-lead', issuer });
      expect([r.statusCode, r.json().error], JSON.stringify(issuer)).toEqual([400, 'bad-request']);
      expect(r.json().message, JSON.stringify(issuer)).toMatch(/^issuer:/);
    }
    expect(await ledger.trustEvents(0)).toEqual([]);
  });

  it('keeps at most the store\'s limit of refusals under a flood; the laptop is seen again at its next try', async () => {
    await app.close();
    await ledger.close();
    await open(20);
    const { laptop, records } = offlineLaptop();
    const batch = await uploadOf(laptop, records);
    await upload(batch);
    for (let i = 0; i < 60; i++) {
      const stranger = fastDevice();
      expect((await upload(await uploadOf(stranger, stranger.handouts(1)))).statusCode).toBe(403);
    }
    expect(await ledger.store.rejections(1000)).toHaveLength(20);
    expect(await ledger.store.refusedDevices()).toHaveLength(20);
    const pushedOut = await register({ subject: laptop.did, site: 'camp-a', role: 'team-lead', validFrom: FIRST_EVENT });
    expect(pushedOut.json().error).toBe('no-refused-events');
    await upload(batch);
    const cert = await register({ subject: laptop.did, site: 'camp-a', role: 'team-lead', validFrom: FIRST_EVENT });
    expect(cert.json().event.body.validFrom).toBe(day(10));
  });
});
