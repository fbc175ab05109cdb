/**
 * A deliberately small HTTP helper for the contract tests: raw form/JSON/query
 * requests with a per-actor cookie jar. It shares nothing with the app's protocol
 * client, so the tests judge the simulator against the recordings independently.
 */

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** `accept = false` models a client that never keeps cookies. */
  constructor(readonly accept = true) {}

  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  store(setCookies: readonly string[]): void {
    if (!this.accept) return;
    for (const c of setCookies) {
      const first = c.split(';')[0] ?? '';
      const eq = first.indexOf('=');
      if (eq > 0) this.cookies.set(first.slice(0, eq).trim(), first.slice(eq + 1).trim());
    }
  }
}

export interface RawRequest {
  method: 'GET' | 'POST';
  path: string;
  /** url-encoded body fields (POST). */
  form?: Record<string, string>;
  /** Sent as `application/json` instead of a form. */
  json?: unknown;
  /** Sent as `multipart/form-data` (file uploads). */
  multipart?: FormData;
  /** Query-string parameters. */
  query?: Record<string, string>;
  jar: CookieJar;
}

export interface RawResponse {
  status: number;
  contentType: string | null;
  setCookies: string[];
  headers: Headers;
  body: Buffer;
  text: string;
}

export async function rawRequest(apiRoot: string, r: RawRequest): Promise<RawResponse> {
  const qs = r.query && Object.keys(r.query).length > 0 ? `?${new URLSearchParams(r.query).toString()}` : '';
  const headers: Record<string, string> = {};
  const cookie = r.jar.header();
  if (cookie) headers.cookie = cookie;
  let body: string | FormData | undefined;
  if (r.method === 'POST') {
    if (r.multipart) {
      // fetch writes the multipart boundary into the Content-Type itself.
      body = r.multipart;
    } else if (r.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(r.json);
    } else {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(r.form ?? {}).toString();
    }
  }
  const res = await fetch(apiRoot + r.path + qs, { method: r.method, headers, body, redirect: 'manual' });
  const buf = Buffer.from(await res.arrayBuffer());
  const setCookies = res.headers.getSetCookie();
  r.jar.store(setCookies);
  return { status: res.status, contentType: res.headers.get('content-type'), setCookies, headers: res.headers, body: buf, text: buf.toString('utf8') };
}
