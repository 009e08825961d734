/**
 * A database belongs to one log: its origin and its log key are written on
 * first use and every later open must match, so a ledger started with the
 * wrong key file or origin refuses to sign checkpoints over another log's
 * leaves (which would look exactly like a fork to every device).
 */
export const SCHEMA_VERSION = '1';

export interface StoreIdentity {
  readonly origin: string;
  readonly logKey: string;
}

export class StoreIdentityError extends Error {
  override readonly name = 'StoreIdentityError';
}

/** The meta rows still to write; throws StoreIdentityError when the stored identity differs. */
export function checkIdentity(
  stored: { schema?: string | undefined; origin?: string | undefined; logKey?: string | undefined },
  identity: StoreIdentity,
): [string, string][] {
  const missing: [string, string][] = [];
  const expected: [keyof typeof stored, string][] = [
    ['schema', SCHEMA_VERSION],
    ['origin', identity.origin],
    ['logKey', identity.logKey],
  ];
  for (const [key, value] of expected) {
    const have = stored[key];
    if (have === undefined) missing.push([key, value]);
    else if (have !== value) {
      throw new StoreIdentityError(`this database holds ${key} ${JSON.stringify(have)}, not ${JSON.stringify(value)}: it belongs to another log`);
    }
  }
  return missing;
}
