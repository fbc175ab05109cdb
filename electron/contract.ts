/**
 * The one typed contract between the renderer and the main side. Every IPC channel name is
 * written here and nowhere else: main, the preload and the browser host register and expose
 * channels by iterating `METHOD_NAMES` / `EVENT_NAMES`. Arguments are validated by these
 * schemas in main before any handler sees them; results and events are plain data.
 *
 * The renderer never receives a token, cookie or password: views carry ids and display data.
 */
import { z } from 'zod';

const zHelpdeskId = z.string().uuid();
const zEmail = z.string().trim().min(3).max(254);
const zPassword = z.string().min(1).max(200);
const zLabel = z.string().trim().min(1).max(60);
const zUrl = z.string().trim().min(1).max(2000);

export const methodArgs = {
  'app:info': z.tuple([]),
  'helpdesks:list': z.tuple([]),
  'helpdesks:probe': z.tuple([z.object({ url: zUrl }).strict()]),
  'helpdesks:add': z.tuple([
    z.object({ url: zUrl, label: zLabel.optional(), email: zEmail, password: zPassword, remember: z.boolean().default(true) }).strict(),
  ]),
  'helpdesks:signIn': z.tuple([z.object({ id: zHelpdeskId, email: zEmail, password: zPassword, remember: z.boolean().default(true) }).strict()]),
  'helpdesks:signOut': z.tuple([z.object({ id: zHelpdeskId }).strict()]),
  'helpdesks:rename': z.tuple([z.object({ id: zHelpdeskId, label: zLabel }).strict()]),
  'helpdesks:remove': z.tuple([z.object({ id: zHelpdeskId }).strict()]),
  'helpdesks:reconnect': z.tuple([z.object({ id: zHelpdeskId }).strict()]),
} as const;

export type MethodName = keyof typeof methodArgs;
export const METHOD_NAMES = Object.keys(methodArgs) as MethodName[];

export type ConnectionState = 'online' | 'offline' | 'signing-in' | 'signed-out' | 'error';

export interface HelpdeskView {
  id: string;
  label: string;
  apiRoot: string;
  state: ConnectionState;
  /** A sentence for the person when the state needs one (offline, error, signed out). */
  stateMessage: string | null;
  /** Who is signed in there, when known. */
  user: { name: string; email: string; level: 1 | 2 | 3 } | null;
  /** Whether the sign-in is kept in the OS keychain or only for this run. */
  credentialPersistence: 'keychain' | 'memory' | 'none';
  unread: number;
  warnings: string[];
}

export interface ProbeView {
  ok: boolean;
  apiRoot: string | null;
  title: string | null;
  version: string | null;
  warnings: string[];
  error: string | null;
}

export interface AppInfo {
  name: string;
  version: string;
  /** Why sign-ins cannot be remembered on this machine, if they cannot. */
  keychainProblem: string | null;
  /** A one-time message about the local data (e.g. a damaged database set aside). */
  storeNotice: string | null;
}

export interface MethodResults {
  'app:info': AppInfo;
  'helpdesks:list': HelpdeskView[];
  'helpdesks:probe': ProbeView;
  'helpdesks:add': HelpdeskView;
  'helpdesks:signIn': HelpdeskView;
  'helpdesks:signOut': HelpdeskView;
  'helpdesks:rename': HelpdeskView;
  'helpdesks:remove': { removed: string };
  'helpdesks:reconnect': HelpdeskView;
}

export type MethodArgs<M extends MethodName> = z.input<(typeof methodArgs)[M]>;
export type ParsedArgs<M extends MethodName> = z.output<(typeof methodArgs)[M]>;

export interface EventPayloads {
  /** The whole list, whenever any helpdesk's state, label or unread count changes. */
  'helpdesks:changed': HelpdeskView[];
}
export type EventName = keyof EventPayloads;
export const EVENT_NAMES: EventName[] = ['helpdesks:changed'];

/** Errors cross the bridge as values with a kind; the renderer maps kinds to its own sentences. */
export type BridgeErrorKind = 'api' | 'session-expired' | 'network' | 'protocol' | 'invalid-input' | 'not-found' | 'keychain' | 'conflict' | 'internal';
export interface BridgeError {
  kind: BridgeErrorKind;
  message: string;
  code?: string;
}
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: BridgeError };

/** What every host (Electron IPC, the browser host's WebSocket) needs from the core. */
export interface ContractHandlers {
  invoke<M extends MethodName>(method: M, args: unknown): Promise<BridgeResult<MethodResults[M]>>;
  subscribe(listener: <E extends EventName>(event: E, payload: EventPayloads[E]) => void): () => void;
}

/** The typed API the renderer sees, whichever host carries it. */
export type StaffdeskApi = {
  [M in MethodName]: (...args: MethodArgs<M>) => Promise<MethodResults[M]>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(methodArgs, value);
}
