/**
 * The HostApi contract for what the vault signs (issue 13), part of
 * `hostContractChecks` (./host-contract.ts): events it builds the bytes of
 * and chains, batch headers of events it signed, and the two kinds of
 * credential its issuer key may sign. Every signature is checked here with
 * the shared verifiers, outside the host.
 */
import { fromBase64url } from '../../../shared/bytes';
import { verifyProof } from '../../../shared/credentials/eddsa-jcs-2022';
import { rationCardCredential } from '../../../shared/credentials/ration-card';
import { createStatusList, setStatus, statusListCredential } from '../../../shared/credentials/status-list';
import { verify } from '../../../shared/crypto/ed25519';
import type { SignedEvent } from '../../../shared/events/envelope';
import { eventId, eventSigningBytes } from '../../../shared/events/sign';
import { verifyEvent } from '../../../shared/events/verify';
import type { CredentialRequest, HostApi } from '../../../shared/ipc';
import { batchRoot, batchSigningBytes, type BatchHeader } from '../../../shared/ledger/batch';
import {
  check,
  contractChecks,
  expectErr,
  expectOk,
  OFFICER,
  publicKey,
  LEAD,
  ready,
  stockDraft,
  stockEntries,
  stockEntry,
  STRANGER_DID,
  type HostContractCheck,
  type MakeHostFixture,
} from './host-contract-support';

const CREATED = '2026-03-01T09:00:00Z';

function rationCard(issuer: string, more: { readonly household?: string } = {}) {
  return rationCardCredential({
    issuer: issuer as `did:key:z${string}`,
    household: more.household ?? 'HH-0001',
    site: 'CAMP-A',
    size: 4,
    validFrom: '2026-03-01T00:00:00Z',
    validUntil: '2026-12-31T23:59:59Z',
    statusListCredential: 'https://status.example.org/lists/1',
    statusListIndex: 4242,
  });
}

function statusList(issuer: string) {
  const list = createStatusList();
  setStatus(list, 4242, true);
  return statusListCredential({ id: 'https://status.example.org/lists/1', issuer, list, validFrom: '2026-03-01T00:00:00Z' });
}

/** Signs `count` chained stock events from an empty chain on, in one call. */
async function signChain(host: HostApi, count: number): Promise<readonly SignedEvent[]> {
  return expectOk(await host.signEvents(stockEntries(1, count), null), `signEvents of #1–#${count}`);
}

const headOf = (event: SignedEvent): { seq: number; id: string } => ({ seq: event.seq, id: eventId(event) });
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function signingContractChecks(make: MakeHostFixture): readonly HostContractCheck[] {
  const { checks, add } = contractChecks(make);

  add('sign-events makes each draft itself and signs the bytes it builds, in order and chained: the events verify, the head moves', async (fixture) => {
    const host = await fixture.open();
    const { keys } = await ready(host);
    const [first, ...others] = expectOk(await host.signEvents([stockEntry(1)]), 'signEvents of #1');
    check(first !== undefined && others.length === 0, `one entry, ${others.length + 1} events`);
    const { sig, ...unsigned } = first;
    const draft = stockDraft(keys.device, 1, null);
    check(same(unsigned, draft), `the signed event is not the draft the vault should make: ${JSON.stringify(unsigned)}`);
    check(verify(fromBase64url(sig), eventSigningBytes(draft), publicKey(keys.device)), 'the signature is not over "aidtrail/v1/event\\n" ‖ JCS(draft)');
    check(verifyEvent(first, { device: keys.device, previous: null }).ok, 'verifyEvent refuses the first event');
    check(same(expectOk(await host.vaultStatus(), 'vaultStatus').head, headOf(first)), 'head after #1');
    const more = expectOk(await host.signEvents(stockEntries(2, 3), headOf(first)), 'signEvents of #2–#4');
    let previous = headOf(first);
    for (const [i, event] of more.entries()) {
      check(event.seq === i + 2 && same(event.body, stockEntry(i + 2).body), `event ${i + 1} of the call is #${event.seq} with ${JSON.stringify(event.body)}`);
      check(verifyEvent(event, { device: keys.device, previous }).ok, `verifyEvent refuses #${event.seq}`);
      previous = headOf(event);
    }
    check(same(expectOk(await host.vaultStatus(), 'vaultStatus').head, previous), 'the head is not the last event of the call');
    // Left out, `after` is the vault's own head.
    const [fifth] = expectOk(await host.signEvents([{ ...stockEntry(5), round: 'R-1', operator: 'op-abc-1' }]), 'signEvents of #5');
    check(fifth?.seq === 5 && fifth.prev === previous.id && fifth.round === 'R-1' && fifth.operator === 'op-abc-1', `#5: ${JSON.stringify(fifth)}`);
  });

  add('sign-events signs only after its own head: any other `after` is out-of-order and signs nothing', async (fixture) => {
    const host = await fixture.open();
    await ready(host);
    expectErr(await host.signEvents([stockEntry(1)], { seq: 1, id: 'a'.repeat(64) }), 'out-of-order', 'signEvents after an event it never signed');
    const [one, two] = await signChain(host, 2);
    const wrong: [string, { seq: number; id: string } | null][] = [
      ['no event', null],
      ['an older event (a second #2)', headOf(one!)],
      ['the head seq with another id', { seq: 2, id: 'f'.repeat(64) }],
      ['a seq past the head', { seq: 3, id: eventId(two!) }],
    ];
    for (const [what, after] of wrong) {
      const answer = await host.signEvents([stockEntry(3)], after);
      expectErr(answer, 'out-of-order', `signEvents after ${what}`);
      check(!answer.ok && answer.message.includes(`#2 (${eventId(two!)})`), `the refusal must name the head: ${answer.ok ? '' : answer.message}`);
    }
    check(same(expectOk(await host.vaultStatus(), 'vaultStatus').head, headOf(two!)), 'a refused call moved the head');
    check(same(expectOk(await host.signedBatch({ after: 0 }), 'signedBatch'), [one, two]), 'a refused call changed the batch');
    // An event no verifier would take refuses the whole call.
    const huge = { type: 'status-list', at: '2026-03-01T09:00:00.000Z', body: { credential: { x: 'y'.repeat(100_000) } } } as const;
    expectErr(await host.signEvents([stockEntry(3), huge]), 'refused', 'a call with an event over the size limit');
    check(same(expectOk(await host.vaultStatus(), 'vaultStatus').head, headOf(two!)), 'a refused call moved the head');
  });

  add('signed-batch answers the last two calls’ events after a seq, as signed: a kit that lost them gets them back', async (fixture) => {
    const host = await fixture.open();
    const { keys, lead } = await ready(host);
    check(same(expectOk(await host.signedBatch({ after: 0 }), 'signedBatch before any event'), []), 'a batch before any event');
    const stored = await signChain(host, 2);
    // The crash: the vault signs #3–#6 and the kit dies before it stores them; the app starts again.
    const lost = expectOk(await host.signEvents(stockEntries(3, 4), headOf(stored[1]!)), 'signEvents of #3–#6');
    const restarted = await fixture.open();
    expectErr(await restarted.signedBatch({ after: 2 }), 'locked', 'signedBatch while locked');
    expectOk(await restarted.unlock({ operator: lead, secret: LEAD.secret }), 'unlock after the restart');
    const status = expectOk(await restarted.vaultStatus(), 'vaultStatus after the restart');
    check(same(status.head, headOf(lost[3]!)), 'the head after the restart is not the last signed event');
    expectErr(await restarted.signEvents([stockEntry(3)], headOf(stored[1]!)), 'out-of-order', 'a second #3 after the log head');
    const back = expectOk(await restarted.signedBatch({ after: 2 }), 'signedBatch after #2');
    check(same(back, lost), 'signed-batch did not answer the events as they were signed');
    let previous = headOf(stored[1]!);
    for (const event of back) {
      check(verifyEvent(event, { device: keys.device, previous }).ok, `the recovered #${event.seq} does not chain onto the log`);
      previous = headOf(event);
    }
    check(same(expectOk(await restarted.signedBatch({ after: 4 }), 'signedBatch after #4'), lost.slice(2)), 'signed-batch after #4');
    check(same(expectOk(await restarted.signedBatch({ after: 6 }), 'signedBatch after #6'), []), 'signed-batch after the head');
    // With the lost events stored, the kit goes on from them; the batch keeps the last two calls' events.
    const [seventh] = expectOk(await restarted.signEvents([stockEntry(7)], previous), 'signEvents of #7');
    check(seventh?.seq === 7 && seventh.prev === previous.id, `#7: ${JSON.stringify(seventh)}`);
    check(same(expectOk(await restarted.signedBatch({ after: 2 }), 'signedBatch after #2'), [...lost, seventh]), 'the last two calls are kept');
    const [eighth] = expectOk(await restarted.signEvents([stockEntry(8)], headOf(seventh!)), 'signEvents of #8');
    check(same(expectOk(await restarted.signedBatch({ after: 2 }), 'signedBatch after #2'), [seventh, eighth]), 'only the last two calls are kept');
  });

  add('sign-batch signs headers of events it signed, and only those', async (fixture) => {
    const host = await fixture.open();
    const { keys } = await ready(host);
    expectErr(
      await host.signBatch({ v: 1, device: keys.device, firstSeq: 1, lastSeq: 1, count: 1, root: 'a'.repeat(64) }),
      'refused',
      'a batch before any event',
    );
    const events = await signChain(host, 3);
    const header: BatchHeader = { v: 1, device: keys.device, firstSeq: 1, lastSeq: 3, count: 3, root: batchRoot(events.map(eventId)) };
    const signature = expectOk(await host.signBatch(header), 'signBatch');
    check(signature instanceof Uint8Array && signature.length === 64, `batch signature length ${signature.length}`);
    check(verify(signature, batchSigningBytes(header), publicKey(keys.device)), 'the batch signature is not over "aidtrail/v1/batch\\n" ‖ JCS(header)');
    expectOk(await host.signBatch({ ...header, firstSeq: 2, lastSeq: 2, count: 1 }), 'a batch of an inner run');
    const refused: [string, BatchHeader][] = [
      ['a batch past the head', { ...header, lastSeq: 4, count: 4 }],
      ["another device's batch", { ...header, device: STRANGER_DID }],
      ['a count that does not fit the seqs', { ...header, count: 2 }],
    ];
    for (const [what, wrong] of refused) expectErr(await host.signBatch(wrong), 'refused', `signBatch of ${what}`);
  });

  add('issue-credential signs ration cards and status lists of its issuer (eddsa-jcs-2022), nothing else', async (fixture) => {
    const host = await fixture.open();
    const { keys } = await ready(host);
    expectOk(await host.operatorAdd(OFFICER), 'operatorAdd');
    const issuer = publicKey(keys.issuer);
    const card = expectOk(await host.issueCredential({ kind: 'ration-card', credential: rationCard(keys.issuer), created: CREATED }), 'a ration card');
    check(card.issuer === keys.issuer && card.proof.verificationMethod.startsWith(keys.issuer), `card proof ${JSON.stringify(card.proof)}`);
    check(card.proof.created === CREATED && card.proof.cryptosuite === 'eddsa-jcs-2022', `card proof ${JSON.stringify(card.proof)}`);
    check(verifyProof(card, issuer).ok, 'the card proof does not verify against the issuer key');
    check(!verifyProof(card, publicKey(keys.device)).ok, 'the card was signed with the device key');
    const list = expectOk(await host.issueCredential({ kind: 'status-list', credential: statusList(keys.issuer), created: CREATED }), 'a status list');
    check(verifyProof(list, issuer).ok, 'the status-list proof does not verify against the issuer key');

    const card0 = rationCard(keys.issuer) as unknown as { credentialSubject: Record<string, unknown> } & Record<string, unknown>;
    const refused: [string, CredentialRequest][] = [
      ['a card of another issuer', { kind: 'ration-card', credential: rationCard(STRANGER_DID), created: CREATED }],
      ['a card with a name in it', { kind: 'ration-card', credential: { ...card0, credentialSubject: { ...card0.credentialSubject, name: 'Amina' } }, created: CREATED }],
      ['a card with an extra claim', { kind: 'ration-card', credential: { ...card0, evidence: 'x' }, created: CREATED }],
      ['a card asked for as a status list', { kind: 'status-list', credential: rationCard(keys.issuer), created: CREATED }],
      ['a status list asked for as a card', { kind: 'ration-card', credential: statusList(keys.issuer), created: CREATED }],
      ['a card that already has a proof', { kind: 'ration-card', credential: card, created: CREATED }],
      ['an empty object', { kind: 'ration-card', credential: {}, created: CREATED }],
    ];
    for (const [what, request] of refused) expectErr(await host.issueCredential(request), 'refused', `issueCredential of ${what}`);
    // Any active operator issues cards.
    expectOk(await host.lock(), 'lock');
    const status = expectOk(await host.vaultStatus(), 'vaultStatus');
    const officer = status.operators.find((o) => o.role === 'field-officer')!.id;
    expectOk(await host.unlock({ operator: officer, secret: OFFICER.secret }), 'unlock of the officer');
    const theirs = expectOk(await host.issueCredential({ kind: 'ration-card', credential: rationCard(keys.issuer, { household: 'HH-0002' }), created: CREATED }), 'a card by the officer');
    check(verifyProof(theirs, issuer).ok, "the officer's card does not verify");
  });

  return checks;
}
