import { Params, type UploadedFile } from './params.js';

/**
 * PHP files a form field named `a[]` or `a[k]` under `a` as an array, and turns dots
 * and spaces in the base name into underscores. We keep only what matters for the
 * API: the base name and whether it became an array.
 */
function phpKey(raw: string): { key: string; isArray: boolean } {
  const bracket = raw.indexOf('[');
  const base = bracket > 0 ? raw.slice(0, bracket) : raw;
  return { key: base.replace(/[. ]/g, '_'), isArray: bracket > 0 && raw.endsWith(']') };
}

function addValue(values: Map<string, string | string[]>, rawKey: string, value: string): void {
  const { key, isArray } = phpKey(rawKey);
  if (!key) return;
  if (isArray) {
    const prev = values.get(key);
    values.set(key, Array.isArray(prev) ? [...prev, value] : [value]);
  } else {
    values.set(key, value);
  }
}

export function parseUrlEncoded(body: Buffer): Params {
  const values = new Map<string, string | string[]>();
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) {
    addValue(values, k, v);
  }
  return new Params(values);
}

/** Parses `name="value"; other="x"` header parameters, honouring quoted strings. */
function headerParams(header: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /;\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (let m = re.exec(header); m; m = re.exec(header)) {
    const name = (m[1] ?? '').toLowerCase();
    const v = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
    out.set(name, v);
  }
  return out;
}

export function parseMultipart(body: Buffer, boundary: string): Params {
  const values = new Map<string, string | string[]>();
  const files = new Map<string, UploadedFile>();
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos < 0) return new Params(values, files);
  pos += delimiter.length;
  for (;;) {
    // "--" right after a delimiter closes the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) break;
    const headers = new Map<string, string>();
    for (const line of body.subarray(pos, headerEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const dataStart = headerEnd + 4;
    const end = body.indexOf(nextDelimiter, dataStart);
    if (end < 0) break;
    const data = body.subarray(dataStart, end);
    const disposition = headerParams(headers.get('content-disposition') ?? '');
    const name = disposition.get('name');
    const filename = disposition.get('filename');
    if (name !== undefined) {
      if (filename !== undefined) {
        // An empty file input still sends a part; PHP reports "no file" for it.
        if (filename !== '' || data.length > 0) {
          files.set(phpKey(name).key, { filename, contentType: headers.get('content-type') ?? 'application/octet-stream', data: Buffer.from(data) });
        }
      } else {
        addValue(values, name, data.toString('utf8'));
      }
    }
    pos = end + nextDelimiter.length;
  }
  return new Params(values, files);
}

/**
 * Only form encodings are read (§2.2): a JSON body, or anything else, leaves every
 * parameter missing, and a POST without a Content-Type is read as url-encoded.
 */
export function parseBody(contentType: string | undefined, body: Buffer): Params {
  const ct = (contentType ?? '').toLowerCase();
  if (ct === '' || ct.startsWith('application/x-www-form-urlencoded')) return parseUrlEncoded(body);
  if (ct.startsWith('multipart/form-data')) {
    const boundary = headerParams(`;${(contentType ?? '').split(';').slice(1).join(';')}`).get('boundary');
    return boundary ? parseMultipart(body, boundary) : new Params();
  }
  return new Params();
}

/** Query-string parameters (only GET /system/download reads them). */
export function parseQuery(search: string): Params {
  const values = new Map<string, string | string[]>();
  for (const [k, v] of new URLSearchParams(search)) addValue(values, k, v);
  return new Params(values);
}
