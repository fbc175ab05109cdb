import { createServer, type Server } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ContractHandlers } from '../contract';
import { serveStatic } from './static-files';
import { parseClientMessage, type ServerMessage } from './wire';

export interface WebHostOptions {
  core: ContractHandlers;
  rendererDir: string;
  port?: number;
  /** Loopback only: the host exists for development and tests. */
  host?: '127.0.0.1';
  /** Fixed secret for tests; random per launch otherwise. */
  secret?: string;
}

export interface RunningWebHost {
  /** The URL to open, carrying the per-launch secret. */
  url: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The browser host: serves the built renderer and carries the same contract over a WebSocket,
 * so the whole app runs in Chromium where the Electron runtime is not installed. Only a page from
 * this very origin holding this launch's secret may connect.
 */
export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const secret = options.secret ?? randomBytes(24).toString('base64url');
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => void serveStatic(options.rendererDir, req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const allowedOrigins = [origin, `http://localhost:${port}`];
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/bridge') return refuse(404, 'Not Found');
    if (!allowedOrigins.includes(req.headers.origin ?? '')) return refuse(403, 'Forbidden');
    if (!sameSecret(url.searchParams.get('key') ?? '', secret)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => bridge(ws, options.core));
  });

  return {
    url: `${origin}/?key=${encodeURIComponent(secret)}`,
    origin,
    port,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bridge(ws: WebSocket, core: ContractHandlers): void {
  const send = (message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribe = core.subscribe((event, payload) => send({ t: 'event', event, payload }));
  ws.on('close', unsubscribe);
  ws.on('message', (raw) => {
    const message = parseClientMessage(raw.toString());
    if (!message.ok) {
      send({ t: 'result', id: message.id, result: { ok: false, error: { kind: 'invalid-input', message: message.error } } });
      return;
    }
    void core.invoke(message.value.method, message.value.args).then((result) => send({ t: 'result', id: message.value.id, result }));
  });
}
