/**
 * Decompression with a ceiling, for compressed data that arrives from outside
 * (a scanned ration card, a status list credential). DEFLATE expands up to
 * 1032:1 (RFC 1951: a 258-byte match coded in 2 bits), so a few kilobytes can
 * claim gigabytes; a one-shot inflate would allocate all of it before anyone
 * could look at the size. Here the input is pushed through fflate's streaming
 * inflater in slices small enough that one slice cannot expand much beyond the
 * limit, the output is counted as it comes, and inflating stops with the
 * slice in which the output passes the limit. Peak memory stays within about twice the limit plus
 * fflate's 160 KiB working window, whatever the input claims.
 *
 * Anything but one complete stream is refused: a second GZIP member, a GZIP
 * trailer whose CRC-32 or length does not match (RFC 1952 §2.3.1; fflate's
 * streaming Gunzip does not check them), and, stricter than zlib, bytes or set
 * padding bits after the end of a raw DEFLATE stream. Those would otherwise be
 * room to change a scanned code without changing what it decodes to.
 */
import { Gunzip, Inflate } from 'fflate';
import { equalBytes } from './bytes';
import { err, ok, type Result } from './result';

export type InflateFailure = 'corrupt' | 'too-large';

export interface InflateOptions {
  /** RFC 1951 raw DEFLATE, or RFC 1952 GZIP (one member). */
  readonly format: 'deflate-raw' | 'gzip';
  /** The most bytes the output may have; one more and inflating stops. */
  readonly maxBytes: number;
  /** A preset dictionary (raw DEFLATE only): the window the compressor started with. */
  readonly dictionary?: Uint8Array;
}

/** RFC 1951 §3.2.5: length 258 at the cost of as few as 2 bits (1 for the length code, 1 for the distance). */
const MAX_DEFLATE_RATIO = 1032;
/** Slices never smaller than this, so a small limit does not mean thousands of pushes. */
const MIN_SLICE = 64;

/** RFC 1952 §8 CRC-32 (the ISO-HDLC polynomial, reflected). The table is built per call: no shared mutable state. */
function crc32(bytes: Uint8Array): number {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const readU32LE = (bytes: Uint8Array, at: number): number =>
  (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;

/** The streaming inflate itself: output or why not, never more than `maxBytes` (+ one slice) held. */
function inflateSlices(input: Uint8Array, options: InflateOptions): Result<Uint8Array, InflateFailure> {
  const parts: Uint8Array[] = [];
  let size = 0;
  let over = false;
  const collect = (data: Uint8Array): void => {
    size += data.length;
    if (size > options.maxBytes) over = true;
    else if (data.length > 0) parts.push(data);
  };
  let members = 1;
  let stream: Inflate | Gunzip;
  if (options.format === 'gzip') {
    const gunzip = new Gunzip(collect);
    // Called for each member after the first (fflate reads concatenated members as one file).
    gunzip.onmember = () => {
      members += 1;
    };
    stream = gunzip;
  } else {
    stream = new Inflate(options.dictionary === undefined ? {} : { dictionary: options.dictionary }, collect);
  }
  const slice = Math.max(MIN_SLICE, Math.ceil(options.maxBytes / MAX_DEFLATE_RATIO));
  try {
    for (let at = 0; at < input.length && !over && members === 1; at += slice) {
      const end = Math.min(at + slice, input.length);
      // The last push is `final`, which makes fflate throw on a stream cut short.
      stream.push(input.subarray(at, end), end === input.length);
    }
  } catch {
    return err('corrupt', 'the compressed data is damaged or incomplete');
  }
  if (over) return err('too-large', `it expands to more than ${options.maxBytes} bytes`);
  if (members > 1) return err('corrupt', 'the compressed data holds more than one GZIP member');
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return ok(out);
}

/**
 * `input` decompressed, or 'too-large' as soon as the output passes
 * `options.maxBytes`, or 'corrupt' for anything that is not exactly one
 * well-formed stream. Never throws.
 */
export function boundedInflate(input: Uint8Array, options: InflateOptions): Result<Uint8Array, InflateFailure> {
  if (input.length === 0) return err('corrupt', 'there is no compressed data');
  const inflated = inflateSlices(input, options);
  if (!inflated.ok) return inflated;
  const out = inflated.value;
  if (options.format === 'gzip') {
    // RFC 1952 §2.3.1: the member ends with CRC32 and ISIZE (the length mod 2^32), little-endian.
    const end = input.length;
    if (end < 18 || readU32LE(input, end - 8) !== crc32(out) || readU32LE(input, end - 4) !== out.length >>> 0) {
      return err('corrupt', 'the compressed data does not match its GZIP checksum or length');
    }
    return inflated;
  }
  // fflate stops at the final block and ignores whatever follows. The stream
  // ended in the last byte only if it cannot be inflated without that byte.
  if (input.length > 1 && inflateSlices(input.subarray(0, input.length - 1), options).ok) {
    return err('corrupt', 'there are extra bytes after the end of the compressed data');
  }
  // RFC 1951 §3.1.1 fills bytes from the least significant bit, so the bits
  // of the last byte above the end of the final block are padding, which
  // encoders write as zeros and inflaters never read. If any is set, the
  // highest set bit is one of them, and clearing it changes nothing. Clearing
  // a bit the stream uses changes the symbol it belongs to, which in practice
  // means an error or other output (an encoder can check its own output with
  // this function). So a changed padding bit, from a damaged or edited code,
  // is refused instead of passing unnoticed.
  // One exception: a stream that ends with an empty stored block ends with
  // its LEN 0000 and NLEN ffff (RFC 1951 §3.2.4), byte-aligned, no padding;
  // fflate does not check NLEN, so that last byte must not be tested.
  const last = input[input.length - 1]!;
  const emptyStoredEnd = input.length >= 4 && equalBytes(input.subarray(-4), Uint8Array.of(0, 0, 0xff, 0xff));
  if (last !== 0 && !emptyStoredEnd) {
    const cleared = input.slice();
    cleared[cleared.length - 1] = last & ~(0x80000000 >>> Math.clz32(last));
    const again = inflateSlices(cleared, options);
    if (again.ok && equalBytes(again.value, out)) {
      return err('corrupt', 'the compressed data has stray bits after its end');
    }
  }
  return inflated;
}
