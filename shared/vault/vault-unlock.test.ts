import type * as Argon2 from '@noble/hashes/argon2.js';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fromUtf8, utf8 } from '../bytes';
import { afterFailures, MAX_FAILURES, triesLeft } from './attempts';
import { RECORD } from './records';
import { checkOperatorSecret, isGuessablePin } from './secret';
import { LEAD_PIN, leadFixture, OFFICER_PIN, value, type Fixture } from './test-support';

// Counts Argon2id runs: a `wait`, `locked-out` or `disabled` answer must come without one.
const argon = vi.hoisted(() => ({ calls: 0 }));
vi.mock('@noble/hashes/argon2.js', async (importOriginal) => {
  const original = await importOriginal<typeof Argon2>();
  return {
    ...original,
    argon2idAsync: (...args: Parameters<typeof original.argon2idAsync>) => {
      argon.calls += 1;
      return original.argon2idAsync(...args);
    },
  };
});

beforeEach(() => {
  argon.calls = 0;
});

/** The lead's fixture with a field officer added, everyone signed out. */
async function withOfficer(): Promise<Fixture & { officer: string }> {
  const fixture = await leadFixture();
  const { id } = value(await fixture.vault.operatorAdd({ name: 'Bilal Officer', role: 'field-officer', secret: OFFICER_PIN }));
  await fixture.vault.lock();
  return { ...fixture, officer: id };
}

describe('back-off policy', () => {
  it('is free for 3 failures, then waits 5 s doubling to 160 s, and locks out at 10', () => {
    const delays = Array.from({ length: 11 }, (_, failures) => afterFailures(failures));
    expect(delays.map((d) => d.delayMs)).toEqual([0, 0, 0, 0, 5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 0]);
    expect(delays.map((d) => d.lockedOut)).toEqual([...new Array<boolean>(10).fill(false), true]);
    expect(afterFailures(12).lockedOut).toBe(true);
    expect(triesLeft(3)).toBe(7);
    expect(() => afterFailures(-1)).toThrow(RangeError);
  });
});

describe('operator secrets', () => {
  it.each(['1111', '1234', '9876', '0123', '43210', '12345678', '98765432', '00000000'])('refuses the guessable PIN %s', (pin) => {
    expect(isGuessablePin(pin)).toBe(true);
    expect(checkOperatorSecret(pin, 'field-officer')).toMatchObject({ ok: false, code: 'weak-secret' });
  });

  it('takes 4–8 digit PINs for everyone and passphrases of 12–128 characters for team leads only', () => {
    for (const pin of ['2580', '1379', '13572468', '0918']) expect(checkOperatorSecret(pin, 'field-officer')).toEqual({ ok: true, value: 'pin' });
    for (const bad of ['258', '258013579', '25a0', '٢٥٨٠', '']) expect(checkOperatorSecret(bad, 'field-officer').ok).toBe(false);
    expect(checkOperatorSecret('correct horse battery', 'field-officer')).toMatchObject({ ok: false, message: expect.stringContaining('team leads') });
    expect(checkOperatorSecret('correct horse battery', 'team-lead')).toEqual({ ok: true, value: 'passphrase' });
    expect(checkOperatorSecret('كلمة مرور طويلة جدا', 'team-lead')).toEqual({ ok: true, value: 'passphrase' });
    expect(checkOperatorSecret('short phrase', 'team-lead').ok).toBe(true);
    expect(checkOperatorSecret('too short', 'team-lead').ok).toBe(false);
    expect(checkOperatorSecret('x'.repeat(129), 'team-lead').ok).toBe(false);
    expect(checkOperatorSecret('tab\tinside here', 'team-lead')).toMatchObject({ ok: false, message: expect.stringContaining('control') });
  });
});

describe('vault:unlock', () => {
  it('opens a session for the right secret and answers unknown-operator for an id it does not know', async () => {
    const { vault, officer, clock } = await withOfficer();
    const calls = argon.calls;
    expect(await vault.unlock({ operator: 'op-nobody-1', secret: OFFICER_PIN })).toMatchObject({ ok: false, code: 'unknown-operator' });
    expect(argon.calls).toBe(calls);
    const session = value(await vault.unlock({ operator: officer, secret: OFFICER_PIN }));
    expect(session).toEqual({ operator: officer, role: 'field-officer', since: clock.now().toISOString() });
    expect(value(await vault.vaultStatus()).session).toEqual(session);
  });

  it('takes a passphrase NFC-normalised: one passphrase typed two ways is one key', async () => {
    const { vault, restart } = await leadFixture();
    const { id } = value(await vault.operatorAdd({ name: 'Chloé Lead', role: 'team-lead', secret: 'café au lait chaud' }));
    const again = restart();
    value(await again.unlock({ operator: id, secret: 'cafe\u0301 au lait chaud' }));
  });

  it('backs off on wrong secrets, answers wait without Argon2id, locks out at ten, and a lead reset lets the right PIN in', async () => {
    const { vault, officer, lead, clock } = await withOfficer();
    const wrong = { operator: officer, secret: '9517' };
    const retryAts: (string | undefined)[] = [];
    for (let failure = 1; failure < MAX_FAILURES; failure++) {
      const before = argon.calls;
      const answer = await vault.unlock(wrong);
      expect(argon.calls).toBe(before + 1);
      expect(answer).toMatchObject({ ok: false, code: 'bad-secret', message: expect.stringMatching(`: ${MAX_FAILURES - failure} tr(y|ies) left`) });
      const entry = value(await vault.vaultStatus()).operators.find((o) => o.id === officer)!;
      expect(entry.failures).toBe(failure);
      retryAts.push(entry.retryAt);
      const { delayMs } = afterFailures(failure);
      if (delayMs > 0) {
        expect(entry.retryAt).toBe(new Date(clock.at() + delayMs).toISOString());
        // Even the right PIN waits, and nothing is derived.
        const waiting = await vault.unlock({ operator: officer, secret: OFFICER_PIN });
        expect(waiting).toMatchObject({ ok: false, code: 'wait', message: expect.stringContaining(entry.retryAt!) });
        expect(argon.calls).toBe(before + 1);
        clock.advance(delayMs);
      }
    }
    expect(retryAts.map((at) => (at === undefined ? 0 : Date.parse(at)))).toEqual(
      retryAts.map((at) => (at === undefined ? 0 : Date.parse(at))).sort((a, b) => a - b),
    );
    expect(retryAts.filter(Boolean)).toHaveLength(6);

    expect(await vault.unlock(wrong)).toMatchObject({ ok: false, code: 'locked-out' });
    const calls = argon.calls;
    expect(await vault.unlock({ operator: officer, secret: OFFICER_PIN })).toMatchObject({ ok: false, code: 'locked-out' });
    expect(argon.calls).toBe(calls);
    expect(value(await vault.vaultStatus()).operators.find((o) => o.id === officer)).toMatchObject({ lockedOut: true, failures: MAX_FAILURES });

    // A field officer cannot reset; a lead can.
    value(await vault.unlock({ operator: lead, secret: LEAD_PIN }));
    value(await vault.operatorReset({ id: officer }));
    expect(value(await vault.vaultStatus()).operators.find((o) => o.id === officer)).toMatchObject({ lockedOut: false, failures: 0 });
    value(await vault.unlock({ operator: officer, secret: OFFICER_PIN }));
    expect(await vault.operatorReset({ id: officer })).toMatchObject({ ok: false, code: 'not-allowed' });
  });

  it('keeps the failure count and the wait across a restart', async () => {
    const { vault, officer, restart } = await withOfficer();
    for (let i = 0; i < 4; i++) await vault.unlock({ operator: officer, secret: '9517' });
    const again = restart();
    const entry = value(await again.vaultStatus()).operators.find((o) => o.id === officer)!;
    expect(entry).toMatchObject({ failures: 4, lockedOut: false });
    expect(entry.retryAt).toBeDefined();
    const calls = argon.calls;
    expect(await again.unlock({ operator: officer, secret: OFFICER_PIN })).toMatchObject({ ok: false, code: 'wait' });
    expect(argon.calls).toBe(calls);
  });

  it('clears the count on a right secret', async () => {
    const { vault, officer } = await withOfficer();
    for (let i = 0; i < 3; i++) await vault.unlock({ operator: officer, secret: '9517' });
    value(await vault.unlock({ operator: officer, secret: OFFICER_PIN }));
    expect(value(await vault.vaultStatus()).operators.find((o) => o.id === officer)).toMatchObject({ failures: 0, lockedOut: false });
  });

  it('answers disabled for an operator a lead disabled, without checking the secret', async () => {
    const { vault, officer, lead } = await withOfficer();
    value(await vault.unlock({ operator: lead, secret: LEAD_PIN }));
    expect(await vault.operatorUpdate({ id: lead, active: false })).toMatchObject({ ok: false, code: 'not-allowed' });
    expect(await vault.operatorUpdate({ id: lead, role: 'field-officer' })).toMatchObject({ ok: false, code: 'not-allowed' });
    value(await vault.operatorUpdate({ id: officer, active: false }));
    await vault.lock();
    const calls = argon.calls;
    expect(await vault.unlock({ operator: officer, secret: OFFICER_PIN })).toMatchObject({ ok: false, code: 'disabled' });
    expect(argon.calls).toBe(calls);
  });

  it('refuses a role raised on disk, outside the vault (the tag no longer holds)', async () => {
    const { vault, officer, store } = await withOfficer();
    const read = await store.read(RECORD.operators);
    const record = JSON.parse(fromUtf8(read.ok ? read.value! : new Uint8Array())) as { operators: { id: string; role: string }[] };
    record.operators.find((o) => o.id === officer)!.role = 'team-lead';
    await store.write(RECORD.operators, utf8(JSON.stringify(record)));
    expect(await vault.unlock({ operator: officer, secret: OFFICER_PIN })).toMatchObject({ ok: false, code: 'vault-unreadable' });
  });

  it("follows a lead's role change: the officer signs in as a lead and their slot is re-wrapped", async () => {
    const { vault, officer, lead, restart } = await withOfficer();
    value(await vault.unlock({ operator: lead, secret: LEAD_PIN }));
    value(await vault.operatorUpdate({ id: officer, role: 'team-lead' }));
    await vault.lock();
    expect(value(await vault.unlock({ operator: officer, secret: OFFICER_PIN })).role).toBe('team-lead');
    const again = restart();
    expect(value(await again.unlock({ operator: officer, secret: OFFICER_PIN })).role).toBe('team-lead');
    value(await again.operatorReset({ id: lead }));
  });
});

describe('vault:approve', () => {
  it("checks another operator's secret without changing the session, with the same accounting", async () => {
    const { vault, officer, lead } = await withOfficer();
    expect(await vault.approve({ operator: lead, secret: LEAD_PIN })).toMatchObject({ ok: false, code: 'locked' });
    const session = value(await vault.unlock({ operator: officer, secret: OFFICER_PIN }));
    expect(value(await vault.approve({ operator: lead, secret: LEAD_PIN }))).toEqual({ operator: lead, role: 'team-lead' });
    expect(await vault.approve({ operator: lead, secret: '9517' })).toMatchObject({ ok: false, code: 'bad-secret' });
    const status = value(await vault.vaultStatus());
    expect(status.session).toEqual(session);
    expect(status.operators.find((o) => o.id === lead)!.failures).toBe(1);
  });
});

describe('vault:operator-add', () => {
  it('lets anyone add the first operator, who is signed in; then only a signed-in lead', async () => {
    const { vault, lead, device } = await leadFixture();
    expect(lead).toBe(`op-${device.slice(-6)}-1`);
    expect(value(await vault.vaultStatus()).session?.operator).toBe(lead);
    const { id } = value(await vault.operatorAdd({ name: 'Bilal', role: 'field-officer', secret: OFFICER_PIN }));
    expect(id).toBe(`op-${device.slice(-6)}-2`);
    await vault.lock();
    expect(await vault.operatorAdd({ name: 'Chen', role: 'field-officer', secret: '4826' })).toMatchObject({ ok: false, code: 'locked' });
    value(await vault.unlock({ operator: id, secret: OFFICER_PIN }));
    expect(await vault.operatorAdd({ name: 'Chen', role: 'field-officer', secret: '4826' })).toMatchObject({ ok: false, code: 'not-allowed' });
  });

  it('lets a joining laptop\'s founding officer become a lead in their own session, and no other officer', async () => {
    const { memoryVaultStore } = await import('./store');
    const { Vault } = await import('./vault');
    const { SMALL_KDF } = await import('./test-support');
    const vault = new Vault({ store: memoryVaultStore(), kdf: SMALL_KDF });
    const { device } = value(await vault.vaultCreate());
    const { id: founder } = value(await vault.operatorAdd({ name: 'Juma', role: 'field-officer', secret: OFFICER_PIN }));
    expect(founder).toBe(`op-${device.slice(-6)}-1`);
    expect(await vault.operatorUpdate({ id: founder, role: 'team-lead', active: false })).toMatchObject({ ok: false, code: 'not-allowed' });
    value(await vault.operatorUpdate({ id: founder, role: 'team-lead' }));
    expect(value(await vault.vaultStatus()).operators).toEqual([expect.objectContaining({ id: founder, role: 'team-lead' })]);
    const { id: second } = value(await vault.operatorAdd({ name: 'Neema', role: 'field-officer', secret: '4826' }));
    await vault.lock();
    value(await vault.unlock({ operator: second, secret: '4826' }));
    expect(await vault.operatorUpdate({ id: second, role: 'team-lead' })).toMatchObject({ ok: false, code: 'not-allowed' });
  });

  it('refuses a name already known (compared as search compares names) and a secret the rules refuse', async () => {
    const { vault } = await leadFixture();
    expect(await vault.operatorAdd({ name: 'amina  LEAD', role: 'field-officer', secret: OFFICER_PIN })).toMatchObject({ ok: false, code: 'refused' });
    expect(await vault.operatorAdd({ name: 'Âmina Lead', role: 'field-officer', secret: OFFICER_PIN })).toMatchObject({ ok: false, code: 'refused' });
    expect(await vault.operatorAdd({ name: 'Dana', role: 'field-officer', secret: '4444' })).toMatchObject({ ok: false, code: 'invalid-args' });
    expect(await vault.operatorAdd({ name: 'Dana', role: 'field-officer', secret: 'a long passphrase' })).toMatchObject({
      ok: false,
      code: 'invalid-args',
    });
  });

  it('survives an interrupted setup: a restart between create and the first operator loses nothing', async () => {
    const { memoryVaultStore } = await import('./store');
    const { Vault } = await import('./vault');
    const { SMALL_KDF } = await import('./test-support');
    const store = memoryVaultStore();
    const keys = value(await new Vault({ store, kdf: SMALL_KDF }).vaultCreate());
    const restarted = new Vault({ store, kdf: SMALL_KDF });
    const { id } = value(await restarted.operatorAdd({ name: 'Amina', role: 'team-lead', secret: LEAD_PIN }));
    const setup = JSON.parse(fromUtf8(store.records.get(RECORD.setup)!)) as { mk: unknown };
    expect(setup.mk).toBeNull();
    expect(value(await restarted.vaultCreate())).toEqual(keys);
    const third = new Vault({ store, kdf: SMALL_KDF });
    value(await third.unlock({ operator: id, secret: LEAD_PIN }));
  });
});
