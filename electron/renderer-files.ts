/**
 * The built renderer as files to serve, for the two ways it is served: the app's own `app://`
 * scheme in Electron and the browser host's HTTP server. Both answer with these types, this
 * policy and this confinement to the renderer's folder.
 */
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The same policy the Electron window enforces in index.html, sent as a header too. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'";

export interface RendererFile {
  /** Absolute path inside the renderer's folder. */
  path: string;
  /** The path relative to that folder, with forward slashes. */
  relative: string;
  contentType: string;
}

/** The file a URL path names, or null when it would leave the renderer's folder. */
export function rendererFile(root: string, urlPath: string): RendererFile | null {
  const base = resolve(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const path = resolve(join(base, normalize(relative)));
  if (path === base || !path.startsWith(base + sep)) return null;
  return { path, relative: path.slice(base.length + 1).split(sep).join('/'), contentType: TYPES[extname(path)] ?? 'application/octet-stream' };
}

/**
 * The build names what is in `assets/` by its content hash, so a name never changes meaning: it
 * may be kept (with its compiled code, which makes a start skip most of the script's cost).
 * index.html names the current build's assets and is always read afresh.
 */
export function cachePolicy(relative: string): string {
  return /^assets\/[^/]+-[\w-]{8,}\.(js|css)$/.test(relative) ? 'public, max-age=31536000, immutable' : 'no-store';
}

/** The headers both servers send with a renderer file. */
export function rendererHeaders(file: RendererFile): Record<string, string> {
  return {
    'content-type': file.contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': cachePolicy(file.relative),
  };
}
