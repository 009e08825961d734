/**
 * The donor page's "verify" (hq/donors/verify) against a log in memory and
 * a server that lies: each forged answer must fail its step with its own
 * code, stop the run, and leave the browser's remembered checkpoint alone.
 */
import { describe, expect, it } from 'vitest';
import { ed25519Signer, encodeVerifierKey, signCheckpoint, type NoteSigner } from '../../shared/checkpoint';
import { toHex } from '../../shared/bytes';
import { publicKeyToDid } from '../../shared/crypto/did-key';
import { keyPairFromSeed } from '../../shared/crypto/ed25519';
import { sha256 } from '../../shared/crypto/sha256';
import { hashLeaf, MemoryMerkleTree } from '../../shared/merkle';
import { fromHex, utf8 } from '../../shared/bytes';
import { checkInclusion, parseSeen } from '../../hq/donors/verify/checks';
import { fragmentParam, pinFragment, pinnedKey } from '../../hq/donors/verify/pinned-key';
import { verified, verify, type Step, type VerifyPorts } from '../../hq/donors/verify/verify';

const ORIGIN = 'aidtrail.example-agency.org/hq-log';
const signer = (name = ORIGIN, fill = 7): NoteSigner => {
  const s = ed25519Signer(name, new Uint8Array(32).fill(fill));
  if (!s.ok) throw new Error(s.message);
  return s.value;
};
const KEY = signer();
const KEY_TEXT = encodeVerifierKey(KEY);
const pinned = () => pinnedKey(pinFragment(KEY_TEXT));
/** GET / as the ledger answers it (ledger/service/ledger.ts info). */
const HQ = publicKeyToDid(keyPairFromSeed(new Uint8Array(32).fill(9)).publicKey);
const logInfo = (size: number) => JSON.stringify({ origin: ORIGIN, logKey: KEY_TEXT, hq: HQ, size });

/** A log of `n` event ids (distinct per `salt`): ids, tree, and a signed checkpoint at any size. */
function log(n: number, salt = 'a') {
  const ids = Array.from({ length: n }, (_, i) => toHex(sha256(utf8(`${salt}-${i}`))));
  const tree = new MemoryMerkleTree();
  for (const id of ids) tree.append(hashLeaf(fromHex(id)));
  const checkpoint = (size = n, key = KEY, origin = ORIGIN): string => {
    const root = tree.rootAt(size);
    if (!root.ok) throw new Error(root.message);
    const note = signCheckpoint({ origin, size, rootHash: root.value, extensions: [] }, [key]);
    if (!note.ok) throw new Error(note.message);
    return note.value;
  };
  return { ids, tree, checkpoint };
}

type Route = (url: URL) => { status: number; text: string } | undefined;

/** An honest server over `l` at size `size`, with `override` answering first. */
function server(l: ReturnType<typeof log>, size = l.ids.length, override: Route = () => undefined) {
  const store = new Map<string, string>();
  const asked: string[] = [];
  const ports: VerifyPorts = {
    async get(path) {
      asked.push(path);
      const url = new URL(path, 'http://127.0.0.1');
      const forged = override(url);
      if (forged !== undefined) return forged;
      const q = (name: string) => Number(url.searchParams.get(name));
      switch (url.pathname) {
        case '/':
          return { status: 200, text: logInfo(size) };
        case '/checkpoint':
          return { status: 200, text: l.checkpoint(size) };
        case '/proof/consistency': {
          const proof = l.tree.consistencyProof(q('from'), q('to'));
          return proof.ok ? { status: 200, text: JSON.stringify({ from: q('from'), to: q('to'), proof: proof.value.map(toHex) }) } : { status: 400, text: '{}' };
        }
        case '/proof/inclusion': {
          const leaf = l.ids.indexOf(url.searchParams.get('id') ?? '');
          if (leaf < 0) return { status: 404, text: '{"error":"not-found"}' };
          const proof = l.tree.inclusionProof(leaf, q('size'));
          if (!proof.ok) return { status: 400, text: '{}' };
          return { status: 200, text: JSON.stringify({ leafIndex: leaf, treeSize: q('size'), leafHash: toHex(hashLeaf(fromHex(l.ids[leaf]!))), inclusion: proof.value.map(toHex), checkpoint: null }) };
        }
      }
      return { status: 404, text: '{}' };
    },
    loadSeen: (key) => store.get(key) ?? null,
    saveSeen: (key, value) => void store.set(key, value),
  };
  return { ports, store, asked };
}

const failure = (steps: readonly Step[]) => {
  const last = steps.at(-1)!;
  expect(last.ok, JSON.stringify(steps)).toBe(false);
  expect(steps.slice(0, -1).every((s) => s.ok)).toBe(true);
  return last;
};

describe('the pinned key', () => {
  it('reads the key from the fragment, "+" intact, and refuses a missing or malformed one', () => {
    const key = pinned();
    expect(key.ok && key.value.origin).toBe(ORIGIN);
    expect(fragmentParam(`#x=1&key=${KEY_TEXT}`, 'key')).toBe(KEY_TEXT);
    expect(pinnedKey('')).toMatchObject({ ok: false, code: 'no-pinned-key' });
    expect(pinnedKey('#key=not+a+key')).toMatchObject({ ok: false, code: 'bad-pinned-key' });
    expect(pinnedKey('#key=%E0%A4%A')).toMatchObject({ ok: false, code: 'no-pinned-key' });
  });
});

describe('verify', () => {
  const l = log(40);

  it('passes on an honest log, then proves consistency as the log grows, and remembers the new checkpoint', async () => {
    const first = server(l, 30);
    const steps = await verify(first.ports, { key: pinned(), totalsSize: 30, sample: [l.ids[3]!, l.ids[29]!] });
    expect(verified(steps)).toBe(true);
    expect(steps.map((s) => `${s.step}:${s.code}`)).toEqual(['key:pinned', 'checkpoint:signed', 'consistency:first', 'totals:covered', 'inclusion:included', 'inclusion:included']);
    expect(parseSeen(first.store.get(KEY_TEXT) ?? null)?.size).toBe(30);

    const grown = server(l, 40);
    for (const [k, v] of first.store) grown.store.set(k, v);
    const again = await verify(grown.ports, { key: pinned(), totalsSize: 40, sample: [l.ids[39]!] });
    expect(verified(again)).toBe(true);
    expect(again[2]).toMatchObject({ step: 'consistency', code: 'extends', values: { seen: 30, size: 40 } });
    expect(grown.asked).toContain('/proof/consistency?from=30&to=40');
    expect(parseSeen(grown.store.get(KEY_TEXT) ?? null)?.size).toBe(40);
  });

  it('refuses without a pinned key, or when the server publishes another', async () => {
    const s = server(l);
    expect(failure(await verify(s.ports, { key: pinnedKey(''), totalsSize: 1, sample: [] }))).toMatchObject({ step: 'key', code: 'no-pinned-key' });
    const other = encodeVerifierKey(signer(ORIGIN, 8));
    const key = pinnedKey(pinFragment(other));
    expect(failure(await verify(s.ports, { key, totalsSize: 1, sample: [] }))).toMatchObject({ step: 'key', code: 'key-mismatch' });
  });

  it('refuses a checkpoint signed by another key, or for another origin', async () => {
    const badSig = server(l, 40, (u) => (u.pathname === '/checkpoint' ? { status: 200, text: l.checkpoint(40, signer(ORIGIN, 9)) } : undefined));
    const step = failure(await verify(badSig.ports, { key: pinned(), totalsSize: 1, sample: [] }));
    expect(step).toMatchObject({ step: 'checkpoint', code: 'bad-checkpoint' });
    expect(step.reason).toMatch(/^unknown-key/);

    const otherOrigin = server(l, 40, (u) => (u.pathname === '/checkpoint' ? { status: 200, text: l.checkpoint(40, KEY, 'evil.example/log') } : undefined));
    expect(failure(await verify(otherOrigin.ports, { key: pinned(), totalsSize: 1, sample: [] })).reason).toMatch(/^origin-mismatch/);

    const tampered = server(l, 40, (u) => (u.pathname === '/checkpoint' ? { status: 200, text: l.checkpoint(40).replace('\n40\n', '\n41\n') } : undefined));
    expect(failure(await verify(tampered.ports, { key: pinned(), totalsSize: 1, sample: [] })).reason).toMatch(/^bad-signature/);
    expect(tampered.store.size).toBe(0);
  });

  it('refuses a rolled-back log and a fork, and keeps the checkpoint it saw as evidence', async () => {
    const seen = JSON.stringify({ size: 30, root: toHex(l.tree.rootAt(30).ok ? (l.tree.rootAt(30) as { value: Uint8Array }).value : new Uint8Array()) });
    const shrunk = server(l, 20);
    shrunk.store.set(KEY_TEXT, seen);
    expect(failure(await verify(shrunk.ports, { key: pinned(), totalsSize: 20, sample: [] }))).toMatchObject({ step: 'consistency', code: 'rolled-back' });
    expect(shrunk.store.get(KEY_TEXT)).toBe(seen);

    // Another history under the same key: same size, another root.
    const fork = log(30, 'b');
    const sameSize = server(fork, 30);
    sameSize.store.set(KEY_TEXT, seen);
    expect(failure(await verify(sameSize.ports, { key: pinned(), totalsSize: 30, sample: [] }))).toMatchObject({ step: 'consistency', code: 'forked' });

    // Longer: its own honest consistency proof does not lead from the root this browser saw.
    const longer = server(log(50, 'b'), 50);
    longer.store.set(KEY_TEXT, seen);
    const step = failure(await verify(longer.ports, { key: pinned(), totalsSize: 50, sample: [] }));
    expect(step).toMatchObject({ step: 'consistency', code: 'forked', values: { seen: 30, size: 50 } });
    expect(longer.store.get(KEY_TEXT)).toBe(seen);
  });

  it('refuses a consistency proof for other sizes, or garbage', async () => {
    const seen = JSON.stringify({ size: 30, root: toHex((l.tree.rootAt(30) as { value: Uint8Array }).value) });
    const cases: [string, string][] = [
      ['not json', '<html>proxy error</html>'],
      ['wrong shape', '{"from":30,"to":40,"proof":"00"}'],
      ['short hashes', '{"from":30,"to":40,"proof":["abcd"]}'],
      ['other sizes', JSON.stringify({ from: 20, to: 40, proof: (l.tree.consistencyProof(20, 40) as { value: Uint8Array[] }).value.map(toHex) })],
      ['empty proof', '{"from":30,"to":40,"proof":[]}'],
    ];
    for (const [what, text] of cases) {
      const s = server(l, 40, (u) => (u.pathname === '/proof/consistency' ? { status: 200, text } : undefined));
      s.store.set(KEY_TEXT, seen);
      const step = failure(await verify(s.ports, { key: pinned(), totalsSize: 40, sample: [] }));
      expect(step.step, what).toBe('consistency');
      expect(['bad-answer', 'forked'], what).toContain(step.code);
      expect(s.store.get(KEY_TEXT), what).toBe(seen);
    }
  });

  it('refuses totals counted over more than the checkpoint signs', async () => {
    expect(failure(await verify(server(l, 30).ports, { key: pinned(), totalsSize: 31, sample: [] }))).toMatchObject({ step: 'totals', code: 'beyond-checkpoint' });
  });

  it('refuses a wrong inclusion proof, a proof of another leaf, an unknown event and garbage', async () => {
    const honest = JSON.parse((await server(l).ports.get(`/proof/inclusion?id=${l.ids[5]}&size=40`)).text) as { inclusion: string[]; leafHash: string };
    const forge = (change: Record<string, unknown>) => (u: URL) =>
      u.pathname === '/proof/inclusion' ? { status: 200, text: JSON.stringify({ leafIndex: 5, treeSize: 40, ...honest, ...change }) } : undefined;
    const flipped = [...honest.inclusion];
    flipped[0] = flipped[0]!.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const cases: [string, Route, string][] = [
      ['a flipped hash', forge({ inclusion: flipped }), 'not-included'],
      ['another index', forge({ leafIndex: 6 }), 'not-included'],
      ['a short proof', forge({ inclusion: honest.inclusion.slice(1) }), 'not-included'],
      ['another leaf', forge({ leafHash: toHex(hashLeaf(fromHex(l.ids[6]!))) }), 'not-included'],
      ['another tree', forge({ treeSize: 39 }), 'bad-answer'],
      ['garbage', () => ({ status: 200, text: '{"leafIndex":"five"' }), 'bad-answer'],
      ['an error', () => ({ status: 404, text: '{"error":"not-found"}' }), 'bad-answer'],
    ];
    for (const [what, route, code] of cases) {
      const s = server(l, 40, (u) => (u.pathname === '/proof/inclusion' ? route(u) : undefined));
      const steps = await verify(s.ports, { key: pinned(), totalsSize: 40, sample: [l.ids[5]!] });
      expect(failure(steps), what).toMatchObject({ step: 'inclusion', code, values: { id: l.ids[5] } });
      expect(verified(steps), what).toBe(false);
    }
    expect(checkInclusion('not hex', { origin: ORIGIN, size: 1, rootHash: new Uint8Array(32), extensions: [] }, '{}')).toMatchObject({ ok: false, code: 'bad-answer' });
  });

  it('says when the server cannot be reached, or answers garbage where the key should be', async () => {
    const down: VerifyPorts = { get: () => Promise.reject(new Error('Failed to fetch')), loadSeen: () => null, saveSeen: () => undefined };
    expect(failure(await verify(down, { key: pinned(), totalsSize: 1, sample: [] }))).toMatchObject({ step: 'key', code: 'unreachable' });
    const garbage = server(l, 40, (u) => (u.pathname === '/' ? { status: 200, text: 'null' } : undefined));
    expect(failure(await verify(garbage.ports, { key: pinned(), totalsSize: 1, sample: [] }))).toMatchObject({ step: 'key', code: 'bad-answer' });
  });

  it("refuses a GET / that is not the ledger's info, naming the field, before comparing keys", async () => {
    const info = { origin: ORIGIN, logKey: KEY_TEXT, hq: HQ, size: 40 };
    const cases: [string, string, string][] = [
      ['not json', '<html>proxy error</html>', 'GET / is not JSON'],
      ['null', 'null', 'GET / is malformed: Invalid input: expected object, received null'],
      ['an array', '[]', 'GET / is malformed: Invalid input: expected object, received array'],
      ['no key', JSON.stringify({ ...info, logKey: undefined }), 'GET / is malformed: logKey: Invalid input: expected string, received undefined'],
      ['a key of the wrong type', JSON.stringify({ ...info, logKey: 7 }), 'GET / is malformed: logKey: Invalid input: expected string, received number'],
      ['a key that is no verifier key', JSON.stringify({ ...info, logKey: 'hq-log' }), 'GET / is malformed: logKey: must be a verifier key (<name>+<key id>+<Ed25519 key>)'],
      ['no hq', JSON.stringify({ ...info, hq: undefined }), 'GET / is malformed: hq: Invalid input: expected string, received undefined'],
      ['an hq that is no did:key', JSON.stringify({ ...info, hq: 'did:web:hq.example.org' }), 'GET / is malformed: hq: must be an Ed25519 did:key (did:key:z6Mk…)'],
      ['a negative size', JSON.stringify({ ...info, size: -1 }), 'GET / is malformed: size: Too small: expected number to be >=0'],
    ];
    for (const [what, text, reason] of cases) {
      const s = server(l, 40, (u) => (u.pathname === '/' ? { status: 200, text } : undefined));
      const steps = await verify(s.ports, { key: pinned(), totalsSize: 1, sample: [] });
      expect(steps, what).toEqual([{ step: 'key', ok: false, code: 'bad-answer', values: {}, reason }]);
      expect(s.asked, what).toEqual(['/']);
    }
    // A field a later ledger adds is no reason to refuse.
    const later = server(l, 40, (u) => (u.pathname === '/' ? { status: 200, text: JSON.stringify({ ...info, witnesses: [] }) } : undefined));
    expect(verified(await verify(later.ports, { key: pinned(), totalsSize: 40, sample: [] }))).toBe(true);
  });

  it('ignores a garbled remembered checkpoint rather than trusting it', () => {
    for (const text of ['', 'null', '{"size":-1,"root":"00"}', `{"size":3,"root":"${'A'.repeat(64)}"}`, '[]']) expect(parseSeen(text)).toBeUndefined();
  });
});
