/**
 * An HTTP front to a chain's JSON-RPC that a test can break: it forwards
 * ('up'), drops every connection ('down', the chain unreachable), never
 * answers ('hang'), or answers what the test wants ('answer', a chain
 * answering garbage or lying about one method).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode =
  | { readonly kind: 'up' }
  | { readonly kind: 'down' }
  | { readonly kind: 'hang' }
  /** `answer` gets the JSON-RPC call and returns the whole HTTP body, or undefined to forward. */
  | { readonly kind: 'answer'; readonly answer: (call: RpcCall) => string | undefined };

export interface RpcCall {
  readonly method: string;
  readonly id: unknown;
  readonly params: readonly unknown[];
}

export interface RpcProxy {
  readonly url: string;
  mode: ProxyMode;
  /** JSON-RPC methods seen, in order. */
  readonly methods: string[];
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

export async function startRpcProxy(target: string): Promise<RpcProxy> {
  const hanging = new Set<ServerResponse>();
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const text = await body(request);
    const parsed = JSON.parse(text) as RpcCall | RpcCall[];
    const calls = Array.isArray(parsed) ? parsed : [parsed];
    proxy.methods.push(...calls.map((c) => c.method));
    const { mode } = proxy;
    if (mode.kind === 'down') return void request.socket.destroy();
    if (mode.kind === 'hang') return void hanging.add(response);
    const forced = mode.kind === 'answer' && calls[0] !== undefined ? mode.answer(calls[0]) : undefined;
    if (forced !== undefined) return void response.writeHead(200, { 'content-type': 'application/json' }).end(forced);
    const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
  };
  const server = createServer((request, response) => {
    handle(request, response).catch(() => request.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: RpcProxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mode: { kind: 'up' },
    methods: [],
    close: async () => {
      hanging.forEach((r) => r.destroy());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
