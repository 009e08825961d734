/**
 * The donor page's witness and tile steps (issue 17; hq/donors/verify):
 * what the address pins is read strictly, a checkpoint without enough valid
 * cosignatures of the pinned witnesses is refused with what did cosign, and
 * with `#tiles=` each sampled handout is proven from the tiles alone, where
 * a changed or missing tile fails the run.
 */
import { describe, expect, it } from 'vitest';
import { ed25519Signer, encodeVerifierKey, signCheckpoint, type NoteSigner } from '../../shared/checkpoint';
import { fromHex, toHex, utf8 } from '../../shared/bytes';
import { publicKeyToDid } from '../../shared/crypto/did-key';
import { generateKeyPair } from '../../shared/crypto/ed25519';
import { sha256 } from '../../shared/crypto/sha256';
import { hashLeaf, MemoryMerkleTree } from '../../shared/merkle';
import { cosign, entriesPath, entryBundle, tileBytes, tilePath, tilesOf, type FetchLike } from '../../shared/tlog';
import { encodeWitnessKey } from '../../shared/tlog/witness-key';
import { parseSeen } from '../../hq/donors/verify/checks';
import { pinFragment, pinnedKey } from '../../hq/donors/verify/pinned-key';
import { tilesPin, witnessPins } from '../../hq/donors/verify/pins';
import { verified, verify, type Step, type VerifyInput, type VerifyPorts } from '../../hq/donors/verify/verify';

const ORIGIN = 'aidtrail.example-agency.org/hq-log';
const PAGE = 'https://hq.example.org';
const made = ed25519Signer(ORIGIN, new Uint8Array(32).fill(7));
if (!made.ok) throw new Error(made.message);
const KEY: NoteSigner = made.value;
const KEY_TEXT = encodeVerifierKey(KEY);
const NOW = 1_800_000_000;
/** HQ's did, which GET / names as the ledger does (ledger/service/ledger.ts info). */
const HQ = publicKeyToDid(generateKeyPair().publicKey);

function witness(name: string) {
  const { seed, publicKey } = generateKeyPair();
  const key = encodeWitnessKey({ name, publicKey });
  /** The cosignature line of this witness on the checkpoint `note` (its body: the text before the blank line). */
  const line = (note: string, at = NOW - 60): string => {
    const c = cosign(`${note.split('\n\n')[0]!}\n`, name, seed, at);
    if (!c.ok) throw new Error(c.message);
    return c.value;
  };
  return { name, key, line };
}
const W1 = witness('witness.example.net/w1');
const W2 = witness('witness.example.com/w2');
const W3 = witness('witness.example.org/w3');

/** A log of `n` event ids: ids, tree, signed checkpoints, and its tiles at any size. */
function log(n: number, salt = 'a') {
  const ids = Array.from({ length: n }, (_, i) => toHex(sha256(utf8(`${salt}-${i}`))));
  const tree = new MemoryMerkleTree();
  for (const id of ids) tree.append(hashLeaf(fromHex(id)));
  const checkpoint = (size = n): string => {
    const root = tree.rootAt(size);
    if (!root.ok) throw new Error(root.message);
    const note = signCheckpoint({ origin: ORIGIN, size, rootHash: root.value, extensions: [] }, [KEY]);
    if (!note.ok) throw new Error(note.message);
    return note.value;
  };
  /** The files a static server holds under the tile prefix for the tree of `size` (entries: the 32 id bytes, as ledger/tiles writes them). */
  const tiles = (size = n): Map<string, Uint8Array> => {
    const files = new Map<string, Uint8Array>([['checkpoint', utf8(checkpoint(size))]]);
    const source = { size, node: (level: number, index: number) => tree.node(level, index) };
    for (const tile of tilesOf(size)) {
      files.set(tilePath(tile), tileBytes(source, tile));
      if (tile.level === 0) files.set(entriesPath(tile.index, tile.width), entryBundle(ids.slice(tile.index * 256, tile.index * 256 + tile.width).map(fromHex)));
    }
    return files;
  };
  return { ids, tree, checkpoint, tiles };
}

type Route = (url: URL) => { status: number; text: string } | undefined;

/** An honest ledger over `l` at `size`, its /checkpoint carrying `cosign(note)`, and tiles `files` served under /tiles/log. */
function server(l: ReturnType<typeof log>, options: { size?: number; cosign?: (note: string) => string; files?: Map<string, Uint8Array>; override?: Route } = {}) {
  const size = options.size ?? l.ids.length;
  const store = new Map<string, string>();
  const asked: string[] = [];
  const fetchTile: FetchLike = async (url) => {
    asked.push(url);
    const bytes = url.startsWith('/tiles/log/') ? options.files?.get(url.slice('/tiles/log/'.length)) : undefined;
    return { status: bytes === undefined ? 404 : 200, arrayBuffer: async () => (bytes ?? new Uint8Array(0)).slice().buffer };
  };
  const ports: VerifyPorts = {
    async get(path) {
      asked.push(path);
      const url = new URL(path, PAGE);
      const forged = options.override?.(url);
      if (forged !== undefined) return forged;
      const q = (name: string) => Number(url.searchParams.get(name));
      if (url.pathname === '/') return { status: 200, text: JSON.stringify({ origin: ORIGIN, logKey: KEY_TEXT, hq: HQ, size }) };
      if (url.pathname === '/checkpoint') {
        const note = l.checkpoint(size);
        return { status: 200, text: note + (options.cosign?.(note) ?? '') };
      }
      if (url.pathname === '/proof/consistency') {
        const proof = l.tree.consistencyProof(q('from'), q('to'));
        return proof.ok ? { status: 200, text: JSON.stringify({ from: q('from'), to: q('to'), proof: proof.value.map(toHex) }) } : { status: 400, text: '{}' };
      }
      if (url.pathname === '/proof/inclusion') {
        const leaf = l.ids.indexOf(url.searchParams.get('id') ?? '');
        const proof = l.tree.inclusionProof(leaf, q('size'));
        if (leaf < 0 || !proof.ok) return { status: 404, text: '{}' };
        return { status: 200, text: JSON.stringify({ leafIndex: leaf, treeSize: q('size'), leafHash: toHex(hashLeaf(fromHex(l.ids[leaf]!))), inclusion: proof.value.map(toHex), checkpoint: null }) };
      }
      if (url.pathname.startsWith('/receipts/')) {
        const leaf = l.ids.indexOf(url.pathname.slice('/receipts/'.length));
        return leaf < 0 ? { status: 404, text: '{"error":"not-found"}' } : { status: 200, text: JSON.stringify({ event: l.ids[leaf], leafIndex: leaf, treeSize: size, inclusion: [], checkpoint: l.checkpoint(size) }) };
      }
      return { status: 404, text: '{}' };
    },
    loadSeen: (key) => store.get(key) ?? null,
    saveSeen: (key, value) => void store.set(key, value),
    fetchTile,
    now: () => NOW * 1000,
  };
  return { ports, store, asked };
}

const fragment = (extra: string) => `${pinFragment(KEY_TEXT)}&${extra}`;
const input = (extra: string, totalsSize: number, sample: readonly string[]): VerifyInput => {
  const hash = fragment(extra);
  return { key: pinnedKey(hash), witnesses: witnessPins(hash), tiles: tilesPin(hash, PAGE), totalsSize, sample };
};
const witnessesParam = (quorum: number | undefined, ...ws: { key: string }[]) =>
  `witnesses=${encodeURIComponent(ws.map((w) => w.key).join(','))}${quorum === undefined ? '' : `&quorum=${quorum}`}`;

/** A cosignature line with one base64 character of its signature changed (the name and key ID kept). */
const garble = (line: string): string => {
  const at = line.lastIndexOf(' ') + 1 + 40;
  return `${line.slice(0, at)}${line[at] === 'A' ? 'B' : 'A'}${line.slice(at + 1)}`;
};

const failure = (steps: readonly Step[]) => {
  const last = steps.at(-1)!;
  expect(last.ok, JSON.stringify(steps)).toBe(false);
  expect(steps.slice(0, -1).every((s) => s.ok)).toBe(true);
  return last;
};

describe('what the address pins beside the key', () => {
  it('reads witnesses and a quorum, n of n by default, "+" and "/" of the keys intact', () => {
    const two = witnessPins(fragment(witnessesParam(1, W1, W2)));
    expect(two.ok && two.value?.witnesses.map((w) => w.name)).toEqual([W1.name, W2.name]);
    expect(two.ok && two.value?.quorum).toBe(1);
    expect(witnessPins(`#witnesses=${W1.key},${W2.key}`)).toMatchObject({ ok: true, value: { quorum: 2 } });
    expect(witnessPins(pinFragment(KEY_TEXT))).toEqual({ ok: true, value: undefined });
  });

  it('refuses garbage rather than ignoring it', () => {
    const bad: [string, RegExp][] = [
      [`witnesses=${encodeURIComponent('not+a+key')}`, /witness 1/],
      [`witnesses=${W1.key},${KEY_TEXT}`, /witness 2.*cosignature\/v1/],
      [`witnesses=${W1.key},,${W2.key}`, /witness 2/],
      [`witnesses=${W1.key.replace(/\+[0-9a-f]{8}\+/, '+00000000+')}`, /key ID/],
      [`witnesses=${W1.key},${W1.key}`, /twice/],
      [`witnesses=${W1.key}&quorum=0`, /out of range/],
      [`witnesses=${W1.key},${W2.key}&quorum=3`, /out of range/],
      [`witnesses=${W1.key}&quorum=1x`, /not a number/],
      [`witnesses=${W1.key}&quorum=-1`, /not a number/],
      [`witnesses=${W1.key}&quorum=`, /not a number/],
      ['quorum=1', /pins no witnesses/],
      ['witnesses=', /pins no witnesses/],
      ['witnesses=%E0%A4%A', /cannot be decoded/],
      [`witnesses=${Array.from({ length: 33 }, () => W1.key).join(',')}`, /at most 32/],
    ];
    for (const [extra, reason] of bad) {
      const pins = witnessPins(fragment(extra));
      expect(pins, extra).toMatchObject({ ok: false, code: 'bad-witness-pins' });
      expect(pins.ok ? '' : pins.message, extra).toMatch(reason);
    }
  });

  it('takes a tile prefix of this origin only', () => {
    expect(tilesPin(fragment('tiles=/tiles/log/'), PAGE)).toEqual({ ok: true, value: '/tiles/log' });
    expect(tilesPin(fragment(`tiles=${encodeURIComponent(`${PAGE}/cdn/log`)}`), PAGE)).toEqual({ ok: true, value: '/cdn/log' });
    expect(tilesPin(pinFragment(KEY_TEXT), PAGE)).toEqual({ ok: true, value: undefined });
    for (const prefix of ['https://cdn.example/log', '//cdn.example/log', 'http://hq.example.org/log', 'javascript:alert(1)', 'tiles/log', '/\\cdn.example/log', '/log?x=1', 'https://u:p@hq.example.org/log', '', '%E0%A4%A']) {
      expect(tilesPin(fragment(`tiles=${prefix.startsWith('%') ? prefix : encodeURIComponent(prefix)}`), PAGE), prefix).toMatchObject({ ok: false, code: 'bad-tiles-pin' });
    }
    const other = tilesPin(fragment('tiles=https://cdn.example/log'), PAGE);
    expect(other.ok ? '' : other.message).toMatch(/connect-src 'self'/);
  });
});

describe('verify with pinned witnesses', () => {
  const l = log(40);
  const run = (s: ReturnType<typeof server>, extra: string) => verify(s.ports, input(extra, 40, [l.ids[5]!]));

  it('passes when enough pinned witnesses cosigned, and says who and when', async () => {
    const s = server(l, { cosign: (note) => W1.line(note) + W2.line(note, NOW - 3600) });
    const steps = await run(s, witnessesParam(2, W1, W2));
    expect(steps.map((step) => `${step.step}:${step.code}`), JSON.stringify(steps)).toEqual(['key:pinned', 'checkpoint:signed', 'witnesses:cosigned', 'consistency:first', 'totals:covered', 'inclusion:included']);
    expect(steps[2]!.values).toEqual({ count: 2, quorum: 2, of: 2, cosigners: `${W1.name} (2027-01-15T07:59:00Z), ${W2.name} (2027-01-15T07:00:00Z)` });

    // 1 of 2 when the address asks for one.
    const one = server(l, { cosign: (note) => W2.line(note) });
    expect(verified(await run(one, witnessesParam(1, W1, W2)))).toBe(true);
  });

  it('refuses a checkpoint without cosignatures, with one of two, or with a stranger’s, and remembers nothing', async () => {
    const cases: [string, (note: string) => string, string, number, string][] = [
      ['none', () => '', witnessesParam(2, W1, W2), 0, '—'],
      ['one of two', (note) => W1.line(note), witnessesParam(2, W1, W2), 1, `${W1.name} (2027-01-15T07:59:00Z)`],
      ['an unknown witness', (note) => W1.line(note) + W3.line(note), witnessesParam(undefined, W1, W2), 1, `${W1.name} (2027-01-15T07:59:00Z)`],
      ['a key of the same name', (note) => witness(W2.name).line(note), witnessesParam(1, W2), 0, '—'],
    ];
    for (const [what, cosigned, extra, count, cosigners] of cases) {
      const s = server(l, { cosign: cosigned });
      const step = failure(await run(s, extra));
      expect(step, what).toMatchObject({ step: 'witnesses', code: 'quorum-not-met', values: { count, quorum: extra.includes('quorum=1') ? 1 : 2, cosigners } });
      expect(step.reason, what).toMatch(new RegExp(`^only ${count} of the \\d witnesses required cosigned this checkpoint`));
      expect(s.store.size, what).toBe(0);
      expect(s.asked.some((p) => p.startsWith('/proof/')), what).toBe(false);
    }
    const oneOfTwo = failure(await run(server(l, { cosign: (note) => W1.line(note) }), witnessesParam(2, W1, W2)));
    expect(oneOfTwo.reason).toBe(`only 1 of the 2 witnesses required cosigned this checkpoint (no valid cosignature of ${W2.name})`);
  });

  it('refuses a cosignature of another checkpoint, a garbled one and one dated in the future', async () => {
    const cases: [string, (note: string) => string][] = [
      ['another checkpoint', (note) => W1.line(note) + W2.line(l.checkpoint(39))],
      ['garbled', (note) => W1.line(note) + garble(W2.line(note))],
      ['from the future', (note) => W1.line(note) + W2.line(note, NOW + 3600)],
    ];
    for (const [what, cosigned] of cases) {
      const s = server(l, { cosign: cosigned });
      const step = failure(await run(s, witnessesParam(1, W1, W2)));
      expect(step, what).toMatchObject({ step: 'witnesses', code: 'bad-cosignature' });
      expect(step.reason, what).toContain(W2.name);
      expect(s.store.size, what).toBe(0);
    }
  });

  it('refuses malformed pins at the first step, before asking the server anything', async () => {
    for (const extra of [`witnesses=${W1.key}&quorum=2`, 'witnesses=garbage', 'tiles=https://cdn.example/log']) {
      const s = server(l, { cosign: (note) => W1.line(note) });
      const step = failure(await run(s, extra));
      expect(step.step, extra).toBe('key');
      expect(['bad-witness-pins', 'bad-tiles-pin'], extra).toContain(step.code);
      expect(s.asked, extra).toEqual([]);
    }
  });
});

describe('verify from tiles', () => {
  const l = log(300);
  const sample = [l.ids[5]!, l.ids[260]!];
  const run = (s: ReturnType<typeof server>, totals = 300, ids = sample) => verify(s.ports, input('tiles=/tiles/log', totals, ids));
  const edited = (files: Map<string, Uint8Array>, path: string, edit: (bytes: Uint8Array) => Uint8Array | undefined) => {
    const copy = new Map(files);
    const bytes = edit(files.get(path)!.slice());
    if (bytes === undefined) copy.delete(path);
    else copy.set(path, bytes);
    return copy;
  };
  /** A receipt for the first sampled handout that gives `leafIndex` (the tiles are what prove it). */
  const receipt = (leafIndex: unknown) => ({ status: 200, text: JSON.stringify({ event: l.ids[5], leafIndex, treeSize: 300, inclusion: [], checkpoint: l.checkpoint() }) });

  it('proves each sampled handout from the tiles, asking the ledger only where it is', async () => {
    const s = server(l, { files: l.tiles() });
    const steps = await run(s);
    expect(verified(steps)).toBe(true);
    expect(steps.map((step) => `${step.step}:${step.code}`)).toEqual(['key:pinned', 'checkpoint:signed', 'consistency:first', 'totals:covered', 'tiles:same-tree', 'inclusion:included', 'inclusion:included']);
    expect(steps.at(-1)!.values).toEqual({ id: l.ids[260], leaf: 260 });
    expect(s.asked.filter((p) => p.startsWith('/proof/'))).toEqual([]);
    expect(s.asked).toContain('/tiles/log/tile/0/001.p/44');
    expect(parseSeen(s.store.get(KEY_TEXT) ?? null)?.size).toBe(300);
  });

  it('ties tiles ahead of or behind the ledger’s checkpoint to it, and refuses tiles behind the totals', async () => {
    const ahead = await run(server(l, { size: 280, files: l.tiles(300) }), 280);
    expect(verified(ahead)).toBe(true);
    expect(ahead.find((s) => s.step === 'tiles')).toMatchObject({ code: 'tiles-extend', values: { size: 300, signed: 280 } });

    const behind = server(l, { size: 300, files: l.tiles(270) });
    const steps = await run(behind, 265, [l.ids[5]!, l.ids[264]!]);
    expect(verified(steps)).toBe(true);
    expect(steps.find((s) => s.step === 'tiles')).toMatchObject({ code: 'extend-tiles', values: { size: 270, signed: 300 } });
    expect(behind.asked).toContain('/proof/consistency?from=270&to=300');

    expect(failure(await run(server(l, { files: l.tiles(270) }), 300))).toMatchObject({ step: 'tiles', code: 'tiles-behind' });
  });

  it('refuses tiles of another history, or signed by another key, or missing', async () => {
    const fork = log(300, 'b');
    expect(failure(await run(server(l, { files: fork.tiles() })))).toMatchObject({ step: 'tiles', code: 'forked' });
    expect(failure(await run(server(l, { size: 280, files: fork.tiles(300) }), 280))).toMatchObject({ step: 'tiles', code: 'forked' });
    expect(failure(await run(server(l, { files: fork.tiles(270) }), 260, [l.ids[5]!]))).toMatchObject({ step: 'tiles', code: 'forked' });

    const stranger = ed25519Signer(ORIGIN, new Uint8Array(32).fill(8));
    if (!stranger.ok) throw new Error(stranger.message);
    const root = l.tree.rootAt(300);
    const foreign = root.ok ? signCheckpoint({ origin: ORIGIN, size: 300, rootHash: root.value, extensions: [] }, [stranger.value]) : undefined;
    const files = new Map(l.tiles()).set('checkpoint', utf8(foreign?.ok ? foreign.value : ''));
    expect(failure(await run(server(l, { files })))).toMatchObject({ step: 'tiles', code: 'bad-checkpoint' });

    expect(failure(await run(server(l, {})))).toMatchObject({ step: 'tiles', code: 'checkpoint-unavailable' });
  });

  it('refuses a tampered tile, a tampered entry bundle, a missing or truncated tile, and a wrong leaf index', async () => {
    const files = l.tiles();
    const flipAt = (offset: number) => (bytes: Uint8Array) => {
      bytes[offset]! ^= 1;
      return bytes;
    };
    const cases: [string, Map<string, Uint8Array>, Route | undefined, string][] = [
      // Leaf 4's hash is the first sibling on leaf 5's path.
      ['a tampered hash tile', edited(files, 'tile/0/000', flipAt(4 * 32)), undefined, 'proof-mismatch'],
      // Leaf 5 passes (its path stays under the first 256 leaves, then uses the right subtree); leaf 260 needs the hash of leaves 0–255.
      ['a tampered upper tile', edited(files, 'tile/1/000.p/1', flipAt(0)), undefined, 'proof-mismatch'],
      ['a tampered entry', edited(files, 'tile/entries/000', flipAt(5 * 34 + 2)), undefined, 'entry-mismatch'],
      ['a missing tile', edited(files, 'tile/0/001.p/44', () => undefined), undefined, 'tile-unavailable'],
      ['a missing bundle', edited(files, 'tile/entries/000', () => undefined), undefined, 'tile-unavailable'],
      ['a truncated tile', edited(files, 'tile/0/000', (b) => b.slice(0, 100)), undefined, 'bad-tile'],
      ['a wrong index', files, (u) => (u.pathname.startsWith('/receipts/') ? receipt(6) : undefined), 'entry-mismatch'],
      ['an index beyond', files, (u) => (u.pathname.startsWith('/receipts/') ? receipt(300) : undefined), 'index-out-of-range'],
      ['a garbage receipt', files, (u) => (u.pathname.startsWith('/receipts/') ? receipt('5') : undefined), 'bad-answer'],
      ['no receipt', files, (u) => (u.pathname.startsWith('/receipts/') ? { status: 404, text: '{}' } : undefined), 'bad-answer'],
    ];
    for (const [what, served, override, code] of cases) {
      const s = server(l, { files: served, ...(override && { override }) });
      const steps = await run(s);
      const step = failure(steps);
      expect(step, what).toMatchObject({ step: 'inclusion', code, values: { id: what === 'a tampered upper tile' ? l.ids[260] : l.ids[5] } });
      expect(verified(steps), what).toBe(false);
    }
  });

  it('says so when the page has no way to fetch tiles', async () => {
    const { fetchTile: _, ...ports } = server(l, { files: l.tiles() }).ports;
    expect(failure(await verify(ports, input('tiles=/tiles/log', 300, sample)))).toMatchObject({ step: 'tiles', code: 'tile-unavailable' });
  });
});
