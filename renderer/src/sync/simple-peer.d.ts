/**
 * The part of simple-peer 9 (the WebRTC wrapper y-webrtc uses, imported the
 * same way: its browser bundle) that the sync transport touches.
 */
declare module 'simple-peer/simplepeer.min.js' {
  export interface SimplePeerOptions {
    initiator?: boolean;
    config?: RTCConfiguration;
    trickle?: boolean;
    /** An implementation of the WebRTC API (`@roamhq/wrtc` in Node). */
    wrtc?: unknown;
    [option: string]: unknown;
  }

  export type SignalData = { type?: string; sdp?: string; candidate?: unknown; [field: string]: unknown };

  export default class SimplePeer {
    constructor(options?: SimplePeerOptions);
    readonly connected: boolean;
    readonly destroyed: boolean;
    /** RTCDataChannel.bufferedAmount, or 0. */
    readonly bufferSize: number;
    /** The data channel once negotiated (simple-peer internal, stable in 9.x). */
    readonly _channel: RTCDataChannel | null;
    signal(data: SignalData | string): void;
    send(data: Uint8Array): void;
    destroy(error?: Error): void;
    on(event: 'signal', listener: (data: SignalData) => void): this;
    on(event: 'connect' | 'close', listener: () => void): this;
    on(event: 'data', listener: (data: Uint8Array) => void): this;
    on(event: 'error', listener: (error: Error & { code?: string }) => void): this;
    removeAllListeners(event?: string): this;
  }
}
