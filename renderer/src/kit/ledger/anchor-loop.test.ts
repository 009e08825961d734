/**
 * The anchoring loop on a fake clock: no real sleeps. A scripted kit answers
 * each `anchor` call; the fake timers run when the test moves the clock.
 */
import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../../shared/result';
import type { AnchorLoopStatus, KitApi, LedgerStatus } from '../api';
import { AnchorLoop, retryDelay, type LoopTimers } from './anchor-loop';

class FakeClock implements LoopTimers {
  time = 1_000_000;
  #next = 1;
  readonly timers = new Map<number, { at: number; callback: () => void }>();

  now = (): number => this.time;

  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.#next++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  /** Moves time forward, firing due timers in order. */
  async advance(ms: number, loop: AnchorLoop): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
      await loop.settled();
    }
    this.time = end;
  }

  /** The delay of the single pending timer. */
  pending(): number | undefined {
    const [only, ...rest] = [...this.timers.values()];
    if (rest.length > 0) throw new Error(`${this.timers.size} timers pending`);
    return only === undefined ? undefined : only.at - this.time;
  }
}

type AnchorAnswer = Awaited<ReturnType<KitApi['anchor']>>;

/** A kit whose `anchor` answers from a script; the ledger status follows what was anchored. */
function scriptedKit(script: (AnchorAnswer | Error)[], initial: Partial<LedgerStatus> = {}) {
  let status: LedgerStatus = { configured: true, url: 'http://hq.test', anchored: 0, pending: 3, ...initial };
  const calls: number[] = [];
  const kit: Pick<KitApi, 'ledgerStatus' | 'anchor'> = {
    ledgerStatus: async () => status,
    anchor: async (onProgress) => {
      calls.push(status.pending);
      const answer = script.shift() ?? err('unreachable', 'script exhausted');
      if (answer instanceof Error) throw answer;
      if (answer.ok) {
        const total = status.pending;
        if (total > 0) {
          onProgress?.(Math.ceil(total / 2), total);
          onProgress?.(total, total);
        }
        status = { ...status, anchored: status.anchored + total, pending: 0 };
      } else if (answer.code === 'fork') {
        status = { ...status, alarm: '2026-11-24T10:00:00.000Z: the checkpoint does not extend the held one' };
      }
      return answer;
    },
  };
  return {
    kit,
    calls,
    set: (patch: Partial<LedgerStatus>) => {
      status = { ...status, ...patch };
    },
  };
}

function loopOf(kit: Pick<KitApi, 'ledgerStatus' | 'anchor'>, clock: FakeClock, random = () => 0) {
  const loop = new AnchorLoop({ kit, timers: clock, random });
  const seen: AnchorLoopStatus[] = [];
  loop.subscribe((s) => seen.push(s));
  return { loop, seen };
}

describe('retryDelay', () => {
  it('starts at 5 s, doubles, stops at 10 min, and jitter only shortens', () => {
    const none = { random: () => 0 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => retryDelay(n, none))).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000,
    ]);
    expect(retryDelay(1000, none)).toBe(600_000);
    expect(retryDelay(1, { random: () => 0.999999 })).toBe(4_000);
    expect(retryDelay(20, { random: () => 0.5 })).toBe(540_000);
    for (let i = 0; i < 100; i++) {
      const d = retryDelay(1 + (i % 12), { random: Math.random });
      expect(d).toBeGreaterThanOrEqual(4_000);
      expect(d).toBeLessThanOrEqual(600_000);
    }
  });
});

describe('AnchorLoop', () => {
  it('anchors at start with progress, then checks every minute and runs again when events are pending', async () => {
    const clock = new FakeClock();
    const { kit, calls, set } = scriptedKit([ok({ anchored: 3 }), ok({ anchored: 2 })]);
    const { loop, seen } = loopOf(kit, clock);
    loop.start();
    loop.start(); // idempotent
    await loop.settled();
    expect(calls).toEqual([3]);
    expect(seen.some((s) => s.state === 'anchoring' && s.progress?.done === 2 && s.progress.total === 3)).toBe(true);
    expect(loop.status()).toMatchObject({ state: 'idle', attempt: 0, lastAnchored: 3, progress: { done: 3, total: 3 }, ledger: { pending: 0, anchored: 3 } });
    expect(loop.status().nextRunAt).toBe(clock.time + 60_000);
    expect(clock.pending()).toBe(60_000);

    // Nothing pending: a minute later it only looks, and schedules the next look.
    await clock.advance(60_000, loop);
    expect(calls).toEqual([3]);
    expect(loop.status().state).toBe('idle');

    // New handouts: the next check anchors them.
    set({ pending: 2 });
    await clock.advance(60_000, loop);
    expect(calls).toEqual([3, 2]);
    expect(loop.status()).toMatchObject({ state: 'idle', lastAnchored: 2, ledger: { anchored: 5, pending: 0 } });
    loop.stop();
    expect(clock.timers.size).toBe(0);
    expect(loop.status()).toMatchObject({ state: 'off', started: false });
    expect(loop.status().nextRunAt).toBeUndefined();
  });

  it('visits HQ now and then even with nothing to send (every visit audits the checkpoint)', async () => {
    const clock = new FakeClock();
    const { kit, calls } = scriptedKit([ok({ anchored: 3 }), ok({ anchored: 0 })]);
    const loop = new AnchorLoop({ kit, timers: clock, random: () => 0, visitEveryMs: 5 * 60_000 });
    loop.start();
    await loop.settled();
    await clock.advance(4 * 60_000, loop);
    expect(calls).toHaveLength(1);
    await clock.advance(60_000, loop);
    expect(calls).toEqual([3, 0]);
    expect(loop.status().progress).toEqual({ done: 0, total: 0 });
    loop.stop();
  });

  it('does not knock every minute for events HQ already holds (a run that anchors none of them)', async () => {
    const clock = new FakeClock();
    let pending = 3;
    const calls: number[] = [];
    const kit: Pick<KitApi, 'ledgerStatus' | 'anchor'> = {
      ledgerStatus: async () => ({ configured: true, anchored: 0, pending }),
      anchor: async () => {
        calls.push(pending);
        return ok({ anchored: 0 });
      },
    };
    const loop = new AnchorLoop({ kit, timers: clock, random: () => 0, visitEveryMs: 10 * 60_000 });
    loop.start();
    await loop.settled();
    await clock.advance(9 * 60_000, loop);
    expect(calls).toEqual([3]);
    // A new record: worth a visit at once.
    pending = 4;
    await clock.advance(60_000, loop);
    expect(calls).toEqual([3, 4]);
    // And the periodic visit still comes.
    await clock.advance(10 * 60_000, loop);
    expect(calls).toEqual([3, 4, 4]);
    loop.stop();
  });

  it('retries unreachable and bad answers after 5 s, doubling to 10 min, with jitter, then resumes', async () => {
    const clock = new FakeClock();
    const failures = Array.from({ length: 9 }, (_, i) => (i % 2 === 0 ? err('unreachable', 'offline') : err('bad-answer', 'a captive portal')));
    const { kit, calls } = scriptedKit([...failures, ok({ anchored: 3 })]);
    let r = 0;
    const randoms = [0, 0.5, 0, 0, 0, 0, 0, 0, 1 - 1e-9];
    const { loop } = loopOf(kit, clock, () => randoms[r++] ?? 0);
    loop.start();
    await loop.settled();
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      expect(loop.status()).toMatchObject({ state: 'waiting', attempt: i + 1, error: { code: i % 2 === 0 ? 'unreachable' : 'bad-answer' } });
      const wait = clock.pending()!;
      expect(loop.status().nextRunAt).toBe(clock.time + wait);
      delays.push(wait);
      // Not a moment early.
      await clock.advance(wait - 1, loop);
      expect(calls).toHaveLength(i + 1);
      await clock.advance(1, loop);
      expect(calls).toHaveLength(i + 2);
    }
    expect(delays).toEqual([5_000, 9_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 480_000]);
    expect(loop.status()).toMatchObject({ state: 'idle', attempt: 0, lastAnchored: 3 });
    expect(loop.status().error).toBeUndefined();
    loop.stop();
  });

  it('stops on a fork and stays stopped: Anchor now only re-reads the status', async () => {
    const clock = new FakeClock();
    const { kit, calls } = scriptedKit([err('fork', 'two histories'), ok({ anchored: 3 })]);
    const { loop } = loopOf(kit, clock);
    loop.start();
    await loop.settled();
    expect(loop.status()).toMatchObject({ state: 'fork', error: { code: 'fork' } });
    expect(loop.status().ledger?.alarm).toMatch(/does not extend/);
    expect(clock.timers.size).toBe(0);
    await loop.runNow();
    expect(calls).toHaveLength(1);
    expect(loop.status().state).toBe('fork');
    await clock.advance(3_600_000, loop);
    expect(calls).toHaveLength(1);
  });

  it('does not anchor at all while an alarm stands (raised by a gossiped checkpoint)', async () => {
    const clock = new FakeClock();
    const { kit, calls, set } = scriptedKit([ok({ anchored: 3 }), ok({ anchored: 0 })]);
    const { loop } = loopOf(kit, clock);
    loop.start();
    await loop.settled();
    set({ alarm: 'a gossiped checkpoint contradicts the held one' });
    await loop.refresh();
    expect(loop.status().state).toBe('fork');
    expect(clock.timers.size).toBe(0);
    await loop.runNow();
    expect(calls).toHaveLength(1);
  });

  it('stops on refused with the reason, and Anchor now tries again', async () => {
    const clock = new FakeClock();
    const { kit, calls } = scriptedKit([err('refused', 'the ledger refused (401 unknown-device): not registered'), ok({ anchored: 3 })]);
    const { loop } = loopOf(kit, clock);
    loop.start();
    await loop.settled();
    expect(loop.status()).toMatchObject({ state: 'error', error: { code: 'refused', message: expect.stringMatching(/unknown-device/) } });
    expect(clock.timers.size).toBe(0);
    await clock.advance(3_600_000, loop);
    expect(calls).toHaveLength(1);
    await loop.runNow();
    expect(loop.status()).toMatchObject({ state: 'idle', lastAnchored: 3 });
    expect(loop.status().error).toBeUndefined();
    loop.stop();
  });

  it('waits for HQ to register this laptop: retries unregistered-device every 10 min (with jitter), then anchors', async () => {
    const clock = new FakeClock();
    const notYet = () => err('unregistered-device', 'the ledger refused (403 device-not-certified): 3 of 3 events are not from a trusted device');
    const { kit, calls } = scriptedKit([notYet(), notYet(), notYet(), ok({ anchored: 3 })]);
    let r = 0;
    const randoms = [0, 0.5, 0];
    const { loop } = loopOf(kit, clock, () => randoms[r++] ?? 0);
    loop.start();
    await loop.settled();
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect(loop.status()).toMatchObject({ state: 'waiting', attempt: i + 1, error: { code: 'unregistered-device', message: expect.stringMatching(/device-not-certified/) } });
      delays.push(clock.pending()!);
      await clock.advance(clock.pending()!, loop);
    }
    expect(delays).toEqual([600_000, 540_000, 600_000]);
    expect(calls).toHaveLength(4);
    expect(loop.status()).toMatchObject({ state: 'idle', attempt: 0, lastAnchored: 3 });
    expect(loop.status().error).toBeUndefined();
    loop.stop();
  });

  // reload-needed: the desktop page must reload to reach the ledger; the shell reloads it and the loop starts again there.
  it.each(['bad-receipt', 'chain-mismatch', 'batch-error', 'revoked-device', 'reload-needed'] as const)('stops on %s (retrying cannot fix it)', async (code) => {
    const clock = new FakeClock();
    const { kit } = scriptedKit([err(code, 'no')]);
    const { loop } = loopOf(kit, clock);
    loop.start();
    await loop.settled();
    expect(loop.status()).toMatchObject({ state: 'error', error: { code } });
    expect(clock.timers.size).toBe(0);
  });

  it('stays off without a ledger, and runs once one is configured', async () => {
    const clock = new FakeClock();
    const { kit, calls, set } = scriptedKit([ok({ anchored: 3 })], { configured: false });
    const { loop } = loopOf(kit, clock);
    loop.start();
    await loop.settled();
    expect(loop.status()).toMatchObject({ state: 'off', started: true, ledger: { configured: false } });
    expect(clock.timers.size).toBe(0);
    expect(calls).toHaveLength(0);
    set({ configured: true });
    await loop.refresh();
    await loop.settled();
    expect(calls).toEqual([3]);
    expect(loop.status().state).toBe('idle');
    loop.stop();
  });

  it('a throw (a bug) is reported and retried, and Anchor now joins a run in flight', async () => {
    const clock = new FakeClock();
    const { kit, calls } = scriptedKit([new Error('boom'), ok({ anchored: 3 })]);
    const errors: unknown[] = [];
    const loop = new AnchorLoop({ kit, timers: clock, random: () => 0, onInternalError: (e) => errors.push(e) });
    loop.start();
    await loop.settled();
    expect(loop.status()).toMatchObject({ state: 'waiting', error: { code: 'internal', message: 'boom' } });
    expect(errors).toHaveLength(1);
    const a = loop.runNow();
    const b = loop.runNow();
    await Promise.all([a, b]);
    expect(calls).toHaveLength(2);
    expect(loop.status().state).toBe('idle');
    // The retry timer of the failed run was cleared by the manual run.
    expect(clock.pending()).toBe(60_000);
    loop.stop();
  });

  it('stop() during a run: the run finishes and nothing is scheduled', async () => {
    const clock = new FakeClock();
    const { kit } = scriptedKit([ok({ anchored: 3 })]);
    const { loop } = loopOf(kit, clock);
    loop.start();
    loop.stop();
    await loop.settled();
    expect(clock.timers.size).toBe(0);
    expect(loop.status()).toMatchObject({ started: false, state: 'off', lastAnchored: 3 });
  });
});
