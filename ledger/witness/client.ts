/**
 * The ledger asking witnesses to cosign its checkpoints (C2SP tlog-witness,
 * issue 17). The ledger calls `signed()` after each append (its
 * CheckpointWitnesses hook); that only wakes a background round, so no
 * append ever waits on a witness, and appends that come while a round runs
 * are coalesced into one more round for the newest checkpoint. Each witness
 * is sent the checkpoint with a consistency proof from the size it last
 * cosigned (0 at first: the witness's 409 tells the real one, and the
 * request is retried once from there). A returned cosignature is verified
 * before it is kept, and only for that exact checkpoint: `cosigned()` adds
 * the lines to the note GET /checkpoint serves while it is the newest.
 * Failures are kept per witness for GET /witnesses and retried after
 * `retryMs`.
 */
import { fromHex } from '../../shared/bytes';
import { parseNote } from '../../shared/checkpoint';
import { formatAddCheckpoint, verifyCosignatures, type Cosigner } from '../../shared/tlog';
import { encodeWitnessKey, parseWitnessKey } from '../../shared/tlog/witness-key';
import { err, ok, type Result } from '../../shared/result';

/** A witness the ledger asks: where, and the key its cosignatures must verify under. */
export interface WitnessEndpoint {
  /** The submission prefix; requests go to `${url}/add-checkpoint`. */
  readonly url: string;
  readonly cosigner: Cosigner;
}

/** `--witness URL=NAME+ID+KEY`: the witness's submission prefix and its vkey. */
export function parseWitnessOption(text: string): Result<WitnessEndpoint, 'bad-witness'> {
  const at = text.indexOf('=');
  if (at < 0) return err('bad-witness', 'give --witness URL=<witness key>');
  let url: URL;
  try {
    url = new URL(text.slice(0, at));
  } catch {
    return err('bad-witness', `${text.slice(0, at)} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return err('bad-witness', 'a witness URL is http(s)://');
  const key = parseWitnessKey(text.slice(at + 1));
  if (!key.ok) return err('bad-witness', key.message);
  return ok({ url: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, cosigner: key.value });
}

/** What the client reads of the ledger: its newest signed checkpoint (as the log signed it) and consistency proofs. */
export interface CosignSource {
  latestCheckpoint(): Promise<{ size: number; note: string }>;
  consistency(from: number, to: number): Promise<Result<{ proof: readonly string[] }, string>>;
}

export interface WitnessStatus {
  readonly url: string;
  readonly name: string;
  readonly key: string;
  /** The size of the checkpoint it last cosigned for this ledger, since the ledger started (null: none yet). */
  readonly cosignedSize: number | null;
  readonly cosignedAt?: string;
  /** The last failure, until a cosignature comes. */
  readonly lastError?: { readonly at: string; readonly message: string };
}

export interface CosigningOptions {
  readonly fetch?: typeof fetch;
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
  readonly timeoutMs?: number;
  readonly retryMs?: number;
}

/** A witness's answer is a few signature lines; anything much longer is not one. */
const MAX_ANSWER_CHARS = 16 * 1024;

interface WitnessState {
  readonly endpoint: WitnessEndpoint;
  /** The size the witness is believed to hold: what the ledger last had cosigned, or what its 409 said. */
  knownSize: number;
  cosigned?: { readonly text: string; readonly size: number; readonly lines: string; readonly at: string };
  lastError?: { readonly at: string; readonly message: string };
}

/** The signed text of a note (before the blank line), or undefined when it is not a note. */
function noteText(note: string): string | undefined {
  const parsed = parseNote(note);
  return parsed.ok ? parsed.value.text : undefined;
}

export class WitnessCosigning {
  readonly #witnesses: WitnessState[];
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  readonly #timeoutMs: number;
  readonly #retryMs: number;
  #source: CosignSource | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #retry: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(endpoints: readonly WitnessEndpoint[], options: CosigningOptions = {}) {
    this.#witnesses = endpoints.map((endpoint) => ({ endpoint, knownSize: 0 }));
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? Date.now;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#retryMs = options.retryMs ?? 30_000;
  }

  /** Starts with the ledger's current checkpoint (the ledger exists only after the hook was given to it). */
  start(source: CosignSource): void {
    this.#source = source;
    this.signed();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retry);
  }

  /** The hook: a new checkpoint is stored. Returns at once. */
  signed(): void {
    this.#again = true;
    if (this.#running !== undefined || this.#source === undefined || this.#stopped) return;
    this.#running = this.#rounds().finally(() => (this.#running = undefined));
  }

  /** Resolves when no round runs (tests, and a clean shutdown). */
  async settled(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  cosigned(note: string): string {
    const text = noteText(note);
    const lines = this.#witnesses.filter((w) => w.cosigned !== undefined && w.cosigned.text === text).map((w) => w.cosigned?.lines ?? '');
    return note + lines.join('');
  }

  status(): WitnessStatus[] {
    return this.#witnesses.map(({ endpoint, cosigned, lastError }) => ({
      url: endpoint.url,
      name: endpoint.cosigner.name,
      key: encodeWitnessKey(endpoint.cosigner),
      cosignedSize: cosigned?.size ?? null,
      ...(cosigned !== undefined && { cosignedAt: cosigned.at }),
      ...(lastError !== undefined && { lastError }),
    }));
  }

  async #rounds(): Promise<void> {
    while (this.#again && !this.#stopped && this.#source !== undefined) {
      this.#again = false;
      const source = this.#source;
      let latest;
      try {
        latest = await source.latestCheckpoint();
      } catch {
        break; // the store is closing; the next append or retry asks again
      }
      const text = noteText(latest.note);
      if (text === undefined) break;
      await Promise.all(this.#witnesses.filter((w) => w.cosigned?.text !== text).map((w) => this.#ask(w, source, latest, text)));
    }
    if (!this.#stopped && this.#witnesses.some((w) => w.lastError !== undefined)) {
      clearTimeout(this.#retry);
      this.#retry = setTimeout(() => this.signed(), this.#retryMs).unref();
    }
  }

  async #ask(w: WitnessState, source: CosignSource, latest: { size: number; note: string }, text: string): Promise<void> {
    const failed = (message: string) => {
      w.lastError = { at: new Date(this.#now()).toISOString(), message };
    };
    let oldSize = w.knownSize;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (oldSize > latest.size) {
        return failed(`the witness cosigned a tree of ${oldSize} entries, larger than this log's ${latest.size}: the log was rolled back or replaced`);
      }
      let proof: readonly string[] = [];
      if (oldSize > 0) {
        const proven = await source.consistency(oldSize, latest.size);
        if (!proven.ok) return failed(`no consistency proof from ${oldSize} to ${latest.size}: ${proven.message}`);
        proof = proven.value.proof;
      }
      const answer = await this.#post(w.endpoint.url, formatAddCheckpoint({ oldSize, proof: proof.map(fromHex), checkpoint: latest.note }));
      if (!answer.ok) return failed(answer.message);
      const { status, body } = answer.value;
      if (status === 409 && attempt === 0 && /^(0|[1-9][0-9]{0,15})\n$/.test(body)) {
        // The witness holds another size (this ledger restarted, or another server asked it): retry once from there.
        oldSize = Number(body.trim());
        w.knownSize = oldSize;
        continue;
      }
      if (status !== 200) return failed(`${status}: ${body.trim().slice(0, 300)}`);
      const lines = this.#verified(w.endpoint.cosigner, latest.note, body);
      if (lines === '') return failed('the witness answered 200 without a cosignature that verifies under its key for this checkpoint');
      w.knownSize = latest.size;
      w.cosigned = { text, size: latest.size, lines, at: new Date(this.#now()).toISOString() };
      delete w.lastError;
      return;
    }
    failed('the witness answered 409 twice');
  }

  /** The answer's lines that are valid cosignatures of this witness on this note; the rest is dropped. */
  #verified(cosigner: Cosigner, note: string, body: string): string {
    const now = Math.floor(this.#now() / 1000);
    const lines = body.split('\n').filter((line) => line !== '').map((line) => `${line}\n`);
    return lines.filter((line) => verifyCosignatures(note + line, [cosigner], { quorum: 1, now }).ok).join('');
  }

  async #post(url: string, body: string): Promise<Result<{ status: number; body: string }, 'unreachable'>> {
    try {
      const response = await this.#fetch(`${url}/add-checkpoint`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      const text = await response.text();
      return ok({ status: response.status, body: text.length > MAX_ANSWER_CHARS ? text.slice(0, MAX_ANSWER_CHARS) : text });
    } catch (e) {
      return err('unreachable', `cannot reach the witness: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
