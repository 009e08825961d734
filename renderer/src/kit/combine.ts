/**
 * One API out of the capabilities' APIs, as Actual Budget's loot-core merges
 * its handler modules: every method name must be defined by exactly one
 * capability. A name two define is a type error where the result is used as
 * the combined API, and an error at start-up (a bug, so it throws).
 */

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The names more than one of the modules define. */
export type DuplicateNames<M extends readonly object[], Seen extends PropertyKey = never> = M extends readonly [infer Head, ...infer Rest extends readonly object[]]
  ? (keyof Head & Seen) | DuplicateNames<Rest, Seen | keyof Head>
  : never;

export type Combined<M extends readonly object[]> = [DuplicateNames<M>] extends [never]
  ? UnionToIntersection<M[number]>
  : { readonly duplicateMethodNames: DuplicateNames<M> };

export function combine<const M extends readonly object[]>(...modules: M): Combined<M> {
  const combined: Record<string, unknown> = {};
  for (const module of modules) {
    for (const [name, method] of Object.entries(module)) {
      if (Object.hasOwn(combined, name)) throw new Error(`two kit capabilities define ${name}`);
      combined[name] = method;
    }
  }
  return combined as Combined<M>;
}
