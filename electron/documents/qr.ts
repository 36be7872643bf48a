/**
 * QR codes as PNG bytes, synchronously: the `qrcode` package computes the
 * modules, and a minimal PNG encoder (8-bit greyscale, zlib) writes them, so
 * composing a packet stays a plain function call.
 */
import QRCode from 'qrcode';
import { deflateSync } from 'node:zlib';

export interface QrPng {
  data: Uint8Array;
  /** Width and height in pixels. */
  size: number;
}

/** A QR code for `text`: `scale` pixels per module and a quiet zone of `margin` modules. */
export function qrPng(text: string, scale = 8, margin = 4): QrPng {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const size = (n + margin * 2) * scale;
  const raw = Buffer.alloc(size * (size + 1), 0xff);
  for (let y = 0; y < size; y += 1) {
    const row = y * (size + 1);
    raw[row] = 0; // filter: none
    const my = Math.floor(y / scale) - margin;
    for (let x = 0; x < size; x += 1) {
      const mx = Math.floor(x / scale) - margin;
      const dark = mx >= 0 && my >= 0 && mx < n && my < n && modules.get(my, mx);
      if (dark) raw[row + 1 + x] = 0;
    }
  }
  return { data: new Uint8Array(encodePng(size, size, raw)), size };
}

function encodePng(width: number, height: number, scanlines: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // colour type: greyscale
  // compression, filter and interlace methods: 0
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
