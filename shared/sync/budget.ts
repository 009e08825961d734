/**
 * What one connected peer may add to our documents over time: a token bucket
 * per quantity (bytes of update, new entries, new clients). A bucket starts
 * full and refills at a steady rate, so a peer may send a whole document when
 * it connects (the burst) and then what a team records (the rate); a peer
 * that asks for more is cut off (the transport closes the connection, and a
 * later one starts from the state vectors, so an honest peer only waits).
 *
 * The burst is per connection, so a peer that reconnects starts full again:
 * the per-document caps (./capacity.ts) are what bound the total.
 *
 * Pure: the caller passes the time (ms).
 */

export interface Rate {
  /** Tokens at the start, and the most ever held. */
  readonly burst: number;
  /** Tokens regained per minute. */
  readonly perMinute: number;
}

export interface PeerRates {
  readonly bytes: Rate;
  readonly entries: Rate;
  readonly clients: Rate;
}

/**
 * Bursts: a full sync of the largest documents a site makes (100,000 events,
 * 33 MB; PLATFORM.md) with room to spare, so joining never trips them. Rates:
 * a few hundred times what a team records (a handout every few seconds per
 * laptop), so a relay of another laptop's catch-up passes too.
 */
export const DEFAULT_PEER_RATES: PeerRates = {
  bytes: { burst: 64 * 1024 * 1024, perMinute: 4 * 1024 * 1024 },
  entries: { burst: 200_000, perMinute: 12_000 },
  clients: { burst: 20_000, perMinute: 120 },
};

export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    readonly rate: Rate,
    now: number,
  ) {
    this.#tokens = rate.burst;
    this.#at = now;
  }

  /** Tokens held at `now` (a clock that goes back refills nothing). */
  available(now: number): number {
    if (now > this.#at) {
      this.#tokens = Math.min(this.rate.burst, this.#tokens + ((now - this.#at) * this.rate.perMinute) / 60_000);
      this.#at = now;
    }
    return this.#tokens;
  }

  /** Takes `n` tokens if held at `now`; else takes nothing and answers false. */
  take(n: number, now: number): boolean {
    if (n > this.available(now)) return false;
    this.#tokens -= n;
    return true;
  }
}

export type Cost = { readonly [K in keyof PeerRates]?: number };

/** The three buckets of one peer. */
export class PeerBudget {
  readonly #buckets: { readonly [K in keyof PeerRates]: TokenBucket };

  constructor(rates: PeerRates, now: number) {
    this.#buckets = {
      bytes: new TokenBucket(rates.bytes, now),
      entries: new TokenBucket(rates.entries, now),
      clients: new TokenBucket(rates.clients, now),
    };
  }

  /** Pays `cost` at `now`, all of it or nothing: undefined when paid, else why not. */
  charge(cost: Cost, now: number): string | undefined {
    for (const key of ['bytes', 'entries', 'clients'] as const) {
      const n = cost[key] ?? 0;
      const bucket = this.#buckets[key];
      if (n > bucket.available(now)) {
        return `over its rate: ${n} new ${key} when ${Math.floor(bucket.available(now))} remain (${bucket.rate.burst} at once, ${bucket.rate.perMinute} a minute)`;
      }
    }
    for (const key of ['bytes', 'entries', 'clients'] as const) this.#buckets[key].take(cost[key] ?? 0, now);
    return undefined;
  }
}
