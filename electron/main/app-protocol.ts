/**
 * The window loads the renderer from `app://staffdesk/`, not `file://`: a standard, secure scheme
 * has an origin of its own (file:// pages share one with every local file), is what Electron's
 * security checklist asks for, and is the only way Electron keeps V8's compiled code between
 * starts (the `codeCache` privilege), which a start would otherwise spend compiling the bundle.
 */
import { readFile } from 'node:fs/promises';
import { rendererFile, rendererHeaders } from '../renderer-files';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://staffdesk';
export const APP_INDEX = `${APP_ORIGIN}/index.html`;
/** For protocol.registerSchemesAsPrivileged, before the app is ready. */
export const APP_PRIVILEGES = { standard: true, secure: true, codeCache: true } as const;

export function isAppUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`);
}

/** The answer to one `app:` request: a renderer file, or 404 for anything else. */
export async function appResponse(rendererDir: string, url: string): Promise<Response> {
  const notFound = () => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return notFound();
  }
  if (`${parsed.protocol}//${parsed.host}` !== APP_ORIGIN) return notFound();
  const file = rendererFile(rendererDir, parsed.pathname);
  if (!file) return notFound();
  try {
    return new Response(await readFile(file.path), { status: 200, headers: rendererHeaders(file) });
  } catch {
    return notFound();
  }
}
