/**
 * The tickets feature: queues, tickets and their actions, helpdesk meta, customers, the palette
 * and downloads, composed over one shared context. `service.ts` maps contract methods onto it.
 */
import type { CoreEvents } from '../events';
import type { HelpdeskRegistry } from '../instances/registry';
import type { AppStore } from '../store';
import { TicketActions } from './actions';
import { TicketCache } from './cache';
import { Background, createContext, type TicketsContext } from './context';
import { customerProfile } from './customer';
import { fromServer, mergeWithCached, zTicketData, type TicketData } from './data';
import type { Ticket } from '../opensupports';
import { download } from './download';
import { KeyedLimiter } from './limiter';
import { MetaService } from './meta';
import { paletteSearch } from './palette';
import { QueueService } from './queues';
import { TicketService } from './ticket-service';

/** Requests one helpdesk may have in flight at once, across everything the feature does. */
export const MAX_REQUESTS_PER_HELPDESK = 3;

export interface TicketsOptions {
  registry: HelpdeskRegistry;
  store: AppStore;
  events: CoreEvents;
  log?: (line: string) => void;
  now?: () => number;
  maxRequestsPerHelpdesk?: number;
  /** A call found the helpdesk unreachable (the sync engine owns connectivity and rechecks it). */
  onUnreachable?: (helpdeskId: string) => void;
}

export interface TicketsFeature {
  meta: MetaService;
  queues: QueueService;
  tickets: TicketService;
  actions: TicketActions;
  customer: (input: { helpdeskId: string; userId: number }) => ReturnType<typeof customerProfile>;
  palette: (input: { text: string }) => ReturnType<typeof paletteSearch>;
  download: (input: { helpdeskId: string; fileName: string }) => ReturnType<typeof download>;
  /** The cached copy of a ticket, if any (no network): for drafts' snapshots and titles. */
  cached(helpdeskId: string, ticketNumber: number): TicketData | null;
  /**
   * Background sync found changes: store the tickets it already fetched (and tell open views),
   * refresh the other cached ones, and re-read the queues whose membership moved.
   */
  syncChanged(helpdeskId: string, fetched: readonly Ticket[], others: readonly number[], queues: readonly string[]): void;
  /** Drops everything held for a helpdesk that was removed. */
  forget(helpdeskId: string): void;
  /** Resolves when no background refresh is running and pending queue writes are on disk. */
  idle(): Promise<void>;
  /** Stops background work and writes what is pending; call before closing the store. */
  stop(): Promise<void>;
}

export function createTickets(options: TicketsOptions): TicketsFeature {
  const limiter = new KeyedLimiter(options.maxRequestsPerHelpdesk ?? MAX_REQUESTS_PER_HELPDESK);
  const background = new Background(options.log ?? (() => undefined));
  const ctx: TicketsContext = createContext({
    registry: options.registry,
    cache: new TicketCache(options.store.tickets(zTicketData)),
    limiter,
    events: options.events,
    background,
    now: options.now ?? Date.now,
    onUnreachable: options.onUnreachable,
  });
  const meta = new MetaService(ctx, options.store.settings, options.store.helpdesks);
  const queues = new QueueService(ctx, meta);
  const tickets = new TicketService(ctx, meta, queues);
  const actions = new TicketActions(ctx, meta, tickets);
  return {
    meta,
    queues,
    tickets,
    actions,
    customer: (input) => customerProfile(ctx, meta, input),
    palette: (input) => paletteSearch(ctx, meta, input),
    download: (input) => download(ctx, input),
    cached: (helpdeskId, ticketNumber) => ctx.cache.get(helpdeskId, ticketNumber),
    syncChanged(helpdeskId, fetched, others, queueNames) {
      for (const ticket of fetched) {
        const data = mergeWithCached(fromServer(ticket, true), ctx.cache.get(helpdeskId, ticket.ticketNumber));
        const stored = tickets.remember(helpdeskId, data);
        options.events.emit('ticket:changed', tickets.detail(helpdeskId, stored, 'fresh'));
      }
      for (const ticketNumber of others) {
        // Only what the agent has seen is worth a request; the rest is read when opened.
        if (!ctx.cache.has(helpdeskId, ticketNumber)) continue;
        background.run(`sync refresh #${ticketNumber}`, () => tickets.fetch({ helpdeskId, ticketNumber }));
      }
      queues.refreshOpen(helpdeskId, queueNames);
    },
    forget(helpdeskId) {
      queues.forget(helpdeskId);
      meta.forget(helpdeskId);
      ctx.cache.forget(helpdeskId);
      limiter.forget(helpdeskId);
    },
    async idle() {
      await background.idle();
      queues.flush();
    },
    async stop() {
      await background.stop();
      queues.flush();
    },
  };
}
