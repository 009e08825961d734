/**
 * The packaged icons (`npm run icons`, bin/icons.mjs, committed under
 * resources/): each file exists at the size its name or directory entry
 * claims, read from the bytes (PNG IHDR, ICO directory, BMP header), and the
 * ICO's bitmaps are the rendering of icon.svg, the right way up. The sizes
 * are restated here as the requirement, not imported from the script.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';

/** Linux icon theme sizes (electron-builder.yml linux.icon). */
const PNG_SIZES = [16, 32, 48, 64, 128, 256, 512];
/** Windows shell sizes; an ICO entry describes at most 256 px. */
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

const resources = (path: string): string => fileURLToPath(new URL(`../../resources/${path}`, import.meta.url));

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk (always the first, at byte 8). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature').toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

interface IcoEntry {
  readonly width: number;
  readonly height: number;
  readonly bitCount: number;
  readonly data: Buffer;
}

function icoEntries(ico: Buffer): IcoEntry[] {
  expect(ico.readUInt16LE(0), 'reserved').toBe(0);
  expect(ico.readUInt16LE(2), 'type: icon').toBe(1);
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const at = 6 + 16 * i;
    const size = ico.readUInt32LE(at + 8);
    const offset = ico.readUInt32LE(at + 12);
    expect(offset + size).toBeLessThanOrEqual(ico.length);
    return {
      width: ico.readUInt8(at) || 256,
      height: ico.readUInt8(at + 1) || 256,
      bitCount: ico.readUInt16LE(at + 6),
      data: ico.subarray(offset, offset + size),
    };
  });
}

describe('resources/icons (Linux)', () => {
  it.each(PNG_SIZES.map((size) => [size]))('%ix%i.png is a PNG of that size', (size) => {
    expect(pngSize(readFileSync(resources(`icons/${size}x${size}.png`)))).toEqual({ width: size, height: size });
  });
});

describe('resources/icon.ico (Windows)', () => {
  const entries = icoEntries(readFileSync(resources('icon.ico')));

  it('lists 16 to 256 px in 32-bit colour', () => {
    expect(entries.map((entry) => entry.width)).toEqual(ICO_SIZES);
    expect(entries.map((entry) => entry.height)).toEqual(ICO_SIZES);
    expect(entries.every((entry) => entry.bitCount === 32)).toBe(true);
  });

  it('holds the 256 px entry as a PNG of that size, the smaller ones as BMPs of theirs', () => {
    for (const entry of entries) {
      if (entry.width === 256) {
        expect(pngSize(entry.data)).toEqual({ width: 256, height: 256 });
      } else {
        expect(entry.data.readUInt32LE(0), 'BITMAPINFOHEADER').toBe(40);
        expect(entry.data.readInt32LE(4)).toBe(entry.width);
        // An icon BMP's height counts the colour rows and the mask rows.
        expect(entry.data.readInt32LE(8)).toBe(entry.height * 2);
        expect(entry.data.readUInt16LE(14)).toBe(32);
      }
    }
  });

  it('stores each bitmap bottom-up in BGRA with straight alpha, as the icon renders', () => {
    const svg = readFileSync(resources('icon.svg'));
    const entry = entries.find((candidate) => candidate.width === 32);
    if (entry === undefined) throw new Error('no 32 px entry');
    // resvg renders premultiplied RGBA, rows top-down.
    const rgba = new Resvg(svg, { fitTo: { mode: 'width', value: 32 } }).render().pixels;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const bmp = 40 + ((31 - y) * 32 + x) * 4;
        const alpha = entry.data.readUInt8(bmp + 3);
        const at = (y * 32 + x) * 4;
        expect(alpha).toBe(rgba.readUInt8(at + 3));
        // Premultiply the stored straight colour again: it matches the render to rounding.
        const [blue, green, red] = [0, 1, 2].map((c) => Math.round((entry.data.readUInt8(bmp + c) * alpha) / 255));
        expect(Math.abs((red ?? 0) - rgba.readUInt8(at))).toBeLessThanOrEqual(1);
        expect(Math.abs((green ?? 0) - rgba.readUInt8(at + 1))).toBeLessThanOrEqual(1);
        expect(Math.abs((blue ?? 0) - rgba.readUInt8(at + 2))).toBeLessThanOrEqual(1);
      }
    }
  });
});
