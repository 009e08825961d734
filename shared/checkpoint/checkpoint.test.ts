import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toBase64, utf8 } from '../bytes';
import { sha256 } from '../crypto/sha256';
import {
  formatCheckpoint,
  openCheckpoint,
  parseCheckpointText,
  ROOT_HASH_BYTES,
  signCheckpoint,
  type Checkpoint,
} from './checkpoint';
import { ed25519Signer, signNote, type NoteSigner } from './signed-note';

const ORIGIN = 'aidtrail.example-agency.org/hq-log';

function signer(name: string, fill: number): NoteSigner {
  const s = ed25519Signer(name, new Uint8Array(32).fill(fill));
  if (!s.ok) throw new Error(s.message);
  return s.value;
}

const hq = signer(ORIGIN, 1);
const witness = signer('witness.example/w1', 2);
const ROOT = sha256(utf8('root'));
const ROOT_B64 = toBase64(ROOT);
const CHECKPOINT: Checkpoint = { origin: ORIGIN, size: 42, rootHash: ROOT, extensions: [] };

function signedText(text: string, signers: readonly NoteSigner[] = [hq]): string {
  const note = signNote(text, signers);
  if (!note.ok) throw new Error(note.message);
  return note.value;
}

function signedCheckpoint(cp: Checkpoint, signers: readonly NoteSigner[] = [hq]): string {
  const note = signCheckpoint(cp, signers);
  if (!note.ok) throw new Error(note.message);
  return note.value;
}

/** One line of text: non-empty, no control characters. */
const line = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
  .map((s) => s.replace(/[\u0000-\u001f]/g, ''))
  .filter((s) => s !== '');
const checkpoint: fc.Arbitrary<Checkpoint> = fc.record({
  origin: line,
  size: fc.maxSafeNat(),
  rootHash: fc.uint8Array({ minLength: ROOT_HASH_BYTES, maxLength: ROOT_HASH_BYTES }),
  extensions: fc.array(line, { maxLength: 4 }),
});

describe('checkpoint', () => {
  it('round-trips arbitrary origins, sizes, roots and extensions through sign and open', () => {
    fc.assert(
      fc.property(checkpoint, fc.boolean(), (cp, cosigned) => {
        const note = signedCheckpoint(cp, cosigned ? [hq, witness] : [hq]);
        expect(openCheckpoint(note, cp.origin, hq)).toEqual({ ok: true, value: cp });
        expect(openCheckpoint(utf8(note), cp.origin, hq)).toEqual({ ok: true, value: cp });
      }),
      { numRuns: 100 },
    );
  });

  it('formats the C2SP layout: origin, decimal size, padded base64 root, extensions', () => {
    const text = formatCheckpoint({ ...CHECKPOINT, extensions: ['ext one', 'ext two'] });
    expect(text).toEqual({ ok: true, value: `${ORIGIN}\n42\n${ROOT_B64}\next one\next two\n` });
  });

  it('refuses the checkpoint after every single bit flip', () => {
    const bytes = utf8(signedCheckpoint(CHECKPOINT));
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = Uint8Array.from(bytes);
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      expect(openCheckpoint(flipped, ORIGIN, hq).ok, `bit ${bit}`).toBe(false);
    }
  });

  it('accepts a checkpoint cosigned by keys it does not know', () => {
    expect(openCheckpoint(signedCheckpoint(CHECKPOINT, [witness, hq]), ORIGIN, hq).ok).toBe(true);
  });

  it('refuses a checkpoint signed only by another key', () => {
    expect(openCheckpoint(signedCheckpoint(CHECKPOINT, [witness]), ORIGIN, hq)).toMatchObject({
      ok: false,
      code: 'unknown-key',
    });
  });

  it('refuses a checkpoint signed by a different key under the log key name', () => {
    const impostor = signer(ORIGIN, 7);
    expect(openCheckpoint(signedCheckpoint(CHECKPOINT, [impostor]), ORIGIN, hq)).toMatchObject({
      ok: false,
      code: 'unknown-key',
    });
  });

  it("refuses the log's signature moved onto another checkpoint", () => {
    const genuine = signedCheckpoint(CHECKPOINT);
    const other = signedCheckpoint({ ...CHECKPOINT, size: 43 });
    const spliced = other.slice(0, other.indexOf('\n\n') + 2) + genuine.slice(genuine.indexOf('\n\n') + 2);
    expect(openCheckpoint(spliced, ORIGIN, hq)).toMatchObject({ ok: false, code: 'bad-signature' });
  });

  it('refuses a checkpoint for another log, compared exactly', () => {
    const note = signedCheckpoint(CHECKPOINT);
    for (const expected of ['other.example/log', `${ORIGIN} `, ORIGIN.toUpperCase(), '']) {
      expect(openCheckpoint(note, expected, hq)).toMatchObject({ ok: false, code: 'origin-mismatch' });
    }
  });

  it('parses the text only after the signature verifies', () => {
    const badBody = signedText(`${ORIGIN}\n042\n${ROOT_B64}\n`);
    expect(openCheckpoint(badBody, ORIGIN, hq)).toMatchObject({ ok: false, code: 'bad-tree-size' });
    expect(openCheckpoint(badBody, ORIGIN, witness)).toMatchObject({ ok: false, code: 'unknown-key' });
  });

  it('accepts the empty tree and the largest safe size', () => {
    for (const size of ['0', String(Number.MAX_SAFE_INTEGER)]) {
      expect(parseCheckpointText(`${ORIGIN}\n${size}\n${ROOT_B64}\n`)).toMatchObject({ ok: true, value: { size: Number(size) } });
    }
  });

  describe('refuses malformed checkpoint text', () => {
    const body = (size: string, root = ROOT_B64, rest = ''): string => `${ORIGIN}\n${size}\n${root}\n${rest}`;
    const cases: [string, string, string][] = [
      ['a size with a leading zero', body('042'), 'bad-tree-size'],
      ['a zero size written "00"', body('00'), 'bad-tree-size'],
      ['a negative size', body('-1'), 'bad-tree-size'],
      ['a size with a plus sign', body('+1'), 'bad-tree-size'],
      ['a size with a space', body(' 1'), 'bad-tree-size'],
      ['an empty size', body(''), 'bad-tree-size'],
      ['a decimal point in the size', body('1.0'), 'bad-tree-size'],
      ['an exponent in the size', body('1e3'), 'bad-tree-size'],
      ['a hex size', body('0x2a'), 'bad-tree-size'],
      ['non-ASCII digits in the size', body('٤٢'), 'bad-tree-size'],
      ['a size of 2^53', body('9007199254740992'), 'tree-size-too-large'],
      ['a size of 2^64 - 1', body('18446744073709551615'), 'tree-size-too-large'],
      ['a 31-byte root', body('1', toBase64(ROOT.slice(1))), 'bad-root-hash'],
      ['a 33-byte root', body('1', toBase64(new Uint8Array(33))), 'bad-root-hash'],
      ['an empty root', body('1', ''), 'bad-root-hash'],
      ['a root without padding', body('1', ROOT_B64.replace(/=+$/, '')), 'bad-root-hash'],
      ['a root with extra padding', body('1', `${ROOT_B64}=`), 'bad-root-hash'],
      ['a URL-safe base64 root', body('1', toBase64(new Uint8Array(32).fill(0xfb)).replaceAll('+', '-').replaceAll('/', '_')), 'bad-root-hash'],
      ['a hex root', body('1', Array.from(ROOT, (b) => b.toString(16).padStart(2, '0')).join('')), 'bad-root-hash'],
      ['an empty origin', `\n1\n${ROOT_B64}\n`, 'bad-origin'],
      ['only two lines', `${ORIGIN}\n1\n`, 'too-few-lines'],
      ['only an origin', `${ORIGIN}\n`, 'too-few-lines'],
      ['an empty extension line', body('1', ROOT_B64, 'a\n\nb\n'), 'bad-extension-line'],
      ['a trailing empty extension line', body('1', ROOT_B64, '\n'), 'bad-extension-line'],
      ['CRLF line endings', body('1').replaceAll('\n', '\r\n'), 'control-character'],
      ['no final newline', body('1').slice(0, -1), 'missing-final-newline'],
    ];
    it.each(cases)('%s', (_name, text, code) => {
      expect(parseCheckpointText(text)).toMatchObject({ ok: false, code });
    });

    it('refuses a root whose base64 has non-zero padding bits', () => {
      // 32 bytes → 44 characters ending in one "=": the 43rd carries 2 pad bits.
      const text = body('1', toBase64(new Uint8Array(32)).replace('AA=', 'AB='));
      expect(parseCheckpointText(text)).toMatchObject({ ok: false, code: 'bad-root-hash' });
    });

    it('refuses them signed, too', () => {
      for (const [, text, code] of cases.filter(([, , c]) => c !== 'control-character' && c !== 'missing-final-newline')) {
        expect(openCheckpoint(signedText(text), ORIGIN, hq), text).toMatchObject({ ok: false, code });
      }
    });
  });

  describe('refuses to format what would not parse back', () => {
    const cases: [string, Checkpoint, string][] = [
      ['an empty origin', { ...CHECKPOINT, origin: '' }, 'bad-origin'],
      ['a two-line origin', { ...CHECKPOINT, origin: 'a\nb' }, 'bad-origin'],
      ['a CR in the origin', { ...CHECKPOINT, origin: 'a\r' }, 'bad-origin'],
      ['a lone surrogate in the origin', { ...CHECKPOINT, origin: 'a\ud800' }, 'bad-origin'],
      ['a negative size', { ...CHECKPOINT, size: -1 }, 'bad-tree-size'],
      ['a fractional size', { ...CHECKPOINT, size: 1.5 }, 'bad-tree-size'],
      ['an unsafe size', { ...CHECKPOINT, size: 2 ** 53 }, 'bad-tree-size'],
      ['a NaN size', { ...CHECKPOINT, size: Number.NaN }, 'bad-tree-size'],
      ['a 31-byte root', { ...CHECKPOINT, rootHash: new Uint8Array(31) }, 'bad-root-hash'],
      ['a 33-byte root', { ...CHECKPOINT, rootHash: new Uint8Array(33) }, 'bad-root-hash'],
      ['an empty extension', { ...CHECKPOINT, extensions: ['x', ''] }, 'bad-extension-line'],
      ['a two-line extension', { ...CHECKPOINT, extensions: ['x\ny'] }, 'bad-extension-line'],
    ];
    it.each(cases)('%s', (_name, cp, code) => {
      expect(formatCheckpoint(cp)).toMatchObject({ ok: false, code });
      expect(signCheckpoint(cp, [hq])).toMatchObject({ ok: false, code });
    });
  });
});
