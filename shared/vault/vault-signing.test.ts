import { describe, expect, it } from 'vitest';
import { fromBase64url } from '../bytes';
import { verifyCredential } from '../credentials/verify';
import { rationCardCredential } from '../credentials/ration-card';
import { createStatusList, statusListCredential } from '../credentials/status-list';
import { didToPublicKey, publicKeyToDid } from '../crypto/did-key';
import { generateKeyPair, verify } from '../crypto/ed25519';
import type { SignedEvent } from '../events/envelope';
import { eventId, eventSigningBytes } from '../events/sign';
import { verifyEvent } from '../events/verify';
import type { CredentialRequest } from '../ipc';
import { batchRoot, batchSigningBytes, type BatchHeader } from '../ledger/batch';
import { err } from '../result';
import { RECORD } from './records';
import { memoryVaultStore, type VaultStore } from './store';
import { leadFixture, stockDraft, value } from './test-support';

const key = (did: string): Uint8Array => {
  const decoded = didToPublicKey(did);
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.value;
};

describe('vault:sign-event', () => {
  it('signs the bytes it builds from the draft: the event verifies against eventSigningBytes and the device key', async () => {
    const { vault, device } = await leadFixture();
    const draft = stockDraft(device, 1, null);
    const event = value(await vault.signEvent(draft));
    const { sig, ...unsigned } = event;
    expect(unsigned).toEqual(draft);
    expect(verify(fromBase64url(sig), eventSigningBytes(draft), key(device))).toBe(true);
    expect(verifyEvent(event, { device, previous: null })).toMatchObject({ ok: true, value: { id: eventId(event) } });
  });

  it('follows the chain it signed: a skipped, repeated, mis-linked or foreign draft is out-of-order', async () => {
    const { vault, device } = await leadFixture();
    const first = value(await vault.signEvent(stockDraft(device, 1, null)));
    const id1 = eventId(first);
    expect(value(await vault.vaultStatus()).head).toEqual({ seq: 1, id: id1 });
    const other = publicKeyToDid(generateKeyPair().publicKey);
    const refused = [
      ['a second first event', stockDraft(device, 1, null, 99)],
      ['a skipped seq', stockDraft(device, 3, id1)],
      ['a wrong prev', stockDraft(device, 2, 'f'.repeat(64))],
      ['seq 2 without prev', stockDraft(device, 2, null)],
      ["another device's draft", stockDraft(other, 2, id1)],
    ] as const;
    for (const [what, draft] of refused) {
      const answer = await vault.signEvent(draft);
      expect({ what, code: answer.ok ? 'ok' : answer.code }).toEqual({ what, code: 'out-of-order' });
    }
    const refusal = await vault.signEvent(stockDraft(device, 5, id1));
    expect(!refusal.ok && refusal.message).toContain(`#1 (${id1})`);
    const second = value(await vault.signEvent(stockDraft(device, 2, id1)));
    expect(verifyEvent(second, { device, previous: { seq: 1, id: id1 } }).ok).toBe(true);
    expect(await vault.signEvent(stockDraft(device, 2, id1, 7))).toMatchObject({ ok: false, code: 'out-of-order' });
  });

  it('signs a draft whose optional fields are present but undefined as if they were absent', async () => {
    const { vault, device } = await leadFixture();
    const draft = { ...stockDraft(device, 1, null), round: undefined, operator: undefined };
    const event = value(await vault.signEvent(draft));
    expect(Object.keys(event)).not.toContain('round');
    expect(verifyEvent(event, { device, previous: null }).ok).toBe(true);
  });

  it('refuses a draft before its first event at any seq but 1', async () => {
    const { vault, device } = await leadFixture();
    expect(await vault.signEvent(stockDraft(device, 2, 'a'.repeat(64)))).toMatchObject({ ok: false, code: 'out-of-order' });
  });

  it('persists the head before it answers, and signs the draft it signed last again (crash recovery)', async () => {
    const { vault, device, restart, lead } = await leadFixture();
    const draft = stockDraft(device, 1, null);
    const signed = value(await vault.signEvent(draft));
    // The kit crashed before storing the event: after a restart it asks again with the draft from its outbox.
    const again = restart();
    value(await again.unlock({ operator: lead, secret: '2580' }));
    expect(value(await again.vaultStatus()).head).toEqual({ seq: 1, id: eventId(signed) });
    expect(value(await again.signEvent(draft))).toEqual(signed);
    expect(await again.signEvent(stockDraft(device, 1, null, 5))).toMatchObject({ ok: false, code: 'out-of-order' });
  });

  it('answers no event when the head cannot be written', async () => {
    const inner = memoryVaultStore();
    let failChain = false;
    const store: VaultStore = {
      read: (name) => inner.read(name),
      write: (name, bytes) => (failChain && name === RECORD.chain ? Promise.resolve(err('vault-unavailable', 'disk full')) : inner.write(name, bytes)),
    };
    const { vault, device } = await leadFixture({ store });
    failChain = true;
    expect(await vault.signEvent(stockDraft(device, 1, null))).toMatchObject({ ok: false, code: 'vault-unavailable' });
    failChain = false;
    expect(value(await vault.vaultStatus()).head).toBeNull();
    value(await vault.signEvent(stockDraft(device, 1, null)));
  });

  it('signs concurrent drafts one at a time: two first events cannot both be signed', async () => {
    const { vault, device } = await leadFixture();
    const answers = await Promise.all([vault.signEvent(stockDraft(device, 1, null, 1)), vault.signEvent(stockDraft(device, 1, null, 2))]);
    expect(answers.map((a) => (a.ok ? 'ok' : a.code)).sort()).toEqual(['ok', 'out-of-order']);
  });

  it('refuses what no verifier accepts (a v1 event of a v2 type)', async () => {
    const { vault, device } = await leadFixture();
    const draft = { ...stockDraft(device, 1, null), v: 1, type: 'status-list', body: { credential: {} } } as const;
    expect(await vault.signEvent(draft)).toMatchObject({ ok: false, code: 'refused' });
  });
});

describe('vault:sign-batch', () => {
  async function signedRun(count: number) {
    const fixture = await leadFixture();
    const events: SignedEvent[] = [];
    for (let seq = 1; seq <= count; seq++) {
      events.push(value(await fixture.vault.signEvent(stockDraft(fixture.device, seq, seq === 1 ? null : eventId(events.at(-1)!)))));
    }
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
