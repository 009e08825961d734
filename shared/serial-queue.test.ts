import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSerialQueue } from './serial-queue';

/** Lets other promise callbacks run: a task that takes `turns` turns of the microtask queue. */
async function pause(turns: number): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}

type Outcome = 'resolve' | 'reject' | 'throw';

describe('createSerialQueue', () => {
  it('runs tasks one at a time in the order given, and a failed task does not stop the queue (fast-check)', async () => {
    const task = fc.record({ turns: fc.nat(5), outcome: fc.constantFrom<Outcome>('resolve', 'reject', 'throw') });
    await fc.assert(
      fc.asyncProperty(fc.array(task, { maxLength: 12 }), async (tasks) => {
        const run = createSerialQueue();
        const log: string[] = [];
        let running = 0;
        const answers = tasks.map(({ turns, outcome }, i) =>
          run(() => {
            // A task that throws before it returns a promise fails like one that rejects.
            if (outcome === 'throw') throw new Error(`task ${i}`);
            return (async () => {
              running++;
              log.push(`start ${i}`);
              expect(running).toBe(1);
              await pause(turns);
              log.push(`end ${i}`);
              running--;
              if (outcome === 'reject') throw new Error(`task ${i}`);
              return i;
            })();
          }),
        );
        const settled = await Promise.allSettled(answers);
        expect(settled).toEqual(
          tasks.map(({ outcome }, i) =>
            outcome === 'resolve' ? { status: 'fulfilled', value: i } : { status: 'rejected', reason: new Error(`task ${i}`) },
          ),
        );
        const ran = tasks.flatMap(({ outcome }, i) => (outcome === 'throw' ? [] : [`start ${i}`, `end ${i}`]));
        expect(log).toEqual(ran);
      }),
    );
  });

  it('starts a task given after the queue emptied', async () => {
    const run = createSerialQueue();
    await expect(run(() => Promise.reject(new Error('first')))).rejects.toThrow('first');
    await expect(run(async () => 'second')).resolves.toBe('second');
  });

  it('keeps two queues apart: a slow task in one does not hold up the other', async () => {
    const [a, b] = [createSerialQueue(), createSerialQueue()];
    const log: string[] = [];
    let release = (): void => undefined;
    const slow = a(() => new Promise<void>((resolve) => (release = resolve)).then(() => log.push('a')));
    await b(async () => log.push('b'));
    release();
    await slow;
    expect(log).toEqual(['b', 'a']);
  });
});
