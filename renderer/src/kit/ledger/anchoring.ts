/**
 * Anchoring this device's events at HQ (DESIGN.md "Ledger protocol", issue
 * "HQ ledger and batch anchoring"): when HQ is reachable the backlog goes up
 * in bounded, signed batches (shared/ledger `anchor`, resumable: HQ says where
 * the device's chain ends and only what follows is sent); every receipt and
 * every new checkpoint is verified here, and a checkpoint that does not extend
 * the one held raises an alarm that stays until a person looks. HQ's trust
 * events (device certificates, revocations, plans) are pulled on the way and
 * go through the same verification as any peer's. A refusal is answered with
 * the code HQ's reason maps to (shared/ledger/client.ts refusalCode), so the
 * screen says whether HQ has not registered this laptop, revoked it, or
 * refused for another reason.
 */
import { openCheckpoint, parseVerifierKey } from '../../../../shared/checkpoint';
import { publicKeyToDid, type DidKey } from '../../../../shared/crypto/did-key';
import { eventId, type SignedEvent } from '../../../../shared/events';
import type { HostApi } from '../../../../shared/ipc';
import { acceptCheckpointNote, anchor, LedgerClient, verifyReceipt, type HttpFetch, type ReceiptTrust } from '../../../../shared/ledger';
import { err, ok, type Result } from '../../../../shared/result';
import type { FetchLike } from '../../../../shared/tlog';
import { encodeWitnessKey, parseWitnessKey } from '../../../../shared/tlog/witness-key';
import { fromBase64, toBase64 } from '../../../../shared/bytes';
import type { KitDatabase } from '../../db/database';
import type { IngestResult } from '../api/events';
import type { AnchorError, LedgerExtras, LedgerStatus } from '../api/ledger';
import { readSetting, writeSetting, type SettingValue } from '../settings';
import { checkTiles } from './tiles-check';
import { witnessQuorum } from './witnessed';

export interface AnchoringDeps {
  readonly db: KitDatabase;
  readonly host: HostApi;
  readonly device: DidKey;
  readonly fetch: HttpFetch;
  readonly ingest: (raws: readonly string[], source: string) => Promise<IngestResult>;
  /** Plain http to a ledger on another machine: LAN tests only (KitOptions.allowHttpLedger). */
  readonly allowHttp?: boolean;
  /** Binary HTTP for the log's tiles (./tiles-check.ts): the page's fetch unless a test says otherwise. */
  readonly fetchBytes?: FetchLike;
}


export type ExtrasErrorCode = 'bad-tiles-url' | 'bad-witness-key' | 'bad-quorum';

/** The extras checked and in the settings' form; `undefined` fields are not set. */
function parseExtras(extras: LedgerExtras, allowHttp: boolean): Result<Pick<SettingValue<'ledger'>, 'tiles' | 'witnesses' | 'quorum'>, ExtrasErrorCode> {
  let tiles: string | undefined;
  if (extras.tiles !== undefined && extras.tiles.trim() !== '') {
    const address = ledgerAddress(extras.tiles, allowHttp);
    if (!address.ok) return err('bad-tiles-url', 'the tiles address must be https:// (http:// only to this laptop itself)');
    tiles = address.value;
  }
  const witnesses: { name: string; key: string }[] = [];
  const lines = (extras.witnesses ?? []).map((line) => line.trim()).filter((line) => line !== '');
  for (const [i, line] of lines.entries()) {
    const parsed = parseWitnessKey(line);
    if (!parsed.ok) return err('bad-witness-key', `witness key ${i + 1}: ${parsed.message}`);
    if (witnesses.some((w) => w.name === parsed.value.name)) return err('bad-witness-key', `witness key ${i + 1}: ${parsed.value.name} is given twice`);
    witnesses.push({ name: parsed.value.name, key: toBase64(parsed.value.publicKey) });
  }
  const quorum = extras.quorum;
  if (quorum !== undefined && witnesses.length > 0 && (!Number.isInteger(quorum) || quorum < 1 || quorum > witnesses.length)) {
    return err('bad-quorum', `the quorum must be a whole number from 1 to ${witnesses.length}`);
  }
  return ok({
    ...(tiles !== undefined && { tiles }),
    ...(witnesses.length > 0 && { witnesses, ...(quorum !== undefined && { quorum }) }),
  });
}

/** The stored witnesses as the vkeys a lead entered. */
const witnessKeysOf = (witnesses: readonly { name: string; key: string }[]): string[] =>
  witnesses.flatMap(({ name, key }) => {
    try {
      return [encodeWitnessKey({ name, publicKey: fromBase64(key) })];
    } catch {
      return [];
    }
  });

/** Lost answers are rare; a run recovers at most this many receipts one by one. */
const RECOVER_AT_MOST = 2000;


function trustOf(ledger: SettingValue<'ledger'>): ReceiptTrust {
  const logKey = parseVerifierKey(ledger.logKey);
  if (!logKey.ok) throw new Error(`the stored log key is damaged: ${logKey.message}`);
  return { logKey: logKey.value, origin: ledger.origin };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The ledger's base URL: https, or http to this machine itself (or anywhere, with the LAN-test flag). */
function ledgerAddress(url: string, allowHttp: boolean): Result<string, 'bad-url'> {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return err('bad-url', 'not a web address');
  }
  const secure = parsed.protocol === 'https:' || (parsed.protocol === 'http:' && (allowHttp || LOOPBACK.has(parsed.hostname)));
  if (!secure || parsed.username !== '' || parsed.password !== '' || parsed.search !== '' || parsed.hash !== '') {
    return err('bad-url', 'the ledger address must be https:// (http:// only to this laptop itself)');
  }
  return ok(`${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`);
}

export class Anchoring {
  constructor(private readonly deps: AnchoringDeps) {}

  /** POSIX seconds, for cosignature timestamps. */
  #now(): number {
    return Math.floor(Date.now() / 1000);
  }

  private get db(): KitDatabase {
    return this.deps.db;
  }

  /**
   * HQ is pinned out of band (issue 12): the lead enters the log's verifier
   * key, printed by HQ; HQ's did:key is that same Ed25519 key (one HQ key signs
   * HQ's events and its checkpoints) and the origin is the key's name. The
   * ledger's answer only has to agree; nothing it says becomes a trust root.
   */
  async configure<E extends string = never>(
    url: string,
    logKeyText: string,
    /** Run once all are well formed, before the ledger is asked anything (the desktop app allows the addresses here). */
    reach?: (address: string) => Promise<Result<void, E>>,
    /** Tiles and witnesses: replaced when given, kept from before when not. */
    extras?: LedgerExtras,
  ): Promise<Result<void, 'bad-url' | 'bad-key' | 'unreachable' | 'mismatch' | ExtrasErrorCode | E>> {
    const address = ledgerAddress(url, this.deps.allowHttp === true);
    if (!address.ok) return address;
    const logKey = parseVerifierKey(logKeyText.trim());
    if (!logKey.ok) return err('bad-key', `not a log verifier key: ${logKey.message}`);
    const parsedExtras = extras === undefined ? undefined : parseExtras(extras, this.deps.allowHttp === true);
    if (parsedExtras !== undefined && !parsedExtras.ok) return parsedExtras;
    if (reach !== undefined) {
      const reached = await reach(address.value);
      if (!reached.ok) return reached;
      const tiles = parsedExtras?.value.tiles;
      if (tiles !== undefined && new URL(tiles).origin !== new URL(address.value).origin) {
        const tilesReached = await reach(tiles);
        if (!tilesReached.ok) return tilesReached;
      }
    }
    const hq = publicKeyToDid(logKey.value.publicKey);
    let info: { origin?: unknown; logKey?: unknown; hq?: unknown };
    try {
      const response = await this.deps.fetch(`${address.value}/`);
      info = JSON.parse(await response.text()) as typeof info;
    } catch (e) {
      return err('unreachable', `cannot reach the ledger: ${e instanceof Error ? e.message : String(e)}`);
    }
    // A ledger that names another key, origin or HQ is not this log.
    if (info.logKey !== logKeyText.trim() || info.origin !== logKey.value.name || info.hq !== hq) {
      return err('mismatch', 'the ledger at this address does not use the log key given');
    }
    const previous = await readSetting(this.db, 'ledger');
    const sameLog = previous?.logKey === logKeyText.trim();
    const kept = parsedExtras?.value ?? {
      ...(previous?.witnesses !== undefined && { witnesses: previous.witnesses }),
      ...(previous?.quorum !== undefined && { quorum: previous.quorum }),
      ...(previous?.tiles !== undefined && { tiles: previous.tiles }),
    };
    await writeSetting(this.db, 'ledger', {
      url: address.value,
      logKey: logKeyText.trim(),
      origin: logKey.value.name,
      hq,
      ...(sameLog && previous.checkpoint !== undefined && { checkpoint: previous.checkpoint }),
      ...(previous?.alarm !== undefined && { alarm: previous.alarm }),
      ...kept,
      // What the same tiles proved of the same log stays proved.
      ...(sameLog && kept.tiles !== undefined && kept.tiles === previous.tiles && previous.tilesCheck !== undefined && { tilesCheck: previous.tilesCheck }),
    });
    return ok(undefined);
  }

  private async anchoredSeq(): Promise<number> {
    const [last] = await this.db.receipts.find({ selector: { device: this.deps.device }, sort: [{ device: 'desc' }, { seq: 'desc' }], limit: 1 }).exec();
    return last?.seq ?? 0;
  }

  private async ownEventsAfter(seq: number): Promise<SignedEvent[]> {
    const docs = await this.db.events
      .find({ selector: { device: this.deps.device, seq: { $gt: seq } }, sort: [{ device: 'asc' }, { seq: 'asc' }] })
      .exec();
    return docs.map((d) => d.toMutableJSON().event);
  }

  async status(): Promise<LedgerStatus> {
    const ledger = await readSetting(this.db, 'ledger');
    const anchoredSeq = await this.anchoredSeq();
    const pending = await this.db.events.count({ selector: { device: this.deps.device, seq: { $gt: anchoredSeq } } }).exec();
    const anchored = await this.db.receipts.count({ selector: { device: this.deps.device } }).exec();
    if (ledger === undefined) return { configured: false, anchored, pending };
    const held = ledger.checkpoint === undefined ? undefined : openCheckpoint(ledger.checkpoint, ledger.origin, trustOf(ledger).logKey);
    return {
      configured: true,
      url: ledger.url,
      origin: ledger.origin,
      anchored,
      pending,
      ...(held?.ok === true && { checkpointSize: held.value.size }),
      ...(ledger.alarm !== undefined && { alarm: ledger.alarm }),
      ...(ledger.unwitnessed !== undefined && { unwitnessed: ledger.unwitnessed }),
      ...(ledger.witnesses !== undefined && { witnesses: witnessKeysOf(ledger.witnesses) }),
      ...(ledger.witnesses !== undefined && { quorum: ledger.quorum ?? ledger.witnesses.length }),
      ...(ledger.tiles !== undefined && { tiles: ledger.tiles }),
      ...(ledger.tilesCheck !== undefined && { tilesCheck: ledger.tilesCheck }),
    };
  }

  /**
   * The receipts and the held checkpoint against the log's tiles, when a
   * tiles address is set (./tiles-check.ts); `fork` when they disagree.
   */
  async checkTiles(): Promise<Result<void, 'fork'>> {
    const ledger = await readSetting(this.db, 'ledger');
    if (ledger?.tiles === undefined) return ok(undefined);
    const checked = await checkTiles({
      db: this.db,
      device: this.deps.device,
      fetch: this.deps.fetch,
      fetchBytes: this.deps.fetchBytes ?? ((url) => fetch(url)),
      trust: trustOf(ledger),
    });
    return checked.ok ? ok(undefined) : checked;
  }

  async anchorNow(onProgress?: (anchored: number, total: number) => void): Promise<Result<{ anchored: number; trust: IngestResult }, AnchorError>> {
    const ledger = await readSetting(this.db, 'ledger');
    if (ledger === undefined) return err('not-configured', 'no HQ ledger is configured on this device');
    const client = new LedgerClient(ledger.url, this.deps.fetch);
    const trust = await client.trust();
    if (!trust.ok) {
      // HQ offline, the tiles perhaps not: the receipts held are still checked against them.
      if (trust.code === 'unreachable') {
        const tiles = await this.checkTiles();
        if (!tiles.ok) return tiles;
      }
      return trust;
    }
    const trustTexts = trust.value.events.map((e) => JSON.stringify(e));
    const trusted = await this.deps.ingest(trustTexts, 'hq');
    const anchoredSeq = await this.anchoredSeq();
    const outcome = await anchor({
      client,
      signer: {
        did: this.deps.device,
        sign: async (header) => {
          const signed = await this.deps.host.signBatch(header);
          if (!signed.ok) throw new Error(`host refused: ${signed.code}: ${signed.message}`);
          return signed.value;
        },
      },
      events: await this.ownEventsAfter(anchoredSeq),
      trust: trustOf(ledger),
      ...(ledger.checkpoint !== undefined && { heldCheckpoint: ledger.checkpoint }),
      ...(onProgress && { onProgress }),
    });
    const done = outcome.ok ? outcome.value : outcome.partial;
    await this.keepReceipts(done.receipts);
    const latest = (await readSetting(this.db, 'ledger')) ?? ledger;
    if (!outcome.ok && outcome.code === 'fork') {
      await writeSetting(this.db, 'ledger', { ...latest, alarm: `${new Date().toISOString()}: ${outcome.message}` });
      return err('fork', outcome.message);
    }
    // A receipt's checkpoint is signed before witnesses saw it: held only if it already has their cosignatures; HQ's head is asked below.
    if (done.checkpoint !== undefined && witnessQuorum(done.checkpoint, latest, this.#now()).ok) {
      await writeSetting(this.db, 'ledger', { ...latest, checkpoint: done.checkpoint });
    }
    // The log's newest checkpoint, checked against the held one even when
    // this device had nothing to send or HQ refused it: every visit to HQ is an audit.
    const current = await client.checkpoint();
    if (current.ok) {
      const audit = await this.auditHead(current.value);
      if (!audit.ok) return audit;
    }
    // The tiles published for everyone must tell the history HQ's answers told.
    const tiles = await this.checkTiles();
    if (!tiles.ok) return tiles;
    if (!outcome.ok) return err(outcome.code, outcome.message);
    const recovered = await this.recoverReceipts(ledger);
    return ok({ anchored: done.anchored + recovered, trust: trusted });
  }

  /**
   * HQ's own newest checkpoint. A log that now shows a smaller tree than one
   * it signed before has rolled back (or was replaced): nothing can prove
   * that consistent, so it is the same alarm as a fork.
   */
  private async auditHead(note: string): Promise<Result<void, 'fork'>> {
    const ledger = await readSetting(this.db, 'ledger');
    if (ledger === undefined) return ok(undefined);
    const trust = trustOf(ledger);
    const next = openCheckpoint(note, trust.origin, trust.logKey);
    const held = ledger.checkpoint === undefined ? undefined : openCheckpoint(ledger.checkpoint, trust.origin, trust.logKey);
    if (next.ok && held?.ok === true && next.value.size < held.value.size) {
      const message = `the ledger now shows ${next.value.size} entries after signing ${held.value.size}: its history was rolled back or replaced`;
      await writeSetting(this.db, 'ledger', { ...ledger, alarm: `${new Date().toISOString()}: ${message}` });
      return err('fork', message);
    }
    const seen = await this.gossip(note);
    return !seen.ok && seen.code === 'fork' ? err('fork', seen.message) : ok(undefined);
  }

  /**
   * Receipts of events HQ holds but this device has none for: an upload whose
   * answer was lost. HQ's head says how far its copy of the chain goes.
   */
  private async recoverReceipts(ledger: SettingValue<'ledger'>): Promise<number> {
    const client = new LedgerClient(ledger.url, this.deps.fetch);
    const head = await client.head(this.deps.device);
    if (!head.ok) return 0;
    const missing = (await this.ownEventsAfter(await this.anchoredSeq())).filter((e) => e.seq <= head.value.seq);
    const trust = trustOf(ledger);
    const found = [];
    for (const event of missing.slice(0, RECOVER_AT_MOST)) {
      const id = eventId(event);
      try {
        const response = await this.deps.fetch(`${ledger.url}/receipts/${id}`);
        if (response.status !== 200) break;
        const verified = verifyReceipt(JSON.parse(await response.text()), trust);
        if (!verified.ok || verified.value.receipt.event !== id) break;
        found.push(verified.value.receipt);
      } catch {
        break;
      }
    }
    await this.keepReceipts(found);
    return found.length;
  }

  private async keepReceipts(receipts: readonly { event: string; leafIndex: number; treeSize: number; inclusion: readonly string[]; checkpoint: string }[]): Promise<void> {
    if (receipts.length === 0) return;
    const events = await this.db.events.findByIds(receipts.map((r) => r.event)).exec();
    await this.db.receipts.bulkUpsert(
      receipts.flatMap((r) => {
        const event = events.get(r.event);
        return event === undefined
          ? []
          : [{ event: r.event, device: event.device, seq: event.seq, leafIndex: r.leafIndex, treeSize: r.treeSize, receipt: { ...r, inclusion: [...r.inclusion] } }];
      }),
    );
  }

  /**
   * A checkpoint a peer gossiped (DESIGN.md: devices gossip checkpoints so HQ
   * cannot show two histories unnoticed). A newer one is kept once HQ proves
   * it extends the held one; two that cannot both be honest raise the alarm.
   */
  async gossip(note: string): Promise<Result<'kept' | 'same' | 'older' | 'unverified', 'fork' | 'invalid' | 'unwitnessed' | 'not-configured'>> {
    const ledger = await readSetting(this.db, 'ledger');
    if (ledger === undefined) return err('not-configured', 'no HQ ledger is configured on this device');
    const trust = trustOf(ledger);
    const next = openCheckpoint(note, trust.origin, trust.logKey);
    if (!next.ok) return err('invalid', next.message);
    const held = ledger.checkpoint === undefined ? undefined : openCheckpoint(ledger.checkpoint, trust.origin, trust.logKey);
    let proof: Uint8Array[] = [];
    if (held?.ok === true && held.value.size > 0 && held.value.size !== next.value.size) {
      const answer = await new LedgerClient(ledger.url, this.deps.fetch).consistency(
        Math.min(held.value.size, next.value.size),
        Math.max(held.value.size, next.value.size),
      );
      // Offline, a different size cannot be judged yet; the same size can.
      if (!answer.ok) return ok('unverified');
      proof = answer.value;
    }
    const accepted = acceptCheckpointNote(ledger.checkpoint, note, proof, trust);
    if (accepted.ok) {
      if (accepted.value.status === 'same') return ok('same');
      // Consistent is not enough when witnesses are required: HQ may show this history to this laptop alone.
      const witnessed = witnessQuorum(note, ledger, this.#now());
      if (!witnessed.ok) {
        await writeSetting(this.db, 'ledger', { ...ledger, unwitnessed: `${new Date().toISOString()}: ${witnessed.message}` });
        return witnessed;
      }
      const kept = { ...ledger, checkpoint: accepted.value.note };
      delete kept.unwitnessed;
      await writeSetting(this.db, 'ledger', kept);
      return ok('kept');
    }
    if (accepted.code === 'older') return ok('older');
    if (accepted.code === 'fork') {
      await writeSetting(this.db, 'ledger', { ...ledger, alarm: `${new Date().toISOString()}: a gossiped checkpoint contradicts the held one: ${accepted.message}` });
      return err('fork', accepted.message);
    }
    return err('invalid', accepted.message);
  }
}
