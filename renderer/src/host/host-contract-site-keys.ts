/**
 * The HostApi contract for the site keys of issue 10 ("one site, many
 * laptops") and the operator directory of issue 13, part of
 * `hostContractChecks` (./host-contract.ts): the team lead's vault makes a
 * site key and wraps it to another vault's X25519 agreement key; that vault
 * accepts it; both then seal and open under it, each blob bound to its
 * context (a household id), and an operator enrolled on one laptop signs in
 * on the other with the same secret once its vault imported their profile.
 * Every host passes these, and every refusal is checked with its code:
 * `no-key` for a key the vault does not hold, `invalid-args` for an unusable
 * recipient, `cannot-decrypt` for a key wrapped for someone else, altered, or
 * different from the one held under its id, and for a blob opened under
 * another context.
 */
import { equalBytes, fromBase64url } from '../../../shared/bytes';
import { encryptedBlobSchema, wrappedSiteKeySchema } from '../../../shared/events/bodies';
import type { HostApi } from '../../../shared/ipc';
import { wrapSiteKey, type WrappedSiteKey } from '../../../shared/vault-wrap';
import {
  BASE_POINT,
  bytes,
  check,
  contractChecks,
  expectErr,
  expectOk,
  flipBit,
  LEAD,
  LEAD_TWO,
  OFFICER,
  ready,
  UNKNOWN_KID,
  withFixture,
  type HostContractCheck,
  type MakeHostFixture,
} from './host-contract-support';

/**
 * Points of small order (and their non-canonical spellings, p-1, p, p+1 and a
 * set top bit, which X25519 reads as the same points): every secret agrees
 * with them on the all-zero value (RFC 7748 §6.1).
 */
const LOW_ORDER_POINTS = [
  'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  'AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  '4Ot6fDtBuK4WVuP68Z_EatoJjeucMrH9hmIFFl9JuAA',
  'X5yVvKNQjCSx0LFVnIPvWwREXMRYHI6G2CJO3dCfEVc',
  '7P_______________________________________38',
  '7f_______________________________________38',
  '7v_______________________________________38',
  'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAIA',
];

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((item, i) => item === b[i]);

/** The site keys a vault lists, sorted: the contract fixes no order. */
async function siteKeysOf(host: HostApi, what: string): Promise<readonly string[]> {
  return [...expectOk(await host.siteKeys(), `siteKeys of ${what}`)].sort();
}

/** A lead with a fresh site key and a member vault in its own storage, which has accepted nothing yet. */
async function leadAndMember(
  lead: HostApi,
  member: HostApi,
): Promise<{ kid: string; wrapped: WrappedSiteKey; leadAgreement: string; memberAgreement: string }> {
  const leadAgreement = (await ready(lead)).keys.agreement;
  const memberAgreement = (await ready(member, LEAD_TWO)).keys.agreement;
  const { kid } = expectOk(await lead.siteKeyCreate(), 'siteKeyCreate');
  const wrapped = expectOk(await lead.siteKeyWrap({ kid, to: memberAgreement }), 'siteKeyWrap for the member');
  return { kid, wrapped, leadAgreement, memberAgreement };
}

export function siteKeyContractChecks(make: MakeHostFixture): readonly HostContractCheck[] {
  const { checks, add } = contractChecks(make);

  add('a site key made on one vault, wrapped for another and accepted there, seals and opens on both', async (fixture) => {
    const lead = await fixture.open();
    await withFixture(make, async (other) => {
      const member = await other.open();
      const { kid, wrapped } = await leadAndMember(lead, member);
      check(/^sk-[0-9a-f]{16}$/.test(kid), `site key id ${kid}`);
      check(sameList(await siteKeysOf(lead, 'the lead'), [kid]), 'the lead does not list its site key');
      check(sameList(await siteKeysOf(member, 'the member'), []), 'the member lists a key before accepting one');
      check(wrappedSiteKeySchema.safeParse(wrapped).success && wrapped.kid === kid, `wrapped key ${JSON.stringify(wrapped)}`);
      check(expectOk(await member.siteKeyAccept(wrapped), 'siteKeyAccept').kid === kid, 'accept answered another kid');
      check(sameList(await siteKeysOf(member, 'the member'), [kid]), 'the member does not list the accepted key');

      const plaintext = bytes(300, 21);
      const blob = expectOk(await lead.seal({ plaintext, kid, context: 'HH-0001' }), 'seal with the site key');
      check(blob.kid === kid && encryptedBlobSchema.safeParse(blob).success, `blob ${JSON.stringify(blob)}`);
      check(equalBytes(expectOk(await member.open(blob, 'HH-0001'), 'open on the member'), plaintext), 'the member opened other bytes');
      const back = expectOk(await member.seal({ plaintext, kid, context: 'HH-0001' }), 'seal on the member');
      check(equalBytes(expectOk(await lead.open(back, 'HH-0001'), 'open on the lead'), plaintext), 'the lead opened other bytes');
      const unbound = expectOk(await member.seal({ plaintext, kid }), 'seal without a context');
      check(equalBytes(expectOk(await lead.open(unbound), 'open without a context'), plaintext), 'unbound round trip');
      // A vault's own data key stays its own.
      const own = expectOk(await member.seal({ plaintext, context: 'HH-0001' }), 'seal with the data key');
      expectErr(await lead.open(own, 'HH-0001'), 'cannot-decrypt', "open of another vault's data-key blob");
    });
  });

  add('a blob opens only under the context it was sealed with', async (fixture) => {
    const host = await fixture.open();
    await ready(host);
    const { kid } = expectOk(await host.siteKeyCreate(), 'siteKeyCreate');
    for (const sealKid of [undefined, kid]) {
      const key = sealKid ?? 'the data key';
      const forA = expectOk(await host.seal({ plaintext: bytes(40, 1), kid: sealKid, context: 'HH-A' }), `seal for HH-A (${key})`);
      const forB = expectOk(await host.seal({ plaintext: bytes(40, 2), kid: sealKid, context: 'HH-B' }), `seal for HH-B (${key})`);
      check(equalBytes(expectOk(await host.open(forA, 'HH-A'), `open for HH-A (${key})`), bytes(40, 1)), 'round trip with a context');
      expectErr(await host.open(forA, 'HH-B'), 'cannot-decrypt', `HH-A's blob moved to HH-B (${key})`);
      expectErr(await host.open(forB, 'HH-A'), 'cannot-decrypt', `HH-B's blob moved to HH-A (${key})`);
      expectErr(await host.open(forA, 'hh-a'), 'cannot-decrypt', `open under a context differing in case (${key})`);
      expectErr(await host.open(forA), 'cannot-decrypt', `open of a bound blob without its context (${key})`);
      const unbound = expectOk(await host.seal({ plaintext: bytes(40, 3), kid: sealKid }), `seal without a context (${key})`);
      expectErr(await host.open(unbound, 'HH-A'), 'cannot-decrypt', `open of an unbound blob under a context (${key})`);
      check(equalBytes(expectOk(await host.open(unbound), `open unbound (${key})`), bytes(40, 3)), 'unbound round trip');
    }
    // The kid is bound too: a site-key blob relabelled with the data key's id does not open.
    const dataKid = expectOk(await host.seal({ plaintext: bytes(1) }), 'seal').kid;
    const blob = expectOk(await host.seal({ plaintext: bytes(40), kid, context: 'HH-A' }), 'seal');
    expectErr(await host.open({ ...blob, kid: dataKid }, 'HH-A'), 'cannot-decrypt', 'a site-key blob relabelled with the data key');
  });

  add('seal and wrap answer no-key for a site key the vault does not hold, wrap invalid-args for a low-order recipient', async (fixture) => {
    const host = await fixture.open();
    const { keys } = await ready(host);
    const { kid } = expectOk(await host.siteKeyCreate(), 'siteKeyCreate');
    expectErr(await host.siteKeyWrap({ kid: UNKNOWN_KID, to: BASE_POINT }), 'no-key', 'wrap of an unknown kid');
    expectErr(await host.seal({ plaintext: bytes(8), kid: UNKNOWN_KID }), 'no-key', 'seal with an unknown kid');
    for (const to of LOW_ORDER_POINTS) {
      const refused = await host.siteKeyWrap({ kid, to });
      expectErr(refused, 'invalid-args', `wrap for the low-order point ${to}`);
      check(!refused.ok && /low-order/.test(refused.message), `the refusal of ${to} must say it is low-order: ${JSON.stringify(refused)}`);
    }
    // To itself (the lead's own copy) is a valid recipient.
    expectOk(await host.siteKeyWrap({ kid, to: keys.agreement }), 'wrap for its own agreement key');
    check(sameList(await siteKeysOf(host, 'the vault'), [kid]), 'refused calls changed the site keys');
  });

  add('accept refuses a key wrapped for another vault or altered with cannot-decrypt, and keeps nothing', async (fixture) => {
    const lead = await fixture.open();
    await withFixture(make, async (memberFixture) => {
      const member = await memberFixture.open();
      const { kid, wrapped } = await leadAndMember(lead, member);
      await withFixture(make, async (strangerFixture) => {
        const stranger = await strangerFixture.open();
        await ready(stranger);
        expectErr(await stranger.siteKeyAccept(wrapped), 'cannot-decrypt', 'accept of a key wrapped for another vault');
        check(sameList(await siteKeysOf(stranger, 'the stranger'), []), 'a refused accept kept a key');
      });
      const ctLength = fromBase64url(wrapped.ct).length;
      const altered: [string, WrappedSiteKey][] = [
        ['another kid', { ...wrapped, kid: UNKNOWN_KID }],
        ['a flipped ephemeral-key bit', { ...wrapped, epk: flipBit(wrapped.epk, 3) }],
        ['a low-order ephemeral key', { ...wrapped, epk: LOW_ORDER_POINTS[0]! }],
        ['a flipped iv bit', { ...wrapped, iv: flipBit(wrapped.iv, 0) }],
        ['a flipped ciphertext bit', { ...wrapped, ct: flipBit(wrapped.ct, 0) }],
        ['a flipped tag bit', { ...wrapped, ct: flipBit(wrapped.ct, ctLength - 1) }],
        ['another wrapping of another key', expectOk(wrapSiteKey(bytes(32, 9), UNKNOWN_KID, BASE_POINT), 'wrapSiteKey')],
      ];
      for (const [what, forged] of altered) expectErr(await member.siteKeyAccept(forged), 'cannot-decrypt', `accept with ${what}`);
      check(sameList(await siteKeysOf(member, 'the member'), []), 'a refused accept kept a key');
      expectOk(await member.siteKeyAccept(wrapped), 'accept of the unaltered key');
      check(sameList(await siteKeysOf(member, 'the member'), [kid]), 'the accepted key is not listed');
    });
  });

  add('accept is idempotent for the key held and never replaces it with another under the same id', async (fixture) => {
    const lead = await fixture.open();
    await withFixture(make, async (other) => {
      const member = await other.open();
      const { kid, wrapped, leadAgreement, memberAgreement } = await leadAndMember(lead, member);
      // The lead's own copy, wrapped to itself: the same bytes under the same id.
      const toSelf = expectOk(await lead.siteKeyWrap({ kid, to: leadAgreement }), 'wrap to itself');
      check(expectOk(await lead.siteKeyAccept(toSelf), 'accept of its own key').kid === kid, 'accept of its own key');
      const twice = await Promise.all([member.siteKeyAccept(wrapped), member.siteKeyAccept(wrapped)]);
      for (const answer of twice) check(expectOk(answer, 'concurrent accept').kid === kid, 'a concurrent accept answered another kid');
      check(expectOk(await member.siteKeyAccept(wrapped), 'accept again').kid === kid, 'accept again');
      check(sameList(await siteKeysOf(member, 'the member'), [kid]), 'one key accepted three times must be listed once');

      const impostor = expectOk(wrapSiteKey(bytes(32, 77), kid, memberAgreement), 'wrapSiteKey of another key under the kid');
      const refused = await member.siteKeyAccept(impostor);
      expectErr(refused, 'cannot-decrypt', 'accept of a different key under a held kid');
      const blob = expectOk(await lead.seal({ plaintext: bytes(50, 5), kid, context: 'HH-7' }), 'seal on the lead');
      check(equalBytes(expectOk(await member.open(blob, 'HH-7'), 'open after the refused replacement'), bytes(50, 5)), 'the held key was replaced');
    });
  });

  add('site keys persist across a restart and keep sealing, opening and wrapping', async (fixture) => {
    const first = await fixture.open();
    await withFixture(make, async (other) => {
      const peer = await other.open();
      const { kid: theirs, wrapped, leadAgreement: peerAgreement } = await leadAndMember(peer, first);
      expectOk(await first.siteKeyAccept(wrapped), 'accept the peer key');
      const { kid: ours } = expectOk(await first.siteKeyCreate(), 'siteKeyCreate');
      const blob = expectOk(await first.seal({ plaintext: bytes(64, 4), kid: theirs, context: 'HH-9' }), 'seal');

      const restarted = await fixture.open();
      expectErr(await restarted.siteKeys(), 'locked', 'siteKeys after a restart, before unlock');
      const firstLead = expectOk(await restarted.vaultStatus(), 'vaultStatus').operators[0]!.id;
      expectOk(await restarted.unlock({ operator: firstLead, secret: LEAD_TWO.secret }), 'unlock after restart');
      check(sameList(await siteKeysOf(restarted, 'the restarted vault'), [ours, theirs].sort()), 'site keys changed across a restart');
      check(equalBytes(expectOk(await restarted.open(blob, 'HH-9'), 'open after restart'), bytes(64, 4)), 'open after restart');
      const again = expectOk(await restarted.seal({ plaintext: bytes(8), kid: ours }), 'seal after restart');
      check(again.kid === ours, 'sealed under another key');
      const forPeer = expectOk(await restarted.siteKeyWrap({ kid: ours, to: peerAgreement }), 'wrap after restart');
      expectOk(await peer.siteKeyAccept(forPeer), 'peer accepts the restarted vault key');
      check(equalBytes(expectOk(await peer.open(again), 'peer opens'), bytes(8)), 'the peer opened other bytes');
    });
  });

  add('blobs sealed without kid and context keep the data-key format and open as before', async (fixture) => {
    const host = await fixture.open();
    const { lead } = await ready(host);
    expectOk(await host.siteKeyCreate(), 'siteKeyCreate');
    const plaintext = bytes(33, 8);
    const blob = expectOk(await host.seal({ plaintext }), 'seal({ plaintext })');
    check(/^dk-[0-9a-f]{16}$/.test(blob.kid), `a plain seal must use the data key, not ${blob.kid}`);
    check(equalBytes(expectOk(await host.open(blob), 'open(blob)'), plaintext), 'open(blob)');
    check(equalBytes(expectOk(await host.open(blob, undefined), 'open(blob, undefined)'), plaintext), 'open(blob, undefined)');
    const restarted = await fixture.open();
    expectOk(await restarted.unlock({ operator: lead, secret: LEAD.secret }), 'unlock after restart');
    check(equalBytes(expectOk(await restarted.open(blob), 'open after restart'), plaintext), 'open after restart');
  });

  add('an operator enrolled on one laptop signs in on another with the same secret once its vault imported their profile', async (fixture) => {
    const a = await fixture.open();
    await withFixture(make, async (other) => {
      const b = await other.open();
      const { kid, wrapped } = await leadAndMember(a, b);
      const { id: officer } = expectOk(await a.operatorAdd(OFFICER), 'operatorAdd on laptop A');
      expectErr(await a.operatorProfile({ id: officer, kid: UNKNOWN_KID }), 'no-key', 'a profile under a site key A does not hold');
      expectErr(await a.operatorProfile({ id: 'op-nobody-9', kid }), 'unknown-operator', 'the profile of an unknown operator');
      const profile = expectOk(await a.operatorProfile({ id: officer, kid }), 'operatorProfile');
      check(encryptedBlobSchema.safeParse(profile).success && profile.kid === kid, `profile ${JSON.stringify(profile)}`);
      check(!JSON.stringify(profile).includes('Bilal'), 'the profile shows the name in clear');
      const entry = { id: officer, role: 'field-officer', active: true, profile } as const;

      const early = expectOk(await b.operatorImport([entry]), 'import before B holds the site key');
      check(early.imported === 0 && sameList(early.unreadable, [officer]), `import without the key: ${JSON.stringify(early)}`);
      expectOk(await b.siteKeyAccept(wrapped), 'siteKeyAccept on B');
      const moved = expectOk(await b.operatorImport([{ ...entry, id: 'op-zzzzzz-7' }]), 'import of a profile moved to another id');
      check(moved.imported === 0 && sameList(moved.unreadable, ['op-zzzzzz-7']), `moved profile: ${JSON.stringify(moved)}`);
      const altered = expectOk(await b.operatorImport([{ ...entry, profile: { ...profile, ct: flipBit(profile.ct, 0) } }]), 'import of an altered profile');
      check(altered.imported === 0 && sameList(altered.unreadable, [officer]), `altered profile: ${JSON.stringify(altered)}`);
      const imported = expectOk(await b.operatorImport([entry]), 'import');
      check(imported.imported === 1 && imported.unreadable.length === 0, `import: ${JSON.stringify(imported)}`);
      check(expectOk(await b.operatorImport([entry]), 'import again').imported === 0, 'an unchanged entry was imported twice');
      const roster = expectOk(await b.vaultStatus(), 'vaultStatus on B').operators.find((o) => o.id === officer);
      check(
        roster !== undefined && roster.name === OFFICER.name && roster.role === 'field-officer' && roster.active && roster.canUnlock,
        `B's roster entry for the officer: ${JSON.stringify(roster)}`,
      );

      expectOk(await b.lock(), 'lock B');
      expectErr(await b.unlock({ operator: officer, secret: '9024' }), 'bad-secret', 'a wrong secret on B');
      const session = expectOk(await b.unlock({ operator: officer, secret: OFFICER.secret }), 'unlock on B with the secret chosen on A');
      check(session.operator === officer && session.role === 'field-officer', `session on B: ${JSON.stringify(session)}`);
      const blob = expectOk(await a.seal({ plaintext: bytes(40, 6), kid, context: 'HH-0042' }), 'seal on A');
      check(equalBytes(expectOk(await b.open(blob, 'HH-0042'), 'open on B by the officer'), bytes(40, 6)), 'the officer opened other bytes');
      // Signed in on B once, the officer keeps signing in there (a local slot now) after a restart.
      const restartedB = await other.open();
      expectOk(await restartedB.unlock({ operator: officer, secret: OFFICER.secret }), 'unlock on B after a restart');

      // The directory's role and `active` are the ones that count: disabled there, disabled here.
      const lead2 = expectOk(await restartedB.vaultStatus(), 'vaultStatus').operators.find((o) => o.role === 'team-lead')!.id;
      expectOk(await restartedB.unlock({ operator: lead2, secret: LEAD_TWO.secret }), 'unlock of B\'s lead');
      check(expectOk(await restartedB.operatorImport([{ ...entry, active: false }]), 'import of the disabled entry').imported === 1, 'import');
      expectErr(await restartedB.unlock({ operator: officer, secret: OFFICER.secret }), 'disabled', 'unlock on B after the directory disabled the officer');
    });
  });

  return checks;
}
