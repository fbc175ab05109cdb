import { ApiError, NetworkError, ProtocolError, type NetworkReason } from './errors';
import { CookieJar } from './cookie-jar';
import { apiUrl } from './api-root';
import { multipartBody, urlEncodedBody, type Params, type UploadFile } from './encoding';

export type FetchLike = (input: URL, init: RequestInit) => Promise<Response>;

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  files?: Record<string, UploadFile>;
}

export interface TransportOptions {
  apiRoot: URL;
  /** Generous by default: many OpenSupports calls send mail synchronously (reference §6.13). */
  timeoutMs?: number;
  fetch?: FetchLike;
  jar?: CookieJar;
}

export interface RawDownload {
  bytes: Uint8Array;
  fileName: string | null;
  contentType: string | null;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** One HTTP conversation with one helpdesk: its own cookie jar, its own timeout. */
export class Transport {
  readonly apiRoot: URL;
  readonly jar: CookieJar;
  private readonly timeoutMs: number;
  private readonly fetchImpl: FetchLike;

  constructor(options: TransportOptions) {
    this.apiRoot = options.apiRoot;
    this.jar = options.jar ?? new CookieJar();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** POSTs a call and returns the envelope's `data`; a `fail` envelope becomes an ApiError. */
  async post(path: string, params: Params, options: CallOptions = {}): Promise<unknown> {
    const url = apiUrl(this.apiRoot, path);
    const body = options.files && Object.keys(options.files).length ? multipartBody(params, options.files) : urlEncodedBody(params);
    const { response, bytes } = await this.exchange(url, { method: 'POST', body }, options);
    const envelope = parseEnvelope(new TextDecoder().decode(bytes), response, path);
    if (envelope.status === 'fail') throw new ApiError(envelope.message, path);
    return envelope.data;
  }

  /** GET /system/download: raw bytes, authorised by the session cookie alone (reference §2.9). */
  async download(fileName: string, options: CallOptions = {}): Promise<RawDownload> {
    const path = '/system/download';
    const url = apiUrl(this.apiRoot, path);
    url.searchParams.set('file', fileName);
    const { response, bytes } = await this.exchange(url, { method: 'GET' }, options);
    if (response.status === 403) throw new ApiError('NO_PERMISSION', path);
    if (response.status === 404) throw new ProtocolError('not-found', path, 'HTTP 404', 404);
    if (response.status >= 400) throw new ProtocolError('http-status', path, `HTTP ${response.status}`, response.status);
    const contentType = response.headers.get('content-type');
    if (contentType?.includes('application/json')) {
      // A refused name comes back as a JSON fail with HTTP 200.
      const envelope = parseEnvelope(new TextDecoder().decode(bytes), response, path);
      if (envelope.status === 'fail') throw new ApiError(envelope.message, path);
    }
    // server bug: a well-formed name that does not exist answers 200 with an empty text/html body (§2.9).
    if (bytes.length === 0 && contentType?.includes('text/html')) throw new ApiError('INVALID_FILE', path);
    const disposition = response.headers.get('content-disposition');
    const match = disposition ? /filename="?([^";]+)"?/i.exec(disposition) : null;
    return { bytes, fileName: match?.[1] ?? null, contentType };
  }

  /** One request and its whole body, under one deadline that also honours the caller's signal. */
  private async exchange(url: URL, init: RequestInit, options: CallOptions): Promise<{ response: Response; bytes: Uint8Array }> {
    const headers = new Headers(init.headers);
    const cookie = this.jar.headerFor(url);
    if (cookie) headers.set('cookie', cookie);
    headers.set('accept', 'application/json, */*;q=0.1');
    const { signal, cleanup, timedOut } = this.deadline(options);
    try {
      const response = await this.fetchImpl(url, { ...init, headers, signal, redirect: 'manual' });
      this.jar.store(response.headers.getSetCookie());
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        const location = response.headers.get('location') ?? '?';
        throw new ProtocolError('http-status', url.pathname, `redirected to ${location}`, response.status);
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { response, bytes };
    } catch (error) {
      throw toNetworkError(error, url, timedOut(), options.signal);
    } finally {
      cleanup();
    }
  }

  private deadline(options: CallOptions): { signal: AbortSignal; cleanup: () => void; timedOut: () => boolean } {
    const controller = new AbortController();
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      controller.abort(new DOMException('The request timed out', 'TimeoutError'));
    }, options.timeoutMs ?? this.timeoutMs);
    const onAbort = (): void => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    return {
      signal: controller.signal,
      timedOut: () => expired,
      cleanup: () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      },
    };
  }
}

const CODE_REASONS: Record<string, NetworkReason> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ENETUNREACH: 'offline',
  ENETDOWN: 'offline',
  EHOSTUNREACH: 'offline',
};

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function toNetworkError(error: unknown, url: URL, timedOut: boolean, callerSignal?: AbortSignal): Error {
  if (error instanceof ProtocolError || error instanceof ApiError) return error;
  const host = url.host;
  if (timedOut) return new NetworkError('timeout', host);
  if (callerSignal?.aborted) return new NetworkError('aborted', host);
  const code = errorCode(error);
  if (code && CODE_REASONS[code]) return new NetworkError(CODE_REASONS[code], host, code);
  if (code && (code.startsWith('CERT_') || code.startsWith('ERR_TLS') || code.includes('SSL'))) return new NetworkError('tls', host, code);
  const detail = error instanceof Error ? `${error.message}${code ? ` (${code})` : ''}` : String(error);
  return new NetworkError('other', host, detail);
}

type Envelope = { status: 'success'; data: unknown } | { status: 'fail'; message: string; data: unknown };

function parseEnvelope(text: string, response: Response, path: string): Envelope {
  const status = response.status;
  const contentType = response.headers.get('content-type') ?? '';
  const trimmed = text.trimStart();
  if (status === 404) throw new ProtocolError('not-found', path, 'HTTP 404', status);
  if (contentType.includes('text/html') || trimmed.startsWith('<')) {
    if (!trimmed.startsWith('{')) throw new ProtocolError(status >= 500 ? 'http-status' : 'html', path, 'an HTML page', status);
  }
  if (!trimmed) {
    throw new ProtocolError(status >= 500 ? 'http-status' : 'not-json', path, 'an empty answer', status);
  }
  const value = parseLenientJson(trimmed, path, status);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ProtocolError('not-envelope', path, 'the answer is not a {status, data} object', status);
  }
  const record = value as Record<string, unknown>;
  if (record['status'] === 'success' && 'data' in record) return { status: 'success', data: record['data'] };
  if (record['status'] === 'fail') {
    const message = typeof record['message'] === 'string' && record['message'] ? record['message'] : 'UNKNOWN_ERROR';
    return { status: 'fail', message, data: record['data'] };
  }
  throw new ProtocolError('not-envelope', path, 'the answer has no OpenSupports status field', status);
}

/** Parses JSON, tolerating PHP warnings printed after it (reference §2.4). */
function parseLenientJson(text: string, path: string, status: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const end = firstBalancedObjectEnd(text);
    if (end === -1) {
      const looksJson = text.startsWith('{') || text.startsWith('[');
      throw new ProtocolError(looksJson ? 'truncated' : status >= 500 ? 'http-status' : 'not-json', path, looksJson ? 'incomplete JSON' : 'not JSON', status);
    }
    try {
      return JSON.parse(text.slice(0, end + 1));
    } catch {
      throw new ProtocolError('not-json', path, 'malformed JSON', status);
    }
  }
}

function firstBalancedObjectEnd(text: string): number {
  if (!text.startsWith('{')) return -1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
