/**
 * A man in the middle for the donor-page e2e: an HTTP server on 127.0.0.1
 * that forwards every request to one ledger, except what its mode sends
 * elsewhere or forges. The page is served through it, so "the server" the
 * visitor's browser checks is whatever the proxy answers:
 *
 *   honest        everything from the honest ledger
 *   fork          the checkpoint and proofs from another ledger, signed by
 *                 the same HQ key over another history (a forked log)
 *   bad-inclusion the honest ledger, with every inclusion proof's first hash altered
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'honest' | 'fork' | 'bad-inclusion';

export interface LogProxy {
  readonly url: string;
  setMode(mode: ProxyMode): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding']);

/** Flips the first hex digit of the first hash of an inclusion answer. */
function altered(body: string): string {
  const answer = JSON.parse(body) as { inclusion: string[] };
  const [first, ...rest] = answer.inclusion;
  if (first === undefined) return body;
  return JSON.stringify({ ...answer, inclusion: [`${first[0] === '0' ? '1' : '0'}${first.slice(1)}`, ...rest] });
}

export async function startLogProxy(honest: string, other: string): Promise<LogProxy> {
  const state = { mode: 'honest' as ProxyMode };
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    const proof = path === '/checkpoint' || path.startsWith('/proof/');
    const upstream = state.mode === 'fork' && proof ? other : honest;
    void (async () => {
      try {
        const answer = await fetch(`${upstream}${path}`, { method: request.method ?? 'GET', redirect: 'manual' });
        let body = await answer.text();
        if (state.mode === 'bad-inclusion' && path.startsWith('/proof/inclusion') && answer.status === 200) body = altered(body);
        answer.headers.forEach((value, name) => {
          if (!HOP_BY_HOP.has(name)) response.setHeader(name, value);
        });
        response.writeHead(answer.status).end(body);
      } catch (e) {
        response.writeHead(502).end(String(e));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setMode: (mode) => {
      state.mode = mode;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
