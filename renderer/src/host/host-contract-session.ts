/**
 * The HostApi contract for the lock (issue 13), part of `hostContractChecks`
 * (./host-contract.ts): nothing but status, create, unlock and lock works
 * until an operator's secret unlocked the vault; the first operator signs in
 * as they are added; wrong secrets cost a growing wait and then a lock-out
 * that only a team lead lifts; a lead's approval checks a secret without
 * changing who is signed in; and ten idle minutes lock the vault. The clock
 * is the check's (`HostOpenOptions.now`), so no check waits for real.
 */
import type { HostApi, RosterEntry } from '../../../shared/ipc';
import { DEFAULT_IDLE_LOCK_MS } from '../../../shared/vault/vault';
import {
  bytes,
  check,
  contractChecks,
  created,
  expectAllGated,
  expectErr,
  expectOk,
  LEAD,
  LEAD_TWO,
  OFFICER,
  ready,
  testClock,
  UNKNOWN_KID,
  type HostContractCheck,
  type MakeHostFixture,
} from './host-contract-support';

async function rosterEntryOf(host: HostApi, id: string): Promise<RosterEntry> {
  const status = expectOk(await host.vaultStatus(), 'vaultStatus');
  const entry = status.operators.find((o) => o.id === id);
  check(entry !== undefined, `${id} is not in the roster: ${JSON.stringify(status.operators)}`);
  return entry;
}

async function sessionOf(host: HostApi): Promise<string | null> {
  return expectOk(await host.vaultStatus(), 'vaultStatus').session?.operator ?? null;
}

/** A vault with LEAD (signed in) and OFFICER, then locked. */
async function leadAndOfficer(host: HostApi): Promise<{ lead: string; officer: string }> {
  const { lead } = await ready(host);
  const { id: officer } = expectOk(await host.operatorAdd(OFFICER), 'operatorAdd of the officer');
  expectOk(await host.lock(), 'lock');
  return { lead, officer };
}

export function sessionContractChecks(make: MakeHostFixture): readonly HostContractCheck[] {
  const { checks, add } = contractChecks(make);

  add('a created vault without operators answers locked to every gated call but operator-add, and unknown-operator to unlock', async (fixture) => {
    const host = await fixture.open();
    await created(host);
    await expectAllGated(host, 'locked', 'with no operator yet', ['operatorAdd']);
    expectErr(await host.unlock({ operator: 'op-abcdef-1', secret: LEAD.secret }), 'unknown-operator', 'unlock with no operator yet');
    expectErr(await host.approve({ operator: 'op-abcdef-1', secret: LEAD.secret }), 'locked', 'approve with no operator yet');
  });

  add('the first operator-add signs that operator in; status shows the session and the roster', async (fixture) => {
    const host = await fixture.open();
    const { lead } = await ready(host);
    check(/^op-/.test(lead), `operator id ${lead}`);
    const status = expectOk(await host.vaultStatus(), 'vaultStatus');
    check(
      status.session?.operator === lead && status.session.role === 'team-lead' && !Number.isNaN(Date.parse(status.session.since)),
      `session ${JSON.stringify(status.session)}`,
    );
    const entry = await rosterEntryOf(host, lead);
    check(
      entry.name === LEAD.name && entry.role === 'team-lead' && entry.active && entry.canUnlock && entry.failures === 0 && !entry.lockedOut,
      `roster entry ${JSON.stringify(entry)}`,
    );
    check(entry.retryAt === undefined, 'a fresh operator waits for nothing');
    // Signed in: the gated calls work.
    expectOk(await host.seal({ plaintext: bytes(8) }), 'seal while signed in');
    expectOk(await host.siteKeys(), 'siteKeys while signed in');
  });

  add('lock forgets the session: every gated call answers locked until an unlock with the right secret', async (fixture) => {
    const host = await fixture.open();
    const { lead, officer } = await leadAndOfficer(host);
    check((await sessionOf(host)) === null, 'lock left a session');
    await expectAllGated(host, 'locked', 'after lock');
    expectOk(await host.lock(), 'lock again');
    const session = expectOk(await host.unlock({ operator: lead, secret: LEAD.secret }), 'unlock');
    check(session.operator === lead && session.role === 'team-lead', `session ${JSON.stringify(session)}`);
    const blob = expectOk(await host.seal({ plaintext: bytes(8) }), 'seal after unlock');
    // Another operator's unlock ends the lead's session and begins theirs.
    const theirs = expectOk(await host.unlock({ operator: officer, secret: OFFICER.secret }), 'unlock of the officer');
    check(theirs.operator === officer && theirs.role === 'field-officer', `session ${JSON.stringify(theirs)}`);
    check((await sessionOf(host)) === officer, 'status names another session');
    expectOk(await host.open(blob), "open of the lead's blob by the officer");
    expectErr(await host.unlock({ operator: 'op-nobody-9', secret: LEAD.secret }), 'unknown-operator', 'unlock of an unknown operator');
    check((await sessionOf(host)) === officer, 'a refused unlock ended the session');
  });

  add('only a team lead administers operators: a field officer gets not-allowed; names are unique', async (fixture) => {
    const host = await fixture.open();
    const { lead, officer } = await leadAndOfficer(host);
    expectOk(await host.unlock({ operator: officer, secret: OFFICER.secret }), 'unlock of the officer');
    expectErr(await host.operatorAdd(LEAD_TWO), 'not-allowed', 'operatorAdd by a field officer');
    expectErr(await host.operatorUpdate({ id: lead, active: false }), 'not-allowed', 'operatorUpdate by a field officer');
    expectErr(await host.operatorReset({ id: lead }), 'not-allowed', 'operatorReset by a field officer');
    // Profiles: a field officer publishes those of this laptop's operators only.
    expectErr(await host.operatorProfile({ id: 'op-zzzzzz-7', kid: UNKNOWN_KID }), 'not-allowed', "another laptop's profile by a field officer");
    expectErr(await host.operatorProfile({ id: officer, kid: UNKNOWN_KID }), 'no-key', 'a profile under a site key not held');
    expectOk(await host.unlock({ operator: lead, secret: LEAD.secret }), 'unlock of the lead');
    expectErr(await host.operatorAdd({ ...OFFICER, secret: '8642' }), 'refused', 'operatorAdd of a name already known');
    expectErr(await host.operatorAdd({ ...OFFICER, name: ' bilal  FIELD ', secret: '8642' }), 'refused', 'a name differing in case and spaces');
    const { id: second } = expectOk(await host.operatorAdd(LEAD_TWO), 'operatorAdd of a lead with a passphrase');
    check(second !== lead && second !== officer, 'operator ids must be unique');
    expectOk(await host.lock(), 'lock');
    check(expectOk(await host.unlock({ operator: second, secret: LEAD_TWO.secret }), 'unlock with a passphrase').role === 'team-lead', 'role');
  });

  add('wrong secrets: bad-secret with tries left, then a growing wait, then a lock-out only a team lead resets', async (fixture) => {
    const clock = testClock();
    const host = await fixture.open({ now: clock.now });
    const { lead, officer } = await leadAndOfficer(host);
    const wrong = { operator: officer, secret: '9024' };
    for (let n = 1; n <= 3; n++) {
      const answer = await host.unlock(wrong);
      expectErr(answer, 'bad-secret', `wrong secret #${n}`);
      check(!answer.ok && answer.message.includes(`${10 - n} tries left`), `wrong secret #${n} must say how many tries are left: ${JSON.stringify(answer)}`);
    }
    const afterThree = await rosterEntryOf(host, officer);
    check(afterThree.failures === 3 && afterThree.retryAt === undefined, `three slips cost nothing: ${JSON.stringify(afterThree)}`);
    expectErr(await host.unlock(wrong), 'bad-secret', 'wrong secret #4');
    const waiting = await rosterEntryOf(host, officer);
    check(waiting.retryAt === new Date(clock.now().getTime() + 5_000).toISOString(), `a 5 s wait after the 4th: ${JSON.stringify(waiting)}`);
    // While waiting nothing is checked, not even the right secret; nor after a restart.
    expectErr(await host.unlock({ operator: officer, secret: OFFICER.secret }), 'wait', 'the right secret while waiting');
    expectErr(await (await fixture.open({ now: clock.now })).unlock({ operator: officer, secret: OFFICER.secret }), 'wait', 'after a restart');
    check((await rosterEntryOf(host, officer)).failures === 4, 'a try during the wait was counted');
    clock.advance(4_999);
    expectErr(await host.unlock(wrong), 'wait', 'a try 1 ms early');
    for (let n = 5; n <= 10; n++) {
      clock.advance(200_000);
      expectErr(await host.unlock(wrong), n < 10 ? 'bad-secret' : 'locked-out', `wrong secret #${n}`);
    }
    clock.advance(24 * 3600_000);
    expectErr(await host.unlock({ operator: officer, secret: OFFICER.secret }), 'locked-out', 'the right secret after the lock-out');
    const out = await rosterEntryOf(host, officer);
    check(out.lockedOut && out.failures === 10, `roster after the lock-out: ${JSON.stringify(out)}`);

    expectOk(await host.unlock({ operator: lead, secret: LEAD.secret }), 'unlock of the lead');
    expectOk(await host.operatorReset({ id: officer }), 'operatorReset');
    const reset = await rosterEntryOf(host, officer);
    check(!reset.lockedOut && reset.failures === 0 && reset.retryAt === undefined, `roster after the reset: ${JSON.stringify(reset)}`);
    expectErr(await host.operatorReset({ id: 'op-nobody-9' }), 'unknown-operator', 'operatorReset of an unknown operator');
    check(expectOk(await host.unlock({ operator: officer, secret: OFFICER.secret }), 'unlock after the reset').operator === officer, 'session');
  });

  add('a right secret clears the wrong tries before it', async (fixture) => {
    const host = await fixture.open();
    const { officer } = await leadAndOfficer(host);
    expectErr(await host.unlock({ operator: officer, secret: '9024' }), 'bad-secret', 'wrong secret');
    expectErr(await host.unlock({ operator: officer, secret: '90245' }), 'bad-secret', 'wrong secret');
    check((await rosterEntryOf(host, officer)).failures === 2, 'two failures counted');
    expectOk(await host.unlock({ operator: officer, secret: OFFICER.secret }), 'unlock');
    check((await rosterEntryOf(host, officer)).failures === 0, 'a right secret must clear the count');
  });

  add("approve checks a team lead's secret with the same back-off, without changing the session", async (fixture) => {
    const clock = testClock();
    const host = await fixture.open({ now: clock.now });
    const { lead, officer } = await leadAndOfficer(host);
    expectErr(await host.approve({ operator: lead, secret: LEAD.secret }), 'locked', 'approve while locked');
    expectOk(await host.unlock({ operator: officer, secret: OFFICER.secret }), 'unlock of the officer');
    const approval = expectOk(await host.approve({ operator: lead, secret: LEAD.secret }), 'approve');
    check(approval.operator === lead && approval.role === 'team-lead', `approval ${JSON.stringify(approval)}`);
    check((await sessionOf(host)) === officer, 'an approval changed the session');
    for (let n = 1; n <= 4; n++) expectErr(await host.approve({ operator: lead, secret: '9024' }), 'bad-secret', `wrong approval #${n}`);
    expectErr(await host.approve({ operator: lead, secret: LEAD.secret }), 'wait', 'approval while waiting');
    check((await rosterEntryOf(host, lead)).failures === 4, 'wrong approvals are counted like wrong unlocks');
    clock.advance(5_000);
    expectOk(await host.approve({ operator: lead, secret: LEAD.secret }), 'approve after the wait');
    check((await rosterEntryOf(host, lead)).failures === 0 && (await sessionOf(host)) === officer, 'after a right approval');
    expectErr(await host.approve({ operator: 'op-nobody-9', secret: LEAD.secret }), 'unknown-operator', 'approve by an unknown operator');
  });

  add('a disabled operator cannot sign in; a lead cannot disable or demote themselves; roles change', async (fixture) => {
    const host = await fixture.open();
    const { lead, officer } = await leadAndOfficer(host);
    expectOk(await host.unlock({ operator: lead, secret: LEAD.secret }), 'unlock of the lead');
    expectOk(await host.operatorUpdate({ id: officer, active: false }), 'disable the officer');
    check(!(await rosterEntryOf(host, officer)).active, 'the roster must show the officer disabled');
    expectErr(await host.operatorUpdate({ id: lead, active: false }), 'not-allowed', 'a lead disabling themselves');
    expectErr(await host.operatorUpdate({ id: lead, role: 'field-officer' }), 'not-allowed', 'a lead demoting themselves');
    expectErr(await host.operatorUpdate({ id: 'op-nobody-9', active: true }), 'unknown-operator', 'update of an unknown operator');
    expectErr(await host.unlock({ operator: officer, secret: OFFICER.secret }), 'disabled', 'unlock of a disabled operator');
    expectErr(await host.unlock({ operator: officer, secret: '9024' }), 'disabled', 'a guess for a disabled operator');
    check((await rosterEntryOf(host, officer)).failures === 0, "a disabled operator's secret is never checked");
    expectOk(await host.unlock({ operator: lead, secret: LEAD.secret }), 'unlock of the lead');
    expectOk(await host.operatorUpdate({ id: officer, active: true, role: 'team-lead' }), 'enable and promote the officer');
    const promoted = expectOk(await host.unlock({ operator: officer, secret: OFFICER.secret }), 'unlock after the promotion');
    check(promoted.role === 'team-lead', `the promoted officer signs in as ${promoted.role}`);
    expectOk(await host.operatorAdd({ name: 'Dara New', role: 'field-officer', secret: '5038' }), 'the promoted officer adds an operator');
  });

  add('ten minutes without a successful operation lock the vault; polling the status does not keep it open', async (fixture) => {
    const clock = testClock();
    const host = await fixture.open({ now: clock.now });
    const { lead } = await ready(host);
    clock.advance(DEFAULT_IDLE_LOCK_MS - 1_000);
    expectOk(await host.seal({ plaintext: bytes(4) }), 'seal before the idle time');
    clock.advance(DEFAULT_IDLE_LOCK_MS - 1_000);
    check((await sessionOf(host)) === lead, 'the session ended before the idle time');
    clock.advance(1_000);
    expectErr(await host.seal({ plaintext: bytes(4) }), 'locked', 'seal after ten idle minutes');
    check((await sessionOf(host)) === null, 'status still shows a session after the idle lock');
    expectOk(await host.unlock({ operator: lead, secret: LEAD.secret }), 'unlock after the idle lock');
    expectOk(await host.seal({ plaintext: bytes(4) }), 'seal after unlocking again');
  });

  return checks;
}
