/**
 * A promise queue: tasks given to it run one at a time, in the order given,
 * each starting once the one before has settled. For work that must not
 * interleave within one process, such as appends to a hash chain or a log.
 */
export type SerialQueue = <T>(task: () => Promise<T>) => Promise<T>;

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const next = tail.then(() => task());
    // The queue goes on after a failed task; the failure goes to that task's caller only.
    tail = next.catch(() => undefined);
    return next;
  };
}
