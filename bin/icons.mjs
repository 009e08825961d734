// @ts-check
/**
 * Renders resources/icon.svg into the icons electron-builder packages
 * (electron-builder.yml):
 *
 *   resources/icons/NxN.png   Linux (AppImage, deb): one PNG per size
 *   resources/icon.ico        Windows (the .exe and the NSIS installer)
 *
 * Each size is rendered from the vector by resvg, not scaled from one bitmap,
 * so the small ones stay sharp. The output is deterministic and committed;
 * `npm run icons` refreshes it, and `npm run dist` runs it before packaging.
 *
 * Usage: node bin/icons.mjs
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

/** Linux icon theme sizes electron-builder installs. */
export const PNG_SIZES = Object.freeze([16, 32, 48, 64, 128, 256, 512]);
/** Windows shell sizes, 256 being the largest an ICO entry can describe. */
export const ICO_SIZES = Object.freeze([16, 24, 32, 48, 64, 128, 256]);

const RESOURCES = fileURLToPath(new URL('../resources/', import.meta.url));

/**
 * @param {string | Buffer} svg
 * @param {number} size
 * @returns {{ size: number, png: Buffer, rgba: Buffer }} rgba is premultiplied, as resvg renders it
 */
export function renderIcon(svg, size) {
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render();
  if (image.width !== size || image.height !== size) throw new Error(`icon.svg rendered ${image.width}×${image.height} for ${size}: it must be square`);
  return { size, png: image.asPng(), rgba: image.pixels };
}

/**
 * An ICO file: the 256 px entry as PNG (the form Windows expects at that
 * size), the smaller ones as 32-bit BMPs, the form every ICO reader takes.
 *
 * @param {readonly { size: number, png: Buffer, rgba: Buffer }[]} images
 * @returns {Buffer}
 */
export function encodeIco(images) {
  const entries = images.map((image) => {
    if (image.size < 1 || image.size > 256) throw new Error(`an ICO entry is 1 to 256 px, not ${image.size}`);
    return { size: image.size, body: image.size === 256 ? image.png : bmpEntry(image.size, image.rgba) };
  });
  const header = Buffer.alloc(6 + 16 * entries.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(entries.length, 4);
  let offset = header.length;
  entries.forEach(({ size, body }, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size % 256, at); // width (0 means 256)
    header.writeUInt8(size % 256, at + 1); // height
    header.writeUInt8(0, at + 2); // no palette
    header.writeUInt8(0, at + 3); // reserved
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(body.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += body.length;
  });
  return Buffer.concat([header, ...entries.map((entry) => entry.body)]);
}

/**
 * A BMP icon entry: BITMAPINFOHEADER (its height counts the colour and the
 * mask rows), BGRA rows bottom-up with straight alpha, then an all-zero AND
 * mask (the alpha channel already says what is transparent).
 *
 * @param {number} size
 * @param {Buffer} rgba premultiplied RGBA, rows top-down
 */
function bmpEntry(size, rgba) {
  const maskRowBytes = Math.ceil(size / 32) * 4;
  const pixelBytes = size * size * 4;
  const entry = Buffer.alloc(40 + pixelBytes + maskRowBytes * size);
  entry.writeUInt32LE(40, 0); // header size
  entry.writeInt32LE(size, 4);
  entry.writeInt32LE(size * 2, 8);
  entry.writeUInt16LE(1, 12); // planes
  entry.writeUInt16LE(32, 14); // bits per pixel
  entry.writeUInt32LE(0, 16); // BI_RGB
  entry.writeUInt32LE(pixelBytes + maskRowBytes * size, 20);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = 40 + ((size - 1 - y) * size + x) * 4;
      const alpha = rgba.readUInt8(from + 3);
      const straight = (/** @type {number} */ at) => (alpha === 0 ? 0 : Math.min(255, Math.round((rgba.readUInt8(at) * 255) / alpha)));
      entry.writeUInt8(straight(from + 2), to);
      entry.writeUInt8(straight(from + 1), to + 1);
      entry.writeUInt8(straight(from), to + 2);
      entry.writeUInt8(alpha, to + 3);
    }
  }
  return entry;
}

/**
 * Writes every icon under `resources` from its icon.svg.
 *
 * @param {string} [resources]
 * @returns {string[]} the files written
 */
export function writeIcons(resources = RESOURCES) {
  const svg = readFileSync(join(resources, 'icon.svg'));
  const written = [];
  const iconsDir = join(resources, 'icons');
  mkdirSync(iconsDir, { recursive: true });
  for (const size of PNG_SIZES) {
    const file = join(iconsDir, `${size}x${size}.png`);
    writeFileSync(file, renderIcon(svg, size).png);
    written.push(file);
  }
  const ico = join(resources, 'icon.ico');
  writeFileSync(ico, encodeIco(ICO_SIZES.map((size) => renderIcon(svg, size))));
  written.push(ico);
  return written;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const file of writeIcons()) console.log(`wrote ${file}`);
}
