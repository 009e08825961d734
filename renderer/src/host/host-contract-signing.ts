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
  ready,
  stockDraft,
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

/** Signs `count` chained stock events from the vault's head on. */
async function signChain(host: HostApi, device: `did:key:z${string}`, count: number): Promise<SignedEvent[]> {
  const events: SignedEvent[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const prev = seq === 1 ? null : eventId(events[seq - 2]!);
    events.push(expectOk(await host.signEvent(stockDraft(device, seq, prev)), `signEvent #${seq}`));
  }
  return events;
}

export function signingContractChecks(make: MakeHostFixture): readonly HostContractCheck[] {
  const { checks, add } = contractChecks(make);

  add('sign-event signs the bytes it builds from the draft and chains: the events verify, the head moves', async (fixture) => {
    const host = await fixture.open();
    const { keys } = await ready(host);
    const draft = stockDraft(keys.device, 1, null);
    const first = expectOk(await host.signEvent(draft), 'signEvent #1');
    const { sig, ...unsigned } = first;
    check(JSON.stringify(unsigned) === JSON.stringify(draft), 'the signed event is not the draft');
    check(verify(fromBase64url(sig), eventSigningBytes(draft), publicKey(keys.device)), 'the signature is not over "aidtrail/v1/event\\n" ‖ JCS(draft)');
    check(verifyEvent(first, { device: keys.device, previous: null }).ok, 'verifyEvent refuses the first event');
    const id1 = eventId(first);
    check(JSON.stringify(expectOk(await host.vaultStatus(), 'vaultStatus').head) === JSON.stringify({ seq: 1, id: id1 }), 'head after #1');
    // The same draft again (crash recovery) is the same event; any other at #1 is out of order.
    check(JSON.stringify(expectOk(await host.signEvent(draft), 'signEvent #1 again')) === JSON.stringify(first), 'signed #1 differently');
    const refused: [string, ReturnType<typeof stockDraft>][] = [
      ['another first event', stockDraft(keys.device, 1, null, 99)],
      ['a skipped seq', stockDraft(keys.device, 3, id1)],
      ['a wrong prev', stockDraft(keys.device, 2, 'f'.repeat(64))],
      ['seq 2 without prev', stockDraft(keys.device, 2, null)],
      ["another device's draft", stockDraft(STRANGER_DID, 2, id1)],
    ];
    for (const [what, wrong] of refused) expectErr(await host.signEvent(wrong), 'out-of-order', `signEvent of ${what}`);
    const second = expectOk(await host.signEvent(stockDraft(keys.device, 2, id1)), 'signEvent #2');
    check(verifyEvent(second, { device: keys.device, previous: { seq: 1, id: id1 } }).ok, 'verifyEvent refuses #2');
    check(expectOk(await host.vaultStatus(), 'vaultStatus').head?.seq === 2, 'the head did not move to #2');
    // A draft no verifier would take is refused, not signed.
    const v1Only = { ...stockDraft(keys.device, 3, eventId(second)), v: 1 as const, type: 'operator' as const };
    expectErr(
      await host.signEvent({ ...v1Only, body: { id: 'op-x-1', role: 'field-officer', active: true, profile: { alg: 'A256GCM', kid: 'sk-0123456789abcdef', iv: 'A'.repeat(16), ct: 'A'.repeat(22) } } }),
      'refused',
      'a v1 event of a type that exists from v2 on',
    );
  });

  add('sign-batch signs headers of events it signed, and only those', async (fixture) => {
    const host = await fixture.open();
    const { keys } = await ready(host);
    expectErr(
      await host.signBatch({ v: 1, device: keys.device, firstSeq: 1, lastSeq: 1, count: 1, root: 'a'.repeat(64) }),
      'refused',
      'a batch before any event',
    );
    const events = await signChain(host, keys.device, 3);
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
