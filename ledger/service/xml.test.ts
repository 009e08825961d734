import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { el, escapeAttribute, escapeText, xmlDocument } from './xml';

describe('the XML writer', () => {
  it('escapes text and attributes in one place', () => {
    expect(xmlDocument(el('a', { b: 'x"<&>\n\t', c: undefined }, el('n', {}, '<tag> & "q"'), el('e')))).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<a b="x&quot;&lt;&amp;&gt;&#10;&#9;">\n  <n>&lt;tag&gt; &amp; "q"</n>\n  <e/>\n</a>\n',
    );
  });

  it('refuses what XML 1.0 cannot carry, and names that are not names', () => {
    for (const bad of ['\u0000', '\u0008', '\u001f', '\ud800', 'a\udc00', '\uffff']) {
      expect(() => escapeText(bad), JSON.stringify(bad)).toThrow();
      expect(() => escapeAttribute(bad), JSON.stringify(bad)).toThrow();
    }
    expect(escapeText('تحويل نقدي 🌾')).toBe('تحويل نقدي 🌾');
    expect(() => el('a b')).toThrow();
    expect(() => el('a', { 'x"': 'y' })).toThrow();
  });

  it('never lets text end an element or open another', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", 'a', ' ', '/', '\n') }), (text) => {
        const written = escapeText(text);
        expect(written).not.toMatch(/[<>]/);
        expect(written.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
      }),
    );
  });
});
