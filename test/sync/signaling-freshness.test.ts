/** The pieces of issue 12's slot defence that need no network: stamps, the replay filter, slot shares and bans. */
import { describe, expect, it } from 'vitest';
import { MAX_SLOTS_PER_SENDER, PeerSlots } from '../../renderer/src/sync/room-slots';
import { decryptJson, deriveRoomKey, encryptJson, FRESHNESS_WINDOW_MS, isRecent, ReplayFilter, stamp, stampOf } from '../../renderer/src/sync/signaling-crypto';

describe('signaling freshness', () => {
  it('a stamp travels inside the ciphertext, and y-webrtc\'s own fields are untouched', async () => {
    const key = await deriveRoomKey('secret', 'aidtrail/v1/round:x');
    const s = stamp(1_000);
    const opened = (await decryptJson(await encryptJson({ type: 'announce', from: 'p', ...s }, key), key)) as Record<string, unknown>;
    expect(opened).toStrictEqual({ type: 'announce', from: 'p', ts: 1_000, nonce: s.nonce });
    expect(stampOf(opened)).toStrictEqual(s);
    expect(stamp().nonce).not.toBe(stamp().nonce);
    for (const bad of [{}, { ts: 1 }, { ts: '1', nonce: s.nonce }, { ts: Infinity, nonce: s.nonce }, { ts: 1, nonce: 'short' }, { ts: 1, nonce: 'x'.repeat(65) }]) {
      expect(stampOf(bad)).toBeUndefined();
    }
  });

  it('a stamp is recent within the window either way (clocks differ), and a nonce is accepted once', () => {
    const now = 10 * FRESHNESS_WINDOW_MS;
    expect(isRecent({ ts: now - FRESHNESS_WINDOW_MS, nonce: '' }, now)).toBe(true);
    expect(isRecent({ ts: now + FRESHNESS_WINDOW_MS, nonce: '' }, now)).toBe(true);
    expect(isRecent({ ts: now - FRESHNESS_WINDOW_MS - 1, nonce: '' }, now)).toBe(false);
    const filter = new ReplayFilter(3);
    expect(['a', 'b', 'a', 'c'].map((n) => filter.firstSight(n))).toStrictEqual([true, true, false, true]);
    // Past its capacity the oldest is forgotten.
    expect(filter.firstSight('d')).toBe(true);
    expect(filter.firstSight('a')).toBe(true);
    expect(filter.firstSight('d')).toBe(false);
  });

  it('one sender holds a share of the slots; a banned sender none, for a growing while', () => {
    const slots = new PeerSlots(4);
    const held = new Map<string, { sender: string }>();
    for (let i = 0; i < MAX_SLOTS_PER_SENDER; i++) {
      expect(slots.hasSlotFor('s1', held)).toBe(true);
      held.set(`p${i}`, { sender: 's1' });
    }
    expect(slots.hasSlotFor('s1', held)).toBe(false);
    expect(slots.hasSlotFor('s2', held)).toBe(true);
    held.set('q1', { sender: 's2' }).set('q2', { sender: 's3' });
    expect(slots.hasSlotFor('s4', held)).toBe(false); // full

    slots.ban('s5', 0);
    expect(slots.isBanned('s5', 4_999)).toBe(true);
    expect(slots.isBanned('s5', 5_000)).toBe(false);
    slots.ban('s5', 5_000);
    expect(slots.isBanned('s5', 14_999)).toBe(true);
    expect(slots.isBanned('s5', 15_000)).toBe(false);
  });
});
