import { describe, expect, it } from 'vitest';
import { fromBase64url, fromUtf8, utf8 } from '../bytes';
import { verifyCredential } from '../credentials/verify';
import { rationCardCredential } from '../credentials/ration-card';
import { createStatusList, statusListCredential } from '../credentials/status-list';
import { didToPublicKey, publicKeyToDid } from '../crypto/did-key';
import { generateKeyPair, verify } from '../crypto/ed25519';
import type { SignedEvent } from '../events/envelope';
import { eventId, eventSigningBytes } from '../events/sign';
import { verifyEvent, type ChainLink } from '../events/verify';
import type { CredentialRequest } from '../ipc';
import { batchRoot, batchSigningBytes, type BatchHeader } from '../ledger/batch';
import { err } from '../result';
import { MAX_SIGN_EVENTS, RECORD } from './records';
import { memoryVaultStore, type VaultStore } from './store';
import { LEAD_PIN, leadFixture, stockDraft, stockEntries, stockEntry, value } from './test-support';

const key = (did: string): Uint8Array => {
  const decoded = didToPublicKey(did);
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.value;
};

/** A store that counts the writes of each record. */
function countingStore(inner: VaultStore = memoryVaultStore()): VaultStore & { readonly writes: Map<string, number> } {
  const writes = new Map<string, number>();
  return {
    writes,
    read: (name) => inner.read(name),
    write: (name, bytes) => (writes.set(name, (writes.get(name) ?? 0) + 1), inner.write(name, bytes)),
  };
}

const headOf = (event: SignedEvent) => ({ seq: event.seq, id: eventId(event) });

describe('vault:sign-events', () => {
  it('makes the draft of each entry itself (v, its device, seq, prev) and signs the bytes it builds: the event verifies', async () => {
    const { vault, device } = await leadFixture();
    const [event, ...more] = value(await vault.signEvents([stockEntry(1)]));
    expect(more).toEqual([]);
    const { sig, ...unsigned } = event!;
    expect(unsigned).toEqual(stockDraft(device, 1, null));
    expect(verify(fromBase64url(sig), eventSigningBytes(stockDraft(device, 1, null)), key(device))).toBe(true);
    expect(verifyEvent(event, { device, previous: null })).toMatchObject({ ok: true, value: { id: eventId(event!) } });
  });

  it('signs the entries in order, each chained to the one before, and moves the head to the last', async () => {
    const { vault, device } = await leadFixture();
    const first = value(await vault.signEvents(stockEntries(1, 3)));
    expect(first.map((e) => [e.seq, e.body])).toEqual([1, 2, 3].map((q) => [q, stockEntry(q).body]));
    let previous: ChainLink | null = null;
    for (const event of first) {
      expect(verifyEvent(event, { device, previous }).ok).toBe(true);
      previous = headOf(event);
    }
    expect(value(await vault.vaultStatus()).head).toEqual(headOf(first[2]!));
    // The next call continues from the head, named or not.
    const named = value(await vault.signEvents(stockEntries(4, 2), headOf(first[2]!)));
    expect(named.map((e) => [e.seq, e.prev])).toEqual([
      [4, eventId(first[2]!)],
      [5, eventId(named[0]!)],
    ]);
    const unnamed = value(await vault.signEvents([stockEntry(6)]));
    expect(verifyEvent(unnamed[0], { device, previous: headOf(named[1]!) }).ok).toBe(true);
  });

  it('keeps optional fields as given: round and operator when present, absent when undefined', async () => {
    const { vault, device } = await leadFixture();
    const [plain, marked] = value(await vault.signEvents([
      { ...stockEntry(1), round: undefined, operator: undefined },
      { ...stockEntry(2), round: 'R-1', operator: 'op-abc-1' },
    ]));
    expect(Object.keys(plain!)).not.toContain('round');
    expect(Object.keys(plain!)).not.toContain('operator');
    expect(marked).toMatchObject({ round: 'R-1', operator: 'op-abc-1', seq: 2 });
    expect(verifyEvent(marked, { device, previous: headOf(plain!) }).ok).toBe(true);
  });

  it("refuses an `after` that is not its head (out-of-order, naming the head) and changes nothing", async () => {
    const store = memoryVaultStore();
    const { vault } = await leadFixture({ store });
    expect(await vault.signEvents([stockEntry(1)], { seq: 1, id: 'a'.repeat(64) })).toMatchObject({ ok: false, code: 'out-of-order' });
    const [one, two] = value(await vault.signEvents(stockEntries(1, 2), null));
    const chainBefore = store.records.get(RECORD.chain);
    const wrong = [
      ['no event (null)', null],
      ['an older event', headOf(one!)],
      ['the head seq with another id', { seq: 2, id: 'f'.repeat(64) }],
      ['a seq past the head', { seq: 3, id: eventId(two!) }],
    ] as const;
    for (const [what, after] of wrong) {
      const answer = await vault.signEvents([stockEntry(3)], after);
      expect({ what, code: answer.ok ? 'ok' : answer.code }).toEqual({ what, code: 'out-of-order' });
      expect(!answer.ok && answer.message).toContain(`#2 (${eventId(two!)})`);
    }
    expect(store.records.get(RECORD.chain)).toEqual(chainBefore);
    expect(value(await vault.signedBatch({ after: 0 }))).toEqual([one, two]);
  });

  it('writes one record per call, whatever its size: the head and the batch together', async () => {
    const store = countingStore();
    const { vault, device } = await leadFixture({ store });
    store.writes.clear();
    const events = value(await vault.signEvents(stockEntries(1, 500)));
    expect(Object.fromEntries(store.writes)).toEqual({ [RECORD.chain]: 1 });
    const stored = JSON.parse(fromUtf8(value(await store.read(RECORD.chain))!)) as { head: unknown; batch: unknown[]; adopt: boolean };
    expect(stored).toMatchObject({ head: headOf(events[499]!), adopt: false });
    expect(stored.batch).toEqual(events);
    expect(stored).toMatchObject({ lastCall: 500 });
    expect(Object.keys(stored)).not.toContain('last');
    value(await vault.signEvents([stockEntry(501)]));
    expect(store.writes.get(RECORD.chain)).toBe(2);
    expect(events.every((e) => e.device === device)).toBe(true);
  });

  it('signs nothing when one entry is refused: the head and the batch stay', async () => {
    const store = memoryVaultStore();
    const { vault } = await leadFixture({ store });
    const before = value(await vault.signEvents([stockEntry(1)]));
    const chain = store.records.get(RECORD.chain);
    const huge = { type: 'status-list', at: '2026-03-01T09:00:00.000Z', body: { credential: { x: 'y'.repeat(100_000) } } } as const;
    const loneSurrogate = { type: 'status-list', at: '2026-03-01T09:00:00.000Z', body: { credential: { x: '\ud800' } } } as const;
    for (const bad of [huge, loneSurrogate]) {
      const answer = await vault.signEvents([stockEntry(2), bad, stockEntry(3)]);
      expect(answer).toMatchObject({ ok: false, code: 'refused' });
      expect(!answer.ok && answer.message).toContain('event 2 of 3');
    }
    expect(store.records.get(RECORD.chain)).toEqual(chain);
    expect(value(await vault.signedBatch({ after: 0 }))).toEqual(before);
  });

  it('refuses no entries and more than MAX_SIGN_EVENTS when called without the boundary', async () => {
    const { vault } = await leadFixture();
    expect(await vault.signEvents([])).toMatchObject({ ok: false, code: 'refused' });
    expect(await vault.signEvents(stockEntries(1, MAX_SIGN_EVENTS + 1))).toMatchObject({ ok: false, code: 'refused' });
    expect(value(await vault.signEvents(stockEntries(1, MAX_SIGN_EVENTS)))).toHaveLength(MAX_SIGN_EVENTS);
  });

  it('persists the head and the batch before it answers: after a restart the events come back from signed-batch', async () => {
    const { vault, restart, lead } = await leadFixture();
    value(await vault.signEvents(stockEntries(1, 2)));
    const signed = value(await vault.signEvents(stockEntries(3, 3)));
    // The kit died before storing #3–#5: after a restart it asks for what follows its log's #2.
    const again = restart();
    expect(await again.signedBatch({ after: 2 })).toMatchObject({ ok: false, code: 'locked' });
    value(await again.unlock({ operator: lead, secret: LEAD_PIN }));
    expect(value(await again.vaultStatus()).head).toEqual(headOf(signed[2]!));
    expect(value(await again.signedBatch({ after: 2 }))).toEqual(signed);
    // No second event at #3: the vault goes on only from its head.
    expect(await again.signEvents([stockEntry(3)], headOf(signed[0]!))).toMatchObject({ ok: false, code: 'out-of-order' });
    expect(value(await again.signEvents([stockEntry(6)], headOf(signed[2]!)))[0]!.seq).toBe(6);
  });

  it('answers the events of the last two calls after a seq: all, a tail, or none; a third call drops the first', async () => {
    const { vault } = await leadFixture();
    expect(value(await vault.signedBatch({ after: 0 }))).toEqual([]);
    const first = value(await vault.signEvents(stockEntries(1, 3)));
    expect(value(await vault.signedBatch({ after: 0 }))).toEqual(first);
    expect(value(await vault.signedBatch({ after: 1 }))).toEqual(first.slice(1));
    expect(value(await vault.signedBatch({ after: 3 }))).toEqual([]);
    expect(value(await vault.signedBatch({ after: 9 }))).toEqual([]);
    const second = value(await vault.signEvents(stockEntries(4, 2)));
    // A kit may sign a segment while it stores the one before: both come back.
    expect(value(await vault.signedBatch({ after: 0 }))).toEqual([...first, ...second]);
    expect(value(await vault.signedBatch({ after: 2 }))).toEqual([...first.slice(2), ...second]);
    const third = value(await vault.signEvents(stockEntries(6, 1)));
    // Only two calls are kept: a log at #1 gets #4–#6, and the kit sees the gap.
    expect(value(await vault.signedBatch({ after: 1 }))).toEqual([...second, ...third]);
    expect(value(await vault.signedBatch({ after: 4 }))).toEqual([second[1], ...third]);
  });

  it('keeps two full calls: the record holds at most twice MAX_SIGN_EVENTS events', async () => {
    const { vault, store } = await leadFixture();
    value(await vault.signEvents(stockEntries(1, MAX_SIGN_EVENTS)));
    value(await vault.signEvents(stockEntries(MAX_SIGN_EVENTS + 1, MAX_SIGN_EVENTS)));
    value(await vault.signEvents(stockEntries(2 * MAX_SIGN_EVENTS + 1, MAX_SIGN_EVENTS)));
    const stored = JSON.parse(fromUtf8(value(await store.read(RECORD.chain))!)) as { batch: { seq: number }[]; lastCall: number };
    expect(stored.batch).toHaveLength(2 * MAX_SIGN_EVENTS);
    expect(stored.batch[0]!.seq).toBe(MAX_SIGN_EVENTS + 1);
    expect(stored.lastCall).toBe(MAX_SIGN_EVENTS);
  });

  it('reads a chain record from before two calls were kept (no lastCall) as one call', async () => {
    const { vault, store, device } = await leadFixture();
    value(await vault.signEvents(stockEntries(1, 2)));
    const second = value(await vault.signEvents(stockEntries(3, 2)));
    const old = { format: 'aidtrail-vault', v: 2, record: RECORD.chain, device, head: headOf(second[1]!), batch: second, adopt: false };
    value(await store.write(RECORD.chain, utf8(JSON.stringify(old))));
    expect(value(await vault.signedBatch({ after: 0 }))).toEqual(second);
    const third = value(await vault.signEvents(stockEntries(5, 1), headOf(second[1]!)));
    expect(value(await vault.signedBatch({ after: 0 }))).toEqual([...second, ...third]);
  });

  it('answers no event when the record cannot be written', async () => {
    const inner = memoryVaultStore();
    let failChain = false;
    const store: VaultStore = {
      read: (name) => inner.read(name),
      write: (name, bytes) => (failChain && name === RECORD.chain ? Promise.resolve(err('vault-unavailable', 'disk full')) : inner.write(name, bytes)),
    };
    const { vault } = await leadFixture({ store });
    failChain = true;
    expect(await vault.signEvents([stockEntry(1)])).toMatchObject({ ok: false, code: 'vault-unavailable' });
    failChain = false;
    expect(value(await vault.vaultStatus()).head).toBeNull();
    expect(value(await vault.signedBatch({ after: 0 }))).toEqual([]);
    expect(value(await vault.signEvents([stockEntry(1)], null))[0]!.seq).toBe(1);
  });

  it('signs concurrent calls one at a time: two calls after the same head cannot both be signed', async () => {
    const { vault } = await leadFixture();
    const answers = await Promise.all([vault.signEvents([stockEntry(1)], null), vault.signEvents([stockEntry(2)], null)]);
    expect(answers.map((a) => (a.ok ? 'ok' : a.code)).sort()).toEqual(['ok', 'out-of-order']);
  });

  it('reads a chain record from before batches (`last`, no batch) as one with an empty batch, and writes none back', async () => {
    const { vault, store, device } = await leadFixture();
    const [event] = value(await vault.signEvents([stockEntry(1)]));
    const old = { format: 'aidtrail-vault', v: 2, record: RECORD.chain, device, head: headOf(event!), last: 'c'.repeat(64), adopt: false };
    value(await store.write(RECORD.chain, utf8(JSON.stringify(old))));
    expect(value(await vault.vaultStatus()).head).toEqual(headOf(event!));
    expect(value(await vault.signedBatch({ after: 0 }))).toEqual([]);
    value(await vault.signEvents([stockEntry(2)], headOf(event!)));
    expect(Object.keys(JSON.parse(fromUtf8(value(await store.read(RECORD.chain))!)) as object)).not.toContain('last');
  });
});

describe('vault:sign-batch', () => {
  async function signedRun(count: number) {
    const fixture = await leadFixture();
    const events = value(await fixture.vault.signEvents(stockEntries(1, count)));
    const header = (first: number, last: number): BatchHeader => ({
      v: 1,
      device: fixture.device,
      firstSeq: first,
      lastSeq: last,
      count: last - first + 1,
      root: batchRoot(events.slice(first - 1, last).map(eventId)),
    });
    return { ...fixture, header };
  }

  it("signs a header of the device's signed events: the signature verifies over batchSigningBytes", async () => {
    const { vault, device, header } = await signedRun(3);
    const signature = value(await vault.signBatch(header(1, 3)));
    expect(verify(signature, batchSigningBytes(header(1, 3)), key(device))).toBe(true);
    expect(value(await vault.signBatch(header(2, 3))).length).toBe(64);
  });

  it('refuses a batch beyond the head, of another device, or whose count does not match', async () => {
    const { vault, header } = await signedRun(2);
    expect(await vault.signBatch({ ...header(1, 2), lastSeq: 3, count: 3 })).toMatchObject({ ok: false, code: 'refused' });
    expect(await vault.signBatch({ ...header(1, 2), count: 1 })).toMatchObject({ ok: false, code: 'refused' });
    const other = publicKeyToDid(generateKeyPair().publicKey);
    expect(await vault.signBatch({ ...header(1, 2), device: other })).toMatchObject({ ok: false, code: 'refused' });
  });
});

describe('vault:issue-credential', () => {
  const card = (issuer: string) =>
    rationCardCredential({
      issuer: issuer as `did:key:z${string}`,
      household: 'KAK37Q2M',
      site: 'KAK-3',
      size: 5,
      validFrom: '2026-01-01T00:00:00Z',
      validUntil: '2026-12-31T23:59:59Z',
      statusListCredential: 'https://hq.aidtrail.example/status/1',
      statusListIndex: 94_567,
    });
  const created = '2026-03-01T09:00:00Z';

  it('issues a ration card and a status list with the issuer key, verifiable by any kit', async () => {
    const { vault, issuer } = await leadFixture();
    const signed = value(await vault.issueCredential({ kind: 'ration-card', credential: card(issuer), created }));
    expect(verifyCredential(signed, { trustedIssuers: [issuer], now: new Date('2026-03-02T00:00:00Z') }).ok).toBe(true);
    const list = statusListCredential({ id: 'https://hq.aidtrail.example/status/1', issuer, list: createStatusList(), validFrom: created });
    const signedList = value(await vault.issueCredential({ kind: 'status-list', credential: list, created }));
    expect(verifyCredential(signedList, { trustedIssuers: [issuer], now: new Date('2026-03-02T00:00:00Z') }).ok).toBe(true);
  });

  it('refuses another kind, another issuer, a card with more on it, and a credential of the other kind', async () => {
    const { vault, issuer, device } = await leadFixture();
    const good = card(issuer);
    const subject = good.credentialSubject as Record<string, unknown>;
    const requests: [string, CredentialRequest][] = [
      ['another issuer', { kind: 'ration-card', credential: card(device), created }],
      ['a name on the card', { kind: 'ration-card', credential: { ...good, credentialSubject: { ...subject, name: 'Fatima' } }, created }],
      ['an extra claim', { kind: 'ration-card', credential: { ...good, evidence: 'x' }, created }],
      ['a card as a status list', { kind: 'status-list', credential: good, created }],
      ['an unknown kind', { kind: 'passport' as 'ration-card', credential: good, created }],
      ['a signed card', { kind: 'ration-card', credential: { ...good, proof: {} }, created }],
      ['a bad created', { kind: 'ration-card', credential: good, created: 'yesterday' }],
    ];
    for (const [what, request] of requests) {
      const answer = await vault.issueCredential(request);
      expect({ what, code: answer.ok ? 'ok' : answer.code }).toEqual({ what, code: 'refused' });
    }
  });
});
