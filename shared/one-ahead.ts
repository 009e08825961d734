/**
 * Each item with the answer of `start(item)`, in order, started one item
 * ahead: the next item's work runs while the caller uses the one before
 * (issue 14: the vault seals or opens one chunk while the page stores or
 * indexes the one before). A failure reaches the caller at its own item,
 * never as an unhandled rejection before it.
 */
export async function* oneAhead<T, R>(items: readonly T[], start: (item: T) => Promise<R>): AsyncGenerator<[T, R]> {
  const begin = (item: T): Promise<R> => {
    const started = start(item);
    // Awaited in its turn below; a failure of an item before it is the one the caller hears.
    started.catch(() => undefined);
    return started;
  };
  let next = items.length > 0 ? begin(items[0]!) : undefined;
  for (const [i, item] of items.entries()) {
    const answer = await next!;
    next = i + 1 < items.length ? begin(items[i + 1]!) : undefined;
    yield [item, answer];
  }
}
