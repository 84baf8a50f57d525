// Draws images/icon.png (128x128): the extension's Marketplace icon, a teal tile with a white check mark
// over a wave (a pipeline). Written as a PNG by hand so no image tool is needed. Run once; the PNG is committed.
import fs from 'node:fs';
import zlib from 'node:zlib';

const size = 128;
const pixels = Buffer.alloc(size * size * 4);
const inTile = (x, y) => {
  const r = 22; // rounded corners
  const cx = Math.min(Math.max(x, r), size - 1 - r), cy = Math.min(Math.max(y, r), size - 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const nearSegment = (x, y, [x1, y1], [x2, y2], width) => {
  const t = Math.max(0, Math.min(1, ((x - x1) * (x2 - x1) + (y - y1) * (y2 - y1)) / ((x2 - x1) ** 2 + (y2 - y1) ** 2)));
  return Math.hypot(x - (x1 + t * (x2 - x1)), y - (y1 + t * (y2 - y1))) <= width;
};
for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    const i = (y * size + x) * 4;
    if (!inTile(x, y)) continue;
    let [r, g, b] = [0, 128 - y / 4, 140 - y / 5]; // teal, darker towards the bottom
    const wave = 92 + 6 * Math.sin(x / 9);
    if (Math.abs(y - wave) < 3) [r, g, b] = [120, 220, 210];
    if (nearSegment(x, y, [34, 62], [56, 84], 7) || nearSegment(x, y, [56, 84], [96, 38], 7)) [r, g, b] = [255, 255, 255];
    pixels.set([r, g, b, 255], i);
  }
}
const rows = Buffer.concat(Array.from({ length: size }, (_, y) => Buffer.concat([Buffer.from([0]), pixels.subarray(y * size * 4, (y + 1) * size * 4)])));
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => {
  const length = Buffer.alloc(4); length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const check = Buffer.alloc(4); check.writeUInt32BE(crc(body));
  return Buffer.concat([length, body, check]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0); header.writeUInt32BE(size, 4); header[8] = 8; header[9] = 6; // 8-bit RGBA
fs.mkdirSync('images', { recursive: true });
fs.writeFileSync('images/icon.png', Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]));
console.log('wrote images/icon.png');
