import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSignalingServer, type SignalingOptions, type SignalingServer } from './signaling-server';

const servers: SignalingServer[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(options: SignalingOptions = {}): Promise<SignalingServer> {
  const s = await startSignalingServer({ host: '127.0.0.1', port: 0, ...options });
  servers.push(s);
  return s;
}

interface TestClient {
  readonly ws: WebSocket;
  readonly received: unknown[];
  send(message: unknown): void;
  next(): Promise<unknown>;
  closed: Promise<{ code: number; reason: string }>;
}

async function connect(url: string): Promise<TestClient> {
  const ws = new WebSocket(url);
  sockets.push(ws);
  const received: unknown[] = [];
  const waiters: ((m: unknown) => void)[] = [];
  ws.on('message', (data) => {
    const m: unknown = JSON.parse(String(data));
    const w = waiters.shift();
    if (w) w(m);
    else received.push(m);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    received,
    closed,
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    next: () => (received.length > 0 ? Promise.resolve(received.shift()) : new Promise((resolve) => waiters.push(resolve))),
  };
}

/** Lets the server process what was sent (a ping round trip: messages on one socket are handled in order). */
async function settle(client: TestClient): Promise<void> {
  client.send({ type: 'ping' });
  for (;;) {
    const m = (await client.next()) as { type: string };
    if (m.type === 'pong') return;
    client.received.push(m);
  }
}

describe('signaling server', () => {
  it('binds the host it is given, on a port chosen at run time, and answers a health check', async () => {
    const s = await server();
    expect(s.host).toBe('127.0.0.1');
    expect(s.port).toBeGreaterThan(0);
    expect(s.url).toBe(`ws://127.0.0.1:${s.port}`);
    const response = await fetch(`http://127.0.0.1:${s.port}/`);
    expect(response.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${s.port}/x`)).status).toBe(404);
  });

  it('relays a publish to every subscriber of the topic (y-webrtc protocol), with the subscriber count', async () => {
    const s = await server();
    const [a, b, c] = await Promise.all([connect(s.url), connect(s.url), connect(s.url)]);
    a.send({ type: 'subscribe', topics: ['room-1'] });
    b.send({ type: 'subscribe', topics: ['room-1', 'room-2'] });
    c.send({ type: 'subscribe', topics: ['room-2'] });
    await Promise.all([settle(a), settle(b), settle(c)]);
    a.send({ type: 'publish', topic: 'room-1', data: 'c2VjcmV0', extra: 'dropped' });
    expect(await b.next()).toStrictEqual({ type: 'publish', topic: 'room-1', data: 'c2VjcmV0', clients: 2 });
    expect(await a.next()).toStrictEqual({ type: 'publish', topic: 'room-1', data: 'c2VjcmV0', clients: 2 });
    await settle(c);
    expect(c.received).toStrictEqual([]);
    expect(s.stats()).toMatchObject({ connections: 3, topics: 2 });
    b.send({ type: 'unsubscribe', topics: ['room-1', 'room-2'] });
    c.ws.close();
    await settle(b);
    await c.closed;
    await settle(a);
    expect(s.stats()).toMatchObject({ connections: 2, topics: 1 });
  });

  it('drops a publish to a topic the sender has not subscribed to', async () => {
    const s = await server();
    const [a, b] = await Promise.all([connect(s.url), connect(s.url)]);
    b.send({ type: 'subscribe', topics: ['room'] });
    await settle(b);
    a.send({ type: 'publish', topic: 'room', data: 'x' });
    await settle(a);
    await settle(b);
    expect(b.received).toStrictEqual([]);
  });

  it('closes a connection that sends an oversized message, garbage, an unknown type or a bad topic list', async () => {
    const s = await server({ limits: { maxMessageBytes: 1000 } });
    const cases: [unknown, number][] = [
      [{ type: 'publish', topic: 't', data: 'x'.repeat(2000) }, 1009],
      ['{not json', 1008],
      [{ type: 'hello' }, 1008],
      [{ type: 'subscribe', topics: 'room' }, 1008],
      [{ type: 'subscribe', topics: [''.padEnd(300, 't')] }, 1008],
      [[1, 2], 1008],
    ];
    for (const [message, code] of cases) {
      const client = await connect(s.url);
      client.send(message);
      expect((await client.closed).code).toBe(code);
    }
    expect(s.stats().connections).toBe(0);
  });

  it('limits topics per connection and in total', async () => {
    const s = await server({ limits: { maxTopicsPerConnection: 3, maxTopics: 4 } });
    const a = await connect(s.url);
    a.send({ type: 'subscribe', topics: ['1', '2', '3', '4'] });
    expect((await a.closed).code).toBe(1008);
    const b = await connect(s.url);
    b.send({ type: 'subscribe', topics: ['1', '2', '3'] });
    await settle(b);
    const c = await connect(s.url);
    c.send({ type: 'subscribe', topics: ['1', '4'] });
    await settle(c);
    c.send({ type: 'subscribe', topics: ['5'] });
    expect((await c.closed).code).toBe(1013);
    expect(s.stats().topics).toBe(3);
  });

  it('refuses connections past the limit and closes a flooding connection', async () => {
    const s = await server({ limits: { maxConnections: 2, maxMessagesPerSecond: 10 } });
    await connect(s.url);
    const flooder = await connect(s.url);
    await expect(connect(s.url)).rejects.toThrow(/503/);
    for (let i = 0; i < 100; i++) flooder.send({ type: 'ping' });
    expect((await flooder.closed).code).toBe(1008);
    expect(s.stats().refused).toBeGreaterThanOrEqual(2);
    // A place is free again.
    await connect(s.url);
  });

  it('terminates a connection that stops answering pings', async () => {
    const s = await server({ limits: { pingIntervalMs: 50 } });
    const client = await connect(s.url);
    // ws answers pings automatically; stop it from doing so.
    (client.ws as unknown as { pong: () => void }).pong = () => {};
    client.ws.removeAllListeners('ping');
    const socket = (client.ws as unknown as { _socket: { pause(): void } })._socket;
    socket.pause();
    await new Promise((r) => setTimeout(r, 300));
    expect(s.stats().connections).toBe(0);
  });

  it('closes every connection on close()', async () => {
    const s = await server();
    const a = await connect(s.url);
    await s.close();
    expect((await a.closed).code).toBeGreaterThan(0);
  });
});
