/**
 * Where the desktop renderer may connect: HQ's ledger and the LAN signaling
 * services configured on this laptop. These origins, and nothing else besides
 * the app itself, make the CSP's `connect-src`, so a script that slipped in
 * still cannot send the caseload anywhere else.
 *
 * Sources, merged (all optional):
 *   <userData>/network.json   { "hq": "https://hq.example.org", "lan": ["ws://10.0.0.5:4444"] }
 *                             (`hq` may also be a list: the ledger in use and the ones configured before it)
 *   AIDTRAIL_HQ_URL           HQ's ledger origin
 *   --signaling / AIDTRAIL_SIGNALING   the signaling service this laptop hosts (HOST:PORT)
 *
 * `networkAllowList` is pure; `readNetworkSources` gathers its input. A bad
 * entry is reported and left out (never widened to a scheme or `*`), and a
 * file with any bad entry is left out whole, so a typo cannot half-apply.
 * A signed-in operator adds to network.json from the app (`network:allow`,
 * ./connect-policy.ts), through the same `parseOrigin`.
 */
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { MAX_ADDRESS_LENGTH, MAX_ALLOWED_HQ } from '../../shared/network';
import { isConnectOrigin } from '../security-policy';

export const NETWORK_CONFIG_FILE = 'network.json';

export const HQ_SCHEMES: readonly string[] = ['http:', 'https:'];
export const LAN_SCHEMES: readonly string[] = ['ws:', 'wss:'];
const MAX_ORIGIN_LENGTH = MAX_ADDRESS_LENGTH;
/** The most `lan` entries network.json may hold (a hand edit); `network:allow` keeps fewer (MAX_ALLOWED_LAN). */
export const MAX_LAN_ENTRIES = 32;
/** The most HQ origins network.json may hold: `network:allow` keeps the newest ones (MAX_ALLOWED_HQ). */
export const MAX_HQ_ENTRIES = MAX_ALLOWED_HQ;

/** `scheme://host[:port]` with an optional final `/`: no credentials, path, query, fragment or space. */
const ORIGIN_TEXT = /^[a-z][a-z0-9+.-]*:\/\/[a-z0-9.:-]+\/?$/i;

export type OriginResult = { readonly ok: true; readonly origin: string } | { readonly ok: false; readonly reason: string };

/**
 * Checks one configured address and returns its canonical origin (lower case,
 * default port dropped), the form a CSP host source needs.
 */
export function parseOrigin(text: string, schemes: readonly string[]): OriginResult {
  const refuse = (why: string): OriginResult => ({ ok: false, reason: `${JSON.stringify(text)}: ${why}` });
  if (text.length > MAX_ORIGIN_LENGTH || !ORIGIN_TEXT.test(text)) {
    return refuse('expected scheme://host[:port], without path, credentials, wildcard or spaces');
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('not a URL');
  }
  if (!schemes.includes(url.protocol)) return refuse(`the scheme must be one of ${schemes.join(' ')}`);
  // The URL parser canonicalises the host (case, IPv4 forms); check what it made of it.
  if (!isConnectOrigin(url.origin)) return refuse('expected a DNS name or an IPv4 address');
  return { ok: true, origin: url.origin };
}

const origin = (schemes: readonly string[]) =>
  z.string().transform((text, ctx) => {
    const result = parseOrigin(text, schemes);
    if (result.ok) return result.origin;
    ctx.addIssue({ code: 'custom', message: result.reason });
    return z.NEVER;
  });

const NetworkFile = z.strictObject({
  // One origin, or a list of them (read as a list).
  hq: z
    .preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(origin(HQ_SCHEMES)).min(1).max(MAX_HQ_ENTRIES))
    .optional(),
  lan: z.array(origin(LAN_SCHEMES)).max(MAX_LAN_ENTRIES).optional(),
});

/** Binding to these means every interface of the laptop. */
const WILDCARD_HOSTS: ReadonlySet<string> = new Set(['0.0.0.0', '::', '']);

export interface NetworkSources {
  /** The text of network.json; undefined when there is none. */
  readonly file?: string | undefined;
  /** AIDTRAIL_HQ_URL. */
  readonly hqUrl?: string | undefined;
  /** The signaling service this laptop hosts (parseSignalingAddress). */
  readonly hostedSignaling?: { readonly host: string; readonly port: number } | undefined;
  /**
   * This laptop's own IPv4 addresses: its renderer reaches a service bound to
   * every interface through one of them (the address it gives field devices)
   * or loopback.
   */
  readonly localAddresses?: readonly string[];
}

export interface NetworkAllowList {
  /** Canonical origins for `rendererCsp({ connectSrc })`, without duplicates. */
  readonly connectSrc: readonly string[];
  /** One line per refused entry, for the log. */
  readonly problems: readonly string[];
}

export function networkAllowList(sources: NetworkSources): NetworkAllowList {
  const connectSrc = new Set<string>();
  const problems: string[] = [];
  const add = (text: string, schemes: readonly string[], from: string): void => {
    const result = parseOrigin(text, schemes);
    if (result.ok) connectSrc.add(result.origin);
    else problems.push(`${from}: ${result.reason}`);
  };

  if (sources.file !== undefined) {
    const parsed = parseNetworkFile(sources.file);
    if (parsed.ok) {
      const { hq = [], lan = [] } = parsed.config;
      for (const entry of hq) connectSrc.add(entry);
      for (const entry of lan) connectSrc.add(entry);
    } else {
      problems.push(`${NETWORK_CONFIG_FILE} ignored: ${parsed.reason}`);
    }
  }
  if (sources.hqUrl !== undefined && sources.hqUrl !== '') add(sources.hqUrl, HQ_SCHEMES, 'AIDTRAIL_HQ_URL');
  const hosted = sources.hostedSignaling;
  if (hosted !== undefined) {
    const hosts = WILDCARD_HOSTS.has(hosted.host) ? ['127.0.0.1', 'localhost', ...(sources.localAddresses ?? [])] : [hosted.host];
    for (const host of hosts) add(`ws://${host}:${hosted.port}`, LAN_SCHEMES, 'the hosted signaling service');
  }
  return { connectSrc: [...connectSrc], problems };
}

/** network.json as read: canonical origins. */
export type NetworkFileConfig = z.output<typeof NetworkFile>;

export type ParsedFile =
  | { readonly ok: true; readonly config: NetworkFileConfig }
  | { readonly ok: false; readonly reason: string };

export function parseNetworkFile(text: string): ParsedFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = NetworkFile.safeParse(json);
  if (parsed.success) return { ok: true, config: parsed.data };
  const reason = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`).join('; ');
  return { ok: false, reason };
}

/**
 * Reads this machine's sources. An unreadable network.json counts as absent
 * (and is logged): the renderer then reaches fewer endpoints, never more.
 */
export function readNetworkSources(options: {
  readonly userData: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly hostedSignaling: NetworkSources['hostedSignaling'];
  readonly log?: (message: string, cause: unknown) => void;
}): NetworkSources {
  const path = join(options.userData, NETWORK_CONFIG_FILE);
  let file: string | undefined;
  try {
    file = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') (options.log ?? console.warn)(`aidtrail: cannot read ${path}`, error);
  }
  const localAddresses = Object.values(networkInterfaces())
    .flat()
    .flatMap((address) => (address !== undefined && address.family === 'IPv4' && !address.internal ? [address.address] : []));
  return { file, hqUrl: options.env['AIDTRAIL_HQ_URL'], hostedSignaling: options.hostedSignaling, localAddresses };
}
