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
const zTicketNumber = z.number().int().min(1).max(99_999_999);
const zQueueName = z.enum(['mine', 'new', 'all']);
const zTicketRef = z.object({ helpdeskId: zHelpdeskId, ticketNumber: zTicketNumber }).strict();
const zSearchFilters = z
  .object({
    text: z.string().trim().max(200).optional(),
    status: z.enum(['open', 'closed', 'any']).default('any'),
    departments: z.array(z.number().int().positive()).max(100).default([]),
    tags: z.array(z.number().int().positive()).max(100).default([]),
    owners: z.array(z.number().int().positive()).max(100).default([]),
    authors: z.array(z.object({ id: z.number().int().positive(), isStaff: z.boolean() }).strict()).max(100).default([]),
    assignment: z.enum(['assigned', 'unassigned', 'any']).default('any'),
    unreadOnly: z.boolean().default(false),
    /** ISO dates (inclusive days in the agent's time zone are converted by the renderer). */
    from: z.string().datetime().optional(),
    to: z.string().datetime().optional(),
  })
  .strict();
const zAttachment = z.object({ name: z.string().min(1).max(255), type: z.string().max(255).default('application/octet-stream'), dataBase64: z.string().max(70_000_000) }).strict();

const zClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const zAppSettingsPatch = z
  .object({
    pollIntervalSeconds: z.number().int().min(5).max(3600).optional(),
    notifications: z
      .object({
        assigned: z.boolean().optional(),
        replies: z.boolean().optional(),
        statusChanges: z.boolean().optional(),
        /** 'auto' = on while the agent owns no tickets, off otherwise. */
        newUnassigned: z.enum(['auto', 'on', 'off']).optional(),
        sound: z.boolean().optional(),
      })
      .strict()
      .optional(),
    doNotDisturb: z
      .object({ enabled: z.boolean().optional(), from: zClock.optional(), to: zClock.optional(), days: z.array(z.number().int().min(0).max(6)).max(7).optional() })
      .strict()
      .optional(),
    mutedHelpdesks: z.array(zHelpdeskId).max(100).optional(),
  })
  .strict();

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
  'helpdesk:meta': z.tuple([z.object({ helpdeskId: zHelpdeskId }).strict()]),
  /**
   * Cached rows at once, then a refresh from the server, skipped when the queue was refreshed moments
   * ago; `force` (the agent pressed Refresh) always goes to the server.
   */
  'queue:open': z.tuple([z.object({ helpdeskId: zHelpdeskId, queue: zQueueName, filters: zSearchFilters.optional(), force: z.boolean().optional() }).strict()]),
  'queue:loadMore': z.tuple([z.object({ helpdeskId: zHelpdeskId, queue: zQueueName, filters: zSearchFilters.optional() }).strict()]),
  /** "My tickets" of every signed-in helpdesk as one list; `force` as for `queue:open`. */
  'queue:allHelpdesks': z.tuple([z.object({ force: z.boolean().optional() }).strict().optional()]),
  /** The next pages of each helpdesk's "my tickets" not read yet, for the merged list. */
  'queue:allHelpdesksLoadMore': z.tuple([]),
  'ticket:open': z.tuple([zTicketRef]),
  'ticket:comment': z.tuple([zTicketRef.extend({ html: z.string().min(1).max(200_000), internal: z.boolean(), attachment: zAttachment.optional() }).strict()]),
  'ticket:assign': z.tuple([zTicketRef.extend({ staffId: z.number().int().positive().optional() }).strict()]),
  'ticket:unassign': z.tuple([zTicketRef]),
  'ticket:changeDepartment': z.tuple([zTicketRef.extend({ departmentId: z.number().int().positive() }).strict()]),
  'ticket:close': z.tuple([zTicketRef]),
  'ticket:reopen': z.tuple([zTicketRef]),
  'ticket:addTag': z.tuple([zTicketRef.extend({ tagId: z.number().int().positive() }).strict()]),
  'ticket:removeTag': z.tuple([zTicketRef.extend({ tagId: z.number().int().positive() }).strict()]),
  'ticket:editTitle': z.tuple([zTicketRef.extend({ title: z.string().trim().min(1).max(200) }).strict()]),
  'ticket:editComment': z.tuple([zTicketRef.extend({ eventId: z.number().int().positive().optional(), html: z.string().min(1).max(200_000) }).strict()]),
  'ticket:download': z.tuple([z.object({ helpdeskId: zHelpdeskId, fileName: z.string().regex(/^[A-Za-z0-9_.-]{1,255}$/) }).strict()]),
  'customer:get': z.tuple([z.object({ helpdeskId: zHelpdeskId, userId: z.number().int().positive() }).strict()]),
  /** A remote image of that ticket, fetched by the core (the window's CSP allows no remote images). */
  'image:fetch': z.tuple([zTicketRef.extend({ url: z.string().trim().min(1).max(4000) }).strict()]),
  'palette:search': z.tuple([z.object({ text: z.string().trim().min(1).max(200) }).strict()]),
  'settings:get': z.tuple([]),
  'settings:set': z.tuple([zAppSettingsPatch]),
  /** The window gained focus or the machine woke: poll now instead of at the next interval. */
  'sync:now': z.tuple([z.object({ helpdeskId: zHelpdeskId.optional() }).strict()]),
  'draft:get': z.tuple([zTicketRef]),
  /** Autosave: the editor content and choices. Attachments are added and removed separately. */
  'draft:save': z.tuple([zTicketRef.extend({ html: z.string().max(200_000), internal: z.boolean(), customResponseId: z.number().int().positive().nullable().default(null) }).strict()]),
  'draft:attach': z.tuple([zTicketRef.extend({ attachment: zAttachment }).strict()]),
  'draft:detach': z.tuple([zTicketRef.extend({ attachmentId: z.string().uuid() }).strict()]),
  'draft:discard': z.tuple([zTicketRef]),
  'drafts:list': z.tuple([]),
  /** Sends the saved draft: at once when online, else through the outbox. */
  'reply:send': z.tuple([zTicketRef]),
  'outbox:list': z.tuple([]),
  'outbox:resolve': z.tuple([z.object({ id: z.number().int().positive(), action: z.enum(['send-anyway', 'edit', 'discard', 'retry']) }).strict()]),
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
  'helpdesk:meta': HelpdeskMeta;
  'queue:open': QueueView;
  'queue:loadMore': QueueView;
  'queue:allHelpdesks': QueueView;
  'queue:allHelpdesksLoadMore': QueueView;
  'ticket:open': TicketDetail;
  'ticket:comment': TicketDetail;
  'ticket:assign': TicketDetail;
  'ticket:unassign': TicketDetail;
  'ticket:changeDepartment': TicketDetail;
  'ticket:close': TicketDetail;
  'ticket:reopen': TicketDetail;
  'ticket:addTag': TicketDetail;
  'ticket:removeTag': TicketDetail;
  'ticket:editTitle': TicketDetail;
  'ticket:editComment': TicketDetail;
  'ticket:download': DownloadView;
  'customer:get': CustomerView;
  'image:fetch': ImageView;
  'palette:search': PaletteHit[];
  'settings:get': AppSettings;
  'settings:set': AppSettings;
  'sync:now': { started: number };
  'draft:get': DraftView | null;
  'draft:save': DraftView;
  'draft:attach': DraftView;
  'draft:detach': DraftView;
  'draft:discard': { discarded: boolean };
  'drafts:list': DraftView[];
  'reply:send': SendResult;
  'outbox:list': OutboxItemView[];
  'outbox:resolve': OutboxItemView[];
}

// ── drafts and the outbox ────────────────────────────────────────────────────

export interface AttachmentView {
  id: string;
  name: string;
  type: string;
  size: number;
}

export interface DraftView {
  helpdeskId: string;
  helpdeskLabel: string;
  ticketNumber: number;
  /** From the ticket cache, when known. */
  ticketTitle: string | null;
  html: string;
  internal: boolean;
  customResponseId: number | null;
  attachments: AttachmentView[];
  createdAt: string;
  updatedAt: string;
}

export type OutboxState = 'queued' | 'sending' | 'held' | 'failed' | 'delivered';

export interface OutboxItemView {
  id: number;
  helpdeskId: string;
  helpdeskLabel: string;
  ticketNumber: number;
  ticketTitle: string | null;
  internal: boolean;
  html: string;
  attachments: AttachmentView[];
  state: OutboxState;
  /** Held: what changed on the ticket since the draft began, one sentence each. */
  changes: string[];
  /** Failed or retrying: the reason in words. */
  lastError: string | null;
  queuedAt: string;
  updatedAt: string;
}

export interface SendResult {
  state: OutboxState;
  item: OutboxItemView;
  /** The refreshed ticket when the reply was delivered at once. */
  ticket: TicketDetail | null;
}

// ── settings and notifications ───────────────────────────────────────────────

export type AppSettingsPatch = z.input<typeof zAppSettingsPatch>;

export interface AppSettings {
  pollIntervalSeconds: number;
  notifications: { assigned: boolean; replies: boolean; statusChanges: boolean; newUnassigned: 'auto' | 'on' | 'off'; sound: boolean };
  /** Days: 0 = Sunday … 6 = Saturday, in the agent's local time. */
  doNotDisturb: { enabled: boolean; from: string; to: string; days: number[] };
  mutedHelpdesks: string[];
}

export type NotificationKind = 'assigned' | 'reply' | 'status' | 'new-unassigned' | 'group';

/** One native notification; the host shows it (Electron Notification or the Web Notification API). */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  helpdeskId: string;
  /** e.g. "Acme Support · #123456 Printer on fire" or "Acme Support: 7 new tickets in Billing". */
  title: string;
  /** Plain text, never HTML. */
  body: string;
  sound: boolean;
  /** What a click opens; null for a group that opens its queue. */
  ticketNumber: number | null;
  queue: QueueName | null;
}

// ── ticket views ─────────────────────────────────────────────────────────────
// Dates cross the bridge as ISO 8601 strings (UTC). HTML fields hold the server's HTML as stored:
// the renderer sanitizes every one of them before it touches the DOM.

export type QueueName = 'mine' | 'new' | 'all';
export type SearchFilters = z.input<typeof zSearchFilters>;
export type Freshness = 'fresh' | 'stale' | 'offline';

export interface TagView {
  id: number | null;
  name: string;
  color: string;
}

export interface PersonView {
  /** null when the account no longer exists. */
  id: number | null;
  name: string;
  email: string | null;
  staff: boolean;
}

export interface TicketRow {
  helpdeskId: string;
  ticketNumber: number;
  title: string;
  tags: TagView[];
  department: { id: number; name: string };
  author: PersonView;
  owner: { id: number; name: string } | null;
  closed: boolean;
  /** Unread for this agent: the staff-side flag, or the author-side one on tickets the agent created. */
  unread: boolean;
  language: string;
  createdAt: string;
  /** The newest event known for the ticket, else its creation. */
  lastActivityAt: string;
}

export interface QueueView {
  /** null for the merged "all helpdesks" queue. */
  helpdeskId: string | null;
  queue: QueueName | 'all-helpdesks';
  filters: SearchFilters | null;
  rows: TicketRow[];
  /** Number of tickets the server reports for the queue, when known. */
  total: number | null;
  /** Every page has been loaded. */
  complete: boolean;
  freshness: Freshness;
  /** A refresh is under way. */
  refreshing: boolean;
  /** Why the last refresh failed, as a sentence, or null. */
  error: string | null;
}

export interface StaffMemberView {
  id: number;
  name: string;
  email: string;
  level: 1 | 2 | 3;
  departmentIds: number[];
}

export interface CustomResponseView {
  id: number;
  name: string;
  language: string;
  html: string;
}

export interface HelpdeskMeta {
  helpdeskId: string;
  me: StaffMemberView;
  departments: { id: number; name: string; private: boolean }[];
  tags: TagView[];
  staff: StaffMemberView[];
  customResponses: CustomResponseView[];
  /** Bytes per attachment the helpdesk accepts. Staff may always attach. */
  maxAttachmentBytes: number;
  languages: string[];
  counts: { mine: number | null; new: number | null; all: number | null };
}

export type TicketEventType = 'COMMENT' | 'ASSIGN' | 'UN_ASSIGN' | 'CLOSE' | 'RE_OPEN' | 'DEPARTMENT_CHANGED';

export interface TicketEventView {
  id: number;
  type: TicketEventType;
  /** COMMENT: the comment HTML; ASSIGN/UN_ASSIGN: a staff name; DEPARTMENT_CHANGED: a department name. */
  html: string | null;
  author: PersonView | null;
  at: string;
  file: string | null;
  internal: boolean;
  edited: boolean;
  /** Written by the signed-in agent. */
  mine: boolean;
}

export type TicketAction =
  | 'comment'
  | 'internalNote'
  | 'attach'
  | 'assignSelf'
  | 'assignOther'
  | 'unassign'
  | 'changeDepartment'
  | 'close'
  | 'reopen'
  | 'tag'
  | 'editTitle'
  | 'editBody'
  | 'editLastComment';

export interface TicketDetail extends TicketRow {
  html: string;
  file: string | null;
  edited: boolean;
  editedTitle: boolean;
  events: TicketEventView[];
  freshness: Freshness;
  /** What the agent may do now; a missing entry in `why` means allowed. */
  can: Record<TicketAction, boolean>;
  /** For each action that is not allowed, a sentence shown on hover. */
  why: Partial<Record<TicketAction, string>>;
  /** The event id "edit my last comment" would edit, if any. */
  editableEventId: number | null;
}

export interface DownloadView {
  fileName: string;
  /** The name to save as, without the server's prefix and hash. */
  displayName: string;
  contentType: string;
  dataBase64: string;
}

export interface ImageView {
  /** `data:image/(png|jpeg|gif|webp);base64,…`, the type taken from the bytes, never from the server. */
  dataUrl: string;
}

export interface CustomerView {
  helpdeskId: string;
  userId: number;
  name: string;
  email: string;
  signupAt: string;
  verified: boolean;
  disabled: boolean;
  tickets: TicketRow[];
}

export interface PaletteHit {
  helpdeskId: string;
  helpdeskLabel: string;
  ticketNumber: number;
  title: string;
  closed: boolean;
}

export type MethodArgs<M extends MethodName> = z.input<(typeof methodArgs)[M]>;
export type ParsedArgs<M extends MethodName> = z.output<(typeof methodArgs)[M]>;

export interface EventPayloads {
  /** The whole list, whenever any helpdesk's state, label or unread count changes. */
  'helpdesks:changed': HelpdeskView[];
  /** A queue that the renderer opened has new rows, freshness or counts. */
  'queue:changed': QueueView;
  /** A ticket that the renderer opened changed (after a refresh or an action). */
  'ticket:changed': TicketDetail;
  /** A notification to show, for hosts that show them in the page (the browser host). */
  'notification:show': NotificationView;
  /** Open this ticket or queue (a notification was clicked in the desktop shell). */
  'app:navigate': { helpdeskId: string; ticketNumber: number | null; queue: QueueName | null };
  'settings:changed': AppSettings;
  'outbox:changed': OutboxItemView[];
  'drafts:changed': DraftView[];
  /** A helpdesk's meta changed (reloaded in the background, or its queue counts were recounted). */
  'meta:changed': HelpdeskMeta;
}
export type EventName = keyof EventPayloads;
export const EVENT_NAMES: EventName[] = ['helpdesks:changed', 'queue:changed', 'ticket:changed', 'notification:show', 'app:navigate', 'settings:changed', 'outbox:changed', 'drafts:changed', 'meta:changed'];

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
