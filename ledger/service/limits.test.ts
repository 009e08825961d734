/**
 * What one client can make the ledger do (issue 12, finding 2), attacked
 * through the HTTP API: a flood from one address, uploads in one device's
 * name, a 1,000-event upload from a key HQ does not trust, a body that
 * never finishes, and a flood of refusals meant to push another laptop's
 * out of HQ's records.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { SignatureVerifier } from '../../shared/crypto/verifier';
import { BATCH_DOMAIN, type Upload } from '../../shared/ledger';
import { certBody } from '../../shared/ledger/test-support';
import { SqliteStore } from '../store/sqlite-store';
import type { StoreOptions } from '../store/store';
import { ADMIN_TOKEN, fastDevice, HQ_SEED, openLedger, uploadOf } from '../testing/fixtures';
import { slowUpload } from '../testing/raw-http';
import { buildApp } from './http';
import type { HttpLimits } from './http-limits';
import { Ledger } from './ledger';
import { nodeVerifier } from './node-verifier';
import { FIRST_EVENT } from './registration';

const NOW = '2026-11-25T10:00:00.000Z';
const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}T08:00:00.000Z`;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

const opened: { app: FastifyInstance; ledger: Ledger }[] = [];
afterEach(async () => {
  for (const { app, ledger } of opened.splice(0)) {
    await app.close();
    await ledger.close();
  }
});

async function serve(options: { limits?: Partial<HttpLimits>; store?: StoreOptions; ledger?: Ledger } = {}) {
  const ledger = options.ledger ?? (await openLedger(new SqliteStore(':memory:', options.store ?? {}), [], () => new Date(NOW)));
  const app = buildApp(ledger, { adminToken: ADMIN_TOKEN, ...(options.limits === undefined ? {} : { limits: options.limits }) });
  opened.push({ app, ledger });
  const upload = (payload: Upload | string, remoteAddress = '127.0.0.1') =>
    app.inject({ method: 'POST', url: '/batches', payload, headers: { 'content-type': 'application/json' }, remoteAddress });
  return { ledger, app, upload };
}

describe('per-address rate limit', () => {
  it('answers 429 to a flood from one address while another address is still served', async () => {
    const { app, upload, ledger } = await serve({ limits: { perAddress: 20 } });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await app.inject({ url: '/checkpoint', remoteAddress: '10.0.0.1' })).statusCode);
    expect(statuses).toEqual([...Array<number>(20).fill(200), ...Array<number>(5).fill(429)]);
    const limited = await app.inject({ url: '/trust', remoteAddress: '10.0.0.1' });
    expect([limited.statusCode, limited.json().error]).toEqual([429, 'too-many-requests']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The browser kit must be able to read the refusal.
    expect(limited.headers['access-control-allow-origin']).toBe('*');
    // Uploads over the limit are refused before they are read, and are no refusal HQ keeps.
    const stranger = fastDevice();
    expect((await upload(await uploadOf(stranger, stranger.handouts(1)), '10.0.0.1')).statusCode).toBe(429);
    expect(await ledger.store.rejections(10)).toEqual([]);
    expect((await app.inject({ url: '/checkpoint', remoteAddress: '10.0.0.2' })).statusCode).toBe(200);
  });

  it('counts guesses of the admin token: the address that guessed is refused even with the right one', async () => {
    const { app } = await serve({ limits: { perAddress: 10 } });
    for (let i = 0; i < 10; i++) {
      const guess = await app.inject({ url: '/admin/devices', headers: { authorization: `Bearer guess-${i}-0123456789abcdef` }, remoteAddress: '10.0.0.3' });
      expect(guess.statusCode).toBe(401);
    }
    const right = await app.inject({ url: '/admin/devices', headers: admin, remoteAddress: '10.0.0.3' });
    expect([right.statusCode, right.json().error]).toEqual([429, 'too-many-requests']);
    expect(right.headers['access-control-allow-origin']).toBeUndefined();
    expect((await app.inject({ url: '/admin/devices', headers: admin, remoteAddress: '10.0.0.4' })).statusCode).toBe(200);
  });
});

describe('per-device rate limit on POST /batches', () => {
  it("counts a device's own signed uploads only: a forger naming it cannot use up its allowance", async () => {
    const d = fastDevice();
    const other = fastDevice();
    const { ledger, upload } = await serve({ limits: { perDevice: 3 } });
    for (const x of [d, other]) expect((await ledger.issue('device-cert', certBody(x.did))).ok).toBe(true);
    const forger = fastDevice();
    const forged = await uploadOf(forger, forger.handouts(1));
    for (let i = 0; i < 10; i++) {
      const r = await upload({ ...forged, header: { ...forged.header, device: d.did } }, `10.1.0.${i}`);
      expect(r.json().error).toBe('bad-signature');
    }
    // Three uploads of d from three addresses: two refused for a gap, one appended; the fourth is over.
    const events = d.handouts(4);
    const answers = [];
    for (const [i, run] of [events.slice(1, 2), events.slice(2, 3), events.slice(0, 1), events.slice(1)].entries()) {
      answers.push(await upload(await uploadOf(d, run), `10.2.0.${i}`));
    }
    expect(answers.map((r) => [r.statusCode, r.json().error ?? r.json().status])).toEqual([[409, 'gap'], [409, 'gap'], [201, 'appended'], [429, 'too-many-uploads']]);
    expect(Number(answers[3]!.headers['retry-after'])).toBeGreaterThan(0);
    expect(answers[3]!.json().message).toContain(d.did);
    // Another device is not held back, and the 429 is not kept as a refusal.
    expect((await upload(await uploadOf(other, other.handouts(2)), '10.2.0.9')).statusCode).toBe(201);
    expect((await ledger.store.rejections(100)).filter((r) => r.device === d.did).map((r) => r.code)).toEqual([...Array<string>(2).fill('gap'), ...Array<string>(10).fill('bad-signature')]);
  });
});

describe('an upload from a key HQ does not trust', () => {
  /** A ledger whose every signature check is counted, with the messages checked. */
  async function counting() {
    const inner = nodeVerifier();
    const messages: Uint8Array[] = [];
    const verifier: SignatureVerifier = async (signature, message, publicKey) => {
      messages.push(message);
      return inner(signature, message, publicKey);
    };
    const ledger = await Ledger.open({ store: new SqliteStore(':memory:'), hqSeed: HQ_SEED, verifier, now: () => new Date(NOW) });
    const served = await serve({ ledger });
    const batchChecks = () => messages.filter((m) => new TextDecoder().decode(m.subarray(0, BATCH_DOMAIN.length)) === BATCH_DOMAIN).length;
    return { ...served, messages, batchChecks };
  }

  it('is refused after one signature check (the batch header), not 1,001, and still counts for a back-dated registration', async () => {
    const { upload, messages, batchChecks, app, ledger } = await counting();
    const laptop = fastDevice();
    const batch = await uploadOf(laptop, [...laptop.handouts(1, { at: day(10) }), ...laptop.handouts(999, { at: day(12) })]);
    expect(batch.events).toHaveLength(1000);
    messages.length = 0;
    const refused = await upload(batch);
    expect([refused.statusCode, refused.json().error]).toEqual([403, 'device-not-certified']);
    expect([messages.length, batchChecks()]).toEqual([1, 1]);
    // The one check is what makes the laptop's times its own: HQ can back-date its certificate to them.
    const [kept] = await ledger.store.rejections(1);
    expect(kept).toMatchObject({ device: laptop.did, code: 'device-not-certified', firstAt: day(10) });
    const cert = await app.inject({ method: 'POST', url: '/admin/devices', headers: admin, payload: { subject: laptop.did, site: 'camp-a', role: 'field-officer', validFrom: FIRST_EVENT } });
    expect(cert.json().event.body.validFrom).toBe(day(10));
    // Once HQ trusts the key, every event is verified: the counter counts them.
    messages.length = 0;
    expect((await upload(batch)).statusCode).toBe(201);
    expect(messages.length).toBe(1001);
  });

  it('refuses a revoked key the same way, and a forged header after its one failed check', async () => {
    const { upload, messages, ledger } = await counting();
    const lost = fastDevice();
    expect((await ledger.issue('device-cert', certBody(lost.did))).ok).toBe(true);
    expect((await ledger.issue('device-revoked', { subject: lost.did, from: day(1), reason: 'lost' })).ok).toBe(true);
    const stolen = await uploadOf(lost, lost.handouts(1000, { at: day(20) }));
    messages.length = 0;
    const refused = await upload(stolen);
    expect([refused.statusCode, refused.json().error, messages.length]).toEqual([403, 'device-revoked', 1]);
    const stranger = fastDevice();
    const forged = await uploadOf(stranger, stranger.handouts(1000));
    messages.length = 0;
    const bad = await upload({ ...forged, header: { ...forged.header, device: fastDevice().did } });
    expect([bad.statusCode, bad.json().error, messages.length]).toEqual([422, 'bad-signature', 1]);
  });
});

describe('refusals kept per device', () => {
  it("keeps another laptop's refusal through floods of refusals from one device, in its name, and from no device", async () => {
    const { app, upload, ledger } = await serve({ store: { keepRejections: 40, keepRejectionsPerDevice: 5 } });
    const laptop = fastDevice();
    const waiting = await uploadOf(laptop, [...laptop.handouts(2, { at: day(12) }), ...laptop.handouts(1, { at: day(10) })]);
    expect((await upload(waiting)).json().error).toBe('device-not-certified');

    const flooder = fastDevice();
    const flood = await uploadOf(flooder, flooder.handouts(3, { at: day(1) }));
    const forger = fastDevice();
    const forged = await uploadOf(forger, forger.handouts(1, { at: day(1) }));
    for (let i = 0; i < 100; i++) {
      expect((await upload(flood, `10.3.0.${i % 50}`)).statusCode).toBe(403);
      expect((await upload({ ...forged, header: { ...forged.header, device: laptop.did } }, `10.4.0.${i % 50}`)).statusCode).toBe(422);
      expect((await upload('{"header": {', `10.5.0.${i % 50}`)).statusCode).toBe(400);
    }
    const kept = await ledger.store.rejections(1000);
    expect(kept.length).toBeLessThanOrEqual(40);
    const of = (device: string | null, signed: boolean) => kept.filter((r) => r.device === device && (r.firstAt !== null) === signed).length;
    expect([of(flooder.did, true), of(laptop.did, false), of(null, false)]).toEqual([5, 5, 5]);
    expect(kept.filter((r) => r.device === laptop.did && r.firstAt !== null)).toMatchObject([{ code: 'device-not-certified', firstAt: day(10) }]);

    const unregistered = (await app.inject({ url: '/admin/devices', headers: admin })).json<{ unregistered: { device: string; firstEventAt: string }[] }>().unregistered;
    expect(unregistered).toContainEqual(expect.objectContaining({ device: laptop.did, firstEventAt: day(10) }));
    const cert = await app.inject({ method: 'POST', url: '/admin/devices', headers: admin, payload: { subject: laptop.did, site: 'camp-a', role: 'team-lead', validFrom: FIRST_EVENT } });
    expect([cert.statusCode, cert.json().event.body.validFrom]).toEqual([201, day(10)]);
  });
});

describe('a slow request', () => {
  it('is cut: a trickling body at the request timeout (408), a silent one at the idle timeout; the service goes on', async () => {
    const { app, ledger } = await serve({ limits: { requestTimeoutMs: 1000, idleTimeoutMs: 600 } });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const trickled = await slowUpload(base, true);
    expect(trickled.ms).toBeGreaterThanOrEqual(900);
    expect(trickled.ms).toBeLessThan(3000);
    expect(trickled.answer).toMatch(/^HTTP\/1\.1 408/);
    const silent = await slowUpload(base, false);
    expect(silent.ms).toBeGreaterThanOrEqual(500);
    expect(silent.ms).toBeLessThan(3000);
    expect((await ledger.checkpoint()).size).toBe(0);
    const d = fastDevice();
    expect((await ledger.issue('device-cert', certBody(d.did))).ok).toBe(true);
    const r = await fetch(`${base}/batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(await uploadOf(d, d.handouts(3))) });
    expect(r.status).toBe(201);
  });
});
