/**
 * One helpdesk's poller: its own timer, its own backoff, one request at a time. Pollers share
 * nothing but the settings, so a helpdesk that hangs or is down never delays another.
 *
 * A poll reads (at most) the first page of last-events plus one more list when nothing changed:
 * the new-ticket queue, or one page of a slow background re-read of the agent's list (the two
 * take turns while a re-read is under way). Everything else it reads is caused by a change.
 * Markers are written before anything is announced, in one transaction, so a crash can lose a
 * notification but never repeat one.
 */
import type { SearchFilters, Ticket } from '../opensupports';
import { ApiError, NetworkError, SessionExpired, isOpenSupportsError } from '../opensupports';
import { isQuietNow } from '../settings/quiet-hours';
import { backoffDelay, describeDelay } from './backoff';
import type { SyncClock } from './clock';
import { decide, type TicketActivity, type VanishedTicket } from './decide';
import { FEED_PAGE_SIZE, WINDOW_SIZE, alignFeed, samePage, toFeedItem, toWindow, type FeedAlignment, type FeedItem } from './feed';
import { MineList, type TicketFlags } from './mine';
import { NEW_PAGE_SIZE, diffNewQueue, wantsExactCount, type NewQueueDiff, type NewQueueSource, type NewQueueState } from './new-queue';
import { loadMarks, serializeMarks, type FeedMark, type SyncMarks, type WatermarkStore } from './persist';
import type { SettingsSource, SyncClient, SyncConnectivity, SyncCounts, SyncEngineOptions, SyncIdentity, SyncLimits, SyncSource, SyncState, SyncTarget } from './types';

/** Newest unassigned open tickets first: how a queue larger than a page is watched (see new-queue.ts). */
const NEWEST_UNASSIGNED: SearchFilters = { closed: false, assigned: false, orderBy: { value: 'date', asc: false } };
/** Times the feed is read again when it shifted while being paged. */
const FEED_READ_ATTEMPTS = 3;

export interface PollerDeps {
  source: SyncSource;
  watermarks: WatermarkStore;
  settings: SettingsSource;
  clock: SyncClock;
  random: () => number;
  timeZone: string | undefined;
  limits: SyncLimits;
  notify: SyncEngineOptions['notify'];
  onTicketsChanged: NonNullable<SyncEngineOptions['onTicketsChanged']>;
  onCounts: NonNullable<SyncEngineOptions['onCounts']>;
  onConnectivity: NonNullable<SyncEngineOptions['onConnectivity']>;
  log: (line: string) => void;
}

interface FeedRead {
  items: FeedItem[];
  complete: boolean;
  alignment: FeedAlignment | null;
}

/** A re-read of the agent's list, possibly spread over several polls. */
interface ReconcilePass {
  nextPage: number;
  pages: number | null;
  seen: Set<number>;
  /** Tickets updated from a fresher source since the pass began; their absence from a page proves nothing. */
  touched: Set<number>;
  capped: boolean;
}

interface ReconcileOutcome {
  pass: ReconcilePass | null;
  /** In the list before but not found by a finished pass: to be checked one by one. */
  missing: number[];
}

export class HelpdeskPoller {
  private marks: SyncMarks | null = null;
  private cancelTimer: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private waiters: (() => void)[] = [];
  private again = false;
  private stopped = false;
  private paused = false;
  /** Not signed in (or gone): no polling until the helpdesk is added again. */
  private parked = false;
  private failures = 0;
  private backoffMs: number | null = null;
  private state: SyncState | null = null;
  private fullReconcile = true;
  private pass: ReconcilePass | null = null;
  private nextPassAt: number;
  private turn: 'queue' | 'reconcile' = 'queue';
  private pendingVanished = new Set<number>();
  /** Tickets observed while a poll runs, re-applied to its result so they are not lost. */
  private observedDuringPoll: TicketFlags[] = [];
  private lastStartedAt = 0;
  private lastCounts: SyncCounts | null = null;

  constructor(
    readonly id: string,
    private readonly deps: PollerDeps,
  ) {
    this.nextPassAt = deps.clock.now() + deps.limits.reconcileEveryMs;
  }

  get counts(): SyncCounts | null {
    return this.lastCounts;
  }

  /** Clock time the last poll started (0 before the first). */
  get lastPollAt(): number {
    return this.lastStartedAt;
  }

  get active(): boolean {
    return !this.stopped && !this.parked;
  }

  /** Starts polling (again): at once, with a full re-read of the agent's list. */
  start(): void {
    this.stopped = false;
    this.parked = false;
    this.fullReconcile = true;
    const delay = this.deps.limits.startDelayMs;
    if (delay <= 0 || this.running) {
      this.kick();
      return;
    }
    // pollNow() (window focus, a failed refresh) still polls at once: kick() clears this timer.
    this.clearTimer();
    this.cancelTimer = this.deps.clock.schedule(delay, () => {
      this.cancelTimer = null;
      this.kick();
    });
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    this.releaseWaiters();
    return this.running ?? Promise.resolve();
  }

  pause(): void {
    this.paused = true;
    this.clearTimer();
  }

  resume(): void {
    this.paused = false;
    // Hours may have passed: re-read the agent's list as well, not just the feed.
    this.fullReconcile = true;
    if (!this.stopped && !this.parked) this.kick();
  }

  /** Resolves when a poll that began after this call has finished (at once when not polling). */
  pollNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.parked) {
      this.parked = false;
      this.fullReconcile = true;
    }
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.kick();
    return done;
  }

  /** A new interval applies to the wait under way, not only to the next one. */
  settingsChanged(): void {
    if (this.cancelTimer && this.backoffMs === null) {
      this.clearTimer();
      this.scheduleNext();
    }
  }

  observeTicket(ticket: TicketFlags): void {
    const marks = this.marks;
    if (!marks?.mine) return;
    if (this.running) this.observedDuringPoll.push(ticket);
    const { changed } = marks.mine.apply(ticket, marks.staffId);
    this.pass?.touched.add(ticket.ticketNumber);
    if (!changed) return;
    try {
      this.deps.watermarks.setMany(this.id, serializeMarks({ ...marks, feed: null, queue: null }));
    } catch (error) {
      this.deps.log(`sync ${this.id}: could not save the ticket list: ${message(error)}`);
    }
    this.emitCounts(marks);
  }

  // ── scheduling ─────────────────────────────────────────────────────────

  private kick(): void {
    this.clearTimer();
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop();
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        const waiting = this.waiters.splice(0);
        await this.pollOnce();
        for (const resolve of waiting) resolve();
      } while (this.again && !this.stopped && !this.parked);
    } finally {
      this.running = null;
      this.observedDuringPoll = [];
      if (this.parked || this.stopped) this.releaseWaiters();
      this.scheduleNext();
    }
  }

  private scheduleNext(): void {
    if (this.stopped || this.paused || this.parked || this.running) return;
    const interval = this.deps.settings.get().pollIntervalSeconds * 1000;
    // Measured from the start of the last poll, so a slow poll does not stretch the cadence.
    const delay = this.backoffMs ?? Math.max(0, this.lastStartedAt + interval - this.deps.clock.now());
    this.cancelTimer = this.deps.clock.schedule(delay, () => {
      this.cancelTimer = null;
      this.kick();
    });
  }

  private clearTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private releaseWaiters(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  // ── one poll ───────────────────────────────────────────────────────────

  private async pollOnce(): Promise<void> {
    let target: SyncTarget | null;
    try {
      target = this.deps.source.get(this.id);
    } catch (error) {
      this.deps.log(`sync ${this.id}: the helpdesk could not be looked up: ${message(error)}`);
      target = null;
    }
    if (!target) {
      this.parked = true;
      return;
    }
    this.lastStartedAt = this.deps.clock.now();
    try {
      await this.sync(target);
      if (this.stopped) return;
      const recovered = this.state !== 'online';
      this.failures = 0;
      this.backoffMs = null;
      this.state = 'online';
      if (recovered) this.report({ state: 'online', message: null, retryAt: null, retryInMs: null, failures: 0 });
    } catch (error) {
      if (this.stopped) return;
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    if (error instanceof SessionExpired) {
      this.parked = true;
      this.backoffMs = null;
      this.state = 'signed-out';
      this.report({ state: 'signed-out', message: error.message, retryAt: null, retryInMs: null, failures: this.failures });
      return;
    }
    this.failures++;
    const delay = backoffDelay(this.failures, this.deps.limits.backoff, this.deps.random);
    this.backoffMs = delay;
    // Whatever happened meanwhile is caught up in one go when the helpdesk answers again.
    this.fullReconcile = true;
    const state: SyncState = error instanceof NetworkError ? 'offline' : 'error';
    this.state = state;
    const what = isOpenSupportsError(error) ? error.message : `Staffdesk could not check this helpdesk for changes (${message(error)}).`;
    if (!isOpenSupportsError(error)) this.deps.log(`sync ${this.id}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const connectivity: SyncConnectivity = {
      state,
      message: `${what} Staffdesk will try again in ${describeDelay(delay)}.`,
      retryAt: this.deps.clock.now() + delay,
      retryInMs: delay,
      failures: this.failures,
    };
    this.report(connectivity);
  }

  private report(connectivity: SyncConnectivity): void {
    // The host's callback (a closed window, a dropped socket) must never turn into a sync failure.
    try {
      this.deps.onConnectivity(this.id, connectivity);
    } catch (error) {
      this.deps.log(`sync ${this.id}: onConnectivity failed: ${message(error)}`);
    }
  }

  private async sync(target: SyncTarget): Promise<void> {
    const { client, me } = target;
    const { limits, clock } = this.deps;
    if (!this.marks || this.marks.staffId !== me.staffId) {
      this.marks = loadMarks(this.deps.watermarks, this.id, me.staffId);
      this.pass = null;
      this.pendingVanished.clear();
    }
    const marks = this.marks;
    const firstRun = marks.feed === null;
    const before = new MineList(marks.mine?.entries() ?? []);
    const work = new MineList(marks.mine?.entries() ?? []);

    // 1. What happened on the agent's tickets.
    const feed = await this.readFeed(client, marks.feed);

    // 2. The second read: the new-ticket queue, or a page of the background re-read.
    const full = firstRun || this.fullReconcile || marks.mine === null || marks.queue === null;
    let queue: NewQueueDiff | null = null;
    let reconcile: ReconcileOutcome = { pass: this.pass, missing: [] };
    let turn = this.turn;
    // Cleared now, not at the end: a resume() while this poll runs asks for another full read.
    if (full) this.fullReconcile = false;
    if (full) {
      queue = await this.readQueue(client, marks.queue);
      reconcile = await this.reconcile(client, me, work, freshPass(), Number.POSITIVE_INFINITY);
    } else if (this.pass && turn === 'reconcile') {
      reconcile = await this.reconcile(client, me, work, clonePass(this.pass), 1);
      turn = 'queue';
    } else {
      queue = await this.readQueue(client, marks.queue);
      if (this.pass) turn = 'reconcile';
    }

    // 3. Fresh items, grouped per ticket, oldest first.
    const alignment = feed.alignment;
    const freshCount = firstRun ? 0 : (alignment?.fresh ?? feed.items.length);
    const fresh = feed.items.slice(0, freshCount).reverse();
    const byTicket = new Map<number, FeedItem[]>();
    for (const item of fresh) byTicket.set(item.ticketNumber, [...(byTicket.get(item.ticketNumber) ?? []), item]);

    // 4. Tickets that may have left the list without a trace in the feed.
    const suspects = new Set<number>(this.pendingVanished);
    for (const n of alignment?.left ?? []) if (before.has(n)) suspects.add(n);
    for (const n of queue?.entered ?? []) if (before.get(n)?.owned) suspects.add(n);
    for (const n of reconcile.missing) suspects.add(n);
    for (const n of byTicket.keys()) suspects.delete(n);

    // 5. Fetch what the decisions need, within budget: the tickets others acted on first.
    const byOthers = [...byTicket.entries()].filter(([, items]) => items.some((i) => !(i.author.staff && i.author.id === me.staffId))).map(([n]) => n);
    const ownOnly = [...byTicket.keys()].filter((n) => !byOthers.includes(n));
    const wanted = [...byOthers.reverse(), ...ownOnly.reverse(), ...suspects];
    const fetched = new Map<number, Ticket | null>();
    for (const n of wanted) {
      if (fetched.size >= limits.maxTicketFetches) break;
      fetched.set(n, await this.fetchTicket(client, n));
    }
    const pendingVanished = new Set([...suspects].filter((n) => !fetched.has(n)));
    for (const [n, ticket] of fetched) {
      if (ticket) work.apply(ticket, me.staffId);
      else work.delete(n);
      reconcile.pass?.touched.add(n);
    }
    for (const t of this.observedDuringPoll) work.apply(t, me.staffId);

    // 6. Decide.
    const settings = this.deps.settings.get();
    const activity: TicketActivity[] = [...byTicket.entries()].map(([n, items]) => ({ ticketNumber: n, items, ticket: fetched.get(n) ?? null, before: before.get(n) }));
    const vanished: VanishedTicket[] = [];
    for (const n of suspects) {
      const was = before.get(n);
      if (was && fetched.has(n) && !work.has(n)) vanished.push({ ticketNumber: n, before: was, ticket: fetched.get(n) ?? null });
    }
    const decision = firstRun
      ? null
      : decide({
          helpdesk: { id: this.id, label: target.label },
          me,
          activity,
          vanished,
          arrived: queue?.arrived ?? [],
          ownedOpen: work.counts().owned,
          settings,
          quiet: isQuietNow(settings, clock.now(), this.deps.timeZone),
          groupThreshold: limits.groupThreshold,
        });

    // 7. Remember, then tell.
    const next: SyncMarks = {
      staffId: me.staffId,
      feed: { window: toWindow(feed.items), complete: feed.complete && feed.items.length <= WINDOW_SIZE },
      queue: queue?.next ?? marks.queue,
      mine: work,
    };
    this.deps.watermarks.setMany(this.id, serializeMarks(next));
    if (this.stopped) return;
    this.marks = next;
    this.pendingVanished = pendingVanished;
    this.turn = turn;
    const passFinished = (full || this.pass !== null) && reconcile.pass === null;
    this.pass = reconcile.pass;
    if (passFinished) this.nextPassAt = clock.now() + limits.reconcileEveryMs;
    if (!this.pass && clock.now() >= this.nextPassAt) {
      this.pass = freshPass();
      this.turn = 'reconcile';
    }

    for (const n of decision?.notifications ?? []) {
      try {
        this.deps.notify(n);
      } catch (error) {
        this.deps.log(`sync ${this.id}: notify failed: ${message(error)}`);
      }
    }
    const changed = new Set<number>([...byTicket.keys(), ...(alignment?.edited ?? []), ...fetched.keys(), ...(queue?.entered ?? []), ...(queue?.departed ?? [])]);
    const queues: ('mine' | 'new')[] = [];
    if (byTicket.size > 0 || vanished.length > 0 || !sameList(before, work)) queues.push('mine');
    if (queue && (queue.entered.length > 0 || queue.departed.length > 0 || queue.next.count !== marks.queue?.count)) queues.push('new');
    if (!firstRun && (changed.size > 0 || queues.length > 0)) {
      const full = [...fetched.values()].filter((t): t is Ticket => t !== null);
      try {
        this.deps.onTicketsChanged(this.id, [...changed], { fetched: full, queues });
      } catch (error) {
        this.deps.log(`sync ${this.id}: onTicketsChanged failed: ${message(error)}`);
      }
    }
    this.emitCounts(next);
  }

  private emitCounts(marks: SyncMarks): void {
    const c = (marks.mine ?? new MineList()).counts();
    const fresh = marks.queue?.count ?? null;
    const counts: SyncCounts = { unread: c.unread, mine: c.mine, new: fresh, badge: c.unread + (fresh ?? 0) };
    this.lastCounts = counts;
    try {
      this.deps.onCounts(this.id, counts);
    } catch (error) {
      this.deps.log(`sync ${this.id}: onCounts failed: ${message(error)}`);
    }
  }

  /** Pages back until the watermark is found (or the cap); a first sync reads one page only. */
  private async readFeed(client: SyncClient, mark: FeedMark | null): Promise<FeedRead> {
    const maxPages = mark ? this.deps.limits.maxFeedPages : 1;
    let read: FeedRead = { items: [], complete: true, alignment: null };
    for (let attempt = 1; attempt <= FEED_READ_ATTEMPTS; attempt++) {
      const items: FeedItem[] = [];
      let firstPage: FeedItem[] = [];
      let complete = false;
      let alignment: FeedAlignment | null = null;
      let pages = 0;
      for (let page = 1; page <= maxPages; page++) {
        const raw = (await client.lastEvents(page)).map(toFeedItem);
        if (page === 1) firstPage = raw;
        items.push(...raw);
        pages++;
        complete = raw.length < FEED_PAGE_SIZE;
        if (!mark) break;
        alignment = alignFeed(mark.window, mark.complete, items, complete);
        if (alignment || complete) break;
      }
      read = { items, complete, alignment };
      if (pages === 1) break;
      // Paging while new events arrive shifts items across page boundaries; only a read whose
      // first page is unchanged afterwards is free of duplicates.
      if (samePage((await client.lastEvents(1)).map(toFeedItem), firstPage)) break;
    }
    return read;
  }

  private async readQueue(client: SyncClient, prev: NewQueueState | null): Promise<NewQueueDiff> {
    let source: NewQueueSource = prev?.mode ?? 'list';
    let page = source === 'list' ? await client.getNewTickets({ page: 1 }) : await client.searchTickets({ ...NEWEST_UNASSIGNED, page: 1 });
    if (source === 'list' && page.pages > 1) {
      // The queue outgrew a page: its first page no longer shows what is newest.
      source = 'search';
      page = await client.searchTickets({ ...NEWEST_UNASSIGNED, page: 1 });
    }
    let exactCount: number | null = null;
    if (wantsExactCount(prev, page.pages)) {
      const last = source === 'list' ? await client.getNewTickets({ page: page.pages }) : await client.searchTickets({ ...NEWEST_UNASSIGNED, page: page.pages });
      exactCount = (page.pages - 1) * NEW_PAGE_SIZE + last.tickets.length;
    }
    return diffNewQueue(prev, { source, tickets: page.tickets, pages: page.pages, exactCount });
  }

  /** Reads up to `maxPages` pages of the agent's open list into `work`. */
  private async reconcile(client: SyncClient, me: SyncIdentity, work: MineList, pass: ReconcilePass, maxPages: number): Promise<ReconcileOutcome> {
    const { reconcilePageSize, maxReconcilePages } = this.deps.limits;
    for (let read = 0; read < maxPages; read++) {
      if (pass.pages !== null && pass.nextPage > pass.pages) break;
      if (pass.nextPage > maxReconcilePages) {
        pass.capped = true;
        break;
      }
      const page = await client.getMyTickets({ page: pass.nextPage, pageSize: reconcilePageSize });
      pass.pages = page.pages;
      for (const t of page.tickets) {
        pass.seen.add(t.ticketNumber);
        work.apply(t, me.staffId);
      }
      pass.nextPage++;
      if (page.tickets.length === 0) pass.pages = Math.min(pass.pages, pass.nextPage - 1);
    }
    const finished = pass.capped || (pass.pages !== null && pass.nextPage > pass.pages);
    if (!finished) return { pass, missing: [] };
    // Pages shift while they are read, so "not seen" only makes a ticket a suspect, checked one by one.
    const missing = pass.capped ? [] : work.numbers().filter((n) => !pass.seen.has(n) && !pass.touched.has(n));
    return { pass: null, missing };
  }

  /** The ticket, or null when the agent can no longer read it. Network and session errors abort the poll. */
  private async fetchTicket(client: SyncClient, ticketNumber: number): Promise<Ticket | null> {
    try {
      return await client.getTicket(ticketNumber);
    } catch (error) {
      if (error instanceof ApiError) return null;
      throw error;
    }
  }
}

function freshPass(): ReconcilePass {
  return { nextPage: 1, pages: null, seen: new Set(), touched: new Set(), capped: false };
}

function clonePass(p: ReconcilePass): ReconcilePass {
  return { nextPage: p.nextPage, pages: p.pages, seen: new Set(p.seen), touched: new Set(p.touched), capped: p.capped };
}

function sameList(a: MineList, b: MineList): boolean {
  if (a.size !== b.size) return false;
  for (const [n, e] of a.entries()) {
    const o = b.get(n);
    if (!o || o.owned !== e.owned || o.unread !== e.unread || o.title !== e.title || o.authored !== e.authored) return false;
  }
  return true;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
