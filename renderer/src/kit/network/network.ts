/** Allowing an address through the host (../api/network.ts): the origin of what the operator configured, nothing more. */
import type { NetworkAddressKind } from '../../../../shared/ipc';
import { err, ok, type Result } from '../../../../shared/result';
import type { Locked } from '../api/errors';
import type { NetworkApi } from '../api/network';
import type { KitContext } from '../context';

/** Asks the host to let the page reach `url`'s origin; live sync and the ledger call it before they connect. */
export async function allowAddress(ctx: KitContext, url: string, kind: NetworkAddressKind): Promise<Result<{ readonly reload: boolean }, Locked | 'invalid'>> {
  // Locked in every host, not only where the vault checks it (the desktop app).
  const operator = ctx.operator();
  if (!operator.ok) return operator;
  let origin: string;
  try {
    origin = new URL(url.trim()).origin;
  } catch {
    return err('invalid', `${JSON.stringify(url)} is not an address`);
  }
  // The host checks the origin itself (scheme, host, no path); the kit never sends more than one.
  if (origin === 'null') return err('invalid', `${JSON.stringify(url)} has no origin to allow`);
  const answer = await ctx.host.allowAddress({ url: origin, kind });
  if (answer.ok) return ok({ reload: answer.value.reload });
  if (answer.code === 'locked') return err('locked', answer.message);
  if (answer.code === 'invalid' || answer.code === 'invalid-args') return err('invalid', answer.message);
  throw new Error(`host refused: ${answer.code}: ${answer.message}`);
}

export function networkModule(ctx: KitContext): NetworkApi {
  return {
    allowAddress: (url, kind) => allowAddress(ctx, url, kind),
  };
}
