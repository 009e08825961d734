/**
 * The LAN signaling server peers use to find each other (the team lead's kit
 * runs it; field devices join by the lead's address). It speaks y-webrtc's
 * signaling protocol (./signaling-protocol.ts), so y-webrtc clients with a
 * room password and Aidtrail's own transport (renderer/src/sync) both work
 * with it. Payloads are opaque here: clients encrypt them with the room
 * password, so the server never sees SDP or presence in clear.
 *
 * The network and every client may be hostile, and this process may also be
 * serving the kit itself (bin/start.mjs) or be the desktop app's main
 * process: no input may take it down or crowd out the honest peers. Unlike
 * y-webrtc's bin/server.js it binds only the host it is given (default
 * 127.0.0.1), admits a WebSocket only from a native client or the kit's own
 * pages (./signaling-admission.ts), bounds what each connection and each
 * host may take (./signaling-limits.ts, enforced by ./signaling-hub.ts), and
 * handles every message inside a try/catch.
 *
 * Plain Node (node:http + ws): no Electron. `electron/main/signaling.ts`
 * starts it in the desktop app, `bin/signaling-server.mjs` from the command
 * line and from `bin/start.mjs --signaling PORT`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { addressKey, originAllowed } from './signaling-admission';
import { SignalingHub, type SignalingStats } from './signaling-hub';
import { DEFAULT_SIGNALING_LIMITS, type SignalingLimits } from './signaling-limits';

export { DEFAULT_SIGNALING_LIMITS, type SignalingLimits, type SignalingStats };

export interface SignalingOptions {
  /** Interface to bind: 127.0.0.1 (default) for tests and one machine; the LAN address in the field. */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly limits?: Partial<SignalingLimits>;
  /** Why connections were refused or closed (no payloads are logged). */
  readonly log?: (message: string) => void;
}

export interface SignalingServer {
  /** ws://host:port */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  stats(): SignalingStats;
  close(): Promise<void>;
}

const STATUS_TEXT = { 400: 'Bad Request', 403: 'Forbidden', 429: 'Too Many Requests', 503: 'Service Unavailable' } as const;

function refuse(socket: Duplex, status: keyof typeof STATUS_TEXT): void {
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Starts the signaling server; resolves once it listens. */
export async function startSignalingServer(options: SignalingOptions = {}): Promise<SignalingServer> {
  const limits: SignalingLimits = { ...DEFAULT_SIGNALING_LIMITS, ...options.limits };
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const hub = new SignalingHub(limits, log);
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false });
  const server: Server = createServer((request, response) => {
    const ok = request.method === 'GET' && (request.url === '/' || request.url === '/health');
    response.writeHead(ok ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
    response.end(ok ? 'aidtrail signaling\n' : 'not found\n');
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  // Raw TCP sockets (before any upgrade, and under each WebSocket): twice the
  // WebSocket limits, so sockets that never upgrade cannot use up the file
  // descriptors either.
  server.maxConnections = 2 * limits.maxConnections + 16;
  const sockets = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = addressKey(socket.remoteAddress);
    if (address === undefined) return socket.destroy();
    const open = (sockets.get(address) ?? 0) + 1;
    sockets.set(address, open);
    socket.once('close', () => {
      const left = (sockets.get(address) ?? 1) - 1;
      if (left <= 0) sockets.delete(address);
      else sockets.set(address, left);
    });
    if (open > 2 * limits.maxConnectionsPerAddress) socket.destroy();
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      const address = addressKey(request.socket.remoteAddress);
      if (address === undefined) return refuse(socket, 400);
      const origin = request.headers.origin;
      if (!originAllowed(origin)) {
        hub.noteRefused(`signaling: refusing a connection from origin ${JSON.stringify(origin).slice(0, 120)}`);
        return refuse(socket, 403);
      }
      const refusal = hub.refusal(address);
      if (refusal !== undefined) {
        hub.noteRefused(`signaling: refusing a connection: ${refusal.why}`);
        return refuse(socket, refusal.status);
      }
      wss.handleUpgrade(request, socket, head, (ws) => hub.attach(ws, address));
    } catch (error) {
      log(`signaling: bug while upgrading a connection: ${error instanceof Error ? error.message : String(error)}`);
      socket.destroy();
    }
  });
  const heartbeat = setInterval(() => hub.heartbeat(), limits.pingIntervalMs);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listening, an error (accept failing for want of file descriptors) is logged, not thrown.
  server.on('error', (error) => log(`signaling: server error: ${error.message}`));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('signaling server: no TCP address');
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `ws://${urlHost}:${address.port}`,
    host: address.address,
    port: address.port,
    stats: () => hub.stats(),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        hub.closeAll();
        // Also those closed by the hub that have not finished their closing handshake.
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
