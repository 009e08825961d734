import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { auditDocument } from './audit';
import { addEvents, createScopeDoc } from './events-doc';
import { placeholderFlood, signedEntry, squatUpdate } from './test-support';

const SCOPE = 'site:camp-1';

describe('auditDocument', () => {
  it('passes a document of real events', () => {
    const doc = createScopeDoc(SCOPE);
    addEvents(doc, Array.from({ length: 20 }, (_, i) => signedEntry(i + 1)));
    expect(auditDocument(doc)).toBeUndefined();
  });

  it('finds a squatted id stored before the guard checked content addresses', () => {
    const doc = createScopeDoc(SCOPE);
    addEvents(doc, [signedEntry(1)]);
    const [id] = signedEntry(2);
    Y.applyUpdate(doc, squatUpdate(SCOPE, id, '{"garbage":true}'));
    expect(auditDocument(doc)).toBe(`entry ${id.slice(0, 16)}…: event id is not the SHA-256 of its text`);
  });

  it('hashes only entries the laptop\'s own log does not hold with the same text', () => {
    const doc = createScopeDoc(SCOPE);
    const entries = Array.from({ length: 3 }, (_, i) => signedEntry(i + 1));
    addEvents(doc, entries);
    const [, text] = entries[0]!;
    expect(auditDocument(doc, { known: new Map(entries) })).toBeUndefined();
    const [otherId] = signedEntry(9);
    Y.applyUpdate(doc, squatUpdate(SCOPE, otherId, text));
    expect(auditDocument(doc, { known: new Map(entries) })).toMatch(/not the SHA-256/);
    expect(auditDocument(doc, { known: new Map([...entries, [otherId, text]]) })).toBeUndefined();
  });

  it('finds, in a document stored under an older guard, a slot taken without its content', () => {
    const doc = createScopeDoc(SCOPE);
    addEvents(doc, [signedEntry(1)]);
    Y.applyUpdate(doc, placeholderFlood(77, 1));
    expect(auditDocument(doc)).toBeUndefined();
    expect(auditDocument(doc, { legacy: true })).toBe('stored before issue 12 with a slot whose content it never saw (client 77, clock 0)');
  });

  it('finds a document flooded with clients past what it may hold', () => {
    const doc = createScopeDoc(SCOPE);
    addEvents(doc, [signedEntry(1)]);
    Y.applyUpdate(doc, placeholderFlood(1_000, 60_000));
    expect(auditDocument(doc)).toMatch(/^the document: 60001 clients, more than the 50000 allowed$/);
  });
});
