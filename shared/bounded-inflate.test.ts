import { deflateSync, gzipSync, inflateSync } from 'fflate';
import fc from 'fast-check';
import { deflateRawSync as nodeDeflateRaw, gzipSync as nodeGzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { boundedInflate } from './bounded-inflate';
import { concatBytes } from './bytes';

/** Data that compresses to anything from nothing to not at all. */
const data = fc.oneof(
  fc.uint8Array({ maxLength: 5000 }),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 100_000 })).map(([b, n]) => new Uint8Array(n).fill(b)),
  fc.string({ maxLength: 2000 }).map((s) => new TextEncoder().encode(s.repeat(5))),
);

describe('boundedInflate', () => {
  it('round-trips raw DEFLATE (with and without a dictionary) and GZIP, at every level (fast-check)', () => {
    const dictionary = new TextEncoder().encode('{"@context":"https://www.w3.org/ns/credentials/v2"}');
    fc.assert(
      fc.property(data, fc.integer({ min: 0, max: 9 }), (bytes, level) => {
        const limits = { maxBytes: 200_000 };
        const raw = boundedInflate(deflateSync(bytes, { level: level as 0 }), { format: 'deflate-raw', ...limits });
        expect(raw.ok && raw.value).toStrictEqual(bytes);
        const withDict = boundedInflate(deflateSync(bytes, { level: level as 0, dictionary }), {
          format: 'deflate-raw',
          dictionary,
          ...limits,
        });
        expect(withDict.ok && withDict.value).toStrictEqual(bytes);
        const gz = boundedInflate(gzipSync(bytes, { level: level as 0 }), { format: 'gzip', ...limits });
        expect(gz.ok && gz.value).toStrictEqual(bytes);
      }),
      { numRuns: 60 },
    );
  });

  it('reads GZIP written by zlib (node:zlib), header fields and all', () => {
    const bytes = new TextEncoder().encode('revocation '.repeat(3000));
    const result = boundedInflate(nodeGzip(bytes), { format: 'gzip', maxBytes: 1 << 20 });
    expect(result.ok && result.value).toStrictEqual(bytes);
  });

  it('accepts output of exactly maxBytes and refuses one byte more', () => {
    const bytes = new Uint8Array(16_384).fill(7);
    expect(boundedInflate(deflateSync(bytes), { format: 'deflate-raw', maxBytes: 16_384 }).ok).toBe(true);
    const over = boundedInflate(deflateSync(bytes), { format: 'deflate-raw', maxBytes: 16_383 });
    expect(over.ok || over.code).toBe('too-large');
  });

  it('stops a bomb at the limit, quickly: 16 MiB of zeros in 16 KiB of input', () => {
    const zeros = new Uint8Array(16 * 1024 * 1024);
    // Time grows with the limit, not the claim: a 2 MiB ceiling costs one 2 MiB inflate.
    const bombs = [
      ['deflate-raw', deflateSync(zeros), 16 * 1024, 50],
      ['gzip', gzipSync(zeros), 2 * 1024 * 1024, 1000],
    ] as const;
    for (const [format, bomb, maxBytes, ms] of bombs) {
      expect(bomb.length).toBeLessThan(17_000);
      const started = performance.now();
      const result = boundedInflate(bomb, { format, maxBytes });
      const elapsed = performance.now() - started;
      expect(result.ok || result.code).toBe('too-large');
      console.log(`${format} bomb (${bomb.length} bytes → 16 MiB) refused at ${maxBytes} bytes in ${elapsed.toFixed(1)} ms`);
      expect(elapsed).toBeLessThan(ms);
    }
  });

  it('refuses bytes after the end of a raw DEFLATE stream', () => {
    const stream = deflateSync(new TextEncoder().encode('one household, one card'));
    for (const extra of [[0], [0, 0, 0, 0], [0x03, 0x00]]) {
      const result = boundedInflate(concatBytes(stream, Uint8Array.from(extra)), { format: 'deflate-raw', maxBytes: 1000 });
      expect(result.ok || result.message).toMatch(/extra bytes after the end/);
    }
  });

  it('refuses every truncation of a stream', () => {
    const bytes = new TextEncoder().encode('a ration card holds no names, phones or photos. '.repeat(20));
    for (const [format, compressed] of [
      ['deflate-raw', deflateSync(bytes)],
      ['gzip', gzipSync(bytes)],
    ] as const) {
      for (let n = 0; n < compressed.length; n++) {
        const result = boundedInflate(compressed.subarray(0, n), { format, maxBytes: 10_000 });
        expect(result.ok, `${format} cut to ${n} of ${compressed.length} bytes`).toBe(false);
      }
    }
  });

  it('refuses GZIP with a wrong CRC-32 or length, a second member, or trailing bytes', () => {
    const bytes = new TextEncoder().encode('status list');
    const good = gzipSync(bytes);
    const badCrc = good.slice();
    badCrc[badCrc.length - 8]! ^= 1;
    const badSize = good.slice();
    badSize[badSize.length - 1]! ^= 0x80;
    const secondMember = concatBytes(good, good);
    for (const input of [badCrc, badSize, secondMember, concatBytes(good, Uint8Array.of(0)), concatBytes(good, Uint8Array.of(1, 2, 3))]) {
      const result = boundedInflate(input, { format: 'gzip', maxBytes: 1000 });
      expect(result.ok || result.code).toBe('corrupt');
    }
  });

  it('answers junk with a Result, never an exception (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (junk, gzip) => {
        const result = boundedInflate(junk, { format: gzip ? 'gzip' : 'deflate-raw', maxBytes: 4096 });
        if (!result.ok) expect(['corrupt', 'too-large']).toContain(result.code);
      }),
      { numRuns: 2000 },
    );
    expect(boundedInflate(new Uint8Array(0), { format: 'deflate-raw', maxBytes: 10 }).ok).toBe(false);
  });
});

describe('boundedInflate padding bits', () => {
  it('refuses a set padding bit after the final block, and accepts what encoders write (fast-check)', () => {
    fc.assert(
      fc.property(data, fc.integer({ min: 0, max: 9 }), (bytes, level) => {
        const stream = deflateSync(bytes, { level: level as 0 });
        // Never a false alarm on an encoder's own output, fflate's or zlib's.
        expect(boundedInflate(stream, { format: 'deflate-raw', maxBytes: 200_000 }).ok).toBe(true);
        const zlib = boundedInflate(new Uint8Array(nodeDeflateRaw(bytes, { level })), { format: 'deflate-raw', maxBytes: 200_000 });
        expect(zlib.ok && zlib.value).toStrictEqual(bytes);
        for (let bit = 0; bit < 8; bit++) {
          const edited = stream.slice();
          edited[edited.length - 1]! ^= 1 << bit;
          let same = false;
          try {
            same = equal(inflateSync(edited), bytes);
          } catch {
            same = false;
          }
          const result = boundedInflate(edited, { format: 'deflate-raw', maxBytes: 200_000 });
          // An edit fflate alone would not notice (a padding bit) must be refused here.
          if (same && (stream.length < 4 || !equal(stream.subarray(-4), Uint8Array.of(0, 0, 0xff, 0xff)))) {
            expect(result.ok || result.message).toMatch(/stray bits after its end/);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
