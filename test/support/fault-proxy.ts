import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An HTTP proxy between the client and the simulator that misbehaves on demand, the way real
 * networks and hosts do. Faults apply to requests whose path matches, once or until cleared.
 */
export type Fault =
  | 'pass'
  /** Stop listening: connections are refused until `heal()`. */
  | 'refuse'
  /** Accept the request and never answer. */
  | 'hang'
  /** Cut the connection as soon as the request arrives: the server never sees it. */
  | 'reset-before'
  /** Let the server process the request fully, then cut the connection before the answer. */
  | 'commit-then-drop'
  | 'status-500'
  | 'html';

interface Rule {
  fault: Fault;
  match: (path: string) => boolean;
  remaining: number;
}

export interface FaultProxy {
  url: string;
  port: number;
  /** Applies a fault to matching requests (`times` = how many, default forever). */
  set(fault: Fault, options?: { match?: string | RegExp | ((path: string) => boolean); times?: number }): Promise<void>;
  /** Back to passing everything through (and listening again after `refuse`). */
  heal(): Promise<void>;
  /** Paths of the requests that reached the real server, in order. */
  forwarded: string[];
  /** When each of `forwarded` arrived (epoch ms), to line requests up with what a page showed. */
  forwardedAt: number[];
  close(): Promise<void>;
}

const HTML_ERROR = '<!doctype html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';

export async function startFaultProxy(target: string, options: { port?: number } = {}): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  const rules: Rule[] = [];
  const forwarded: string[] = [];
  const forwardedAt: number[] = [];
  const sockets = new Set<Socket>();
  let server: Server;
  let port = options.port ?? 0;

  const ruleFor = (path: string): Fault => {
    const index = rules.findIndex((r) => r.match(path));
    if (index === -1) return 'pass';
    const rule = rules[index]!;
    rule.remaining--;
    if (rule.remaining <= 0) rules.splice(index, 1);
    return rule.fault;
  };

  const forward = (req: IncomingMessage, body: Buffer, onResponse: (res: IncomingMessage, data: Buffer) => void, onError: () => void) => {
    forwarded.push(req.url ?? '');
    forwardedAt.push(Date.now());
    const upstream = request(
      { host: targetUrl.hostname, port: targetUrl.port, method: req.method, path: req.url, headers: { ...req.headers, host: targetUrl.host } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => onResponse(res, Buffer.concat(chunks)));
      },
    );
    upstream.on('error', onError);
    upstream.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fault = ruleFor(new URL(req.url ?? '/', 'http://x').pathname);
      switch (fault) {
        case 'hang':
          return;
        case 'reset-before':
          req.socket.destroy();
          return;
        case 'status-500':
          res.writeHead(500, { 'content-type': 'text/html' }).end('<b>Fatal error</b>: Allowed memory size exhausted');
          return;
        case 'html':
          res.writeHead(200, { 'content-type': 'text/html' }).end(HTML_ERROR);
          return;
        case 'commit-then-drop':
          forward(req, body, () => req.socket.destroy(), () => req.socket.destroy());
          return;
        default:
          forward(
            req,
            body,
            (upstream, data) => {
              const headers = { ...upstream.headers };
              delete headers['transfer-encoding'];
              headers['content-length'] = String(data.length);
              res.writeHead(upstream.statusCode ?? 502, headers).end(data);
            },
            () => res.writeHead(502, { 'content-type': 'text/html' }).end(HTML_ERROR),
          );
      }
    });
  };

  const listen = async () => {
    server = createServer(handle);
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };
  const stopListening = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });

  await listen();
  const toMatcher = (m: string | RegExp | ((path: string) => boolean) | undefined): ((path: string) => boolean) => {
    if (m === undefined) return () => true;
    if (typeof m === 'function') return m;
    if (typeof m === 'string') return (p) => p.endsWith(m);
    return (p) => m.test(p);
  };
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    forwarded,
    forwardedAt,
    set: async (fault, setOptions = {}) => {
      if (fault === 'refuse') {
        rules.splice(0);
        await stopListening();
        return;
      }
      rules.push({ fault, match: toMatcher(setOptions.match), remaining: setOptions.times ?? Number.POSITIVE_INFINITY });
    },
    heal: async () => {
      rules.splice(0);
      if (!server.listening) await listen();
    },
    close: stopListening,
  };
}
