/**
 * A small XML writer for HQ's IATI export (issue 15, ./iati.ts): elements,
 * attributes and text, escaped in one place. Written here rather than taken
 * from a library (xmlbuilder2, fast-xml-parser's builder): the documents are
 * small and their structure is fixed by our code, so all that can go wrong
 * is escaping, and 60 lines that refuse what XML 1.0 cannot carry are
 * easier to check than a dependency in HQ's service. Text that XML cannot
 * hold (control characters, lone surrogates) is a bug upstream (the event
 * schemas refuse it), so it throws rather than being dropped.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: readonly (readonly [string, string])[];
  readonly children: readonly (XmlElement | string)[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9._:-]*$/;
/** Characters XML 1.0 cannot carry, even escaped (§2.2): C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF. */
// With the u flag a surrogate pair is one code point, so the surrogate range matches lone ones only.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/u;

/** An element; attributes whose value is undefined are left out, in the order given. */
export function el(name: string, attributes: Readonly<Record<string, string | undefined>> = {}, ...children: readonly (XmlElement | string)[]): XmlElement {
  if (!NAME.test(name)) throw new Error(`not an XML name: ${JSON.stringify(name)}`);
  const attrs = Object.entries(attributes).filter((a): a is [string, string] => a[1] !== undefined);
  for (const [key] of attrs) if (!NAME.test(key)) throw new Error(`not an XML attribute name: ${JSON.stringify(key)}`);
  return { name, attributes: attrs, children };
}

function checked(text: string): string {
  if (NOT_XML.test(text)) throw new Error('text holds characters XML 1.0 cannot carry');
  return text;
}

export const escapeText = (text: string): string => checked(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Attribute values also escape quotes and the whitespace that attribute normalisation would turn into spaces. */
export const escapeAttribute = (text: string): string =>
  escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');

function write(node: XmlElement, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  const open = `${pad}<${node.name}${node.attributes.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('')}`;
  if (node.children.length === 0) {
    out.push(`${open}/>`);
  } else if (node.children.every((c) => typeof c === 'string')) {
    out.push(`${open}>${node.children.map((c) => escapeText(c as string)).join('')}</${node.name}>`);
  } else {
    out.push(`${open}>`);
    for (const child of node.children) {
      if (typeof child === 'string') out.push(`${pad}  ${escapeText(child)}`);
      else write(child, depth + 1, out);
    }
    out.push(`${pad}</${node.name}>`);
  }
}

/** The document: an XML declaration (UTF-8) and the root, indented two spaces a level. */
export function xmlDocument(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, 0, out);
  return `${out.join('\n')}\n`;
}
