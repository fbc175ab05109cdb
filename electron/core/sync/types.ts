import type { AppSettings, NotificationView, QueueName } from '../../contract';
import type { ActivityItem, SearchFilters, Ticket, TicketPage } from '../opensupports';
import type { BackoffPolicy } from './backoff';
import type { SyncClock } from './clock';
import type { TicketFlags } from './mine';
import type { WatermarkStore } from './persist';

/** The client calls the engine makes; OpenSupportsClient fits as it is. */
export interface SyncClient {
  lastEvents(page: number): Promise<ActivityItem[]>;
  getNewTickets(input: { page: number }): Promise<TicketPage>;
  getMyTickets(input: { page: number; pageSize?: number; closed?: boolean }): Promise<TicketPage>;
  getTicket(ticketNumber: number): Promise<Ticket>;
  searchTickets(filters: SearchFilters): Promise<TicketPage & { page: number }>;
}

export interface SyncIdentity {
  /** The signed-in staff member's id (the login's userId as a number). */
  staffId: number;
  /** Their name, to recognise "assigned to <name>" events; null when not known yet. */
  name: string | null;
}

/** One signed-in helpdesk, as the engine sees it at the moment it polls. */
export interface SyncTarget {
  id: string;
  label: string;
  client: SyncClient;
  me: SyncIdentity;
}

/** Where the engine looks helpdesks up; asked again at every poll, so renames and re-sign-ins apply. */
export interface SyncSource {
  /** Helpdesks to poll when the engine starts. */
  ids(): string[];
  /** Null while the helpdesk is not signed in (or gone): its poller then waits to be added again. */
  get(id: string): SyncTarget | null;
}

export interface SyncCounts {
  /** Open tickets in the agent's personal list (owned or created) that are unread for the agent. */
  unread: number;
  /** Open tickets in the agent's personal list. */
  mine: number;
  /** Open unassigned tickets in the agent's departments; null until known. */
  new: number | null;
  /** What a badge should show for this helpdesk: unread + new. */
  badge: number;
}

export type SyncState = 'online' | 'offline' | 'signed-out' | 'error';

export interface SyncConnectivity {
  state: SyncState;
  /** A sentence for the person (what is wrong and when the next try is), null when online. */
  message: string | null;
  /** Clock time (ms) of the next attempt while retrying, else null. */
  retryAt: number | null;
  /** The delay before that attempt, else null. */
  retryInMs: number | null;
  /** Consecutive failures so far. */
  failures: number;
}

export interface TicketChangeDetail {
  /** Tickets the engine already fetched in full during this poll (the cache can store them as they are). */
  fetched: Ticket[];
  /** Queues whose membership may have changed. */
  queues: QueueName[];
}

/** How the engine reads and follows the settings (the settings service fits). */
export interface SettingsSource {
  get(): AppSettings;
  subscribe(listener: (settings: AppSettings) => void): () => void;
}

export interface SyncLimits {
  /** Pages of last-events read back at most in one poll. */
  maxFeedPages: number;
  /** ticket/get calls at most per poll; beyond that, items are judged without their ticket. */
  maxTicketFetches: number;
  /** How often the agent's list is re-read in the background to catch silent changes (seen elsewhere, reassigned away). */
  reconcileEveryMs: number;
  /** Page size used for that re-read (get-tickets honours it). */
  reconcilePageSize: number;
  /** Pages at most in one full re-read. */
  maxReconcilePages: number;
  backoff: BackoffPolicy;
  groupThreshold: number;
  /**
   * Wait before a newly started poller's first poll. Its first poll re-reads the agent's whole list;
   * right after a sign-in that would compete with the first screen's own requests.
   */
  startDelayMs: number;
}

export interface SyncEngineOptions {
  helpdesks: SyncSource;
  watermarks: WatermarkStore;
  settings: SettingsSource;
  notify(notification: NotificationView): void;
  /** Tickets whose cached copy is out of date; the tickets module refreshes them. */
  onTicketsChanged?(helpdeskId: string, ticketNumbers: number[], detail: TicketChangeDetail): void;
  /** After every successful poll (and when an observed ticket changes them). */
  onCounts?(helpdeskId: string, counts: SyncCounts): void;
  /** On every failure (with the next retry) and when a helpdesk comes back. */
  onConnectivity?(helpdeskId: string, connectivity: SyncConnectivity): void;
  clock?: SyncClock;
  /** For jitter; tests pass a fixed one. */
  random?: () => number;
  /** IANA zone for do-not-disturb; the machine's zone when absent. */
  timeZone?: string;
  limits?: Partial<SyncLimits>;
  log?: (line: string) => void;
}

export interface PollNowOptions {
  /**
   * Skip helpdesks whose last poll started less than this long ago. For window focus, which can
   * fire many times a minute; an explicit refresh passes nothing.
   */
  staleAfterMs?: number;
}

export interface SyncEngine {
  /** Starts a poller for every helpdesk of the source. */
  start(): void;
  /** Stops every poller and waits for polls in flight. */
  stop(): Promise<void>;
  /**
   * Polls now instead of at the next interval (window focus, machine wake, `sync:now`). One
   * helpdesk or all; `done` settles when those polls have finished.
   */
  pollNow(helpdeskId?: string, options?: PollNowOptions): { started: number; done: Promise<void> };
  /** Before sleep: no timers fire until `resume`. */
  pause(): void;
  /** After wake: every helpdesk polls at once, with a full re-read of the agent's list. */
  resume(): void;
  /** A helpdesk was added, signed in or restored: start (or restart) its poller. */
  addHelpdesk(id: string): void;
  /** Removed or signed out: stop its poller. Its markers stay (they go with the helpdesk row). */
  removeHelpdesk(id: string): void;
  /** A fresh copy of a ticket from elsewhere (opened, acted on): keeps the counts current between polls. */
  observeTicket(helpdeskId: string, ticket: TicketFlags): void;
  /** The last counts of a helpdesk, if it has synced. */
  counts(helpdeskId: string): SyncCounts | null;
  /** Helpdesks with a running poller. */
  active(): string[];
}
