import { describe, expect, it } from 'vitest';
import { concatBytes, fromBase64, utf8 } from '../bytes';
import { sha256 } from '../crypto/sha256';
import { generateKeyPair } from '../crypto/ed25519';
import { ed25519KeyId, parseNote } from '../checkpoint/signed-note';
import { cosign, cosignedMessage, cosignerKeyId, verifyCosignatures } from './cosignature';

/** The checkpoint of the C2SP tlog-cosignature example, with its log signature and a witness cosignature. */
const SPEC_EXAMPLE = `example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==
`;
const BODY = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const NOW = 1_800_000_000;

function witness(name: string) {
  const { seed, publicKey } = generateKeyPair();
  return { name, seed, publicKey, line: (body = BODY, at = NOW - 60) => (cosign(body, name, seed, at) as { value: string }).value };
}

const withLines = (...lines: string[]) => `${BODY}\n— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n${lines.join('')}`;

describe('cosignature/v1 (C2SP tlog-cosignature)', () => {
  it('signs the header line, the timestamp line and the checkpoint body, as the spec example', () => {
    expect(new TextDecoder().decode(cosignedMessage(BODY, 1679315147))).toBe(`cosignature/v1\ntime 1679315147\n${BODY}`);
  });

  it('lays out key ID, big-endian timestamp and signature as the spec example line does', () => {
    const parsed = parseNote(SPEC_EXAMPLE);
    expect(parsed.ok).toBe(true);
    const line = parsed.ok ? parsed.value.signatures[1]! : undefined;
    expect(line?.name).toBe('witness.example.com/w1');
    const raw = fromBase64('jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==');
    expect(raw).toHaveLength(4 + 8 + 64);
    // The example's "time 1679315147".
    expect(new DataView(raw.buffer).getBigUint64(4)).toBe(1679315147n);
  });

  it('verifies the cosignatures of known witnesses and counts each witness once', () => {
    const w1 = witness('witness.example/w1');
    const w2 = witness('witness.example/w2');
    const note = withLines(w1.line(), w1.line(BODY, NOW - 30), w2.line());
    expect(verifyCosignatures(note, [w1, w2], { quorum: 2, now: NOW })).toEqual({
      ok: true,
      value: [
        { name: 'witness.example/w1', timestamp: NOW - 60 },
        { name: 'witness.example/w2', timestamp: NOW - 60 },
      ],
    });
  });

  it('needs k of n: one cosignature where two are required is refused', () => {
    const w1 = witness('witness.example/w1');
    const w2 = witness('witness.example/w2');
    expect(verifyCosignatures(withLines(w1.line()), [w1, w2], { quorum: 2, now: NOW })).toMatchObject({ ok: false, code: 'quorum-not-met' });
  });

  it('ignores lines of unknown witnesses, and refuses a forged line of a known one', () => {
    const w1 = witness('witness.example/w1');
    const stranger = witness('witness.example/w9');
    expect(verifyCosignatures(withLines(stranger.line(), w1.line()), [w1], { quorum: 1, now: NOW })).toMatchObject({ ok: true });
    // A cosignature of another checkpoint body, pasted under this one.
    const other = 'example.com/behind-the-sofa\n20852164\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    expect(verifyCosignatures(withLines(w1.line(other)), [w1], { quorum: 1, now: NOW })).toMatchObject({ ok: false, code: 'bad-cosignature' });
    // The same key under another witness's name does not count for it.
    const impostor = { name: 'witness.example/w2', publicKey: w1.publicKey };
    expect(verifyCosignatures(withLines(w1.line()), [impostor], { quorum: 1, now: NOW })).toMatchObject({ ok: false, code: 'quorum-not-met' });
  });

  it('refuses a cosignature dated in the future, a zero timestamp, and a note that is not one', () => {
    const w1 = witness('witness.example/w1');
    expect(verifyCosignatures(withLines(w1.line(BODY, NOW + 3600)), [w1], { quorum: 1, now: NOW })).toMatchObject({ ok: false, code: 'bad-cosignature' });
    expect(cosign(BODY, w1.name, w1.seed, 0)).toMatchObject({ ok: false, code: 'bad-timestamp' });
    expect(cosign(BODY, 'a name', w1.seed, NOW)).toMatchObject({ ok: false, code: 'bad-key-name' });
    expect(verifyCosignatures('garbage', [w1], { quorum: 1, now: NOW })).toMatchObject({ ok: false, code: 'bad-note' });
  });

  it('derives key IDs with the cosignature algorithm byte 0x04, not the note signature byte 0x01', () => {
    const { publicKey } = generateKeyPair();
    const hash = sha256(concatBytes(utf8('witness.example/w1\n'), Uint8Array.of(0x04), publicKey));
    expect(cosignerKeyId('witness.example/w1', publicKey)).toBe(new DataView(hash.buffer).getUint32(0));
    expect(cosignerKeyId('witness.example/w1', publicKey)).not.toBe(ed25519KeyId('witness.example/w1', publicKey));
  });
});
