/**
 * The signaling server against arbitrary input (fast-check): random bytes as
 * binary and as text frames, invalid UTF-8, JSON nested tens of thousands
 * deep, strings over every limit, every message type with fields of the wrong
 * type, valid traffic mixed in, and raw TCP garbage, from many sockets on
 * several addresses. The server runs as its own process (bin/signaling-server.mjs,
 * as bin/start.mjs runs it), which must stay up; an honest connection opened
 * before must stay connected and answered, and afterwards two honest peers
 * (the kit's own signaling client) still meet and exchange a message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect as tcpConnect } from 'node:net';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { SignalingClient } from '../../renderer/src/sync/signaling-client';
import { waitFor } from './helpers';

type Frame = { readonly text: string } | { readonly bytes: Uint8Array; readonly asText: boolean } | { readonly tcp: Uint8Array };

const TOPICS = ['fuzz', 'aidtrail/v1/round:x', ''];
const deepText = (depth: number, open: string, close: string) => open.repeat(depth) + close.repeat(depth);

const deep: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1_000, max: 30_000 }), fc.boolean())
  .chain(([depth, arrays]) => {
    const inner = arrays ? deepText(depth, '[', ']') : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    return fc.constantFrom(
      inner,
      `{"type":"publish","topic":"fuzz","data":${inner}}`,
      `{"type":"subscribe","topics":${inner}}`,
      `{"type":"unsubscribe","topics":[${inner}]}`,
      `{"type":${inner}}`,
    );
  });

const field = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ maxLength: 300 }), fc.constantFrom(...TOPICS));
const wrongTypes: fc.Arbitrary<string> = fc
  .record(
    {
      type: fc.oneof(fc.constantFrom('subscribe', 'unsubscribe', 'publish', 'ping', 'pong', 'announce', '__proto__'), fc.jsonValue({ maxDepth: 2 })),
      topics: fc.oneof(fc.array(fc.oneof(fc.constantFrom(...TOPICS), fc.string({ maxLength: 250 })), { maxLength: 40 }), field),
      topic: field,
      data: fc.oneof(fc.base64String({ maxLength: 200 }), field),
      senders: field,
    },
    { requiredKeys: ['type'] },
  )
  .map((m) => JSON.stringify(m));

const valid: fc.Arbitrary<string> = fc.oneof(
  fc.constant('{"type":"ping"}'),
  fc.constant('{"type":"subscribe","topics":["fuzz"],"senders":true}'),
  fc.base64String({ maxLength: 2_000 }).map((data) => JSON.stringify({ type: 'publish', topic: 'fuzz', data })),
  fc.constant('{"type":"unsubscribe","topics":["fuzz"]}'),
);

const huge: fc.Arbitrary<string> = fc.integer({ min: 30_000, max: 150_000 }).chain((n) =>
  fc.constantFrom('x'.repeat(n), JSON.stringify({ type: 'publish', topic: 'fuzz', data: 'QUFB'.repeat(n / 4) }), JSON.stringify({ type: 'subscribe', topics: ['t'.repeat(n)] })),
);

const frame: fc.Arbitrary<Frame> = fc.oneof(
  { arbitrary: valid.map((text) => ({ text })), weight: 4 },
  { arbitrary: wrongTypes.map((text) => ({ text })), weight: 4 },
  { arbitrary: fc.string({ maxLength: 500, unit: 'binary' }).map((text) => ({ text })), weight: 2 },
  { arbitrary: deep.map((text) => ({ text })), weight: 1 },
  { arbitrary: huge.map((text) => ({ text })), weight: 1 },
  { arbitrary: fc.record({ bytes: fc.uint8Array({ maxLength: 2_000 }), asText: fc.boolean() }), weight: 2 },
  { arbitrary: fc.uint8Array({ minLength: 1, maxLength: 600 }).map((tcp) => ({ tcp })), weight: 1 },
);

/**
 * A socket's frames, from one of several addresses (so the per-address limits
 * are crossed too); half subscribe first, so their publishes are relayed.
 */
const attack = fc.array(
  fc.record({ host: fc.integer({ min: 2, max: 9 }), subscribe: fc.boolean(), frames: fc.array(frame, { minLength: 1, maxLength: 12 }) }),
  { minLength: 1, maxLength: 4 },
);

let child: ChildProcess;
let exited: string | undefined;
const server = { url: '', port: 0 };
beforeAll(async () => {
  const script = fileURLToPath(new URL('../../bin/signaling-server.mjs', import.meta.url));
  child = spawn(process.execPath, [script, '--host', '127.0.0.1', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.resume(); // its log of refused connections
  child.on('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const url = /ws:\/\/127\.0\.0\.1:(\d+)/.exec(String(line))!;
  server.url = url[0];
  server.port = Number(url[1]);
});
afterAll(() => {
  child.kill('SIGKILL');
});

/** Resolves when the socket is closed or has answered a ping (the server handled all it was sent). */
function drained(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    ws.on('close', () => resolve());
    ws.on('message', (data) => {
      if (String(data) === '{"type":"pong"}') resolve();
    });
    ws.send('{"type":"ping"}');
  });
}

async function open(host: number): Promise<WebSocket | undefined> {
  const ws = new WebSocket(server.url, { localAddress: `127.0.0.${host}` });
  ws.on('error', () => {});
  return new Promise((resolve) => {
    ws.once('open', () => resolve(ws));
    ws.once('close', () => resolve(undefined)); // refused (per-address limit): also an answer
  });
}

async function tcpGarbage(host: number, bytes: Uint8Array): Promise<void> {
  const socket = tcpConnect({ host: '127.0.0.1', port: server.port, localAddress: `127.0.0.${host}` });
  socket.on('error', () => {});
  socket.write(bytes);
  socket.end();
  await new Promise<void>((resolve) => {
    socket.on('close', () => resolve());
    setTimeout(() => resolve(), 50).unref();
  });
  socket.destroy();
}

async function pingPong(ws: WebSocket): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 5_000);
    const onMessage = (data: unknown) => {
      if (String(data) !== '{"type":"pong"}') return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve(true);
    };
    ws.on('message', onMessage);
    ws.send('{"type":"ping"}');
  });
}

describe('the signaling server under arbitrary input (fast-check)', () => {
  it('stays up and keeps serving honest clients; two honest peers meet and exchange a message afterwards', { timeout: 240_000 }, async () => {
    const canary = new WebSocket(server.url);
    await new Promise((resolve) => canary.once('open', resolve));
    canary.send('{"type":"subscribe","topics":["fuzz"]}');
    let canaryClosed = false;
    canary.on('close', () => (canaryClosed = true));
    let sockets = 0;

    await fc.assert(
      fc.asyncProperty(attack, async (attackers) => {
        await Promise.all(
          attackers.map(async ({ host, subscribe, frames }) => {
            const ws = await open(host);
            sockets++;
            if (subscribe) ws?.send('{"type":"subscribe","topics":["fuzz"]}');
            for (const f of frames) {
              if ('tcp' in f) await tcpGarbage(host, f.tcp);
              else if (ws === undefined) continue;
              else if ('text' in f) ws.send(f.text);
              else ws.send(f.bytes, { binary: !f.asText });
            }
            if (ws === undefined) return;
            await drained(ws);
            ws.terminate();
          }),
        );
        expect(exited).toBeUndefined();
        expect(canaryClosed).toBe(false);
        expect(await pingPong(canary)).toBe(true);
      }),
      { numRuns: 150 },
    );
    console.log(`fuzzed the signaling server from ${sockets} sockets`);
    expect(exited).toBeUndefined();
    expect((await fetch(`http://127.0.0.1:${server.port}/health`)).status).toBe(200);

    // Two honest peers (the kit's signaling client) meet and exchange a message.
    const topic = 'aidtrail/v1/after-fuzz';
    const got: { data: unknown; sender: string | undefined }[] = [];
    const peers = [
      new SignalingClient({ url: server.url, topics: [topic], onOpen: () => {}, onPublish: () => {} }),
      new SignalingClient({ url: server.url, topics: [topic], onOpen: () => {}, onPublish: (_t, data, sender) => got.push({ data, sender }) }),
    ];
    try {
      await waitFor('both honest peers connected', () => peers.every((p) => p.connected), 10_000);
      const hello = setInterval(() => peers[0]!.publish(topic, 'aGVsbG8='), 50);
      try {
        await waitFor('the message', () => got.length > 0, 10_000);
      } finally {
        clearInterval(hello);
      }
      expect(got[0]).toMatchObject({ data: 'aGVsbG8=' });
      expect(got[0]!.sender).toMatch(/^[\w-]{12}$/);
    } finally {
      for (const p of peers) p.close();
      canary.terminate();
    }
  });
});
