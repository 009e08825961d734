import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes';
import { ed25519Signer, signCheckpoint } from '../checkpoint';
import { eventId } from '../events/sign';
import { hashLeaf, MemoryMerkleTree } from '../merkle';
import { redactEvent, verifyBundle, type Bundle } from './bundle';
import { makeReceipt } from './receipt';
import { enrolmentBody, testDevice } from './test-support';

const ORIGIN = 'aidtrail.example-agency.org/hq-log';
const key = ed25519Signer(ORIGIN, new Uint8Array(32).fill(9));
if (!key.ok) throw new Error(key.message);
const hq = key.value;
const trust = { logKey: hq, origin: ORIGIN };

const device = testDevice();
const events = [device.record('enrolment', enrolmentBody('HH-0042')), ...device.handouts(4)];

/** Anchors the events in two appends (checkpoints at 2 and 5) and bundles them. */
function makeBundle(): Bundle {
  const tree = new MemoryMerkleTree();
  const notes: string[] = [];
  const receipts = [];
  for (const [from, to] of [[0, 2], [2, 5]] as const) {
    for (const e of events.slice(from, to)) tree.append(hashLeaf(fromHex(eventId(e))));
    const note = signCheckpoint({ origin: ORIGIN, size: to, rootHash: tree.root(), extensions: [] }, [hq]);
    if (!note.ok) throw new Error(note.message);
    notes.push(note.value);
    for (let i = from; i < to; i++) {
      const p = tree.inclusionProof(i, to);
      if (!p.ok) throw new Error(p.message);
      receipts.push(makeReceipt(eventId(events[i]!), i, to, p.value, note.value));
    }
  }
  const c = tree.consistencyProof(2, 5);
  if (!c.ok) throw new Error(c.message);
  return {
    v: 1,
    origin: ORIGIN,
    entries: events.map((e) => redactEvent(eventId(e), e)),
    receipts,
    checkpoints: notes,
    consistency: [{ from: 2, to: 5, proof: c.value.map(toHex) }],
  };
}

describe('redactEvent', () => {
  it('drops the sealed personal fields of an enrolment and says so; other events go whole', () => {
    const [enrolment, handout] = [redactEvent('a'.repeat(64), events[0]!), redactEvent('b'.repeat(64), events[1]!)];
    expect(enrolment.withheld).toEqual(['body.pii']);
    expect(JSON.stringify(enrolment.event)).not.toMatch(/pii|c2VjcmV0/);
    expect(enrolment.event).toMatchObject({ type: 'enrolment', body: { household: 'HH-0042', site: 'camp-a', size: 5 } });
    expect(handout).toEqual({ id: 'b'.repeat(64), event: events[1], withheld: [] });
  });
});

describe('verifyBundle', () => {
  it('checks every receipt, every whole event and the chain of checkpoints offline', async () => {
    const r = await verifyBundle(JSON.parse(JSON.stringify(makeBundle())), trust);
    expect(r).toMatchObject({ ok: true, value: { whole: 4, redacted: 1, checkpoints: 2 } });
  });

  it('refuses an edited event, a missing receipt, a broken history or a foreign checkpoint', async () => {
    const codeOf = async (b: unknown) => {
      const r = await verifyBundle(b, trust);
      return r.ok ? 'ok' : r.code;
    };
    const b = makeBundle();
    const edited = structuredClone(b) as unknown as { entries: { event: { body: { items: { qty: number }[] } } }[] };
    edited.entries[2]!.event.body.items[0]!.qty = 999;
    expect(await codeOf(edited)).toBe('bad-event');
    const relabelled = { ...b, entries: b.entries.map((e, i) => (i === 1 ? { ...e, event: b.entries[2]!.event } : e)) };
    expect(await codeOf(relabelled)).toBe('id-mismatch');
    expect(await codeOf({ ...b, receipts: b.receipts.slice(1) })).toBe('missing-receipt');
    expect(await codeOf({ ...b, consistency: [] })).toBe('inconsistent-history');
    expect(await codeOf({ ...b, consistency: [{ from: 2, to: 5, proof: [b.consistency[0]!.proof[0], ...b.consistency[0]!.proof].slice(0, -1).reverse() }] })).toBe('inconsistent-history');
    expect(await codeOf({ ...b, checkpoints: b.checkpoints.slice(1), consistency: [] })).toBe('unlisted-checkpoint');
    expect(await codeOf({ ...b, receipts: b.receipts.map((r, i) => (i === 3 ? { ...r, leafIndex: 2 } : r)) })).toBe('bad-receipt');
    expect(await codeOf({ ...b, checkpoints: [...b.checkpoints].reverse() })).toBe('malformed');
    expect(await codeOf({ ...b, v: 2 })).toBe('malformed');
    expect(await codeOf(null)).toBe('malformed');
    const other = ed25519Signer(ORIGIN, new Uint8Array(32).fill(10));
    if (!other.ok) throw new Error(other.message);
    const r = await verifyBundle(b, { logKey: other.value, origin: ORIGIN });
    expect(r.ok ? 'ok' : r.code).toBe('bad-checkpoint');
  });
});
