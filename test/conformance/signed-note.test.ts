/**
 * Published signed-note and checkpoint vectors, copied inline (there is no
 * data file upstream; they live in Go test code and spec text):
 *
 * - golang/mod `sumdb/note/note_test.go` @ 02c991387e35f9e4c0a9b7ce137717055f8d716d
 *   (BSD-3-Clause): the PeterNeumann signer/verifier keys and signed note,
 *   the EnochRoot verifier key and cosignature, TestNewVerifier's manglings
 *   and TestOpen's malformed and duplicate cases.
 * - transparency-dev/formats `log/note_test.go` @ 5242c17862d31acd165afafa140ecc973a621469
 *   (Apache-2.0): a real sum.golang.org checkpoint with the public
 *   sum.golang.org verifier key, three Ed25519 cosignatures on it with their
 *   verifier keys, and four signer/verifier key pairs.
 * - golang/mod `sumdb/tlog/note_test.go` @ 774e77886cf18ba9e220baec8497d65b0c50373f
 *   (BSD-3-Clause): FormatTree/ParseTree golden checkpoint text.
 * - C2SP/C2SP `signed-note.md` @ 055287621bf3cd13ff4394418a3e8efc2d5e8ed7 and
 *   `tlog-checkpoint.md` @ 2793893976c835db049c194d8f2c4f946dcb70ba (CC BY 4.0):
 *   the example notes; their public keys are not published, so only their
 *   structure is checked.
 */
import { describe, expect, it } from 'vitest';
import { concatBytes, fromBase64, toBase64, utf8 } from '../../shared/bytes';
import { sha256 } from '../../shared/crypto/sha256';
import {
  ed25519Signer,
  encodeVerifierKey,
  formatCheckpoint,
  keyIdHex,
  openCheckpoint,
  openNote,
  parseCheckpointText,
  parseNote,
  parseVerifierKey,
  signNote,
  type NoteSigner,
  type NoteVerifier,
} from '../../shared/checkpoint';

/** sumdb/note's private key string, `PRIVATE+KEY+<name>+<id>+base64(0x01 ‖ seed)`. */
function signerFromGoKey(skey: string): NoteSigner {
  const parts = skey.split('+');
  expect(parts.slice(0, 2)).toEqual(['PRIVATE', 'KEY']);
  // The base64 key may itself contain "+".
  const typed = fromBase64(parts.slice(4).join('+'));
  expect(typed[0]).toBe(0x01);
  const signer = ed25519Signer(parts[2]!, typed.slice(1));
  expect(signer.ok && keyIdHex(signer.value.keyId)).toBe(parts[3]);
  if (!signer.ok) throw new Error(signer.message);
  return signer.value;
}

function verifierOf(vkey: string): NoteVerifier {
  const v = parseVerifierKey(vkey);
  if (!v.ok) throw new Error(`${vkey}: ${v.message}`);
  return v.value;
}

// --- golang/mod sumdb/note/note_test.go ---
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

// --- transparency-dev/formats log/note_test.go ---
const SUMDB_VKEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
const SUMDB_CHECKPOINT =
  'go.sum database tree\n6476701\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n\n' +
  '— sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n';
const COSIGNERS = [
  {
    vkey: 'monkeys+db4d9f7e+AULaJMvTtDLHPUcUrjdDad9vDlh/PTfC2VV60JUtCfWT',
    line: '— monkeys 202ffh9ve46Mqbhuyb4wnC2Pwdan5EsXQym/tF1ggXJqhjGosU4T5intH4iKMRgDLxrnXuIjRaU2NbvAnaepM6Y+8ww=\n',
  },
  {
    vkey: 'bananas+cf639f13+AaPjhFnPCQnid/Ql32KWhmh+uk72FVRfK+2DLmO3BI3M',
    line: '— bananas z2OfE+2bbsBZ7NLgfuslc0v7NFW2QyexJ7fhePpoL2N/P7N/COd5S+JNHbQEAlYzz2C5sg0E+x/MggS1mDR6t3/9rQw=\n',
  },
  {
    vkey: 'witness+f13a86db+AdYV1Ztajd9BvyjP2HgpwrqYL6TjOwIjGMOq8Bu42xbN',
    line: '— witness 8TqG25yWGFLdT7WPf/WoyeG3LwqtkXP+8S3yykOVm6EMh4hPgCke6eSVPU4BdtXNMPJBXKF+UpDbGgCdcpR8SVSoqAU=\n',
  },
];
const FORMATS_KEY_PAIRS = [
  ['Log+2271c621+AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarvs', 'PRIVATE+KEY+Log+2271c621+AdEIq9FLRQni54Wg68T96VJO+iayOaulswav2DUMKgvQ'],
  ['Known+451c786d+AXAQ0T7lbwuY4ABJ9/MYY9bWV3hmSyOGVt2x42NkmdUH', 'PRIVATE+KEY+Known+451c786d+AQPRoE2+Z+Ed1HaHBA9F/FfracvcZ2rDU39kCecMEoci'],
  ['KnownAgain+4893b26c+AQ+LR7BFF/F/dkpIBjBpSvT0crkteizuUkavAoGeaYMj', 'PRIVATE+KEY+KnownAgain+4893b26c+ARhZda/l25zjGZswYLDZsLNRzNpmv5wYTN9IoTr1OJ2+'],
  ['Unknown+fdbb2e08+AWgRIYZ+8x1Vl+1Q+sR8zciNHiYI1SdlBjNw+RV0rots', 'PRIVATE+KEY+Unknown+fdbb2e08+Aav2knTC6orbhXX8pMWuNiWgO+Wwk2DB+h1eU2Q1W1nU'],
] as const;

// --- golang/mod sumdb/tlog/note_test.go ---
const TLOG_TREE = 'go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n';

// --- C2SP spec examples ---
const C2SP_NOTE =
  'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n\n' +
  '— quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n';
const C2SP_CHECKPOINT =
  'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n' +
  '— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n';

describe('signed-note conformance (golang.org/x/mod/sumdb/note)', () => {
  const peter = verifierOf(PETER_VKEY);
  const enoch = verifierOf(ENOCH_VKEY);

  it('derives the PeterNeumann key ID and verifier key from the published private key', () => {
    const signer = signerFromGoKey(PETER_SKEY);
    expect(keyIdHex(signer.keyId)).toBe('c74f20a3');
    expect(encodeVerifierKey(signer)).toBe(PETER_VKEY);
    expect(peter.keyId).toBe(0xc74f20a3);
  });

  it('reproduces the published PeterNeumann signed note byte-exact', () => {
    const signed = signNote(TEXT, [signerFromGoKey(PETER_SKEY)]);
    expect(signed).toEqual({ ok: true, value: `${TEXT}\n${PETER_SIG}` });
  });

  it('reproduces the key IDs and verifier keys of the transparency-dev/formats key pairs', () => {
    for (const [vkey, skey] of FORMATS_KEY_PAIRS) {
      expect(encodeVerifierKey(signerFromGoKey(skey))).toBe(vkey);
      expect(encodeVerifierKey(verifierOf(vkey))).toBe(vkey);
    }
    console.log(`transparency-dev/formats key pairs: ${FORMATS_KEY_PAIRS.length}/${FORMATS_KEY_PAIRS.length}`);
  });

  it('verifies one signature and keeps the other as unverified (TestOpen)', () => {
    const opened = openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter]);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.value.text).toBe(TEXT);
    expect(opened.value.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(opened.value.unverified.map((s) => [s.name, keyIdHex(s.keyId)])).toEqual([['EnochRoot', 'af0cfe78']]);
  });

  it('verifies both published signatures when both keys are known', () => {
    const opened = openNote(utf8(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`), [peter, enoch]);
    expect(opened.ok && opened.value.verified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(opened.ok && opened.value.unverified).toEqual([]);
  });

  it('refuses a note with no known signature', () => {
    expect(openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [])).toMatchObject({ ok: false, code: 'unknown-key' });
  });

  it('refuses a duplicated verifier only when a signature needs it', () => {
    expect(openNote(`${TEXT}\n${ENOCH_SIG}`, [enoch, peter, enoch])).toMatchObject({ ok: false, code: 'ambiguous-key' });
    expect(openNote(`${TEXT}\n${PETER_SIG}`, [enoch, peter, enoch]).ok).toBe(true);
  });

  it('refuses 101 signatures whether or not they are known', () => {
    const many = `${TEXT}\n${PETER_SIG.repeat(101)}`;
    expect(openNote(many, [peter])).toMatchObject({ ok: false, code: 'too-many-signatures' });
    expect(openNote(many, [])).toMatchObject({ ok: false, code: 'too-many-signatures' });
  });

  it('refuses a known signature with four characters inserted', () => {
    const bad = `${TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    expect(openNote(bad, [peter])).toMatchObject({ ok: false, code: 'bad-signature' });
  });

  it('drops repeated signatures as sumdb/note does', () => {
    const enochAbcd = `${ENOCH_SIG.slice(0, 60)}ABCD${ENOCH_SIG.slice(60)}`;
    const opened = openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${enochAbcd}`, [peter]);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.value.verified).toHaveLength(1);
    expect(opened.value.unverified.map((s) => toBase64(s.signature))).toHaveLength(2);
  });

  it('refuses the malformed notes of TestOpen', () => {
    const bad: [string | Uint8Array, string][] = [
      [TEXT, 'missing-blank-line'],
      [`${TEXT}\n`, 'no-signatures'],
      [`${TEXT}\n${PETER_SIG.slice(0, -1)}`, 'missing-final-newline'],
      [`\x01${TEXT}\n${PETER_SIG}`, 'control-character'],
      [concatBytes(Uint8Array.of(0xff), utf8(`${TEXT}\n${PETER_SIG}`)), 'invalid-utf8'],
      [`${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`, 'missing-final-newline'],
      [`${TEXT}\n${PETER_SIG}Unexpected line.\n`, 'bad-signature-line'],
    ];
    for (const [msg, code] of bad) expect(openNote(msg, [peter])).toMatchObject({ ok: false, code });
  });

  it('ignores a signature under another name even with the known key ID', () => {
    const misnamed = PETER_SIG.replace('PeterNeumann', 'CarmenSandiego');
    expect(openNote(`${TEXT}\n${misnamed}`, [peter])).toMatchObject({ ok: false, code: 'unknown-key' });
  });

  it('refuses every substring and every one-byte change of the verifier key (TestNewVerifier)', () => {
    const b = utf8(PETER_VKEY);
    let refused = 0;
    for (let i = 0; i <= b.length; i++) {
      for (let j = i + 1; j <= b.length; j++) {
        if (i === 0 && j === b.length) continue;
        expect(parseVerifierKey(PETER_VKEY.slice(i, j)).ok, PETER_VKEY.slice(i, j)).toBe(false);
        refused++;
      }
    }
    for (let i = 0; i < b.length; i++) {
      const mangled = String.fromCharCode(...b.map((c, k) => (k === i ? c + 1 : c)));
      expect(parseVerifierKey(mangled).ok, mangled).toBe(false);
      refused++;
    }
    // Wrong key length and unknown algorithm, each with a key ID recomputed to match.
    expect(parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==').ok).toBe(false);
    expect(parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toMatchObject({
      ok: false,
      code: 'unsupported-algorithm',
    });
    console.log(`signed-note verifier key manglings refused: ${refused + 2}`);
  });
});

describe('checkpoint conformance', () => {
  const sumdb = verifierOf(SUMDB_VKEY);

  it('opens the published sum.golang.org checkpoint with the sum.golang.org key', () => {
    const cp = openCheckpoint(SUMDB_CHECKPOINT, 'go.sum database tree', sumdb);
    expect(cp.ok).toBe(true);
    if (!cp.ok) return;
    expect(cp.value.size).toBe(6476701);
    expect(toBase64(cp.value.rootHash)).toBe('mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=');
    expect(cp.value.extensions).toEqual([]);
    expect(openCheckpoint(SUMDB_CHECKPOINT, 'Go rocks but I might have the wrong ID', sumdb)).toMatchObject({
      ok: false,
      code: 'origin-mismatch',
    });
  });

  it('verifies the three published cosignatures on it and ignores unknown ones', () => {
    const witnessLine = COSIGNERS[2]!.line;
    const note =
      SUMDB_CHECKPOINT +
      COSIGNERS.map((c) => c.line).join('') +
      witnessLine.replace('witness', 'random1') +
      witnessLine.replace('witness', 'random2');
    const opened = openNote(note, [sumdb, ...COSIGNERS.map((c) => verifierOf(c.vkey))]);
    expect(opened.ok && opened.value.verified.map((s) => s.name)).toEqual([
      'sum.golang.org',
      'monkeys',
      'bananas',
      'witness',
    ]);
    expect(opened.ok && opened.value.unverified.map((s) => s.name)).toEqual(['random1', 'random2']);
    expect(openCheckpoint(note, 'go.sum database tree', sumdb).ok).toBe(true);
  });

  it('refuses the checkpoint when only cosigners are trusted as the log key', () => {
    expect(openCheckpoint(SUMDB_CHECKPOINT, 'go.sum database tree', verifierOf(COSIGNERS[0]!.vkey))).toMatchObject({
      ok: false,
      code: 'unknown-key',
    });
  });

  it('formats and parses the sumdb/tlog golden tree text', () => {
    const rootHash = sha256(concatBytes(Uint8Array.of(0), utf8('hello world')));
    const cp = { origin: 'go.sum database tree', size: 123456789012, rootHash, extensions: [] };
    expect(formatCheckpoint(cp)).toEqual({ ok: true, value: TLOG_TREE });
    expect(parseCheckpointText(TLOG_TREE)).toEqual({ ok: true, value: cp });
    expect(
      parseCheckpointText('go.sum database tree\n0xabcdef\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n'),
    ).toMatchObject({ code: 'bad-tree-size' });
    expect(
      parseCheckpointText('go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n'),
    ).toMatchObject({ code: 'bad-root-hash' });
    // sumdb/tlog ignores junk after the root; C2SP makes a complete line an extension.
    expect(parseCheckpointText(`${TLOG_TREE}JOE\n`)).toMatchObject({ ok: true, value: { extensions: ['JOE'] } });
    expect(parseCheckpointText(`${TLOG_TREE}JOE`)).toMatchObject({ ok: false, code: 'missing-final-newline' });
  });

  it('parses the C2SP example notes, splitting at the last blank line', () => {
    const note = parseNote(C2SP_NOTE);
    expect(note.ok && note.value.text).toBe(
      'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n',
    );
    expect(note.ok && note.value.signatures.map((s) => s.name)).toEqual(['quasimodo.example/salvatore']);

    const cp = parseNote(C2SP_CHECKPOINT);
    expect(cp.ok).toBe(true);
    if (!cp.ok) return;
    const parsed = parseCheckpointText(cp.value.text);
    expect(parsed).toMatchObject({ ok: true, value: { origin: 'example.com/behind-the-sofa', size: 20852163 } });
    expect(parsed.ok && parsed.value.rootHash).toHaveLength(32);
  });
});
