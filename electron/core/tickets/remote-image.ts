/**
 * Remote images in a ticket, fetched on the main side once the agent allows them.
 *
 * The window's CSP allows images only from itself and `data:`, so the renderer cannot load a
 * customer's `<img src="https://…">`. It asks here instead and gets a `data:` URL back. Because this
 * runs with the machine's network reach, it is careful about what it fetches for whom:
 * - only a URL that appears as an image source in that ticket's cached content, so a compromised
 *   renderer cannot use main as a proxy to arbitrary (or internal) addresses;
 * - only http(s), with no cookies or credentials (plain fetch has no cookie jar, and the helpdesk's
 *   own transport is never used), and no referrer;
 * - under one deadline for the whole exchange, and a size cap counted while the body streams;
 * - only PNG, JPEG, GIF or WebP as the bytes themselves say: never SVG, which can carry script.
 */
import type { FetchLike } from '../opensupports';
import { UserFacingError } from '../user-error';
import type { TicketData } from './data';
import { Limiter } from './limiter';

export interface ImageRequest {
  helpdeskId: string;
  ticketNumber: number;
  url: string;
}

export interface RemoteImagesOptions {
  /** The cached ticket, without the network: the image must be part of what the agent sees. */
  ticketOf: (helpdeskId: string, ticketNumber: number) => TicketData | null;
  fetch?: FetchLike;
  /** For the whole exchange: connecting, redirects and the body. */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** How much of the cache (in data: URL characters) is kept before the least recent entry goes. */
  cacheChars?: number;
  /** Fetches in flight at once: a ticket with fifty images must not open fifty sockets. */
  concurrency?: number;
}

export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_REDIRECTS = 3;
const DEFAULT_CACHE_CHARS = 48 * 1024 * 1024;
const DEFAULT_CONCURRENCY = 4;

const WEB = new Set(['http:', 'https:']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The magic bytes of the raster types the renderer may show. */
export function sniffImageType(bytes: Uint8Array): 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | null {
  const starts = (sig: readonly number[], at = 0) => bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x47, 0x49, 0x46, 0x38, 0x37, 0x61]) || starts([0x47, 0x49, 0x46, 0x38, 0x39, 0x61])) return 'image/gif';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}
/** Enough bytes to tell every type above apart. */
const SNIFF_BYTES = 12;

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

function decodeEntities(value: string): string {
  return value.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));/gi, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    const code = hex ? parseInt(hex, 16) : dec ? Number(dec) : null;
    if (code !== null) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    return ENTITIES[name?.toLowerCase() ?? ''] ?? whole;
  });
}

/** An absolute http(s) URL in the form the renderer sends it (`URL.href`), or null. */
export function webUrl(value: string): URL | null {
  try {
    const url = new URL(value.trim());
    return WEB.has(url.protocol) ? url : null;
  } catch {
    return null;
  }
}

const SRC_ATTRIBUTE = /(?:^|[\s"'/])src\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;

/**
 * Every http(s) image source in some stored HTML, normalised as the renderer's sanitizer does
 * (attribute value decoded, trimmed, parsed), so the two sides compare the same text.
 */
export function imageSourcesOf(html: string): Set<string> {
  const found = new Set<string>();
  for (const match of html.matchAll(SRC_ATTRIBUTE)) {
    const raw = match[1] ?? match[2] ?? match[3] ?? '';
    const url = webUrl(decodeEntities(raw));
    if (url) found.add(url.href);
  }
  return found;
}

function redirectTarget(location: string | null, base: URL): URL | null {
  if (!location) return null;
  try {
    return webUrl(new URL(location, base).href);
  } catch {
    return null;
  }
}

function ticketImageSources(ticket: TicketData): Set<string> {
  const htmls = [ticket.html, ...(ticket.events ?? []).map((e) => (e.type === 'COMMENT' ? (e.html ?? '') : ''))];
  return new Set(htmls.flatMap((html) => [...imageSourcesOf(html)]));
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** Fetches, checks and caches remote images; `fetch` is the `image:fetch` contract method. */
export class RemoteImages {
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxRedirects: number;
  private readonly cacheChars: number;
  private readonly limiter: Limiter;
  /** Least recently used first (a Map keeps insertion order; a hit re-inserts). */
  private readonly cache = new Map<string, string>();
  private cachedChars = 0;
  /** The same picture quoted in several messages is fetched once. */
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(private readonly options: RemoteImagesOptions) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBytes = options.maxBytes ?? IMAGE_MAX_BYTES;
    this.maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    this.cacheChars = options.cacheChars ?? DEFAULT_CACHE_CHARS;
    this.limiter = new Limiter(options.concurrency ?? DEFAULT_CONCURRENCY);
  }

  async fetch(request: ImageRequest): Promise<{ dataUrl: string }> {
    const url = webUrl(request.url);
    if (!url) throw new UserFacingError('invalid-input', 'Only web images (http or https addresses) can be shown.', 'IMAGE_URL');
    const ticket = this.options.ticketOf(request.helpdeskId, request.ticketNumber);
    // Checked before the cache too: what one ticket fetched is not readable through another.
    if (!ticket || !ticketImageSources(ticket).has(url.href)) {
      throw new UserFacingError('not-found', 'That image is not part of this ticket, so Staffdesk will not fetch it.', 'IMAGE_NOT_IN_TICKET');
    }
    const key = url.href;
    const hit = this.cache.get(key);
    if (hit !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return { dataUrl: hit };
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.limiter.run(() => this.download(url)).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    const dataUrl = await pending;
    this.remember(key, dataUrl);
    return { dataUrl };
  }

  private remember(key: string, dataUrl: string): void {
    if (this.cache.has(key) || dataUrl.length > this.cacheChars) return;
    this.cache.set(key, dataUrl);
    this.cachedChars += dataUrl.length;
    for (const [oldKey, old] of this.cache) {
      if (this.cachedChars <= this.cacheChars) break;
      this.cache.delete(oldKey);
      this.cachedChars -= old.length;
    }
  }

  private async download(first: URL): Promise<string> {
    const controller = new AbortController();
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      controller.abort(new DOMException('The image took too long', 'TimeoutError'));
    }, this.timeoutMs);
    let url = first;
    try {
      for (let hop = 0; ; hop++) {
        const response = await this.fetchImpl(url, {
          method: 'GET',
          // Only what a picture needs; nothing that identifies the agent or the helpdesk.
          headers: { accept: 'image/png,image/jpeg,image/gif,image/webp;q=0.9,*/*;q=0.1' },
          credentials: 'omit',
          referrerPolicy: 'no-referrer',
          redirect: 'manual',
          signal: controller.signal,
        });
        if (REDIRECTS.has(response.status)) {
          await response.body?.cancel();
          const next = redirectTarget(response.headers.get('location'), url);
          if (!next || hop >= this.maxRedirects) {
            throw new UserFacingError('protocol', `The image at ${first.host} redirects too often or to an address that is not on the web.`, 'IMAGE_REDIRECTS');
          }
          url = next;
          continue;
        }
        if (!response.ok) {
          await response.body?.cancel();
          throw new UserFacingError('protocol', `The image host ${url.host} answered HTTP ${response.status} instead of the picture.`, 'IMAGE_HTTP');
        }
        return await this.readImage(response, url);
      }
    } catch (error) {
      if (error instanceof UserFacingError) throw error;
      if (expired) throw new UserFacingError('network', `The image host ${url.host} did not send the picture in time.`, 'IMAGE_TIMEOUT');
      throw new UserFacingError('network', `Could not reach the image host ${url.host}.`, 'IMAGE_UNREACHABLE');
    } finally {
      clearTimeout(timer);
    }
  }

  /** The body, counted as it arrives: an endless or oversized answer is cut off, not buffered. */
  private async readImage(response: Response, url: URL): Promise<string> {
    const tooLarge = () => new UserFacingError('protocol', `The image at ${url.host} is larger than ${megabytes(this.maxBytes)}.`, 'IMAGE_TOO_LARGE');
    const notRaster = () => new UserFacingError('protocol', `The address at ${url.host} does not point to a PNG, JPEG, GIF or WebP picture.`, 'IMAGE_TYPE');
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      await response.body?.cancel();
      throw tooLarge();
    }
    const reader = response.body?.getReader();
    if (!reader) throw notRaster();
    const chunks: Uint8Array[] = [];
    let total = 0;
    let sniffed = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > this.maxBytes) throw tooLarge();
        chunks.push(value);
        // Refuse a web page or an SVG as soon as its first bytes show it, not after reading it all.
        if (!sniffed && total >= SNIFF_BYTES) {
          if (!sniffImageType(Buffer.concat(chunks))) throw notRaster();
          sniffed = true;
        }
      }
    } catch (error) {
      await reader.cancel().catch(() => undefined);
      throw error;
    }
    const bytes = Buffer.concat(chunks);
    const type = sniffImageType(bytes);
    if (!type) throw notRaster();
    return `data:${type};base64,${bytes.toString('base64')}`;
  }
}
