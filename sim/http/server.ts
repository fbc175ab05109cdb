import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { Socket } from 'node:net';
import { ApiFail } from '../errors.js';
import { download } from '../handlers/system.js';
import { SESSION_LIFETIME_MS } from '../session.js';
import type { World } from '../world.js';
import type { Handler, RequestContext } from './context.js';
import { parseBody, parseQuery } from './form.js';

/** The framework's stock "not found" page; the server answers it for unknown paths and wrong methods alike (§2.1). */
const NOT_FOUND_HTML =
  '<html><head><title>404 Page Not Found</title><style>body{margin:0;padding:30px;font:12px/1.5 Helvetica,Arial,Verdana,sans-serif;}' +
  'h1{margin:0;font-size:48px;font-weight:normal;line-height:48px;}strong{display:inline-block;width:65px;}</style></head>' +
  '<body><h1>404 Page Not Found</h1><p>The page you are looking for could not be found. Check the address for typing errors.</p>' +
  '<a href="/">Visit the home page</a></body></html>';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface SimServerOptions {
  world: World;
  routes: ReadonlyMap<string, Handler>;
  apiPrefix: string;
  latencyMs: number;
  secret: string;
  /** Runs a scripting call (`POST /__sim/<method>`); returns the JSON result or throws. */
  script(method: string, args: unknown): unknown;
  onApiRequest(): void;
}

export interface SimServer {
  server: Server;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sessionCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === 'PHPSESSID') return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer | string): void {
  res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function notFound(res: ServerResponse): void {
  send(res, 404, { 'Content-Type': 'text/html;charset=UTF-8' }, NOT_FOUND_HTML);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, { 'Content-Type': 'application/json' }, JSON.stringify(value));
}

export function createSimServer(o: SimServerOptions): SimServer {
  const { world } = o;

  function cookieHeader(id: string): string {
    const expires = new Date(world.now().getTime() + SESSION_LIFETIME_MS).toUTCString();
    // No Secure flag, like the recorded instance (IS_DOCKER set, §2.6.2).
    return `PHPSESSID=${id}; expires=${expires}; Max-Age=${SESSION_LIFETIME_MS / 1000}; path=/; HttpOnly`;
  }

  async function handleScript(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST' || req.headers['x-sim-secret'] !== o.secret) {
      await readBody(req).catch(() => Buffer.alloc(0));
      sendJson(res, 403, { ok: false, error: 'FORBIDDEN' });
      return;
    }
    let args: unknown;
    try {
      const text = (await readBody(req)).toString('utf8');
      args = text.trim() === '' ? [] : (JSON.parse(text) as unknown);
    } catch {
      sendJson(res, 400, { ok: false, error: 'BAD_JSON' });
      return;
    }
    try {
      sendJson(res, 200, { ok: true, result: o.script(method, args) ?? null });
    } catch (e) {
      if (e instanceof ApiFail) sendJson(res, 400, { ok: false, error: e.code });
      else sendJson(res, 404, { ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    if (url.pathname.startsWith('/__sim/')) {
      await handleScript(req, res, url.pathname.slice('/__sim/'.length));
      return;
    }
    o.onApiRequest();
    if (o.latencyMs > 0) await new Promise((r) => setTimeout(r, o.latencyMs));

    let path = url.pathname;
    if (o.apiPrefix !== '') {
      if (!path.startsWith(`${o.apiPrefix}/`)) {
        notFound(res);
        return;
      }
      path = path.slice(o.apiPrefix.length);
    }
    const sessionId = sessionCookie(req.headers.cookie);

    if (req.method === 'GET' && path === '/system/download') {
      const result = download(world, world.sessions.get(sessionId), parseQuery(url.search));
      if ('fail' in result) sendJson(res, 200, { status: 'fail', message: result.fail, data: null });
      else send(res, result.status, result.headers, result.body);
      return;
    }
    const handler = req.method === 'POST' ? o.routes.get(path) : undefined;
    if (!handler) {
      req.resume();
      notFound(res);
      return;
    }

    const body = await readBody(req);
    // A POST's query string is never read (§2.2, recorded).
    const params = parseBody(req.headers['content-type'], body);
    let setCookie: string | undefined;
    let currentId = sessionId;
    const ctx: RequestContext = {
      world,
      params,
      sessionId,
      session: world.sessions.get(sessionId),
      startSession(data) {
        currentId = world.sessions.create(data);
        setCookie = cookieHeader(currentId);
        return currentId;
      },
      endSession() {
        world.sessions.destroy(currentId);
      },
    };
    let status = 200;
    let envelope: unknown;
    try {
      const data = handler(ctx);
      envelope = { status: 'success', data: data ?? null };
    } catch (e) {
      if (e instanceof ApiFail) {
        envelope = { status: 'fail', message: e.code, data: null };
      } else {
        // An unexpected fault is a simulator bug; surface it loudly rather than as a normal failure.
        status = 500;
        envelope = { status: 'fail', message: e instanceof Error ? e.message : String(e), data: null };
        console.error('[sim] internal error on', path, e);
      }
    }
    if (setCookie) res.setHeader('Set-Cookie', setCookie);
    sendJson(res, status, envelope);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { status: 'fail', message: e instanceof Error ? e.message : String(e), data: null });
      else res.destroy();
    });
  });
  const sockets = new Set<Socket>();
  let closing = false;
  server.on('connection', (s) => {
    if (closing) {
      s.destroy();
      return;
    }
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    server,
    close: async () => {
      closing = true;
      // End each keep-alive connection and wait until the client has closed its side too: a client in the
      // same process must not find a half-dead pooled socket on its next request (it should see "refused").
      const ended = [...sockets].map(
        (s) =>
          new Promise<void>((resolve) => {
            s.once('close', () => resolve());
            s.end();
          }),
      );
      await Promise.race([Promise.all(ended), new Promise<void>((resolve) => setTimeout(resolve, 500).unref())]);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
