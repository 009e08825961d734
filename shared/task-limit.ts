/**
 * At most `n` tasks running at once; the rest wait their turn, in the order
 * given. A pipeline's stages overlap this way (the next batch verified while
 * one is stored) without holding more than `n` batches in memory however fast
 * they arrive.
 */

/** Runs a task in its turn; answers what the task answers. */
export type TaskQueue = <T>(task: () => Promise<T>) => Promise<T>;

export function createTaskLimit(n: number): TaskQueue {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`a task limit is a whole number of at least 1, not ${n}`);
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((turn) => waiting.push(turn));
    else running++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next in line, so `running` never drops below what runs.
      const next = waiting.shift();
      if (next !== undefined) next();
      else running--;
    }
  };
}
