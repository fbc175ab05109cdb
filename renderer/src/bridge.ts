import { inject, readonly, shallowRef, type InjectionKey, type Ref } from 'vue';
import {
  EVENT_NAMES,
  METHOD_NAMES,
  type BridgeError,
  type BridgeErrorKind,
  type BridgeResult,
  type EventName,
  type EventPayloads,
  type MethodArgs,
  type MethodName,
  type MethodResults,
  type StaffdeskApi,
} from '../../electron/contract';

/** What the preload puts on `window.staffdesk`: the contract's methods, still wrapped in BridgeResult. */
export type PreloadApi = {
  [M in MethodName]: (...args: MethodArgs<M>) => Promise<BridgeResult<MethodResults[M]>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

declare global {
  interface Window {
    staffdesk?: PreloadApi;
  }
}

/** A call the main side refused, carrying the kind the UI maps to a sentence. */
export class BridgeCallError extends Error {
  constructor(
    readonly kind: BridgeErrorKind,
    message: string,
    readonly code?: string,
    readonly method?: MethodName,
  ) {
    super(message);
    this.name = 'BridgeCallError';
  }
}

/** The code of the error a call gets when the browser host's socket is gone. */
export const HOST_DISCONNECTED = 'host-disconnected';

export type HostStatus = 'connecting' | 'connected' | 'disconnected';

export interface Bridge {
  api: StaffdeskApi;
  transport: 'ipc' | 'websocket';
  /** Only the browser host can drop: under Electron this stays `connected`. */
  status: Readonly<Ref<HostStatus>>;
  /** Whether the socket ever opened, so the UI can tell "lost" from "never reached". */
  everConnected: Readonly<Ref<boolean>>;
  close(): void;
}

export const BRIDGE_KEY: InjectionKey<Bridge> = Symbol('staffdesk-bridge');

export function useBridge(): Bridge {
  const bridge = inject(BRIDGE_KEY, null);
  if (!bridge) throw new Error('No Staffdesk bridge was provided to the app.');
  return bridge;
}

export function unwrap<T>(method: MethodName, result: unknown): T {
  if (result && typeof result === 'object' && 'ok' in result) {
    const r = result as BridgeResult<T>;
    if (r.ok) return r.value;
    const error: Partial<BridgeError> | undefined = r.error;
    throw new BridgeCallError(error?.kind ?? 'internal', error?.message ?? 'The request failed.', error?.code, method);
  }
  throw new BridgeCallError('protocol', 'Staffdesk sent an answer the window could not read.', undefined, method);
}

// Vue proxies cannot cross contextBridge's structured clone, and the socket needs JSON anyway.
// An optional argument passed as `undefined` is dropped first: JSON would turn it into `null`,
// which the core's argument check rightly refuses.
function plain(args: unknown[]): unknown[] {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  return JSON.parse(JSON.stringify(args.slice(0, n))) as unknown[];
}

type AnyCall = (...args: unknown[]) => Promise<unknown>;

function buildApi(call: (method: MethodName, args: unknown[]) => Promise<unknown>, on: StaffdeskApi['on']): StaffdeskApi {
  const api: Record<string, unknown> = { on };
  for (const method of METHOD_NAMES) {
    const fn: AnyCall = (...args) => call(method, plain(args));
    api[method] = fn;
  }
  return api as unknown as StaffdeskApi;
}

export function createIpcBridge(preload: PreloadApi): Bridge {
  const calls = preload as unknown as Record<MethodName, AnyCall>;
  const api = buildApi(async (method, args) => unwrap(method, await calls[method](...args)), (event, listener) => preload.on(event, listener));
  return { api, transport: 'ipc', status: readonly(shallowRef<HostStatus>('connected')), everConnected: readonly(shallowRef(true)), close: () => undefined };
}

/** The part of the WebSocket API the bridge uses; both the browser's and `ws`'s sockets fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
export type SocketFactory = (url: string) => SocketLike;

const OPEN = 1;

/**
 * The browser host's transport: the same contract as JSON messages over one WebSocket.
 * Calls made before the socket opens wait for it; once it closes everything pending fails,
 * and the page must be reloaded (the host may come back with a different key).
 */
export function createSocketBridge(url: string, connect: SocketFactory = (u) => new WebSocket(u)): Bridge {
  const status = shallowRef<HostStatus>('connecting');
  const everConnected = shallowRef(false);
  const pending = new Map<number, { method: MethodName; resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const queue: string[] = [];
  let nextId = 1;

  const lost = (method?: MethodName) =>
    new BridgeCallError('internal', 'Lost the connection to Staffdesk. Reload to reconnect.', HOST_DISCONNECTED, method);

  const socket = connect(url);
  socket.addEventListener('open', () => {
    status.value = 'connected';
    everConnected.value = true;
    for (const message of queue.splice(0)) socket.send(message);
  });
  socket.addEventListener('message', (event) => receive(typeof event.data === 'string' ? event.data : String(event.data)));
  const onGone = () => {
    if (status.value === 'disconnected') return;
    status.value = 'disconnected';
    queue.length = 0;
    for (const [id, call] of pending) {
      pending.delete(id);
      call.reject(lost(call.method));
    }
  };
  socket.addEventListener('close', onGone);
  socket.addEventListener('error', onGone);

  function receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (!message || typeof message !== 'object') return;
    const m = message as { t?: unknown; id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
    if (m.t === 'result' && typeof m.id === 'number') {
      const call = pending.get(m.id);
      if (!call) return;
      pending.delete(m.id);
      try {
        call.resolve(unwrap(call.method, m.result));
      } catch (error) {
        call.reject(error);
      }
    } else if (m.t === 'event' && typeof m.event === 'string' && (EVENT_NAMES as string[]).includes(m.event)) {
      for (const listener of listeners.get(m.event as EventName) ?? []) listener(m.payload);
    }
    // A result with id null answers a request the host could not parse; no call is waiting for it.
  }

  const call = (method: MethodName, args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      if (status.value === 'disconnected') return reject(lost(method));
      const id = nextId++;
      pending.set(id, { method, resolve, reject });
      const message = JSON.stringify({ t: 'call', id, method, args });
      if (socket.readyState === OPEN) socket.send(message);
      else queue.push(message);
    });

  const on: StaffdeskApi['on'] = (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  };

  return {
    api: buildApi(call, on),
    transport: 'websocket',
    status: readonly(status),
    everConnected: readonly(everConnected),
    close: () => socket.close(),
  };
}

/** ws(s)://<host>/bridge?key=<key>, from the page's own address. */
export function bridgeSocketUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const key = new URLSearchParams(location.search).get('key') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/bridge?key=${encodeURIComponent(key)}`;
}

/** Electron's preload when it is there, the browser host's socket otherwise. */
export function connectBridge(win: Window = window): Bridge {
  return win.staffdesk ? createIpcBridge(win.staffdesk) : createSocketBridge(bridgeSocketUrl(win.location));
}
