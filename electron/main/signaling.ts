/**
 * The team lead's kit hosts the LAN signaling server in the Electron main
 * process (./signaling-server.ts holds the logic). One server at a time, on
 * the host and port the lead chooses: the laptop's LAN address in the field
 * (field devices join ws://<address>:<port>), 127.0.0.1 for one machine.
 *
 * Not wired to the UI or IPC yet: the HostApi will expose start/stop/status.
 * LAN discovery (mDNS) is not implemented: devices are given the address.
 */
import { startSignalingServer, type SignalingLimits, type SignalingServer, type SignalingStats } from './signaling-server';

export interface SignalingStatus {
  readonly running: boolean;
  readonly url?: string;
  readonly stats?: SignalingStats;
}

let current: SignalingServer | undefined;
let pending: Promise<SignalingServer> | undefined;

/** Starts the server (restarting it if it runs elsewhere); resolves with its address. */
export async function startSignaling(options: {
  readonly host: string;
  readonly port: number;
  readonly limits?: Partial<SignalingLimits>;
  readonly log?: (message: string) => void;
}): Promise<SignalingServer> {
  if (pending !== undefined) await pending.catch(() => undefined);
  if (current !== undefined && current.host === options.host && (options.port === 0 || current.port === options.port)) return current;
  await stopSignaling();
  pending = startSignalingServer({
    host: options.host,
    port: options.port,
    ...(options.limits !== undefined && { limits: options.limits }),
    log: options.log ?? ((message) => console.warn(message)),
  });
  try {
    current = await pending;
    return current;
  } finally {
    pending = undefined;
  }
}

export async function stopSignaling(): Promise<void> {
  const server = current;
  current = undefined;
  await server?.close();
}

export function signalingStatus(): SignalingStatus {
  return current === undefined ? { running: false } : { running: true, url: current.url, stats: current.stats() };
}
