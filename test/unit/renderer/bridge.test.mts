// @vitest-environment node
// The socket transport against a real `ws` server on loopback; jsdom adds nothing to this.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { HelpdeskView } from '../../../electron/contract';
import { BridgeCallError, HOST_DISCONNECTED, bridgeSocketUrl, createIpcBridge, createSocketBridge, type Bridge, type PreloadApi, type SocketLike } from '../../../renderer/src/bridge';

interface Call {
  t: 'call';
  id: number;
  method: string;
  args: unknown[];
}

const servers: WebSocketServer[] = [];
const bridges: Bridge[] = [];

afterEach(async () => {
  for (const b of bridges.splice(0)) b.close();
  for (const s of servers.splice(0)) {
    for (const c of s.clients) c.terminate();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

async function startServer(onCall: (call: Call, socket: ServerSocket) => void) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(wss);
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const { port } = wss.address() as AddressInfo;
  const sockets: ServerSocket[] = [];
  const keys: string[] = [];
  wss.on('connection', (socket, req) => {
    sockets.push(socket);
    keys.push(new URL(req.url ?? '/', 'http://x').searchParams.get('key') ?? '');
    socket.on('message', (raw) => onCall(JSON.parse(raw.toString()) as Call, socket));
  });
  return { wss, port, sockets, keys };
}

function connect(port: number): Bridge {
  const url = bridgeSocketUrl({ protocol: 'http:', host: `127.0.0.1:${port}`, search: '?key=s3cr%2Ft' });
  const bridge = createSocketBridge(url, (u) => new WebSocket(u) as unknown as SocketLike);
  bridges.push(bridge);
  return bridge;
}

const view: HelpdeskView = {
  id: '00000000-0000-4000-8000-000000000001',
  label: 'Acme Support',
  apiRoot: 'https://help.acme.test/api',
  state: 'online',
  stateMessage: null,
  user: null,
  credentialPersistence: 'keychain',
  unread: 3,
  warnings: [],
};

describe('bridgeSocketUrl', () => {
  it('follows the page: same host, ws or wss, the key from ?key=', () => {
    expect(bridgeSocketUrl({ protocol: 'http:', host: '127.0.0.1:5123', search: '?key=a%2Bb&x=1' })).toBe('ws://127.0.0.1:5123/bridge?key=a%2Bb');
    expect(bridgeSocketUrl({ protocol: 'https:', host: 'localhost:9', search: '' })).toBe('wss://localhost:9/bridge?key=');
  });
});

describe('WebSocket transport', () => {
  it('queues calls until the socket opens, then matches results to calls by id', async () => {
    const { port, keys } = await startServer((call, socket) => {
      const value = call.method === 'helpdesks:list' ? [view] : { echo: call.args };
      // Answer out of order, so matching by id is what makes this pass.
      setTimeout(() => socket.send(JSON.stringify({ t: 'result', id: call.id, result: { ok: true, value } })), call.method === 'helpdesks:list' ? 20 : 0);
    });
    const bridge = connect(port);
    expect(bridge.status.value).toBe('connecting');
    const [list, renamed] = await Promise.all([bridge.api['helpdesks:list'](), bridge.api['helpdesks:rename']({ id: view.id, label: 'Acme' })]);
    expect(list).toEqual([view]);
    expect(renamed).toEqual({ echo: [{ id: view.id, label: 'Acme' }] });
    expect(bridge.status.value).toBe('connected');
    expect(keys).toEqual(['s3cr/t']);
  });

  it('sends the protocol the host expects', async () => {
    const seen: Call[] = [];
    const { port } = await startServer((call, socket) => {
      seen.push(call);
      socket.send(JSON.stringify({ t: 'result', id: call.id, result: { ok: true, value: { removed: view.id } } }));
    });
    const bridge = connect(port);
    await bridge.api['helpdesks:remove']({ id: view.id });
    await bridge.api['helpdesks:remove']({ id: view.id });
    expect(seen).toEqual([
      { t: 'call', id: 1, method: 'helpdesks:remove', args: [{ id: view.id }] },
      { t: 'call', id: 2, method: 'helpdesks:remove', args: [{ id: view.id }] },
    ]);
  });

  it('turns {ok:false} into a BridgeCallError with kind, message and code', async () => {
    const { port } = await startServer((call, socket) =>
      socket.send(
        JSON.stringify({
          t: 'result',
          id: call.id,
          result: { ok: false, error: { kind: 'api', message: 'The email or password is wrong, or this is not a staff account.', code: 'INVALID_CREDENTIALS' } },
        }),
      ),
    );
    const bridge = connect(port);
    const error = await bridge.api['helpdesks:signIn']({ id: view.id, email: 'a@b.c', password: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeCallError);
    expect(error).toMatchObject({ kind: 'api', code: 'INVALID_CREDENTIALS', message: 'The email or password is wrong, or this is not a staff account.', method: 'helpdesks:signIn' });
  });

  it('delivers events to subscribers until they unsubscribe, and ignores unknown ones', async () => {
    const { port, sockets } = await startServer((call, socket) => socket.send(JSON.stringify({ t: 'result', id: call.id, result: { ok: true, value: [] } })));
    const bridge = connect(port);
    await bridge.api['helpdesks:list']();
    const got: HelpdeskView[][] = [];
    const off = bridge.api.on('helpdesks:changed', (list) => got.push(list));
    const server = sockets[0];
    if (!server) throw new Error('no connection');
    server.send(JSON.stringify({ t: 'event', event: 'helpdesks:changed', payload: [view] }));
    server.send(JSON.stringify({ t: 'event', event: 'something:else', payload: 1 }));
    server.send('not json');
    server.send(JSON.stringify({ t: 'result', id: null, result: { ok: false, error: { kind: 'invalid-input', message: 'The request was not a call.' } } }));
    await vi.waitFor(() => expect(got).toEqual([[view]]));
    off();
    server.send(JSON.stringify({ t: 'event', event: 'helpdesks:changed', payload: [] }));
    // A round trip after the event proves it arrived and was not delivered.
    await bridge.api['helpdesks:list']();
    expect(got).toEqual([[view]]);
  });

  it('rejects pending calls when the host goes away, says so, and fails later calls at once', async () => {
    const { port, sockets } = await startServer(() => undefined);
    const bridge = connect(port);
    const pending = bridge.api['app:info']();
    await vi.waitFor(() => expect(sockets.length).toBe(1));
    await vi.waitFor(() => expect(bridge.status.value).toBe('connected'));
    sockets[0]?.close();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeCallError);
    expect(error).toMatchObject({ code: HOST_DISCONNECTED });
    expect(bridge.status.value).toBe('disconnected');
    expect(bridge.everConnected.value).toBe(true);
    await expect(bridge.api['helpdesks:list']()).rejects.toMatchObject({ code: HOST_DISCONNECTED });
  });

  it('reports a host it never reached as disconnected, never connected', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    const { port } = wss.address() as AddressInfo;
    await new Promise<void>((r) => wss.close(() => r()));
    const bridge = connect(port);
    await expect(bridge.api['helpdesks:list']()).rejects.toMatchObject({ code: HOST_DISCONNECTED });
    expect(bridge.status.value).toBe('disconnected');
    expect(bridge.everConnected.value).toBe(false);
  });
});

describe('Electron transport', () => {
  function preload(answer: (method: string, args: unknown[]) => unknown) {
    const calls: { method: string; args: unknown[] }[] = [];
    const api: Record<string, unknown> = { on: vi.fn(() => () => undefined) };
    for (const method of ['app:info', 'helpdesks:list', 'helpdesks:probe', 'helpdesks:add', 'helpdesks:signIn', 'helpdesks:signOut', 'helpdesks:rename', 'helpdesks:remove', 'helpdesks:reconnect']) {
      api[method] = async (...args: unknown[]) => {
        calls.push({ method, args });
        return answer(method, args);
      };
    }
    return { api: api as unknown as PreloadApi, calls };
  }

  it('unwraps results and passes plain copies of the arguments', async () => {
    const { api, calls } = preload(() => ({ ok: true, value: { removed: 'x' } }));
    const bridge = createIpcBridge(api);
    const input = { id: view.id };
    await expect(bridge.api['helpdesks:remove'](input)).resolves.toEqual({ removed: 'x' });
    expect(calls[0]?.args).toEqual([input]);
    expect(calls[0]?.args[0]).not.toBe(input);
    expect(bridge.status.value).toBe('connected');
    // An optional argument left undefined stays omitted, never becomes null.
    await bridge.api['helpdesks:list'](...([undefined] as unknown as []));
    expect(calls[1]?.args).toEqual([]);
  });

  it('throws BridgeCallError for {ok:false} and for answers that are not results', async () => {
    const bridge = createIpcBridge(preload((method) => (method === 'app:info' ? 'garbage' : { ok: false, error: { kind: 'network', message: 'down' } })).api);
    await expect(bridge.api['helpdesks:list']()).rejects.toMatchObject({ kind: 'network', message: 'down' });
    await expect(bridge.api['app:info']()).rejects.toMatchObject({ kind: 'protocol' });
  });

  it('passes event subscriptions through to the preload', () => {
    const { api } = preload(() => null);
    const bridge = createIpcBridge(api);
    const listener = () => undefined;
    bridge.api.on('helpdesks:changed', listener);
    expect(api.on).toHaveBeenCalledWith('helpdesks:changed', listener);
  });
});
