import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { concatBytes, fromBase64, toBase64, utf8 } from '../bytes';
import { sign } from '../crypto/ed25519';
import {
  ed25519KeyId,
  ed25519Signer,
  ed25519Verifier,
  encodeVerifierKey,
  isValidKeyName,
  keyIdHex,
  MAX_SIGNATURES,
  openNote,
  parseNote,
  parseVerifierKey,
  signNote,
  type NoteSigner,
} from './signed-note';

function signer(name: string, fill: number): NoteSigner {
  const s = ed25519Signer(name, new Uint8Array(32).fill(fill));
  if (!s.ok) throw new Error(s.message);
  return s.value;
}

function signed(text: string, signers: readonly NoteSigner[]): string {
  const note = signNote(text, signers);
  if (!note.ok) throw new Error(note.message);
  return note.value;
}

/** A signature line by `by` carrying an arbitrary name and key ID. */
function forgedLine(name: string, keyId: number, text: string, by: NoteSigner): string {
  const id = Uint8Array.of(keyId >>> 24, keyId >>> 16, keyId >>> 8, keyId);
  return `— ${name} ${toBase64(concatBytes(id, sign(utf8(text), by.seed)))}\n`;
}

const alice = signer('example.org/alice', 1);
const bob = signer('example.org/bob', 2);
const TEXT = 'hello\nworld\n';
const NOTE = signed(TEXT, [alice]);

/** Printable text lines; empty lines allowed, control characters removed. */
const textLine = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\u0000-\u001f]/g, ''));
const noteText = fc.array(textLine, { minLength: 1, maxLength: 6 }).map((lines) => `${lines.join('\n')}\n`);
const keyName = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
  .filter((s) => !/[\s\u0000-\u001f\u0085+]/u.test(s) && s !== '');

describe('signed note', () => {
  it('opens what it signs, for arbitrary text and key names', () => {
    fc.assert(
      fc.property(noteText, fc.uniqueArray(keyName, { minLength: 1, maxLength: 3 }), (text, names) => {
        const signers = names.map((n, i) => signer(n, i + 1));
        const note = signed(text, signers);
        for (const message of [note, utf8(note)]) {
          const opened = openNote(message, signers);
          expect(opened.ok).toBe(true);
          if (!opened.ok) return;
          expect(opened.value.text).toBe(text);
          expect(opened.value.verified.map((s) => s.name)).toEqual(names);
          expect(opened.value.unverified).toEqual([]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('refuses the note after every single bit flip in text or signature', () => {
    const bytes = utf8(NOTE);
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = Uint8Array.from(bytes);
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      expect(openNote(flipped, [alice]).ok, `bit ${bit}`).toBe(false);
    }
  });

  it('keeps a leading U+FEFF as text, from a string or from bytes', () => {
    const text = '\ufeffbom\n';
    const note = signed(text, [alice]);
    for (const message of [note, utf8(note)]) {
      const opened = openNote(message, [alice]);
      expect(opened.ok && opened.value.text).toBe(text);
    }
  });

  it('keeps a note whose text has blank lines, splitting at the last one', () => {
    const text = 'a\n\nb\n\n';
    const opened = openNote(signed(text, [alice]), [alice]);
    expect(opened.ok && opened.value.text).toBe(text);
  });

  it('ignores signatures by unknown keys but needs one known valid signature', () => {
    const both = signed(TEXT, [alice, bob]);
    const opened = openNote(both, [bob]);
    expect(opened.ok && opened.value.verified.map((s) => s.name)).toEqual(['example.org/bob']);
    expect(opened.ok && opened.value.unverified.map((s) => s.name)).toEqual(['example.org/alice']);
    expect(openNote(NOTE, [bob])).toMatchObject({ ok: false, code: 'unknown-key' });
  });

  it('ignores a signature by a different key under the same name', () => {
    const impostor = signer(alice.name, 9);
    expect(impostor.keyId).not.toBe(alice.keyId);
    expect(openNote(signed(TEXT, [impostor]), [alice])).toMatchObject({ ok: false, code: 'unknown-key' });
  });

  it('ignores a signature with the known key ID under another name', () => {
    const note = `${TEXT}\n${forgedLine('example.org/mallory', alice.keyId, TEXT, alice)}`;
    expect(openNote(note, [alice])).toMatchObject({ ok: false, code: 'unknown-key' });
  });

  it('refuses a note whose known key name and ID carry a bad signature (key-ID collision)', () => {
    const collision = forgedLine(alice.name, alice.keyId, TEXT, bob);
    expect(openNote(`${TEXT}\n${collision}`, [alice])).toMatchObject({ ok: false, code: 'bad-signature' });
  });

  it('refuses the whole note when one known key fails even if another verifies', () => {
    const note = `${NOTE}${forgedLine(bob.name, bob.keyId, TEXT, alice)}`;
    expect(openNote(note, [alice, bob])).toMatchObject({ ok: false, code: 'bad-signature' });
  });

  it('counts only the first signature per known key, as sumdb/note does', () => {
    const note = `${NOTE}${forgedLine(alice.name, alice.keyId, TEXT, bob)}`;
    const opened = openNote(note, [alice]);
    expect(opened.ok && opened.value.verified).toHaveLength(1);
  });

  it('refuses two trusted keys with the same name and key ID', () => {
    const twin = { ...bob, name: alice.name, keyId: alice.keyId };
    expect(openNote(NOTE, [alice, twin])).toMatchObject({ ok: false, code: 'ambiguous-key' });
  });

  it(`accepts ${MAX_SIGNATURES} signatures and refuses ${MAX_SIGNATURES + 1}`, () => {
    const line = NOTE.slice(TEXT.length + 1);
    expect(openNote(`${TEXT}\n${line.repeat(MAX_SIGNATURES)}`, [alice]).ok).toBe(true);
    expect(openNote(`${TEXT}\n${line.repeat(MAX_SIGNATURES + 1)}`, [alice])).toMatchObject({
      ok: false,
      code: 'too-many-signatures',
    });
  });

  describe('refuses malformed notes', () => {
    const line = NOTE.slice(TEXT.length + 1); // "— name sig\n"
    const b64 = line.slice(line.lastIndexOf(' ') + 1, -1);
    const cases: [string, string | Uint8Array, string][] = [
      ['an empty message', '', 'missing-final-newline'],
      ['CRLF line endings', NOTE.replaceAll('\n', '\r\n'), 'control-character'],
      ['a tab instead of the space after the dash', NOTE.replace('— ', '—\t'), 'control-character'],
      ['a tab between name and signature', NOTE.replace(`${alice.name} `, `${alice.name}\t`), 'control-character'],
      ['a NUL byte in the text', `hel\0lo\n\n${line}`, 'control-character'],
      ['no blank line before the signatures', `${TEXT}${line}`, 'missing-blank-line'],
      ['no signature lines', `${TEXT}\n`, 'no-signatures'],
      ['a signature line without final newline', NOTE.slice(0, -1), 'missing-final-newline'],
      ['trailing data after the signatures', `${NOTE}trailing`, 'missing-final-newline'],
      ['a trailing line after the signatures', `${NOTE}trailing\n`, 'bad-signature-line'],
      ['a trailing blank line', `${NOTE}\n`, 'no-signatures'],
      ['an en dash instead of an em dash', NOTE.replace('—', '–'), 'bad-signature-line'],
      ['a hyphen instead of an em dash', NOTE.replace('—', '-'), 'bad-signature-line'],
      ['no space after the dash', NOTE.replace('— ', '—'), 'bad-signature-line'],
      ['two spaces after the dash', NOTE.replace('— ', '—  '), 'bad-key-name'],
      ['no signature after the name', `${TEXT}\n— ${alice.name}\n`, 'bad-signature-line'],
      ['an empty signature', `${TEXT}\n— ${alice.name} \n`, 'bad-signature-line'],
      ['a "+" in the key name', NOTE.replace(alice.name, 'a+b'), 'bad-key-name'],
      ['a no-break space in the key name', NOTE.replace(alice.name, 'a\u00a0b'), 'bad-key-name'],
      ['base64 without padding', NOTE.replace(b64, b64.replace(/=+$/, '')), 'bad-signature-line'],
      ['URL-safe base64', NOTE.replace(b64, b64.replaceAll('+', '-').replaceAll('/', '_')), 'bad-signature-line'],
      ['a space inside the base64', NOTE.replace(b64, `${b64.slice(0, 8)} ${b64.slice(8)}`), 'bad-signature-line'],
      ['a key ID without signature bytes', `${TEXT}\n— ${alice.name} ${toBase64(Uint8Array.of(1, 2, 3, 4))}\n`, 'bad-signature-line'],
      ['a lone surrogate in the text', `hel\ud800lo\n\n${line}`, 'invalid-utf8'],
      ['invalid UTF-8 bytes', concatBytes(utf8('hel'), Uint8Array.of(0xc3, 0x28), utf8(`lo\n\n${line}`)), 'invalid-utf8'],
      ['an overlong UTF-8 encoding', concatBytes(Uint8Array.of(0xc0, 0xaf), utf8(`\n\n${line}`)), 'invalid-utf8'],
      ['a byte-order mark before a signed note', concatBytes(Uint8Array.of(0xef, 0xbb, 0xbf), utf8(NOTE)), 'bad-signature'],
    ];
    it.each(cases)('%s', (_name, message, code) => {
      expect(openNote(message, [alice])).toMatchObject({ ok: false, code });
      if (code !== 'bad-signature') expect(parseNote(message)).toMatchObject({ ok: false, code });
    });
  });

  it('refuses a signature line whose base64 has non-zero padding bits', () => {
    const line = NOTE.slice(TEXT.length + 1);
    const b64 = line.slice(line.lastIndexOf(' ') + 1, -1);
    // 68 bytes → 92 characters ending in "=", the last data character carrying 4 pad bits.
    const last = b64.at(-2)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const bumped = alphabet[alphabet.indexOf(last) + 1]!;
    const variant = NOTE.replace(b64, `${b64.slice(0, -2)}${bumped}=`);
    expect(fromBase64(b64)).toHaveLength(68);
    expect(openNote(variant, [alice])).toMatchObject({ ok: false, code: 'bad-signature-line' });
  });
});

describe('signing', () => {
  it('refuses text that is not valid note text', () => {
    expect(signNote('no newline', [alice])).toMatchObject({ ok: false, code: 'missing-final-newline' });
    expect(signNote('', [alice])).toMatchObject({ ok: false, code: 'missing-final-newline' });
    expect(signNote('a\r\n', [alice])).toMatchObject({ ok: false, code: 'control-character' });
    expect(signNote('\ud800\n', [alice])).toMatchObject({ ok: false, code: 'invalid-utf8' });
  });

  it('refuses no signers, a repeated signer and a hand-built signer with a bad name', () => {
    expect(signNote(TEXT, [])).toMatchObject({ ok: false, code: 'no-signers' });
    expect(signNote(TEXT, [alice, bob, alice])).toMatchObject({ ok: false, code: 'duplicate-signer' });
    expect(signNote(TEXT, [{ ...alice, name: 'a b' }])).toMatchObject({ ok: false, code: 'bad-key-name' });
  });

  it('refuses a seed that is not 32 bytes and an invalid key name', () => {
    expect(ed25519Signer('log', new Uint8Array(31))).toMatchObject({ ok: false, code: 'bad-seed' });
    expect(ed25519Signer('', new Uint8Array(32))).toMatchObject({ ok: false, code: 'bad-key-name' });
    expect(ed25519Verifier('log', new Uint8Array(33))).toMatchObject({ ok: false, code: 'bad-verifier-key' });
  });
});

describe('key names', () => {
  it('accepts URL-like and non-ASCII names', () => {
    for (const name of ['example.com/log42', 'PeterNeumann', 'Señor-1', 'ключ', 'a\u200bb', 'x\u007fy']) {
      expect(isValidKeyName(name), name).toBe(true);
    }
  });

  it('refuses empty names, "+", Unicode spaces and control characters', () => {
    const bad = ['', 'a+b', 'a b', 'a\tb', 'a\u0085b', 'a\u00a0b', 'a\u1680b', 'a\u2003b', 'a\u2028b', 'a\u3000b', 'a\u0001b', '\udc00'];
    for (const name of bad) expect(isValidKeyName(name), JSON.stringify(name)).toBe(false);
  });
});

describe('verifier keys', () => {
  it('round-trips name, key ID and public key', () => {
    fc.assert(
      fc.property(keyName, fc.uint8Array({ minLength: 32, maxLength: 32 }), (name, publicKey) => {
        const v = ed25519Verifier(name, publicKey);
        expect(v.ok).toBe(true);
        if (!v.ok) return;
        const text = encodeVerifierKey(v.value);
        expect(text.startsWith(`${name}+${keyIdHex(ed25519KeyId(name, publicKey))}+`)).toBe(true);
        expect(parseVerifierKey(text)).toEqual({ ok: true, value: v.value });
      }),
      { numRuns: 100 },
    );
  });

  it('refuses malformed verifier keys with a specific code', () => {
    const good = encodeVerifierKey(alice);
    const [name, id, key] = good.split('+') as [string, string, string];
    const typed = fromBase64(key);
    const otherId = keyIdHex((alice.keyId + 1) >>> 0);
    const cases: [string, string][] = [
      ['', 'bad-verifier-key'],
      [name, 'bad-verifier-key'],
      [`${name}+${id}`, 'bad-verifier-key'],
      [`${name}+${id.toUpperCase()}+${key}`, 'bad-verifier-key'],
      [`${name}+${id.slice(1)}+${key}`, 'bad-verifier-key'],
      [`${name}+0x${id.slice(2)}+${key}`, 'bad-verifier-key'],
      [`${name}+${otherId}+${key}`, 'key-id-mismatch'],
      [`other+${id}+${key}`, 'key-id-mismatch'],
      [`+${id}+${key}`, 'bad-key-name'],
      [`a b+${id}+${key}`, 'bad-key-name'],
      [`${name}+${id}+`, 'bad-verifier-key'],
      [`${name}+${id}+${key} `, 'bad-verifier-key'],
      [`${name}+${id}+${toBase64(typed.slice(0, 32))}`, 'bad-verifier-key'],
      [`${name}+${id}+${toBase64(concatBytes(Uint8Array.of(2), typed.slice(1)))}`, 'unsupported-algorithm'],
    ];
    for (const [text, code] of cases) expect(parseVerifierKey(text), text).toMatchObject({ ok: false, code });
  });
});
