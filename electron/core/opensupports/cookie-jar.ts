/**
 * One jar per helpdesk connection. The PHPSESSID cookie is half of the credential, so it
 * never leaves this object except as the Cookie header of a request to the same origin.
 */

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  secure: boolean;
  expiresAt: number | null;
}

export class CookieJar {
  private cookies = new Map<string, StoredCookie>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Reads every Set-Cookie header of a response. */
  store(setCookieHeaders: readonly string[]): void {
    for (const header of setCookieHeaders) this.storeOne(header);
  }

  private storeOne(header: string): void {
    const [pair, ...attributes] = header.split(';');
    if (!pair) return;
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const cookie: StoredCookie = { name, value, path: '/', secure: false, expiresAt: null };
    for (const attribute of attributes) {
      const [rawKey, ...rest] = attribute.split('=');
      const key = (rawKey ?? '').trim().toLowerCase();
      const attrValue = rest.join('=').trim();
      if (key === 'path' && attrValue) cookie.path = attrValue;
      else if (key === 'secure') cookie.secure = true;
      else if (key === 'max-age') {
        const seconds = Number(attrValue);
        if (Number.isFinite(seconds)) cookie.expiresAt = this.now() + seconds * 1000;
      } else if (key === 'expires' && cookie.expiresAt === null) {
        const at = Date.parse(attrValue);
        if (Number.isFinite(at)) cookie.expiresAt = at;
      }
    }
    if (cookie.expiresAt !== null && cookie.expiresAt <= this.now()) this.cookies.delete(name);
    else this.cookies.set(name, cookie);
  }

  /** The Cookie header for a request, or undefined. Secure cookies are withheld over http, as browsers do. */
  headerFor(url: URL): string | undefined {
    const now = this.now();
    const parts: string[] = [];
    for (const cookie of this.cookies.values()) {
      if (cookie.expiresAt !== null && cookie.expiresAt <= now) continue;
      if (cookie.secure && url.protocol !== 'https:') continue;
      if (!url.pathname.startsWith(cookie.path)) continue;
      parts.push(`${cookie.name}=${cookie.value}`);
    }
    return parts.length ? parts.join('; ') : undefined;
  }

  /** Whether a cookie that the server set could not be sent back over this URL. */
  hasSecureCookieBlockedFor(url: URL): boolean {
    if (url.protocol === 'https:') return false;
    return [...this.cookies.values()].some((c) => c.secure);
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }

  clear(): void {
    this.cookies.clear();
  }
}
