/**
 * Who may hold one of a room's connection slots (./room.ts), when the
 * signaling network and any holder of the team secret may be hostile:
 *   - each connection is charged to the signaling connection (`sender`, named
 *     by the server: ./signaling-messages.ts) whose message created it; one
 *     sender holds at most MAX_SLOTS_PER_SENDER of the `maxPeers` slots, and
 *     only its own messages reach that connection afterwards (the room checks)
 *   - a peer that breaks the sync protocol gets its sender banned, with
 *     growing backoff: a peer id is the peer's own choice, so a ban on it was
 *     left by picking another. A peer that only went silent is not banned
 *     (it may be a laptop that froze for a while). While banned, a sender's
 *     announces and invitations are ignored, so when a ban ends the room
 *     announces itself again: without that, a peer banned by mistake and
 *     this room would each wait for the other forever
 *   - a pending connection holds its slot for the room's `connectTimeoutMs`
 *     at most (default 10 s; an honest LAN connection opens in well under 2 s)
 *   - an announce takes a slot only when fresh (./signaling-crypto.ts: stamped,
 *     nonce unseen, recent or addressed to us); a replayed, stale or unstamped
 *     one (y-webrtc's own clients stamp nothing) only earns a rate-limited
 *     invitation, which a live peer answers and a recording does not. A stock
 *     y-webrtc client still connects: it offers to whoever invites it.
 */

/** Slots one signaling connection may hold: its peer in this room, and one spare for a reconnect. */
export const MAX_SLOTS_PER_SENDER = 2;
/** Bans by sender: 5 s, doubling per repeat, at most 5 minutes. */
const BAN_MS = 5_000;
const MAX_BAN_MS = 300_000;

export class PeerSlots {
  readonly max: number;
  readonly #banned = new Map<string, { until: number; strikes: number }>();
  readonly #onLift: (() => void) | undefined;
  #liftTimer: ReturnType<typeof setTimeout> | undefined;

  /** `onLift`: called when a ban ends (the room announces itself). */
  constructor(max: number, onLift?: () => void) {
    this.max = max;
    this.#onLift = onLift;
  }

  isBanned(sender: string, now = Date.now()): boolean {
    const ban = this.#banned.get(sender);
    return ban !== undefined && ban.until > now;
  }

  ban(sender: string, now = Date.now()): void {
    // Forget bans long over (a sender that offends again after that starts over).
    for (const [key, ban] of this.#banned) if (ban.until <= now - MAX_BAN_MS) this.#banned.delete(key);
    const strikes = (this.#banned.get(sender)?.strikes ?? 0) + 1;
    this.#banned.set(sender, { strikes, until: now + Math.min(MAX_BAN_MS, BAN_MS * 2 ** (strikes - 1)) });
    this.#watch(now);
  }

  /** Stops calling `onLift`. */
  close(): void {
    clearTimeout(this.#liftTimer);
    this.#liftTimer = undefined;
  }

  /** Whether a new connection may be charged to `sender`, given the connections held: a free slot, and fewer than its share. */
  hasSlotFor(sender: string, held: ReadonlyMap<string, { readonly sender: string }>): boolean {
    if (this.isBanned(sender) || held.size >= this.max) return false;
    let mine = 0;
    for (const c of held.values()) if (c.sender === sender) mine++;
    return mine < MAX_SLOTS_PER_SENDER;
  }

  /** Sets the timer for the first ban that ends after `after`; each lift sets the next. */
  #watch(after: number): void {
    const onLift = this.#onLift;
    if (onLift === undefined) return;
    let lift: number | undefined;
    for (const { until } of this.#banned.values()) if (until > after && (lift === undefined || until < lift)) lift = until;
    clearTimeout(this.#liftTimer);
    if (lift === undefined) return;
    const at = lift;
    this.#liftTimer = setTimeout(() => {
      onLift();
      this.#watch(at);
    }, at - Date.now());
  }
}
