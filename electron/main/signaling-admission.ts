/**
 * Who may open a signaling connection, decided from the upgrade request
 * alone: the page it comes from (Origin) and the host it comes from (the
 * remote address, which the per-address limits of ./signaling-hub.ts count).
 *
 * Origin: a browser sends the origin of the page that opens a WebSocket, and
 * nothing stops a page from connecting anywhere, so without this check any
 * web page a LAN user opens could join the lead's signaling server. Admitted:
 *   - no Origin at all: native clients (Node, `ws`, the kit's tests, peers
 *     started from the command line) send none, and no browser page can omit it
 *   - the kit's own pages: the desktop app loads its renderer from `file://`
 *     (Chromium sends `Origin: file://`) or a custom `app://` protocol; the
 *     browser build is served on loopback only (bin/static-server.mjs), so its
 *     pages are `http://127.0.0.1:PORT` / `http://localhost:PORT` on whichever
 *     laptop runs it
 * Refused: every other origin, and `null` (which a sandboxed iframe of any
 * page can produce).
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function originAllowed(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  if (origin === 'file://') return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol === 'app:') return true;
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * The host a connection is counted against: an IPv4 address (also when it
 * arrives IPv4-mapped), or the /64 prefix of an IPv6 address (one host can
 * pick any address of its /64 at will). Undefined when the socket has none
 * (already closed).
 */
export function addressKey(remoteAddress: string | undefined): string | undefined {
  if (remoteAddress === undefined || remoteAddress === '') return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress);
  if (mapped) return mapped[1]!;
  if (!remoteAddress.includes(':')) return remoteAddress;
  const groups = expandIpv6(remoteAddress.split('%')[0]!);
  return groups === undefined ? remoteAddress : `${groups.slice(0, 4).join(':')}::/64`;
}

function expandIpv6(address: string): string[] | undefined {
  const [head, tail, ...rest] = address.split('::');
  if (rest.length > 0 || head === undefined) return undefined;
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}
