/**
 * The team lead's kit hosts the LAN signaling server in the Electron main
 * process (./signaling-server.ts holds the logic). One server at a time, on
 * the host and port the lead chooses: the laptop's LAN address in the field
 * (field devices join ws://<address>:<port>), 127.0.0.1 for one machine.
 * For now the lead chooses at launch (`--signaling=HOST:PORT` or
 * AIDTRAIL_SIGNALING); a HostApi channel for the Sync screen is the next step.
 * LAN discovery (mDNS) is not implemented: devices are given the address.
 */
import { startSignalingServer, type SignalingLimits, type SignalingServer, type SignalingStats } from './signaling-server';

export interface SignalingStatus {
  readonly running: boolean;
  readonly url?: string;
  readonly stats?: SignalingStats;
}

export interface SignalingStartOptions {
  readonly host: string;
  readonly port: number;
  readonly limits?: Partial<SignalingLimits>;
  readonly log?: (message: string) => void;
}

/** `HOST:PORT` as the lead gives it (`0.0.0.0:4444`, `192.168.1.10:4444`), or undefined when malformed. */
export function parseSignalingAddress(text: string): { host: string; port: number } | undefined {
  const match = /^([0-9A-Za-z.:[\]-]+):(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[2]) : NaN;
  return match && port <= 65535 ? { host: match[1]!.replace(/^\[|\]$/g, ''), port } : undefined;
}

/** Owns the one signaling server of the process: start (or move), status, stop. */
export class SignalingHost {
  private current: SignalingServer | undefined;
  private pending: Promise<SignalingServer> | undefined;

  /** Starts the server (restarting it if it runs elsewhere); resolves with it. */
  async start(options: SignalingStartOptions): Promise<SignalingServer> {
    if (this.pending !== undefined) await this.pending.catch(() => undefined);
    const running = this.current;
    if (running !== undefined && running.host === options.host && (options.port === 0 || running.port === options.port)) return running;
    await this.stop();
    this.pending = startSignalingServer({
      host: options.host,
      port: options.port,
      ...(options.limits !== undefined && { limits: options.limits }),
      log: options.log ?? ((message) => console.warn(message)),
    });
    try {
      this.current = await this.pending;
      return this.current;
    } finally {
      this.pending = undefined;
    }
  }

  async stop(): Promise<void> {
    const server = this.current;
    this.current = undefined;
    await server?.close();
  }

  status(): SignalingStatus {
    return this.current === undefined ? { running: false } : { running: true, url: this.current.url, stats: this.current.stats() };
  }
}
