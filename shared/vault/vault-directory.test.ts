import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url, utf8 } from '../bytes';
import type { DirectoryImportEntry, SealedBlob } from '../ipc';
import { parseVaultArgs } from '../vault';
import { LEAD_PIN, leadFixture, OFFICER_PIN, value, type Fixture } from './test-support';

const flip = (field: string, at: number): string => {
  const bytes = fromBase64url(field);
  bytes[at % bytes.length]! ^= 1;
  return toBase64url(bytes);
};

/**
 * Laptop A (the lead's) with a site key and a field officer; laptop B, its
 * own lead, holding the same site key (wrapped by A, accepted by B).
 */
async function site(): Promise<{ a: Fixture; b: Fixture; kid: string; officer: string; entry: DirectoryImportEntry }> {
  const a = await leadFixture();
  const b = await leadFixture();
  const { kid } = value(await a.vault.siteKeyCreate());
  const { id: officer } = value(await a.vault.operatorAdd({ name: 'Bilal Officer', role: 'field-officer', secret: OFFICER_PIN }));
  value(await b.vault.siteKeyAccept(value(await a.vault.siteKeyWrap({ kid, to: b.agreement }))));
  const profile = value(await a.vault.operatorProfile({ id: officer, kid }));
  expect(parseVaultArgs('vault:operator-import', [[{ id: officer, role: 'field-officer', active: true, profile }]]).ok).toBe(true);
  return { a, b, kid, officer, entry: { id: officer, role: 'field-officer', active: true, profile } };
}

describe('the operator directory', () => {
  it('lets an operator enrolled on one laptop sign in on another with the same PIN, and not with a wrong one', async () => {
    const { b, officer, entry } = await site();
    expect(value(await b.vault.operatorImport([entry]))).toEqual({ imported: 1, unreadable: [] });
    expect(value(await b.vault.vaultStatus()).operators.find((o) => o.id === officer)).toMatchObject({
      name: 'Bilal Officer',
      role: 'field-officer',
      canUnlock: true,
      failures: 0,
    });
    await b.vault.lock();
    expect(await b.vault.unlock({ operator: officer, secret: '9517' })).toMatchObject({ ok: false, code: 'bad-secret' });
    expect(value(await b.vault.unlock({ operator: officer, secret: OFFICER_PIN }))).toMatchObject({ operator: officer, role: 'field-officer' });
    // The first sign-in gave them a local slot: a restart of B, and the site key's slot is no longer needed.
    const restarted = b.restart();
    value(await restarted.unlock({ operator: officer, secret: OFFICER_PIN }));
    value(await restarted.seal({ plaintext: utf8('x') }));
    // Importing again changes nothing and never replaces the local slot.
    value(await restarted.unlock({ operator: b.lead, secret: LEAD_PIN }));
    expect(value(await restarted.operatorImport([entry]))).toEqual({ imported: 0, unreadable: [] });
    await restarted.lock();
    value(await restarted.unlock({ operator: officer, secret: OFFICER_PIN }));
  });

  it('takes role and active from the directory entry: a disabled entry cannot sign in', async () => {
    const { b, officer, entry } = await site();
    value(await b.vault.operatorImport([{ ...entry, active: false }]));
    await b.vault.lock();
    expect(await b.vault.unlock({ operator: officer, secret: OFFICER_PIN })).toMatchObject({ ok: false, code: 'disabled' });
    value(await b.vault.unlock({ operator: b.lead, secret: LEAD_PIN }));
    value(await b.vault.operatorImport([{ ...entry, role: 'team-lead' }]));
    await b.vault.lock();
    expect(value(await b.vault.unlock({ operator: officer, secret: OFFICER_PIN })).role).toBe('team-lead');
  });

  it('lists forged profiles as unreadable: another key, another id, tampered, not a profile', async () => {
    const { a, b, kid, officer, entry } = await site();
    const stranger = await leadFixture();
    const { kid: otherKid } = value(await stranger.vault.siteKeyCreate());
    const { id: strangerId } = value(await stranger.vault.operatorAdd({ name: 'Eve', role: 'team-lead', secret: '8264' }));
    const foreign = value(await stranger.vault.operatorProfile({ id: strangerId, kid: otherKid }));
    const notAProfile = value(await a.vault.seal({ plaintext: utf8('{"v":1}'), kid, context: 'op-forged-1' }));
    const dataKeyBlob: SealedBlob = value(await a.vault.seal({ plaintext: utf8('x'), context: officer }));
    const { lead } = a;
    const leadProfile = value(await a.vault.operatorProfile({ id: lead, kid }));
    const forged: DirectoryImportEntry[] = [
      { id: strangerId, role: 'team-lead', active: true, profile: foreign },
      { id: strangerId, role: 'team-lead', active: true, profile: { ...foreign, kid } },
      { id: 'op-moved-1', role: 'team-lead', active: true, profile: entry.profile },
      { id: lead, role: 'team-lead', active: true, profile: entry.profile },
      { id: 'op-tampered-1', role: 'field-officer', active: true, profile: { ...entry.profile, ct: flip(entry.profile.ct, 5) } },
      { id: 'op-tampered-2', role: 'field-officer', active: true, profile: { ...entry.profile, iv: flip(entry.profile.iv, 0) } },
      { id: 'op-forged-1', role: 'team-lead', active: true, profile: notAProfile },
      { id: officer, role: 'field-officer', active: true, profile: dataKeyBlob },
    ];
    const result = value(await b.vault.operatorImport([...forged, { id: lead, role: 'team-lead', active: true, profile: leadProfile }]));
    expect(result).toEqual({ imported: 1, unreadable: forged.map((f) => f.id) });
    const roster = value(await b.vault.vaultStatus()).operators.map((o) => o.id);
    expect(roster).toContain(lead);
    expect(roster).not.toContain(strangerId);
    expect(roster).not.toContain(officer);
  });

  it('seals a profile only for a held site key and an operator whose secret was seen since; another laptop\'s operator for a lead only', async () => {
    const a = await leadFixture();
    const { id: officer } = value(await a.vault.operatorAdd({ name: 'Bilal Officer', role: 'field-officer', secret: OFFICER_PIN }));
    expect(await a.vault.operatorProfile({ id: officer, kid: 'sk-0011223344556677' })).toMatchObject({ ok: false, code: 'no-key' });
    const { kid } = value(await a.vault.siteKeyCreate());
    // The officer was added before the site key: their slot for it comes with their next right PIN.
    expect(await a.vault.operatorProfile({ id: officer, kid })).toMatchObject({ ok: false, code: 'no-key' });
    value(await a.vault.operatorProfile({ id: a.lead, kid }));
    await a.vault.lock();
    value(await a.vault.unlock({ operator: officer, secret: OFFICER_PIN }));
    // An officer lists this laptop's own operators (peers accept that from a field laptop), not another laptop's.
    value(await a.vault.operatorProfile({ id: officer, kid }));
    expect(await a.vault.operatorProfile({ id: 'op-zzzzzz-1', kid })).toMatchObject({ ok: false, code: 'not-allowed' });
    value(await a.vault.unlock({ operator: a.lead, secret: LEAD_PIN }));
    value(await a.vault.operatorProfile({ id: officer, kid }));
    expect(await a.vault.operatorProfile({ id: 'op-nobody-1', kid })).toMatchObject({ ok: false, code: 'unknown-operator' });
  });

  it('needs a session to import', async () => {
    const { b, entry } = await site();
    await b.vault.lock();
    expect(await b.vault.operatorImport([entry])).toMatchObject({ ok: false, code: 'locked' });
  });

  it('ends the session of an operator the directory disables', async () => {
    const { b, entry, officer } = await site();
    value(await b.vault.operatorImport([entry]));
    value(await b.vault.unlock({ operator: officer, secret: OFFICER_PIN }));
    value(await b.vault.operatorImport([{ ...entry, active: false }]));
    expect(value(await b.vault.vaultStatus()).session).toBeNull();
    expect(await b.vault.seal({ plaintext: utf8('x') })).toMatchObject({ ok: false, code: 'locked' });
  });
});
