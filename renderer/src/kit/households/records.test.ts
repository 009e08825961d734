import { describe, expect, it, vi } from 'vitest';
import { utf8 } from '../../../../shared/bytes';
import { householdPiiSchema } from '../../../../shared/household';
import type { HostApi, SealedBlob } from '../../../../shared/ipc';
import { createMemoryHost } from '../../host/memory-host';
import type { HouseholdForm } from '../api/households';
import { family, unwrap } from '../testing';
import { openRecord, openRecords } from './records';

const LEAD = { name: 'Amina Lead', role: 'team-lead', secret: '2580' } as const;

/** A memory host with its lead signed in, whose `openMany` calls are counted. */
async function signedIn(): Promise<{ host: HostApi; openMany: ReturnType<typeof vi.fn<HostApi['openMany']>> }> {
  const memory = createMemoryHost();
  unwrap(await memory.vaultCreate());
  unwrap(await memory.operatorAdd(LEAD));
  const openMany = vi.fn<HostApi['openMany']>((...args) => memory.openMany(...args));
  return { host: { ...memory, openMany }, openMany };
}

const member = (name: string): HouseholdForm => ({ ...family, head: { ...family.head, name } });
const plaintext = (form: HouseholdForm) => utf8(JSON.stringify(form));

describe('openRecords', () => {
  it('opens each record bound to its household, in order, and answers sealed-elsewhere for the rest', async () => {
    const { host } = await signedIn();
    const { kid } = unwrap(await host.siteKeyCreate());
    const [a, b, underSite] = unwrap(
      await host.sealMany([
        { plaintext: plaintext(member('A')), context: 'HH-AAAA' },
        { plaintext: plaintext(member('B')), context: 'HH-BBBB' },
        { plaintext: plaintext(member('S')), kid, context: 'HH-SSSS' },
      ]),
    );
    // Sealed before issue 10: the laptop's own data key, no household binding.
    const legacy = unwrap(await host.seal({ plaintext: plaintext(member('L')) }));
    const unboundSite = unwrap(await host.seal({ plaintext: plaintext(member('U')), kid }));
    const stranger = createMemoryHost();
    unwrap(await stranger.vaultCreate());
    unwrap(await stranger.operatorAdd(LEAD));
    const foreign = unwrap(await stranger.seal({ plaintext: plaintext(member('F')), context: 'HH-FFFF' }));

    const opened = await openRecords({ host }, [
      { household: 'HH-AAAA', blob: a! },
      { household: 'HH-LLLL', blob: legacy },
      { household: 'HH-AAAA', blob: b! },
      { household: 'HH-FFFF', blob: foreign },
      { household: 'HH-SSSS', blob: underSite! },
      { household: 'HH-UUUU', blob: unboundSite },
      { household: 'HH-BBBB', blob: { ...b!, kid: 'sk-0123456789abcdef' } },
      { household: 'HH-BBBB', blob: b! },
    ]);
    expect(opened.map((r) => (r.ok ? r.value.head.name : r.code))).toEqual(['A', 'L', 'sealed-elsewhere', 'sealed-elsewhere', 'S', 'sealed-elsewhere', 'sealed-elsewhere', 'B']);
    expect(opened[0]).toEqual({ ok: true, value: householdPiiSchema.parse(member('A')) });
    expect(await openRecord({ host }, 'HH-LLLL', legacy)).toEqual({ ok: true, value: householdPiiSchema.parse(member('L')) });
    expect(await openRecord({ host }, 'HH-BBBB', a!)).toMatchObject({ ok: false, code: 'sealed-elsewhere' });
  });

  it('asks the vault once per 250 records, and again only for the data-key records that did not open bound', async () => {
    const { host, openMany } = await signedIn();
    const ids = Array.from({ length: 601 }, (_, i) => `HH-${String(i).padStart(4, '0')}`);
    const blobs: SealedBlob[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      blobs.push(...unwrap(await host.sealMany(ids.slice(i, i + 500).map((id) => ({ plaintext: plaintext(member(id)), context: id })))));
    }
    const opened = await openRecords({ host }, ids.map((household, i) => ({ household, blob: blobs[i]! })));
    expect(opened.map((r) => r.ok && r.value.head.name)).toEqual(ids);
    expect(openMany.mock.calls.map(([requests]) => requests.length)).toEqual([250, 250, 101]);

    openMany.mockClear();
    const moved = await openRecords({ host }, [{ household: 'HH-0001', blob: blobs[0]! }, { household: 'HH-0001', blob: blobs[1]! }]);
    expect(moved.map((r) => r.ok)).toEqual([false, true]);
    // The record that did not open bound is asked once more without its household (the rule for records before issue 10).
    expect(openMany.mock.calls.map(([requests]) => requests.map((r) => r.context ?? null))).toEqual([['HH-0001', 'HH-0001'], [null]]);

    openMany.mockClear();
    expect(await openRecords({ host }, [])).toEqual([]);
    expect(openMany).not.toHaveBeenCalled();
  });

  it('throws when the vault refuses the call itself', async () => {
    const { host } = await signedIn();
    const blob = unwrap(await host.seal({ plaintext: plaintext(family), context: 'HH-AAAA' }));
    unwrap(await host.lock());
    await expect(openRecords({ host }, [{ household: 'HH-AAAA', blob }])).rejects.toThrow(/host refused: locked/);
  });
});
