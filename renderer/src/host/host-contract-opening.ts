/**
 * The HostApi contract for `vault:open-many` (issue 14: a lead's first
 * search after unlock opens every household's record, a call per chunk),
 * part of `hostContractChecks` (./host-contract.ts): one answer per blob in
 * the order asked, each as `vault:open` would open it with its own context;
 * unlike sealing, a blob that does not open refuses only itself (`no-key`
 * for a key the vault does not hold, `cannot-decrypt` for another context,
 * a tampered blob or another vault's blob under a held kid); a site key
 * another instance over the same storage took in opens; the list is bounded
 * in length and in ciphertext bytes; a locked vault opens nothing.
 */
import { equalBytes, fromBase64url, toBase64url } from '../../../shared/bytes';
import type { OpenedBlob, OpenRequest } from '../../../shared/ipc';
import { MAX_OPEN_MANY, MAX_OPEN_MANY_BYTES, MAX_SEAL_CONTEXT_LENGTH, MAX_SEAL_PLAINTEXT_BYTES } from '../../../shared/vault';
import {
  bytes,
  check,
  contractChecks,
  expectErr,
  expectOk,
  flipBit,
  LEAD,
  LEAD_TWO,
  loose,
  ready,
  UNKNOWN_KID,
  withFixture,
  type HostContractCheck,
  type MakeHostFixture,
} from './host-contract-support';

/** The largest `ct` the blob schema takes: 65 536 base64url characters. */
const LARGEST_CT_BYTES = 49_152;

/** Each answer opened to its plaintext, or failed with its code, in order. */
function expectAnswers(answers: readonly OpenedBlob[], expected: readonly (Uint8Array | string)[], what: string): void {
  check(answers.length === expected.length, `${what}: ${answers.length} answers for ${expected.length} blobs`);
  expected.forEach((want, i) => {
    const answer = answers[i]!;
    const label = `${what}, blob #${i + 1}`;
    if (typeof want === 'string') {
      expectErr(answer, want, label);
    } else {
      check(answer.ok && answer.value instanceof Uint8Array, `${label}: expected its plaintext, got ${answer.ok ? 'no bytes' : answer.code}`);
      check(equalBytes(answer.value, want), `${label} opened to other bytes: the answers are out of order`);
    }
  });
}

export function openingContractChecks(make: MakeHostFixture): readonly HostContractCheck[] {
  const { checks, add } = contractChecks(make);

  add('openMany opens each blob as open would, in order, each with its own context and key', async (fixture) => {
    const host = await fixture.open();
    await ready(host);
    const { kid } = expectOk(await host.siteKeyCreate(), 'siteKeyCreate');
    const sealed: [Uint8Array, string | undefined, string | undefined][] = [
      [bytes(300, 1), kid, 'HH-0001'],
      [bytes(300, 2), kid, 'HH-0002'],
      [bytes(20, 3), undefined, 'HH-0003'],
      [new Uint8Array(0), undefined, undefined],
      [bytes(MAX_SEAL_PLAINTEXT_BYTES, 4), kid, undefined],
    ];
    const requests: OpenRequest[] = [];
    for (const [plaintext, sealKid, context] of sealed) {
      const blob = expectOk(await host.seal({ plaintext, kid: sealKid, context }), 'seal');
      check(equalBytes(expectOk(await host.open(blob, context), 'open'), plaintext), 'open of a sealed blob');
      requests.push({ blob, ...(context !== undefined && { context }) });
    }
    expectAnswers(expectOk(await host.openMany(requests), 'openMany'), sealed.map(([plaintext]) => plaintext), 'openMany');
    const reversed = [...requests].reverse();
    expectAnswers(expectOk(await host.openMany(reversed), 'openMany reversed'), sealed.map(([plaintext]) => plaintext).reverse(), 'openMany reversed');
    const first = requests[0]!;
    const twice = expectOk(await host.openMany([first, first, { ...first, context: undefined }]), 'openMany of one blob twice');
    expectAnswers(twice, [sealed[0]![0], sealed[0]![0], 'cannot-decrypt'], 'openMany of one blob twice, then without its context');
  });

  add('openMany answers no-key or cannot-decrypt for each blob that does not open, and opens the others', async (fixture) => {
    const host = await fixture.open();
    await ready(host);
    const { kid } = expectOk(await host.siteKeyCreate(), 'siteKeyCreate');
    const plaintext = bytes(64, 7);
    const bound = expectOk(await host.seal({ plaintext, kid, context: 'HH-0001' }), 'seal with the site key');
    const own = expectOk(await host.seal({ plaintext, context: 'HH-0001' }), 'seal with the data key');
    const ctLength = fromBase64url(own.ct).length;
    await withFixture(make, async (other) => {
      const stranger = await other.open();
      await ready(stranger);
      const foreign = expectOk(await stranger.seal({ plaintext, context: 'HH-0001' }), 'seal in another vault');
      const cases: [string, OpenRequest, Uint8Array | string][] = [
        ['the site-key blob', { blob: bound, context: 'HH-0001' }, plaintext],
        ['the site-key blob moved to another household', { blob: bound, context: 'HH-0002' }, 'cannot-decrypt'],
        ['the site-key blob without its context', { blob: bound }, 'cannot-decrypt'],
        ['the data-key blob under a context differing in case', { blob: own, context: 'hh-0001' }, 'cannot-decrypt'],
        ['a flipped ciphertext bit', { blob: { ...own, ct: flipBit(own.ct, 0) }, context: 'HH-0001' }, 'cannot-decrypt'],
        ['a flipped tag bit', { blob: { ...own, ct: flipBit(own.ct, ctLength - 1) }, context: 'HH-0001' }, 'cannot-decrypt'],
        ['a flipped iv bit', { blob: { ...own, iv: flipBit(own.iv, 5) }, context: 'HH-0001' }, 'cannot-decrypt'],
        ['a ciphertext without its body', { blob: { ...own, ct: toBase64url(fromBase64url(own.ct).subarray(ctLength - 16)) }, context: 'HH-0001' }, 'cannot-decrypt'],
        ['a site-key blob relabelled with the data key', { blob: { ...bound, kid: own.kid }, context: 'HH-0001' }, 'cannot-decrypt'],
        ["another vault's blob under our kid", { blob: { ...foreign, kid: own.kid }, context: 'HH-0001' }, 'cannot-decrypt'],
        ["another vault's blob", { blob: foreign, context: 'HH-0001' }, 'no-key'],
        ['an unknown data-key kid', { blob: { ...own, kid: 'dk-ffffffffffffffff' }, context: 'HH-0001' }, 'no-key'],
        ['an unknown site-key kid', { blob: { ...bound, kid: UNKNOWN_KID }, context: 'HH-0001' }, 'no-key'],
        ['the data-key blob', { blob: own, context: 'HH-0001' }, plaintext],
      ];
      const answers = expectOk(await host.openMany(cases.map(([, request]) => request)), 'openMany of good and bad blobs');
      expectAnswers(answers, cases.map(([, , want]) => want), 'openMany of good and bad blobs');
      for (const [i, [what, request, want]] of cases.entries()) {
        // Each on its own answers alike: no answer depends on its neighbours.
        expectAnswers(expectOk(await host.openMany([request]), `openMany of ${what}`), [want], `openMany of ${what}`);
        const single = await host.open(request.blob, request.context);
        check(single.ok === answers[i]!.ok, `open and openMany disagree on ${what}`);
      }
    });
  });

  add('openMany opens under a site key that another instance over the same storage accepted', async (fixture) => {
    const lead = await fixture.open();
    await ready(lead);
    const { kid } = expectOk(await lead.siteKeyCreate(), 'siteKeyCreate');
    const plaintext = bytes(120, 9);
    const blob = expectOk(await lead.seal({ plaintext, kid, context: 'HH-0001' }), 'seal with the site key');
    await withFixture(make, async (other) => {
      const member = await other.open();
      const { keys, lead: operator } = await ready(member, LEAD_TWO);
      const requests: OpenRequest[] = [{ blob, context: 'HH-0001' }];
      expectAnswers(expectOk(await member.openMany(requests), 'openMany before the key arrived'), ['no-key'], 'openMany before the key arrived');
      const wrapped = expectOk(await lead.siteKeyWrap({ kid, to: keys.agreement }), 'siteKeyWrap for the member');
      const second = await other.open();
      expectOk(await second.unlock({ operator, secret: LEAD_TWO.secret }), 'unlock of a second instance');
      expectOk(await second.siteKeyAccept(wrapped), 'siteKeyAccept in the second instance');
      expectAnswers(expectOk(await member.openMany(requests), 'openMany after the other instance accepted the key'), [plaintext], 'openMany after the key arrived');
    });
  });

  add('openMany takes 1 to MAX_OPEN_MANY well-formed blobs of MAX_OPEN_MANY_BYTES ciphertext in all, and nothing else', async (fixture) => {
    const host = await fixture.open();
    const { lead } = await ready(host);
    const plaintext = bytes(16, 5);
    const blob = expectOk(await host.seal({ plaintext, context: 'HH-0001' }), 'seal');
    const one: OpenRequest = { blob, context: 'HH-0001' };
    const many = expectOk(await host.openMany(new Array<OpenRequest>(MAX_OPEN_MANY).fill(one)), `openMany of ${MAX_OPEN_MANY}`);
    expectAnswers(many, new Array<Uint8Array>(MAX_OPEN_MANY).fill(plaintext), `openMany of ${MAX_OPEN_MANY}`);
    // Well-formed blobs that open to nothing are still counted: the bound is on what the host is handed.
    const largest: OpenRequest = { blob: { ...blob, ct: toBase64url(new Uint8Array(LARGEST_CT_BYTES)) } };
    const full = Math.floor(MAX_OPEN_MANY_BYTES / LARGEST_CT_BYTES);
    const rest = (extra: number): OpenRequest => ({ blob: { ...blob, ct: toBase64url(new Uint8Array(MAX_OPEN_MANY_BYTES - full * LARGEST_CT_BYTES + extra)) } });
    const atBytes = [...new Array<OpenRequest>(full).fill(largest), rest(0)];
    check(atBytes.reduce((n, r) => n + fromBase64url(r.blob.ct).length, 0) === MAX_OPEN_MANY_BYTES, 'the test list at the byte limit is not at it');
    expectAnswers(expectOk(await host.openMany(atBytes), `openMany of ${MAX_OPEN_MANY_BYTES} bytes`), new Array<string>(atBytes.length).fill('cannot-decrypt'), 'openMany at the byte limit');
    const overBytes = [...atBytes.slice(0, -1), rest(1)];
    const cases: [string, unknown[]][] = [
      ['no argument', []],
      ['one request, not a list', [one]],
      ['a blob and a context, as open takes them', [blob, 'HH-0001']],
      ['an empty list', [[]]],
      [`${MAX_OPEN_MANY + 1} blobs`, [new Array(MAX_OPEN_MANY + 1).fill(one)]],
      [`more than ${MAX_OPEN_MANY_BYTES} ciphertext bytes in all`, [overBytes]],
      ['a bare blob among the requests', [[one, blob]]],
      ['a null among the requests', [[one, null]]],
      ['a request without a blob', [[{ context: 'HH-0001' }]]],
      ['a 16-byte iv', [[{ blob: { ...blob, iv: 'A'.repeat(22) } }]]],
      ['another algorithm', [[{ blob: { ...blob, alg: 'A128GCM' } }]]],
      ['padding in ct', [[{ blob: { ...blob, ct: `${blob.ct}==` } }]]],
      ['a ct shorter than a tag', [[{ blob: { ...blob, ct: 'AAAA' } }]]],
      ['a ct over the blob limit', [[{ blob: { ...blob, ct: 'A'.repeat(65_537) } }]]],
      ['a bad kid', [[{ blob: { ...blob, kid: ' dk' } }]]],
      ['an extra field in the blob', [[{ blob: { ...blob, tag: 'x' } }]]],
      ['an extra field in the request', [[{ ...one, aad: 'x' }]]],
      ['an empty context', [[{ blob, context: '' }]]],
      ['a number context', [[{ blob, context: 7 }]]],
      [`a context over ${MAX_SEAL_CONTEXT_LENGTH} characters`, [[{ blob, context: 'x'.repeat(MAX_SEAL_CONTEXT_LENGTH + 1) }]]],
      ['a context with a lone surrogate', [[{ blob, context: 'HH-\uD800' }]]],
      ['a second argument', [[one], 'HH-0002']],
    ];
    for (const [what, args] of cases) expectErr(await loose(host).openMany!(...args), 'invalid-args', `openMany with ${what}`);
    const status = expectOk(await host.vaultStatus(), 'vaultStatus');
    check(status.session?.operator === lead, 'refused calls must leave the session as it was');
  });

  add('openMany answers locked after lock and opens again after unlock', async (fixture) => {
    const host = await fixture.open();
    const { lead } = await ready(host);
    const plaintext = bytes(16, 3);
    const requests: OpenRequest[] = [{ blob: expectOk(await host.seal({ plaintext, context: 'HH-0001' }), 'seal'), context: 'HH-0001' }];
    expectOk(await host.lock(), 'lock');
    expectErr(await host.openMany(requests), 'locked', 'openMany while locked');
    expectOk(await host.unlock({ operator: lead, secret: LEAD.secret }), 'unlock');
    expectAnswers(expectOk(await host.openMany(requests), 'openMany after unlock'), [plaintext], 'openMany after unlock');
  });

  return checks;
}
