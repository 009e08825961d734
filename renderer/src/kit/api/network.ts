/**
 * The addresses this laptop reaches: HQ's ledger and the team lead's
 * signaling service. In the desktop app the page may connect only to the
 * origins its CSP lists (issue 13), so the kit asks the host to allow an
 * address before it is used; the browser build reaches any.
 */
import type { NetworkAddressKind } from '../../../../shared/ipc';
import type { Result } from '../../../../shared/result';
import type { Locked } from './errors';

export type { NetworkAddressKind };

/**
 * The address was allowed just now, but this page was loaded under the
 * policy before: it must reload to connect there (the vault's session
 * survives a reload). Answered instead of trying, by live sync's `start`,
 * `configureLedger` and `anchor`; the screens reload the page on it.
 */
export type ReloadNeeded = 'reload-needed';

export interface NetworkApi {
  /**
   * Lets this laptop reach `url`'s origin (`hq`: http/https, `lan`: ws/wss)
   * from now on: any signed-in operator may, a locked kit may not (`locked`).
   * `invalid`: not an address the desktop app can allow (the message says
   * why). `reload`: the page must reload before it can connect there (its
   * policy was fixed when it loaded); false when it already can.
   */
  allowAddress(url: string, kind: NetworkAddressKind): Promise<Result<{ readonly reload: boolean }, Locked | 'invalid'>>;
}
