/**
 * Ticket queues, cache first. `queue:open` answers at once with the cached rows and refreshes
 * page 1 in the background; `queue:loadMore` loads the next pages. The server's 10-ticket pages
 * stay invisible: a queue is one list of rows, plus whether every page is in.
 *
 * A queue's rows are the tickets confirmed by pages loaded in this run (in page order), followed by
 * cached rows not confirmed yet ("leftover": what a previous run or an earlier, longer listing
 * saw). Leftovers are shown until the last page is in, then dropped: at that point every ticket
 * still in the queue has been seen on a page. Pages are computed per call on the server, so a
 * ticket can move from one page to the next while we read; rows are de-duplicated by number.
 */
import type { Freshness, QueueName, QueueView, SearchFilters } from '../../contract';
import { NetworkError } from '../opensupports';
import { describeError, type TicketsContext } from './context';
import { fromServer, type TicketData } from './data';
import { belongsTo, isDefaultFilters, normalizeFilters, queueKey, toClientSearch, toContractFilters, type NormalFilters } from './filters';
import type { MetaService } from './meta';
import { toRow } from './views';

/** What the server's paths page by (§5); offsets ignore any other size (§6.16-2). */
export const PAGE_SIZE = 10;
/** Most pages fetched by one `queue:loadMore` (they go out in parallel, bounded by the helpdesk's limiter). */
export const LOAD_MORE_PAGES = 5;

/**
 * Pages for the next `queue:loadMore`: as many as are loaded already, up to LOAD_MORE_PAGES. A
 * first screen that 10 rows do not fill needs one more page, not five; a long scroll soon reads
 * five at a time.
 */
export function pagesToLoad(pagesLoaded: number): number {
  return Math.min(LOAD_MORE_PAGES, Math.max(1, pagesLoaded));
}
/** A queue refreshed this recently is shown as fresh and not refreshed again. */
export const FRESH_MS = 5_000;
/** How far "my tickets" of each helpdesk is read for the merged all-helpdesks view. */
export const ALL_HELPDESKS_MAX_PAGES = 20;
/** Queue writes are coalesced: paging through thousands of rows must not rewrite the list per page. */
const PERSIST_DELAY_MS = 1_000;

interface QueueState {
  helpdeskId: string;
  queue: QueueName;
  filters: NormalFilters | null;
  key: string;
  confirmed: number[];
  leftover: number[];
  pagesLoaded: number;
  /** The server's page count from the latest page read, null before any. */
  pages: number | null;
  refreshedAt: number | null;
  freshness: Freshness;
  error: string | null;
  refreshing: boolean;
  /** Refreshes and page loads of one queue run one after the other. */
  tail: Promise<void>;
}

export interface QueueRequest {
  helpdeskId: string;
  queue: QueueName;
  filters?: SearchFilters | undefined;
  /** The agent asked for it (Refresh): go to the server even if the queue was refreshed moments ago. */
  force?: boolean | undefined;
}

export class QueueService {
  private readonly states = new Map<string, QueueState>();
  private readonly persistTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private allHelpdesksOpen = false;

  constructor(
    private readonly ctx: TicketsContext,
    private readonly meta: MetaService,
  ) {}

  async open(request: QueueRequest): Promise<QueueView> {
    this.ctx.registry.get(request.helpdeskId);
    const state = this.state(request);
    if (!state.refreshing && (request.force === true || !this.recentlyRefreshed(state))) this.startRefresh(state, 1);
    return this.view(state);
  }

  async loadMore(request: QueueRequest): Promise<QueueView> {
    this.ctx.registry.get(request.helpdeskId);
    const state = this.state(request);
    await this.serialize(state, () => this.loadNextPages(state, pagesToLoad(state.pagesLoaded)));
    return this.view(state);
  }

  /** "My tickets" of every signed-in helpdesk as one list; each row carries its helpdesk id. */
  async allHelpdesks(options?: { force?: boolean | undefined }): Promise<QueueView> {
    this.allHelpdesksOpen = true;
    for (const helpdeskId of this.signedInHelpdesks()) {
      const state = this.state({ helpdeskId, queue: 'mine' });
      if (!state.refreshing && (options?.force === true || !this.recentlyRefreshed(state))) this.startRefresh(state, ALL_HELPDESKS_MAX_PAGES);
    }
    return this.mergedView();
  }

  /**
   * The next pages of every helpdesk whose "my tickets" is not all in, side by side: the merged list
   * reads beyond ALL_HELPDESKS_MAX_PAGES as the agent scrolls, like any other queue.
   */
  async loadMoreAllHelpdesks(): Promise<QueueView> {
    const states = this.signedInHelpdesks()
      .map((helpdeskId) => this.state({ helpdeskId, queue: 'mine' }))
      .filter((state) => !this.complete(state));
    await Promise.all(states.map((state) => this.serialize(state, () => this.loadNextPages(state, pagesToLoad(state.pagesLoaded)))));
    return this.mergedView();
  }

  /** A ticket's fresh data is known (opened, acted on): move it in or out of this helpdesk's queues. */
  ticketChanged(helpdeskId: string, ticket: TicketData): void {
    const agent = this.meta.agent(helpdeskId);
    const tagIds = this.meta.tagIds(helpdeskId);
    for (const state of this.statesOf(helpdeskId)) {
      const listed = state.confirmed.includes(ticket.ticketNumber) || state.leftover.includes(ticket.ticketNumber);
      const member = agent ? belongsTo(state.queue, state.filters, ticket, { agent, tagIds }) : null;
      if (member === true && !listed) state.confirmed.unshift(ticket.ticketNumber);
      else if (member === false && listed) this.drop(state, ticket.ticketNumber);
      else if (!listed) continue;
      this.changed(state);
    }
  }

  /** Background sync saw the membership of these queues move: re-read page 1 of the ones that are open. */
  refreshOpen(helpdeskId: string, queues: readonly string[]): void {
    for (const state of this.statesOf(helpdeskId)) {
      if (queues.includes(state.queue) && !state.refreshing) this.startRefresh(state, 1);
    }
  }

  /** The ticket is out of the agent's reach (moved away, deleted): it leaves every queue. */
  ticketGone(helpdeskId: string, ticketNumber: number): void {
    for (const state of this.statesOf(helpdeskId)) {
      if (!state.confirmed.includes(ticketNumber) && !state.leftover.includes(ticketNumber)) continue;
      this.drop(state, ticketNumber);
      this.changed(state);
    }
  }

  forget(helpdeskId: string): void {
    for (const state of this.statesOf(helpdeskId)) {
      const id = stateId(state.helpdeskId, state.key);
      clearTimeout(this.persistTimers.get(id));
      this.persistTimers.delete(id);
      this.states.delete(id);
    }
  }

  /** Writes every queue whose write is still pending (before the store closes). */
  flush(): void {
    for (const [id, timer] of this.persistTimers) {
      clearTimeout(timer);
      const state = this.states.get(id);
      if (state) this.persist(state);
    }
    this.persistTimers.clear();
  }

  // ── state ────────────────────────────────────────────────────────────────

  private state(request: QueueRequest): QueueState {
    const filters = request.queue === 'all' ? normalizeFilters(request.filters) : null;
    const key = queueKey(request.queue, filters);
    const id = stateId(request.helpdeskId, key);
    let state = this.states.get(id);
    if (!state) {
      const cached = this.ctx.cache.queue(request.helpdeskId, key).map((t) => t.ticketNumber);
      state = {
        helpdeskId: request.helpdeskId,
        queue: request.queue,
        filters,
        key,
        confirmed: [],
        leftover: cached,
        pagesLoaded: 0,
        pages: null,
        refreshedAt: null,
        freshness: this.ctx.isOffline(request.helpdeskId) ? 'offline' : 'stale',
        error: null,
        refreshing: false,
        tail: Promise.resolve(),
      };
      this.states.set(id, state);
    }
    return state;
  }

  private statesOf(helpdeskId: string): QueueState[] {
    return [...this.states.values()].filter((s) => s.helpdeskId === helpdeskId);
  }

  private serialize(state: QueueState, work: () => Promise<void>): Promise<void> {
    const run = state.tail.then(work);
    state.tail = run.catch(() => undefined);
    return run;
  }

  private recentlyRefreshed(state: QueueState): boolean {
    return state.freshness === 'fresh' && state.refreshedAt !== null && this.ctx.now() - state.refreshedAt < FRESH_MS;
  }

  private complete(state: QueueState): boolean {
    return state.pages !== null && state.pagesLoaded >= state.pages;
  }

  private drop(state: QueueState, ticketNumber: number): void {
    state.confirmed = state.confirmed.filter((n) => n !== ticketNumber);
    state.leftover = state.leftover.filter((n) => n !== ticketNumber);
  }

  // ── loading ──────────────────────────────────────────────────────────────

  /** Page 1 now, then (for the merged view) further pages up to `maxPages`. */
  private startRefresh(state: QueueState, maxPages: number): void {
    state.refreshing = true;
    this.ctx.background.run(`refresh of ${state.key}`, () =>
      this.serialize(state, async () => {
        try {
          // Membership after actions needs the agent's profile, but page 1 does not ("unread for me"
          // only needs the signed-in id): the two go out together and the rows never wait for it.
          const profile = this.meta.ensure(state.helpdeskId);
          await this.loadFirstPage(state);
          await profile;
          if (state.error === null) this.meta.countSoon(state.helpdeskId);
          while (state.error === null && !this.complete(state) && state.pagesLoaded < maxPages) {
            await this.loadNextPages(state, Math.min(LOAD_MORE_PAGES, maxPages - state.pagesLoaded));
          }
        } finally {
          state.refreshing = false;
          this.changed(state);
        }
      }),
    );
  }

  private async fetchPage(state: QueueState, page: number): Promise<{ numbers: number[]; pages: number }> {
    const { helpdeskId, queue, filters } = state;
    const result = await this.ctx.call(helpdeskId, (client) => {
      if (queue === 'mine') return client.getMyTickets({ page });
      if (queue === 'new') return client.getNewTickets({ page });
      return client.searchTickets({ ...toClientSearch(filters ?? normalizeFilters(undefined)), page });
    });
    // Only ticket/search sends whole tickets; the two list paths send them without events (§3.1).
    const stored = this.ctx.cache.put(
      helpdeskId,
      result.tickets.map((t) => fromServer(t, queue === 'all')),
      this.meta.viewContext(helpdeskId).agentId,
    );
    return { numbers: stored.map((t) => t.ticketNumber), pages: result.pages };
  }

  private async loadFirstPage(state: QueueState): Promise<void> {
    try {
      const page = await this.fetchPage(state, 1);
      const before = [...state.confirmed, ...state.leftover];
      state.confirmed = [...new Set(page.numbers)];
      const confirmed = new Set(state.confirmed);
      state.leftover = before.filter((n) => !confirmed.has(n));
      state.pagesLoaded = 1;
      state.pages = page.pages;
      this.succeeded(state);
    } catch (error) {
      this.failed(state, error);
    }
    this.changed(state);
  }

  private async loadNextPages(state: QueueState, count: number): Promise<void> {
    if (state.pagesLoaded === 0 || state.pages === null) {
      await this.loadFirstPage(state);
      if (state.error !== null) return;
    }
    const first = state.pagesLoaded + 1;
    const last = Math.min(state.pages ?? 0, state.pagesLoaded + count);
    if (first > last) return;
    const numbers = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    const results = await Promise.allSettled(numbers.map((page) => this.fetchPage(state, page)));
    const have = new Set(state.confirmed);
    let failure: unknown = null;
    for (const [i, result] of results.entries()) {
      if (result.status === 'rejected') {
        // Rows after a missing page would leave a hole; the next loadMore starts again here.
        failure = result.reason;
        break;
      }
      for (const n of result.value.numbers) {
        if (have.has(n)) continue;
        have.add(n);
        state.confirmed.push(n);
      }
      state.pagesLoaded = numbers[i] ?? state.pagesLoaded;
      state.pages = result.value.pages;
    }
    state.leftover = state.leftover.filter((n) => !have.has(n));
    if (failure === null) this.succeeded(state);
    else this.failed(state, failure);
    this.changed(state);
  }

  private succeeded(state: QueueState): void {
    state.freshness = 'fresh';
    state.error = null;
    state.refreshedAt = this.ctx.now();
    // Every page is in: a cached row no page listed is not in the queue any more.
    if (this.complete(state)) state.leftover = [];
  }

  private failed(state: QueueState, error: unknown): void {
    state.freshness = error instanceof NetworkError ? 'offline' : 'stale';
    state.error = describeError(error);
  }

  // ── views and events ─────────────────────────────────────────────────────

  private changed(state: QueueState): void {
    this.schedulePersist(state);
    const view = this.view(state);
    const defaultQueue = state.queue !== 'all' || (state.filters !== null && isDefaultFilters(state.filters));
    if (defaultQueue && view.complete) this.meta.setCount(state.helpdeskId, state.queue, view.total);
    this.ctx.events.emit('queue:changed', view);
    if (state.queue === 'mine' && this.allHelpdesksOpen) this.ctx.events.emit('queue:changed', this.mergedView());
  }

  private view(state: QueueState): QueueView {
    const context = this.meta.viewContext(state.helpdeskId);
    const rows = [];
    for (const n of [...state.confirmed, ...state.leftover]) {
      const ticket = this.ctx.cache.get(state.helpdeskId, n);
      if (ticket) rows.push(toRow(ticket, context));
    }
    const complete = this.complete(state);
    return {
      helpdeskId: state.helpdeskId,
      queue: state.queue,
      filters: state.filters ? toContractFilters(state.filters) : null,
      rows,
      total: complete ? rows.length : state.pages !== null ? state.pages * PAGE_SIZE : null,
      complete,
      // "fresh" means refreshed moments ago; later the same rows are merely the last known ones.
      freshness: state.freshness === 'fresh' && !this.recentlyRefreshed(state) ? 'stale' : state.freshness,
      refreshing: state.refreshing,
      error: state.error,
    };
  }

  private mergedView(): QueueView {
    const labels = new Map(this.ctx.registry.list().map((h) => [h.id, h.label]));
    const views = this.signedInHelpdesks().map((helpdeskId) => this.view(this.state({ helpdeskId, queue: 'mine' })));
    const freshness: Freshness = views.some((v) => v.freshness === 'offline') ? 'offline' : views.every((v) => v.freshness === 'fresh') ? 'fresh' : 'stale';
    const errors = views.filter((v) => v.error !== null).map((v) => `${labels.get(v.helpdeskId ?? '') ?? 'A helpdesk'}: ${v.error}`);
    return {
      helpdeskId: null,
      queue: 'all-helpdesks',
      filters: null,
      rows: views.flatMap((v) => v.rows),
      total: views.every((v) => v.total !== null) ? views.reduce((sum, v) => sum + (v.total ?? 0), 0) : null,
      complete: views.every((v) => v.complete),
      freshness,
      refreshing: views.some((v) => v.refreshing),
      error: errors.length ? errors.join(' ') : null,
    };
  }

  private signedInHelpdesks(): string[] {
    return this.ctx.registry
      .list()
      .filter((h) => h.state !== 'signed-out')
      .map((h) => h.id);
  }

  private schedulePersist(state: QueueState): void {
    const id = stateId(state.helpdeskId, state.key);
    if (this.persistTimers.has(id)) return;
    const timer = setTimeout(() => {
      this.persistTimers.delete(id);
      this.persist(state);
    }, PERSIST_DELAY_MS);
    timer.unref?.();
    this.persistTimers.set(id, timer);
  }

  private persist(state: QueueState): void {
    if (this.states.get(stateId(state.helpdeskId, state.key)) !== state) return;
    this.ctx.cache.saveQueue(state.helpdeskId, state.key, [...state.confirmed, ...state.leftover]);
  }
}

function stateId(helpdeskId: string, key: string): string {
  return `${helpdeskId}\n${key}`;
}
