/**
 * The HostApi contract for `vault:seal-many` (issue 14: a caseload import
 * seals a chunk of records per call), part of `hostContractChecks`
 * (./host-contract.ts): the blobs are `vault:seal`'s, one per request in the
 * order asked, each under its own key and bound to its own context; a list
 * naming a key the vault does not hold seals nothing; the list is bounded in
 * length and in bytes; a locked vault seals nothing.
 */
import { equalBytes, fromBase64url } from '../../../shared/bytes';
import { encryptedBlobSchema } from '../../../shared/events/bodies';
import type { SealRequest } from '../../../shared/ipc';
import { MAX_SEAL_MANY, MAX_SEAL_MANY_BYTES, MAX_SEAL_PLAINTEXT_BYTES, SEAL_IV_BYTES } from '../../../shared/vault';
import {
  bytes,
  check,
  contractChecks,
  expectErr,
  expectOk,
  LEAD,
  loose,
  ready,
  UNKNOWN_KID,
  type HostContractCheck,
  type MakeHostFixture,
} from './host-contract-support';

export function sealingContractChecks(make: MakeHostFixture): readonly HostContractCheck[] {
  const { checks, add } = contractChecks(make);

  add('sealMany seals each request as seal would, in order, under its key and bound to its context', async (fixture) => {
    const host = await fixture.open();
    await ready(host);
    const { kid } = expectOk(await host.siteKeyCreate(), 'siteKeyCreate');
    const requests: SealRequest[] = [
      { plaintext: bytes(300, 1), kid, context: 'HH-0001' },
      { plaintext: bytes(300, 1), kid, context: 'HH-0002' },
      { plaintext: bytes(20, 2), context: 'HH-0003' },
      { plaintext: new Uint8Array(0) },
      { plaintext: bytes(MAX_SEAL_PLAINTEXT_BYTES, 3), kid },
    ];
    const blobs = expectOk(await host.sealMany(requests), 'sealMany');
    check(blobs.length === requests.length, `sealMany answered ${blobs.length} blobs for ${requests.length} requests`);
    const dataKid = expectOk(await host.seal({ plaintext: bytes(1) }), 'seal').kid;
    for (const [i, request] of requests.entries()) {
      const blob = blobs[i]!;
      check(encryptedBlobSchema.safeParse(blob).success, `blob #${i + 1} does not fit encryptedBlobSchema`);
      check(blob.kid === (request.kid ?? dataKid), `blob #${i + 1} is under ${blob.kid}, not ${request.kid ?? dataKid}`);
      check(fromBase64url(blob.iv).length === SEAL_IV_BYTES, `blob #${i + 1}: iv length`);
      const opened = expectOk(await host.open(blob, request.context), `open blob #${i + 1}`);
      check(equalBytes(opened, request.plaintext), `blob #${i + 1} opens to another plaintext: the answers are out of order`);
    }
    expectErr(await host.open(blobs[0]!, 'HH-0002'), 'cannot-decrypt', 'open of a blob with the next request’s context');
    expectErr(await host.open(blobs[0]!), 'cannot-decrypt', 'open of a bound blob without its context');
    check(new Set(blobs.map((b) => b.iv)).size === blobs.length, 'every blob of one call needs its own iv');
    check(blobs[0]!.ct !== blobs[1]!.ct, 'the same plaintext sealed twice in one call must differ');
  });

  add('sealMany with a site key the vault does not hold anywhere in the list answers no-key and seals nothing', async (fixture) => {
    const host = await fixture.open();
    await ready(host);
    const { kid } = expectOk(await host.siteKeyCreate(), 'siteKeyCreate');
    const requests: SealRequest[] = [{ plaintext: bytes(8), kid }, { plaintext: bytes(8) }, { plaintext: bytes(8), kid: UNKNOWN_KID }];
    expectErr(await host.sealMany(requests), 'no-key', 'sealMany naming an unknown kid last');
    expectOk(await host.sealMany(requests.slice(0, 2)), 'sealMany of the held keys alone');
  });

  add('sealMany takes 1 to MAX_SEAL_MANY well-formed requests of MAX_SEAL_MANY_BYTES in all, and nothing else', async (fixture) => {
    const host = await fixture.open();
    const { lead } = await ready(host);
    const one = { plaintext: bytes(4) };
    const full = { plaintext: new Uint8Array(MAX_SEAL_PLAINTEXT_BYTES) };
    const overBytes = new Array<SealRequest>(Math.floor(MAX_SEAL_MANY_BYTES / MAX_SEAL_PLAINTEXT_BYTES) + 1).fill(full);
    const atBytes = [...overBytes.slice(1), { plaintext: new Uint8Array(MAX_SEAL_MANY_BYTES - (overBytes.length - 1) * MAX_SEAL_PLAINTEXT_BYTES) }];
    check(atBytes.reduce((n, r) => n + r.plaintext.length, 0) === MAX_SEAL_MANY_BYTES, 'the test list at the byte limit is not at it');
    check(expectOk(await host.sealMany(new Array(MAX_SEAL_MANY).fill(one)), `sealMany of ${MAX_SEAL_MANY}`).length === MAX_SEAL_MANY, 'one blob per request');
    expectOk(await host.sealMany(atBytes), `sealMany of ${MAX_SEAL_MANY_BYTES} bytes in all`);
    const cases: [string, unknown[]][] = [
      ['no argument', []],
      ['one request, not a list', [one]],
      ['an empty list', [[]]],
      [`${MAX_SEAL_MANY + 1} requests`, [new Array(MAX_SEAL_MANY + 1).fill(one)]],
      [`more than ${MAX_SEAL_MANY_BYTES} bytes in all`, [overBytes]],
      ['a plaintext over the seal limit among others', [[one, { plaintext: bytes(MAX_SEAL_PLAINTEXT_BYTES + 1) }]]],
      ['a string plaintext', [[one, { plaintext: 'secret' }]]],
      ['a plaintext as a number array', [[{ plaintext: [1, 2, 3] }]]],
      ['a null among the requests', [[one, null]]],
      ['a data-key kid', [[{ plaintext: bytes(4), kid: 'dk-0123456789abcdef' }]]],
      ['an empty context', [[{ plaintext: bytes(4), context: '' }]]],
      ['an extra field', [[{ plaintext: bytes(4), aad: 'x' }]]],
      ['a list of byte arrays', [[bytes(4), bytes(4)]]],
      ['a second argument', [[one], { kid: UNKNOWN_KID }]],
    ];
    for (const [what, args] of cases) expectErr(await loose(host).sealMany!(...args), 'invalid-args', `sealMany with ${what}`);
    const status = expectOk(await host.vaultStatus(), 'vaultStatus');
    check(status.session?.operator === lead, 'refused calls must leave the session as it was');
  });

  add('sealMany answers locked after lock and seals again after unlock', async (fixture) => {
    const host = await fixture.open();
    const { lead } = await ready(host);
    const requests: SealRequest[] = [{ plaintext: bytes(16), context: 'HH-0001' }, { plaintext: bytes(16, 2) }];
    expectOk(await host.lock(), 'lock');
    expectErr(await host.sealMany(requests), 'locked', 'sealMany while locked');
    expectOk(await host.unlock({ operator: lead, secret: LEAD.secret }), 'unlock');
    check(expectOk(await host.sealMany(requests), 'sealMany after unlock').length === 2, 'one blob per request after unlock');
  });

  return checks;
}
