import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../shared/bytes';
import { parseVerifierKey } from '../../shared/checkpoint';
import type { SignedEvent } from '../../shared/events/envelope';
import { eventId } from '../../shared/events/sign';
import {
  acceptCheckpointNote,
  anchor,
  LedgerClient,
  verifyReceipts,
  verifyTrustFeed,
  type ReceiptTrust,
} from '../../shared/ledger';
import { certBody, enrolmentBody } from '../../shared/ledger/test-support';
import { SqliteStore } from '../store/sqlite-store';
import { fastDevice, injectFetch, openLedger, uploadOf } from '../testing/fixtures';
import type { Ledger, SubmitResult } from './ledger';
import { nodeVerifier } from './node-verifier';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'aidtrail-ledger-')), 'ledger.sqlite');

function trustOf(ledger: Ledger): ReceiptTrust {
  const key = parseVerifierKey(ledger.logKey);
  if (!key.ok) throw new Error(key.message);
  return { logKey: key.value, origin: ledger.origin };
}

const codeOf = (r: SubmitResult) => (r.ok ? r.status : r.code);

describe('batch intake', () => {
  it('appends a batch and answers with one verifiable receipt per event, in order', async () => {
    const d = fastDevice();
    const ledger = await openLedger(new SqliteStore(tempDb()), [d]);
    const events = d.handouts(25);
    const r = await ledger.submit(await uploadOf(d, events));
    expect(codeOf(r)).toBe('appended');
    if (!r.ok) return;
    const verified = verifyReceipts(r.value.receipts, trustOf(ledger));
    expect(verified.every((v) => v.ok)).toBe(true);
    expect(r.value.receipts.map((x) => x.event)).toEqual(events.map(eventId));
    const first = r.value.receipts[0]!.leafIndex;
    expect(r.value.receipts.map((x) => x.leafIndex)).toEqual(events.map((_, i) => first + i));
    await ledger.close();
  });

  it('answers a re-sent batch with byte-identical receipts and appends nothing, even after the log grew', async () => {
    const d = fastDevice();
    const ledger = await openLedger(new SqliteStore(tempDb()), [d]);
    const upload = await uploadOf(d, d.handouts(10));
    const first = await ledger.submit(upload);
    await ledger.submit(await uploadOf(d, d.handouts(5)));
    const size = (await ledger.checkpoint()).size;
    const again = await ledger.submit(JSON.parse(JSON.stringify(upload)));
    expect(codeOf(again)).toBe('duplicate');
    expect(JSON.stringify(again.ok && again.value)).toBe(JSON.stringify(first.ok && first.value));
    expect((await ledger.checkpoint()).size).toBe(size);
    expect(await ledger.receipts(first.ok ? first.value.batch : '')).toEqual(first.ok && first.value);
    await ledger.close();
  });

  it('refuses tampered batches, whole, with the events that are wrong, and records why', async () => {
    const d = fastDevice();
    const ledger = await openLedger(new SqliteStore(tempDb()), [d]);
    const size = (await ledger.checkpoint()).size;
    const upload = structuredClone(await uploadOf(d, d.handouts(8))) as unknown as { events: { body: { items: { qty: number }[] } }[] };
    upload.events[5]!.body.items[0]!.qty = 250;
    const r = await ledger.submit(upload);
    expect(codeOf(r)).toBe('bad-events');
    expect(r.ok ? [] : r.events).toMatchObject([{ index: 5, seq: 6, code: 'bad-signature' }]);
    expect((await ledger.checkpoint()).size).toBe(size);
    expect(await ledger.store.rejections(1)).toMatchObject([{ code: 'bad-events', device: d.did, events: [{ index: 5 }] }]);
    await ledger.close();
  });

  it('does not take a tampered copy of a stored batch for a re-send', async () => {
    const d = fastDevice();
    const ledger = await openLedger(new SqliteStore(tempDb()), [d]);
    const upload = await uploadOf(d, d.handouts(4));
    expect(codeOf(await ledger.submit(upload))).toBe('appended');
    const tampered = structuredClone(upload) as unknown as { events: { body: { collector: string } }[] };
    tampered.events[2]!.body.collector = 'proxy';
    expect(codeOf(await ledger.submit(tampered))).toBe('bad-events');
    expect(codeOf(await ledger.submit({ ...upload, sig: upload.sig.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }))).toBe('bad-signature');
    await ledger.close();
  });

  it('refuses events of unknown and revoked devices, and keeps those signed before the revocation', async () => {
    const [d, stranger] = [fastDevice(), fastDevice()];
    const ledger = await openLedger(new SqliteStore(tempDb()), [d]);
    expect(codeOf(await ledger.submit(await uploadOf(stranger, stranger.handouts(2))))).toBe('device-not-certified');
    const before = d.handouts(3, { at: '2026-11-20T10:00:00.000Z' });
    const after = d.handouts(2, { at: '2026-11-22T10:00:00.000Z' });
    const revoked = await ledger.issue('device-revoked', { subject: d.did, from: '2026-11-21T00:00:00.000Z', reason: 'stolen' });
    expect(revoked.ok).toBe(true);
    const r = await ledger.submit(await uploadOf(d, after.length ? [...before, ...after] : before));
    expect(codeOf(r)).toBe('device-revoked');
    expect(r.ok ? [] : r.events.map((e) => [e.index, e.code])).toEqual([
      [3, 'revoked'],
      [4, 'revoked'],
    ]);
    expect(codeOf(await ledger.submit(await uploadOf(d, before)))).toBe('appended');
    expect(codeOf(await ledger.submit(await uploadOf(d, after)))).toBe('device-revoked');
    await ledger.close();
  });

  it('refuses what a revoked key signs after the last event HQ held, however early it claims to be (issue 12)', async () => {
    const d = fastDevice();
    const ledger = await openLedger(new SqliteStore(tempDb()), [d]);
    expect(codeOf(await ledger.submit(await uploadOf(d, d.handouts(3, { at: '2026-11-20T10:00:00.000Z' }))))).toBe('appended');
    const revoked = await ledger.revokeDevice({ subject: d.did, reason: 'stolen' });
    expect(revoked.ok && revoked.value.event.type === 'device-revoked' && revoked.value.event.body.lastSeq).toBe(3);
    // The thief back-dates: times before the revocation, but numbers after HQ's last.
    const r = await ledger.submit(await uploadOf(d, d.handouts(2, { at: '2026-11-20T11:00:00.000Z' })));
    expect(codeOf(r)).toBe('device-revoked');
    expect(r.ok ? [] : r.events.map((e) => e.code)).toEqual(['revoked', 'revoked']);
    await ledger.close();
  });

  it('refuses replayed, reordered, gapped and forked batches, and HQ-only event types', async () => {
    const d = fastDevice({ seed: new Uint8Array(32).fill(5) });
    const ledger = await openLedger(new SqliteStore(tempDb()), [d]);
    const events = d.handouts(9);
    const [b1, b2, b3] = [await uploadOf(d, events.slice(0, 3)), await uploadOf(d, events.slice(3, 6)), await uploadOf(d, events.slice(6))];
    expect(codeOf(await ledger.submit(b2))).toBe('gap'); // reordered: batch 2 before batch 1
    expect(codeOf(await ledger.submit(b1))).toBe('appended');
    expect(codeOf(await ledger.submit(b3))).toBe('gap'); // batch 2 missing
    expect(codeOf(await ledger.submit(b2))).toBe('appended');
    expect(codeOf(await ledger.submit(await uploadOf(d, events.slice(4, 7))))).toBe('replayed'); // overlaps anchored events
    // The same key, another history from #6 on: its #7 follows another #6 than the anchored one.
    const twin = fastDevice({ seed: new Uint8Array(32).fill(5) });
    const forked = [...twin.handouts(5), twin.record('stock', { direction: 'received', items: [{ code: 'oil', qty: 1, unit: 'l' }] }), ...twin.handouts(1)];
    expect(eventId(forked[4]!)).toBe(eventId(events[4]!));
    expect(eventId(forked[5]!)).not.toBe(eventId(events[5]!));
    expect(codeOf(await ledger.submit(await uploadOf(twin, forked.slice(6))))).toBe('chain-fork');
    expect(codeOf(await ledger.submit(b3))).toBe('appended');
    const cert = d.record('device-cert', certBody(d.did, 'camp-z'));
    expect(codeOf(await ledger.submit(await uploadOf(d, [cert])))).toBe('forbidden-event');
    const own = fastDevice();
    expect((await ledger.issue('device-cert', certBody(own.did))).ok).toBe(true);
    expect(codeOf(await ledger.submit(await uploadOf(own, [own.record('plan', { site: 'camp-a', from: '2026-11-01', to: '2026-11-30', rules: [{ minSize: 1, maxSize: 9, items: [] }] })])))).toBe('forbidden-event');
    expect((await ledger.verifyStoredTree()).ok).toBe(true);
    await ledger.close();
  });

  it('checks the site an enrolment names against the device certificate', async () => {
    const d = fastDevice();
    const ledger = await openLedger(new SqliteStore(tempDb()), [d]);
    const events = [d.record('enrolment', enrolmentBody('HH-0001', 'camp-a')), d.record('enrolment', enrolmentBody('HH-0002', 'camp-q'))];
    const r = await ledger.submit(await uploadOf(d, events));
    expect(codeOf(r)).toBe('device-not-certified');
    expect(r.ok ? [] : r.events).toMatchObject([{ index: 1, code: 'wrong-site' }]);
    await ledger.close();
  });

  it('appends concurrent uploads from many devices exactly once each', async () => {
    const devices = Array.from({ length: 6 }, () => fastDevice());
    const ledger = await openLedger(new SqliteStore(tempDb()), devices);
    const uploads = await Promise.all(devices.map(async (d) => [await uploadOf(d, d.handouts(20)), await uploadOf(d, d.handouts(20))] as const));
    const firsts = await Promise.all(uploads.flatMap(([a]) => [ledger.submit(a), ledger.submit(a), ledger.submit(a)]));
    expect(firsts.filter((r) => r.ok && r.status === 'appended')).toHaveLength(6);
    expect(firsts.filter((r) => r.ok && r.status === 'duplicate')).toHaveLength(12);
    const seconds = await Promise.all(uploads.map(([, b]) => ledger.submit(b)));
    expect(seconds.map(codeOf)).toEqual(Array(6).fill('appended'));
    expect((await ledger.verifyStoredTree()).ok).toBe(true);
    expect((await ledger.checkpoint()).size).toBe(6 + 6 * 40);
    await ledger.close();
  });
});

describe('HQ trust events', () => {
  it('serves device certificates, revocations and plans as HQ-signed events on HQ chain', async () => {
    const d = fastDevice();
    const ledger = await openLedger(new SqliteStore(tempDb()), [d]);
    await ledger.issue('plan', { site: 'camp-a', from: '2026-11-01', to: '2026-11-30', rules: [{ minSize: 1, maxSize: 10, items: [{ code: 'maize', qty: 25, unit: 'kg' }] }] }, 'R2026-11');
    await ledger.issue('device-revoked', { subject: d.did, from: '2026-12-01T00:00:00.000Z', reason: 'retired' });
    const events = await ledger.trustEvents(0);
    expect(events.map((e) => e.type)).toEqual(['device-cert', 'plan', 'device-revoked']);
    const feed = await verifyTrustFeed(ledger.hq, events, nodeVerifier());
    expect(feed.rejected).toEqual([]);
    expect((await ledger.trustEvents(2)).map((e) => e.seq)).toEqual([3]);
    expect((await ledger.registry()).revocations.get(d.did)).toMatchObject({ reason: 'retired' });
    // Anchored like everything else: a receipt verifies.
    expect(verifyReceipts([await ledger.receiptFor(eventId(events[1]!))], trustOf(ledger))[0]!.ok).toBe(true);
    expect(await ledger.issue('device-cert', { subject: 'did:key:nope', site: 'x', role: 'hq' })).toMatchObject({ ok: false, code: 'bad-request' });
    await ledger.close();
  });
});

describe('HQ requests', () => {
  it('certifies for a year from now and revokes from now unless told otherwise, and needs the round of a plan', async () => {
    const d = fastDevice();
    const now = '2026-11-25T10:00:00.000Z';
    const ledger = await openLedger(new SqliteStore(tempDb()), [], () => new Date(now));
    const cert = await ledger.certifyDevice({ subject: d.did, site: 'camp-a', role: 'field-officer' });
    expect(cert.ok && cert.value.event.body).toMatchObject({ validFrom: now, validUntil: '2027-11-25T10:00:00.000Z' });
    const dated = await ledger.certifyDevice({ ...certBody(d.did, 'camp-b') });
    expect(dated.ok && dated.value.event.body).toEqual(certBody(d.did, 'camp-b'));
    const revoked = await ledger.revokeDevice({ subject: d.did, reason: 'lost' });
    // Issue 12: the revocation also names the last event HQ holds of the device (none yet).
    expect(revoked.ok && revoked.value.event.body).toEqual({ subject: d.did, from: now, reason: 'lost', lastSeq: 0 });
    const rules = [{ minSize: 1, maxSize: 10, items: [{ code: 'maize', qty: 25, unit: 'kg' }] }];
    expect(await ledger.publishPlan({ site: 'camp-a', from: '2026-12-01', to: '2026-12-31', rules })).toMatchObject({ ok: false, code: 'bad-request' });
    const plan = await ledger.publishPlan({ round: 'R2026-12', site: 'camp-a', from: '2026-12-01', to: '2026-12-31', rules });
    expect(plan.ok && plan.value.event).toMatchObject({ type: 'plan', round: 'R2026-12', body: { site: 'camp-a', rules } });
    expect(plan.ok && Object.keys(plan.value.event.body)).not.toContain('round');
    await ledger.close();
  });

  it('answers device heads, the trust feed and what the log is', async () => {
    const d = fastDevice();
    const ledger = await openLedger(new SqliteStore(tempDb()), [d]);
    expect(await ledger.deviceHead(d.did)).toEqual({ device: d.did, seq: 0, id: null });
    expect(codeOf(await ledger.submit(await uploadOf(d, d.handouts(3))))).toBe('appended');
    expect(await ledger.deviceHead(d.did)).toEqual({ device: d.did, ...d.head });
    await ledger.revokeDevice({ subject: d.did, reason: 'retired' });
    const all = await ledger.trustEvents(0);
    expect(await ledger.trustFeed(1)).toEqual({ hq: ledger.hq, events: all.slice(1) });
    expect(await ledger.info()).toEqual({ origin: ledger.origin, logKey: ledger.logKey, hq: ledger.hq, size: 5 });
    await ledger.close();
  });
});

describe('forks', () => {
  it('catches a ledger that shows a device another history (same HQ key, another log)', async () => {
    const d = fastDevice();
    const honest = await openLedger(new SqliteStore(tempDb()), [d]);
    const evil = await openLedger(new SqliteStore(tempDb()), [d]);
    const trust = trustOf(honest);
    expect(trustOf(evil).logKey).toEqual(trust.logKey);
    const events = d.handouts(12);
    const anchored = await anchor({ client: new LedgerClient('http://honest', injectFetch(honest)), signer: d.signer, events: events.slice(0, 8), trust });
    expect(anchored.ok).toBe(true);
    const held = anchored.ok ? anchored.value.checkpoint : undefined;

    // The other "HQ" logs something else first, then the device's events.
    const other = fastDevice();
    await evil.issue('device-cert', certBody(other.did));
    await evil.submit(await uploadOf(other, other.handouts(3)));
    const evilClient = new LedgerClient('http://evil', injectFetch(evil));
    const served = await evilClient.checkpoint();
    const size = Number((served.ok ? served.value : '').split('\n')[1]);
    const heldSize = Number(held!.split('\n')[1]);
    const proof = await evilClient.consistency(Math.min(heldSize, size), Math.max(heldSize, size));
    const decision = acceptCheckpointNote(held, served.ok ? served.value : '', proof.ok ? proof.value : [], trust);
    expect(decision).toMatchObject({ ok: false, code: 'fork' });

    // Anchoring the rest there raises the same alarm.
    const rest = await anchor({ client: evilClient, signer: d.signer, events, trust, ...(held === undefined ? {} : { heldCheckpoint: held }) });
    expect(rest).toMatchObject({ ok: false, code: 'fork' });
    await honest.close();
    await evil.close();
  });

  it('lets a device resume anchoring from where HQ is, and verifies consistency as the log grows', async () => {
    const d = fastDevice();
    const ledger = await openLedger(new SqliteStore(tempDb()), [d]);
    const client = new LedgerClient('http://hq/', injectFetch(ledger));
    const trust = trustOf(ledger);
    const events = d.handouts(2500);
    const progress: number[] = [];
    const first = await anchor({ client, signer: d.signer, events: events.slice(0, 1200), trust, maxEvents: 500, onProgress: (n) => progress.push(n) });
    expect(first.ok && first.value.anchored).toBe(1200);
    expect(progress).toEqual([500, 1000, 1200]);
    // The device forgot what was anchored: it sends everything again, HQ's head tells it where to go on.
    const second = await anchor({ client, signer: d.signer, events, trust, ...(first.ok && first.value.checkpoint !== undefined ? { heldCheckpoint: first.value.checkpoint } : {}) });
    expect(second.ok && second.value.anchored).toBe(1300);
    expect((await ledger.checkpoint()).size).toBe(1 + 2500);
    const ids = new Set((await ledger.store.eventIds(0, 2501)));
    expect(events.every((e) => ids.has(eventId(e)))).toBe(true);
    expect(fromHex(eventId(events[0]!))).toHaveLength(32);
    await ledger.close();
  });
});

export type { SignedEvent };
