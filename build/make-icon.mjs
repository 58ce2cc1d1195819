// Draws build/icon.png (512×512, RGBA): the app icon electron-builder turns into each
// platform's format (.icns, .ico, Linux PNG sizes). No image library: a PNG is a few
// zlib-compressed rows with CRC-checked chunks (RFC 2083). Run: node build/make-icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const size = 512;
const background = [37, 84, 214];
const foreground = [255, 255, 255];

/** Coverage (0..1) of pixel (x, y) by a rounded square with 4× supersampling: soft edges. */
function squareCoverage(x, y) {
  const inset = 24;
  const radius = 104;
  let inside = 0;
  for (let sy = 0; sy < 4; sy += 1) {
    for (let sx = 0; sx < 4; sx += 1) {
      const px = x + (sx + 0.5) / 4;
      const py = y + (sy + 0.5) / 4;
      const cx = Math.min(Math.max(px, inset + radius), size - inset - radius);
      const cy = Math.min(Math.max(py, inset + radius), size - inset - radius);
      if ((px - cx) ** 2 + (py - cy) ** 2 <= radius ** 2 && px >= inset && px <= size - inset && py >= inset && py <= size - inset) inside += 1;
    }
  }
  return inside / 16;
}

/** The letter H as three bars. */
function inLetter(x, y) {
  const top = 148;
  const bottom = 364;
  const stem = 56;
  const left = 156;
  const right = size - 156 - stem;
  if (y < top || y >= bottom) return false;
  if (x >= left && x < left + stem) return true;
  if (x >= right && x < right + stem) return true;
  return x >= left && x < right + stem && y >= 228 && y < 284;
}

const rows = Buffer.alloc(size * (1 + size * 4));
for (let y = 0; y < size; y += 1) {
  const row = y * (1 + size * 4);
  rows[row] = 0; // filter: none
  for (let x = 0; x < size; x += 1) {
    const coverage = squareCoverage(x, y);
    const color = inLetter(x, y) ? foreground : background;
    rows.set([...color, Math.round(coverage * 255)], row + 1 + x * 4);
  }
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.writeFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'icon.png'), png);
