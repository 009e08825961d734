import { describe, expect, it } from 'vitest';
import { MAX_SCAN_CHARS, screenScan } from './limits';

describe('screenScan', () => {
  it('trims what a scanner adds and passes the text on', () => {
    expect(screenScan('  AT1:ABC \r\n')).toEqual({ kind: 'text', text: 'AT1:ABC' });
  });

  it('ignores an empty or blank submit', () => {
    expect(screenScan('')).toEqual({ kind: 'empty' });
    expect(screenScan(' \t\n')).toEqual({ kind: 'empty' });
  });

  it('accepts exactly the limit and refuses one character more, before any trimming', () => {
    expect(screenScan('A'.repeat(MAX_SCAN_CHARS)).kind).toBe('text');
    expect(screenScan('A'.repeat(MAX_SCAN_CHARS + 1))).toEqual({ kind: 'too-long', length: MAX_SCAN_CHARS + 1 });
    expect(screenScan(' '.repeat(MAX_SCAN_CHARS + 1)).kind).toBe('too-long');
  });
});
