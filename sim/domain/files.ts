import { fail } from '../errors.js';
import type { UploadedFile } from '../http/params.js';
import { randomHex } from '../util/random.js';
import type { World } from '../world.js';

const startsWith = (data: Buffer, bytes: readonly number[], offset = 0): boolean => bytes.every((b, i) => data[offset + i] === b);

/**
 * The server sniffs the real content type (it ignores the client's claim) and
 * accepts only a fixed list (§2.8). We recognise the same families by magic bytes.
 */
export function sniffContentType(data: Buffer): string | null {
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (data.subarray(0, 6).toString('latin1') === 'GIF87a' || data.subarray(0, 6).toString('latin1') === 'GIF89a') return 'image/gif';
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(data, [0x42, 0x4d]) && data.length > 14) return 'image/bmp';
  if (startsWith(data, [0x49, 0x49, 0x2a, 0x00]) || startsWith(data, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04]) || startsWith(data, [0x50, 0x4b, 0x05, 0x06])) return 'application/zip';
  if (startsWith(data, [0x1f, 0x8b])) return 'application/gzip';
  if (data.subarray(0, 4).toString('latin1') === 'Rar!') return 'application/x-rar';
  if (startsWith(data, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return 'application/x-7z-compressed';
  if (data.subarray(0, 3).toString('latin1') === 'BZh') return 'application/x-bzip2';
  if (data.length > 262 && data.subarray(257, 262).toString('latin1') === 'ustar') return 'application/x-tar';
  if (data.subarray(0, 5).toString('latin1') === '{\\rtf') return 'text/rtf';
  // OLE2 container: legacy Word and Excel files.
  if (startsWith(data, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'application/msword';
  if (looksLikeText(data)) return 'text/plain';
  return null;
}

function looksLikeText(data: Buffer): boolean {
  if (data.length === 0) return false;
  const head = data.subarray(0, 64 * 1024);
  for (const b of head) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.length === data.length ? head : trimPartialUtf8(head));
    return true;
  } catch {
    return false;
  }
}

function trimPartialUtf8(b: Buffer): Buffer {
  // The 64 KiB window may cut a multi-byte character in half; drop the dangling bytes.
  const end = b.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = b[end - back] ?? 0;
    if ((byte & 0xc0) === 0xc0) return b.subarray(0, end - back);
    if ((byte & 0x80) === 0) break;
  }
  return b;
}

/** `<prefix>_<40 hex>_<lower-cased name, other characters as _>` (§2.8). */
export function storedFileName(prefix: string, originalName: string): string {
  const base = (originalName.split(/[\\/]/).pop() ?? '').toLowerCase().replace(/[^a-z0-9.-]/g, '_') || 'file';
  return `${prefix ? `${prefix}_` : ''}${randomHex(40)}_${base}`;
}

export function maxUploadBytes(world: World): number {
  const mb = Number(world.repo.setting('max-size') ?? '1');
  return (Number.isFinite(mb) ? mb : 1) * 1024 * 1024;
}

/** Validates and stores an upload; the returned stored name is what tickets and events show. */
export function storeUpload(world: World, file: UploadedFile, prefix: string): string {
  if (file.data.length > maxUploadBytes(world)) fail('INVALID_FILE');
  if (sniffContentType(file.data) === null) fail('INVALID_FILE');
  const name = storedFileName(prefix, file.filename);
  world.repo.run('INSERT INTO stored_file (name, data) VALUES (?, ?)', name, file.data);
  return name;
}

/** Download content type, guessed from the last three letters like the server does (§2.9). */
export function downloadContentType(name: string): string {
  const ext = name.slice(-3).toLowerCase();
  if (ext === 'jpg') return 'image/jpeg';
  if (ext === 'png') return 'image/png';
  // server bug: GIFs are served as "image/fig" (§2.9)
  if (ext === 'gif') return 'image/fig';
  return 'application/octet-stream';
}
