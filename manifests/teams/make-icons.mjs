#!/usr/bin/env node
// Draws the Teams app's two icons and writes them beside this script:
//   color.png    192×192, the full-colour icon (accent background, white checklist)
//   outline.png   32×32, white on transparent, as Teams requires
// The PNGs are written with node:zlib (no image library). The results are
// committed; run `node manifests/teams/make-icons.mjs` after changing the drawing.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The accent colour (manifest accentColor) — a deep teal. */
export const ACCENT = [0x0b, 0x4f, 0x6c];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGBA image (Uint8Array of width*height*4) as PNG bytes. */
export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    rows[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(rows, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function canvas(size, background) {
  const px = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i += 1) px.set(background, i * 4);
  return {
    px,
    /** Fills the rectangle [x0, x1) × [y0, y1), in units of the 32-pixel design grid. */
    rect(x0, y0, x1, y1, colour) {
      const s = size / 32;
      for (let y = Math.round(y0 * s); y < Math.round(y1 * s); y += 1) {
        for (let x = Math.round(x0 * s); x < Math.round(x1 * s); x += 1) px.set(colour, (y * size + x) * 4);
      }
    },
  };
}

/** A checklist on a 32-unit grid: three rows, each a tick box and a line; the first two ticked. */
function drawChecklist(c, colour) {
  for (const [row, y] of [6, 14, 22].entries()) {
    // box outline
    c.rect(5, y, 11, y + 1, colour);
    c.rect(5, y + 5, 11, y + 6, colour);
    c.rect(5, y, 6, y + 6, colour);
    c.rect(10, y, 11, y + 6, colour);
    if (row < 2) c.rect(7, y + 2, 9, y + 4, colour); // ticked
    c.rect(14, y + 2, 27, y + 4, colour); // the line of text
  }
}

export function colourIcon() {
  const c = canvas(192, [...ACCENT, 255]);
  drawChecklist(c, [255, 255, 255, 255]);
  return encodePng(192, 192, c.px);
}

export function outlineIcon() {
  const c = canvas(32, [0, 0, 0, 0]);
  drawChecklist(c, [255, 255, 255, 255]);
  return encodePng(32, 32, c.px);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(path.join(HERE, 'color.png'), colourIcon());
  writeFileSync(path.join(HERE, 'outline.png'), outlineIcon());
  console.log(`wrote ${path.join(HERE, 'color.png')} and ${path.join(HERE, 'outline.png')}`);
}
