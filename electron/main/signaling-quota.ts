/**
 * What one connection, and one host (remote address, see
 * ./signaling-admission.ts), may take of the signaling server: message rate
 * as token buckets, connections and subscriptions as counts. A host that
 * opens many connections shares one budget, so it cannot take the server's
 * whole capacity from the laptops next to it.
 */

/** `perSecond` units sustained, `2 × perSecond` as a burst. */
export class TokenBucket {
  readonly #perSecond: number;
  #tokens: number;
  #at: number;

  constructor(perSecond: number, now: number) {
    this.#perSecond = perSecond;
    this.#tokens = 2 * perSecond;
    this.#at = now;
  }

  /** Takes `amount` tokens; false (taking none) when there are not that many left. */
  take(now: number, amount = 1): boolean {
    this.#tokens = Math.min(2 * this.#perSecond, this.#tokens + (Math.max(0, now - this.#at) / 1000) * this.#perSecond);
    this.#at = now;
    if (this.#tokens < amount) return false;
    this.#tokens -= amount;
    return true;
  }

  /** Refilled to its burst: it no longer remembers anything. */
  full(now: number): boolean {
    return this.#tokens + (Math.max(0, now - this.#at) / 1000) * this.#perSecond >= 2 * this.#perSecond;
  }
}

/** One host's use of the server. */
export interface AddressUse {
  connections: number;
  /** Subscriptions (connection × topic) held by its connections. */
  topics: number;
  readonly messages: TokenBucket;
  /** Bytes of the messages it sends. */
  readonly bytes: TokenBucket;
}

/**
 * Per-host accounting: a use lives while the host has a connection; its rate
 * of new connections is remembered until that has refilled (so connecting
 * and closing in a loop does not start afresh each time).
 */
export class AddressQuota {
  readonly #uses = new Map<string, AddressUse>();
  readonly #arrivals = new Map<string, TokenBucket>();
  readonly #messagesPerSecond: number;
  readonly #bytesPerSecond: number;
  readonly #connectsPerSecond: number;

  constructor(rates: { messagesPerSecond: number; bytesPerSecond: number; connectsPerSecond: number }) {
    this.#messagesPerSecond = rates.messagesPerSecond;
    this.#bytesPerSecond = rates.bytesPerSecond;
    this.#connectsPerSecond = rates.connectsPerSecond;
  }

  /** Counts an attempt to connect; false when the host connects too often. */
  arrive(address: string, now: number): boolean {
    if (this.#arrivals.size > 1024) for (const [key, bucket] of this.#arrivals) if (bucket.full(now)) this.#arrivals.delete(key);
    let bucket = this.#arrivals.get(address);
    if (bucket === undefined) {
      bucket = new TokenBucket(this.#connectsPerSecond, now);
      this.#arrivals.set(address, bucket);
    }
    return bucket.take(now);
  }

  connections(address: string): number {
    return this.#uses.get(address)?.connections ?? 0;
  }

  /** Counts a new connection of the host and returns its use. */
  open(address: string, now: number): AddressUse {
    let use = this.#uses.get(address);
    if (use === undefined) {
      use = { connections: 0, topics: 0, messages: new TokenBucket(this.#messagesPerSecond, now), bytes: new TokenBucket(this.#bytesPerSecond, now) };
      this.#uses.set(address, use);
    }
    use.connections++;
    return use;
  }

  close(address: string): void {
    const use = this.#uses.get(address);
    if (use === undefined) return;
    use.connections--;
    if (use.connections <= 0) this.#uses.delete(address);
  }
}
