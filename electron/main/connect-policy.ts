/**
 * The desktop page's `connect-src`, as it stands now: built at start from
 * network.json, AIDTRAIL_HQ_URL and the signaling service this laptop hosts
 * (./network-config.ts), and widened by one origin at a time when a
 * signed-in operator configures HQ's ledger or their lead's signaling
 * address (`network:allow`, whose session check is the IPC handler's,
 * ./ipc.ts). Nobody in the field edits network.json by hand; this is how an
 * address gets there.
 *
 * - `allow` accepts what `parseOrigin` accepts and nothing else (one origin
 *   of the kind's schemes: no path, credentials, wildcard, keyword or
 *   space), saves it in network.json atomically (./atomic-file.ts), and
 *   rebuilds the CSP. HQ origins accumulate too, the newest `MAX_ALLOWED_HQ`
 *   (the oldest goes: the kit anchors at one ledger, the newest), so that a
 *   ledger being replaced stays reachable until the new one is configured;
 *   `lan` addresses accumulate up to `MAX_ALLOWED_LAN`, then one more is
 *   refused.
 * - `csp()` is read for every response (./app-protocol.ts and
 *   `guardSession`), so a document loaded after `allow` gets the new policy.
 *   The page that asked keeps the one it was served with: CSP applies per
 *   document. `pageLoading()` (index.ts, on each main-frame navigation)
 *   records what the page being loaded may reach, so `allow` can say whether
 *   a reload is needed.
 *
 * No `electron` import, so vitest runs it.
 */
import { join } from 'node:path';
import type { AllowAddressAnswer, NetworkAddressKind } from '../../shared/ipc';
import { MAX_ALLOWED_HQ, MAX_ALLOWED_LAN } from '../../shared/network';
import { err, ok, type Result } from '../../shared/result';
import { createSerialQueue } from '../../shared/serial-queue';
import { rendererCsp } from '../security-policy';
import { readFileIfExists, writeFileAtomic } from './atomic-file';
import {
  HQ_SCHEMES,
  LAN_SCHEMES,
  NETWORK_CONFIG_FILE,
  networkAllowList,
  parseNetworkFile,
  parseOrigin,
  type NetworkFileConfig,
  type NetworkSources,
} from './network-config';

/** Where a network.json that could not be read is kept when `allow` writes a new one. */
export const INVALID_NETWORK_CONFIG_FILE = `${NETWORK_CONFIG_FILE}.invalid`;

/** What the IPC handler needs of the policy. */
export interface AddressAllower {
  allow(url: string, kind: NetworkAddressKind): Promise<Result<AllowAddressAnswer, 'invalid'>>;
}

export interface ConnectPolicyOptions {
  /** Where network.json lives. */
  readonly userData: string;
  /** As `rendererCsp` takes it: `development` for the Vite dev server only. */
  readonly mode: 'production' | 'development';
  /** What was read at start (`readNetworkSources`). */
  readonly sources: NetworkSources;
  /** Problems with the sources, and a replaced unreadable network.json. */
  readonly log?: (message: string) => void;
}

export class ConnectPolicy implements AddressAllower {
  readonly #userData: string;
  readonly #mode: ConnectPolicyOptions['mode'];
  readonly #log: (message: string) => void;
  /** One `allow` at a time: each reads network.json, then writes it. */
  readonly #queue = createSerialQueue();
  #sources: NetworkSources;
  #connectSrc: readonly string[];
  #csp: string;
  /** What the page loaded last may reach (its document's connect-src). */
  #page: ReadonlySet<string>;

  constructor(options: ConnectPolicyOptions) {
    this.#userData = options.userData;
    this.#mode = options.mode;
    this.#log = options.log ?? ((message) => console.warn(message));
    this.#sources = options.sources;
    const { connectSrc, problems } = networkAllowList(options.sources);
    for (const problem of problems) this.#log(`aidtrail: ${problem}`);
    this.#connectSrc = connectSrc;
    this.#csp = this.#build(connectSrc);
    this.#page = new Set(connectSrc);
  }

  /** The Content-Security-Policy header for a response now. */
  csp(): string {
    return this.#csp;
  }

  /** The configured origins of `connect-src` now. */
  connectSrc(): readonly string[] {
    return this.#connectSrc;
  }

  /**
   * A page begins to load: it gets the policy as it is now (or newer, which
   * only makes a later `reload` answer cautious, never wrong).
   */
  pageLoading(): void {
    this.#page = new Set(this.#connectSrc);
  }

  /** Lets later pages reach `url` (an origin of `kind`'s schemes), saved in network.json. */
  allow(url: string, kind: NetworkAddressKind): Promise<Result<AllowAddressAnswer, 'invalid'>> {
    return this.#queue(() => this.#allow(url, kind));
  }

  async #allow(url: string, kind: NetworkAddressKind): Promise<Result<AllowAddressAnswer, 'invalid'>> {
    const parsed = parseOrigin(url, kind === 'hq' ? HQ_SCHEMES : LAN_SCHEMES);
    if (!parsed.ok) return err('invalid', `not an address this laptop may reach: ${parsed.reason}`);
    const { origin } = parsed;
    const answer = (added: boolean) => ok({ added, reload: !this.#page.has(origin) });
    if (this.#connectSrc.includes(origin)) return answer(false);

    const path = join(this.#userData, NETWORK_CONFIG_FILE);
    const config = await this.#readConfig(path);
    const lan = config.lan ?? [];
    const hq = config.hq ?? [];
    // Past the limit the oldest goes: a lead's laptop whose LAN address changes keeps working.
    const next: NetworkFileConfig =
      kind === 'hq'
        ? { ...config, hq: [...hq.filter((entry) => entry !== origin), origin].slice(-MAX_ALLOWED_HQ) }
        : { ...config, lan: [...lan.filter((entry) => entry !== origin), origin].slice(-MAX_ALLOWED_LAN) };
    // One HQ is written as one string, the form an administrator writes.
    const text = `${JSON.stringify({ ...next, ...(next.hq?.length === 1 && { hq: next.hq[0] }) }, null, 2)}\n`;
    // What network.json will say must read back whole, with the new origin in it, before it is written.
    const list = networkAllowList({ ...this.#sources, file: text });
    if (!list.connectSrc.includes(origin) || list.problems.some((problem) => problem.startsWith(NETWORK_CONFIG_FILE))) {
      return err('invalid', `${JSON.stringify(origin)} cannot be saved in ${NETWORK_CONFIG_FILE}`);
    }
    await writeFileAtomic(path, new TextEncoder().encode(text), 'replace');
    this.#sources = { ...this.#sources, file: text };
    this.#connectSrc = list.connectSrc;
    this.#csp = this.#build(list.connectSrc);
    return answer(true);
  }

  /**
   * network.json as it is on disk now (an administrator may have edited it
   * since the start). One that does not read is kept aside, whole, as
   * network.json.invalid, and a new one begins: it was ignored at start
   * anyway, and nobody in the field could repair it.
   */
  async #readConfig(path: string): Promise<NetworkFileConfig> {
    const bytes = await readFileIfExists(path);
    if (bytes === null) return {};
    const parsed = parseNetworkFile(new TextDecoder().decode(bytes));
    if (parsed.ok) return parsed.config;
    await writeFileAtomic(join(this.#userData, INVALID_NETWORK_CONFIG_FILE), bytes, 'replace');
    this.#log(`aidtrail: ${NETWORK_CONFIG_FILE} did not read (${parsed.reason}); kept as ${INVALID_NETWORK_CONFIG_FILE}, a new one begins`);
    return {};
  }

  #build(connectSrc: readonly string[]): string {
    return rendererCsp({ mode: this.#mode, delivery: 'header', connectSrc });
  }
}
