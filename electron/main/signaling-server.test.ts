import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
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

async function connect(url: string, options: ClientOptions = {}): Promise<TestClient> {
  const ws = new WebSocket(url, options);
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

  it('survives a publish whose data is JSON nested 20,000 deep (it used to crash the process), and keeps relaying', async () => {
    const s = await server();
    const [a, b, evil] = await Promise.all([connect(s.url), connect(s.url), connect(s.url)]);
    for (const c of [a, b, evil]) c.send({ type: 'subscribe', topics: ['room'] });
    await Promise.all([settle(a), settle(b), settle(evil)]);
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    evil.ws.send(`{"type":"publish","topic":"room","data":${deep}}`);
    expect(await evil.closed).toStrictEqual({ code: 1008, reason: 'publish data is not a bounded base64 string' });
    const again = await connect(s.url);
    again.ws.send(`{"type":"subscribe","topics":${deep}}`);
    expect((await again.closed).code).toBe(1008);
    a.send({ type: 'publish', topic: 'room', data: 'aGVsbG8=' });
    expect(await b.next()).toStrictEqual({ type: 'publish', topic: 'room', data: 'aGVsbG8=', clients: 2 });
    expect((await fetch(`http://127.0.0.1:${s.port}/health`)).status).toBe(200);
  });

  it('relays only bounded base64 strings as data (y-webrtc without a password sends JSON: refused)', async () => {
    const s = await server({ limits: { maxDataLength: 100 } });
    for (const data of [{ type: 'announce', from: 'x' }, 'not base64!', 'QUFB'.repeat(26), 42]) {
      const c = await connect(s.url);
      c.send({ type: 'subscribe', topics: ['room'] });
      c.send({ type: 'publish', topic: 'room', data });
      expect((await c.closed).code).toBe(1008);
    }
  });

  it('refuses a WebSocket opened by a foreign web page (Origin), and admits native clients and the kit\'s own pages', async () => {
    const s = await server();
    for (const origin of ['http://192.168.1.50:8080', 'https://evil.example', 'null', 'http://127.0.0.1.evil.example', 'chrome-extension://abc']) {
      await expect(connect(s.url, { origin }), origin).rejects.toThrow(/403/);
    }
    for (const origin of [undefined, 'http://127.0.0.1:5757', 'http://localhost:4173', 'http://[::1]:5757', 'file://', 'app://aidtrail']) {
      const c = await connect(s.url, origin === undefined ? {} : { origin });
      await settle(c);
    }
    expect(s.stats().refused).toBe(5);
  });

  it('limits connections, subscriptions and messages per remote address, leaving other hosts their share', async () => {
    const s = await server({
      limits: { maxConnectionsPerAddress: 3, maxConnectsPerSecondPerAddress: 5, maxTopicsPerAddress: 4, maxMessagesPerSecond: 100, maxMessagesPerSecondPerAddress: 10 },
    });
    const from = (host: string) => ({ localAddress: host });
    const hog = await Promise.all([1, 2, 3].map(() => connect(s.url, from('127.0.0.2'))));
    await expect(connect(s.url, from('127.0.0.2'))).rejects.toThrow(/429/);
    const neighbour = await connect(s.url, from('127.0.0.3'));
    hog[0]!.send({ type: 'subscribe', topics: ['1', '2', '3'] });
    await settle(hog[0]!);
    hog[1]!.send({ type: 'subscribe', topics: ['4', '5'] });
    expect((await hog[1]!.closed).reason).toBe('more than 4 topics from one address');
    neighbour.send({ type: 'subscribe', topics: ['1', '2', '3', '4'] });
    await settle(neighbour);
    // Messages: 10/s per address (burst 20), however many connections share them.
    for (let i = 0; i < 30; i++) hog[2]!.send({ type: 'ping' });
    expect((await hog[2]!.closed).reason).toBe('too many messages from this address');
    await settle(neighbour);
    expect(s.stats().connections).toBe(2);
    // Connecting and closing in a loop: 5 a second (burst 10), however short-lived.
    let refused = 0;
    for (let i = 0; i < 15; i++) {
      const c = await connect(s.url, from('127.0.0.4')).catch(() => undefined);
      if (c === undefined) refused++;
      else c.ws.terminate();
    }
    expect(refused).toBeGreaterThanOrEqual(4);
    await settle(await connect(s.url, from('127.0.0.5')));
  });

  it('closes a connection that holds no topic and stays silent; keeps one that pings and a subscriber that only listens', async () => {
    const s = await server({ limits: { pingIntervalMs: 50, idleTimeoutMs: 200 } });
    const [silent, talking, listening] = await Promise.all([connect(s.url), connect(s.url), connect(s.url)]);
    listening.send({ type: 'subscribe', topics: ['room'] });
    const pinging = setInterval(() => talking.send({ type: 'ping' }), 50);
    try {
      expect(await silent.closed).toStrictEqual({ code: 1008, reason: 'idle' });
      await new Promise((r) => setTimeout(r, 300));
      expect(talking.ws.readyState).toBe(WebSocket.OPEN);
      expect(listening.ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      clearInterval(pinging);
    }
  });

  it('limits the bytes one host publishes, so its publishes cannot swamp the receivers', async () => {
    const s = await server({ limits: { maxBytesPerSecondPerAddress: 10_000 } });
    const [flooder, neighbour] = await Promise.all([connect(s.url, { localAddress: '127.0.0.2' }), connect(s.url, { localAddress: '127.0.0.3' })]);
    flooder.send({ type: 'subscribe', topics: ['room'] });
    neighbour.send({ type: 'subscribe', topics: ['room'] });
    await settle(neighbour);
    for (let i = 0; i < 10; i++) flooder.send({ type: 'publish', topic: 'room', data: 'QUFB'.repeat(1000) });
    expect((await flooder.closed).reason).toBe('too many bytes from this address');
    // Up to the burst (20,000 bytes: four of these), its publishes went through.
    neighbour.send({ type: 'ping' });
    let relayed = 0;
    while (((await neighbour.next()) as { type: string }).type !== 'pong') relayed++;
    expect(relayed).toBeGreaterThanOrEqual(4);
    expect(relayed).toBeLessThan(10);
  });

  it('drops a receiver that does not read', { timeout: 20_000 }, async () => {
    const s = await server({
      limits: { maxBufferedBytes: 64 * 1024, maxMessagesPerSecond: 10_000, maxMessagesPerSecondPerAddress: 10_000, maxBytesPerSecondPerAddress: 1e9 },
    });
    const [sender, sleeper] = await Promise.all([connect(s.url), connect(s.url)]);
    sender.send({ type: 'subscribe', topics: ['room'] });
    sleeper.send({ type: 'subscribe', topics: ['room'] });
    await Promise.all([settle(sender), settle(sleeper)]);
    (sleeper.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const data = 'QUFB'.repeat(7000);
    for (let i = 0; i < 2000 && s.stats().connections === 2; i++) {
      sender.send({ type: 'publish', topic: 'room', data });
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 10)); // let the server write (settle() would loop on the echoes)
    }
    expect(s.stats().connections).toBe(1);
    expect(sender.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('names the sender connection of each publish to those that ask (senders: true); others get y-webrtc\'s message unchanged', async () => {
    const s = await server();
    const [tagged, plain, c] = await Promise.all([connect(s.url), connect(s.url), connect(s.url)]);
    tagged.send({ type: 'subscribe', topics: ['room'], senders: true });
    plain.send({ type: 'subscribe', topics: ['room'] });
    c.send({ type: 'subscribe', topics: ['room'] });
    await Promise.all([settle(tagged), settle(plain), settle(c)]);
    c.send({ type: 'publish', topic: 'room', data: 'eA==', sender: 'forged' });
    c.send({ type: 'publish', topic: 'room', data: 'eQ==' });
    plain.send({ type: 'publish', topic: 'room', data: 'eg==' });
    const [m1, m2, m3] = [(await tagged.next()) as { sender: string }, (await tagged.next()) as { sender: string }, (await tagged.next()) as { sender: string }];
    expect(m1).toStrictEqual({ type: 'publish', topic: 'room', data: 'eA==', clients: 3, sender: m1.sender });
    expect(m1.sender).toMatch(/^[\w-]{12}$/);
    expect(m1.sender).not.toBe('forged');
    expect(m2.sender).toBe(m1.sender);
    expect(m3.sender).not.toBe(m1.sender);
    expect(await plain.next()).toStrictEqual({ type: 'publish', topic: 'room', data: 'eA==', clients: 3 });
  });
});
