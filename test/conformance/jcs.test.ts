import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalize, CanonicalError } from '../../shared/canonical';
import { fromHex, toHex } from '../../shared/bytes';

const VECTORS = join(import.meta.dirname, '..', 'vectors');
const CYBERPHONE = join(VECTORS, 'json-canonicalization', 'testdata');

interface Rfc8785Examples {
  section_3_2_2_to_3_2_4: { inputJsonText: string; expectedCanonical: string; expectedUtf8Hex: string };
  section_3_2_3_sorting: { inputJsonText: string; expectedValueOrder: string[] };
  appendixB_numberSerialization: { ieee754Hex: string; expected: string | null; comment: string }[];
}
const rfc = JSON.parse(
  readFileSync(join(VECTORS, 'rfc8785', 'rfc8785-examples.json'), 'utf8'),
) as Rfc8785Examples;

describe('RFC 8785 conformance', () => {
  it('reproduces the byte-exact output of every cyberphone reference input', () => {
    const names = readdirSync(join(CYBERPHONE, 'input')).filter((n) => n.endsWith('.json'));
    let passed = 0;
    for (const name of names) {
      const input: unknown = JSON.parse(readFileSync(join(CYBERPHONE, 'input', name), 'utf8'));
      const expected = readFileSync(join(CYBERPHONE, 'output', name));
      const hex = readFileSync(join(CYBERPHONE, 'outhex', name.replace(/\.json$/, '.txt')), 'utf8');
      const got = canonicalBytes(input);
      expect(toHex(got), name).toBe(toHex(expected));
      expect(toHex(got), name).toBe(hex.replace(/\s+/g, ''));
      passed++;
    }
    console.log(`jcs cyberphone: ${passed}/${names.length}`);
    expect(names.length).toBe(6);
  });

  it('serialises all Appendix B numbers and rejects NaN and Infinity', () => {
    const rows = rfc.appendixB_numberSerialization;
    let passed = 0;
    for (const row of rows) {
      const value = new DataView(fromHex(row.ieee754Hex).buffer).getFloat64(0, false);
      if (row.expected === null) {
        expect(() => canonicalize(value), row.comment).toThrow(CanonicalError);
        expect(() => canonicalize([value]), row.comment).toThrow(/not a JSON number/);
      } else {
        expect(canonicalize(value), row.comment).toBe(row.expected);
      }
      passed++;
    }
    console.log(`jcs rfc8785 appendix B numbers: ${passed}/${rows.length}`);
    expect(rows.length).toBe(26);
  });

  it('reproduces the §3.2.2–3.2.4 sample as text and UTF-8 bytes', () => {
    const sample = rfc.section_3_2_2_to_3_2_4;
    const value: unknown = JSON.parse(sample.inputJsonText);
    expect(canonicalize(value)).toBe(sample.expectedCanonical);
    expect(toHex(canonicalBytes(value))).toBe(sample.expectedUtf8Hex);
  });

  it('sorts properties by UTF-16 code units as in §3.2.3', () => {
    const sorting = rfc.section_3_2_3_sorting;
    // Read the order off the text: re-parsing would let JavaScript move the
    // integer-like key "1" to the front.
    const text = canonicalize(JSON.parse(sorting.inputJsonText));
    const positions = sorting.expectedValueOrder.map((v) => text.indexOf(`:${JSON.stringify(v)}`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});
