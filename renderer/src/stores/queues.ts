import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { QueueName, QueueView, SearchFilters, TicketDetail, TicketRow } from '../../../electron/contract';
import { useBridge } from '../bridge';
import { dayEndIso, dayStartIso } from '../format';

export type QueueId = QueueName | 'all-helpdesks';
export type SortOrder = 'activity' | 'number';

/** What the filter bar edits; `toSearchFilters` turns it into what the contract takes. */
export interface FilterState {
  text: string;
  status: 'open' | 'closed' | 'any';
  departments: number[];
  tags: number[];
  owners: number[];
  authors: { id: number; isStaff: boolean }[];
  assignment: 'assigned' | 'unassigned' | 'any';
  unreadOnly: boolean;
  /** Calendar days (yyyy-mm-dd) as typed; converted to instants in the agent's time zone. */
  fromDay: string;
  toDay: string;
}

export function emptyFilters(): FilterState {
  return { text: '', status: 'any', departments: [], tags: [], owners: [], authors: [], assignment: 'any', unreadOnly: false, fromDay: '', toDay: '' };
}

export function activeFilterCount(f: FilterState): number {
  return (
    (f.text.trim() ? 1 : 0) +
    (f.status !== 'any' ? 1 : 0) +
    (f.departments.length ? 1 : 0) +
    (f.tags.length ? 1 : 0) +
    (f.owners.length ? 1 : 0) +
    (f.authors.length ? 1 : 0) +
    (f.assignment !== 'any' ? 1 : 0) +
    (f.unreadOnly ? 1 : 0) +
    (f.fromDay || f.toDay ? 1 : 0)
  );
}

export function toSearchFilters(f: FilterState): SearchFilters {
  // "#123456" is how agents write ticket numbers; the server's text search matches the bare number.
  const text = f.text.trim().replace(/^#(?=\d)/, '');
  const out: SearchFilters = {
    status: f.status,
    departments: [...f.departments],
    tags: [...f.tags],
    owners: [...f.owners],
    authors: f.authors.map((a) => ({ id: a.id, isStaff: a.isStaff })),
    assignment: f.assignment,
    unreadOnly: f.unreadOnly,
  };
  if (text) out.text = text;
  const from = f.fromDay ? dayStartIso(f.fromDay) : undefined;
  const to = f.toDay ? dayEndIso(f.toDay) : undefined;
  if (from) out.from = from;
  if (to) out.to = to;
  return out;
}

/** The same filters written two ways (defaults filled in or not, arrays in another order) compare equal. */
export function sameFilters(a: SearchFilters | null | undefined, b: SearchFilters | null | undefined): boolean {
  const norm = (f: SearchFilters | null | undefined) => {
    const sorted = (xs: number[] | undefined) => [...(xs ?? [])].sort((x, y) => x - y);
    return JSON.stringify({
      text: f?.text?.trim() || null,
      status: f?.status ?? 'any',
      departments: sorted(f?.departments),
      tags: sorted(f?.tags),
      owners: sorted(f?.owners),
      authors: [...(f?.authors ?? [])].map((a) => `${a.isStaff ? 's' : 'u'}${a.id}`).sort(),
      assignment: f?.assignment ?? 'any',
      unreadOnly: f?.unreadOnly ?? false,
      from: f?.from ?? null,
      to: f?.to ?? null,
    });
  };
  return norm(a) === norm(b);
}

export const rowKey = (row: Pick<TicketRow, 'helpdeskId' | 'ticketNumber'>): string => `${row.helpdeskId}#${row.ticketNumber}`;

export function rowFromDetail(d: TicketDetail): TicketRow {
  const { helpdeskId, ticketNumber, title, tags, department, author, owner, closed, unread, language, createdAt, lastActivityAt } = d;
  return { helpdeskId, ticketNumber, title, tags, department, author, owner, closed, unread, language, createdAt, lastActivityAt };
}

const SORT_KEY = 'staffdesk:queue-sort';

function readSort(): SortOrder {
  try {
    return localStorage.getItem(SORT_KEY) === 'number' ? 'number' : 'activity';
  } catch {
    return 'activity';
  }
}

function sortRows(rows: TicketRow[], order: SortOrder): TicketRow[] {
  const copy = [...rows];
  if (order === 'number') return copy.sort((a, b) => a.ticketNumber - b.ticketNumber);
  // ISO strings in UTC sort as text; the number breaks ties so the order never flickers.
  return copy.sort((a, b) => (a.lastActivityAt < b.lastActivityAt ? 1 : a.lastActivityAt > b.lastActivityAt ? -1 : b.ticketNumber - a.ticketNumber));
}

/**
 * A later page may come back as the whole list so far or as just the new rows; either way the
 * result is every row once, in the order the server gave.
 */
function mergePage(before: TicketRow[], page: TicketRow[]): TicketRow[] {
  const first = before[0];
  if (!first || page.some((r) => rowKey(r) === rowKey(first))) return page;
  const seen = new Set(before.map(rowKey));
  return [...before, ...page.filter((r) => !seen.has(rowKey(r)))];
}

/** How long a start-up queue:open stays good for the console's first fetch. */
const EARLY_MS = 3_000;

export const useQueuesStore = defineStore('queues', () => {
  const api = useBridge().api;

  const helpdeskId = ref<string | null>(null);
  const queue = ref<QueueId>('mine');
  const view = shallowRef<QueueView | null>(null);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const loadingMore = ref(false);
  const loadMoreError = shallowRef<unknown>(null);
  const filtersByHelpdesk = ref<Record<string, FilterState>>({});
  const sort = ref<SortOrder>(readSort());
  /** Index in `rows` of the row the keyboard is on. */
  const cursor = ref(0);
  /** Everyone seen as an author, so the author filter can offer names. */
  const knownAuthors = ref<Record<string, { id: number; isStaff: boolean; name: string }>>({});
  const lastQueue: Record<string, QueueId> = {};
  let seq = 0;
  /** `loadMore` was asked for while a load was under way. */
  let moreWanted = false;
  let unsubscribe: (() => void) | null = null;

  const filters = computed<FilterState>(() => (helpdeskId.value ? filtersByHelpdesk.value[helpdeskId.value] : undefined) ?? emptyFilters());
  const rows = computed(() => sortRows(view.value?.rows ?? [], sort.value));
  const cursorRow = computed(() => rows.value[cursor.value] ?? null);
  const searchFilters = computed(() => (queue.value === 'all' ? toSearchFilters(filters.value) : undefined));

  function start(): void {
    unsubscribe ??= api.on('queue:changed', onChanged);
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  function remember(v: QueueView): void {
    let added = false;
    const next = { ...knownAuthors.value };
    for (const r of v.rows) {
      if (r.author.id === null) continue;
      const k = `${r.author.staff ? 's' : 'u'}${r.author.id}`;
      if (!next[k]) {
        next[k] = { id: r.author.id, isStaff: r.author.staff, name: r.author.name };
        added = true;
      }
    }
    if (added) knownAuthors.value = next;
  }

  function matches(v: QueueView): boolean {
    if (v.queue !== queue.value) return false;
    if (v.queue === 'all-helpdesks') return true;
    if (v.helpdeskId !== helpdeskId.value) return false;
    return v.queue !== 'all' || sameFilters(v.filters, searchFilters.value);
  }

  /** Replaces the view, keeping the keyboard on the same ticket when it is still there. */
  function show(v: QueueView): void {
    const at = cursorRow.value ? rowKey(cursorRow.value) : null;
    view.value = v;
    remember(v);
    if (at) {
      const i = rows.value.findIndex((r) => rowKey(r) === at);
      cursor.value = i >= 0 ? i : Math.min(cursor.value, Math.max(rows.value.length - 1, 0));
    }
  }

  function onChanged(v: QueueView): void {
    if (matches(v)) show(v);
    else remember(v);
    // Newer than the start-up answer the console has not taken yet: that is what it should show.
    if (early && v.helpdeskId !== null && early.key === `${v.helpdeskId}\n${v.queue}`) early = { ...early, answer: Promise.resolve(v) };
  }

  /**
   * A queue:open sent at start-up for the helpdesk shown last, alongside the helpdesk list instead of
   * after it (and after the console has mounted): the first rows are then on their way one round
   * trip earlier. Used once, by the console's first fetch of that same queue, if it comes soon.
   */
  let early: { key: string; at: number; answer: Promise<QueueView> } | null = null;

  function prefetch(id: string, q: QueueName): void {
    if (q === 'all') return;
    const answer = api['queue:open']({ helpdeskId: id, queue: q });
    // The console asks again if this fails (e.g. that helpdesk was removed meanwhile).
    answer.catch(() => undefined);
    early = { key: `${id}\n${q}`, at: Date.now(), answer };
  }

  function takeEarly(id: string | null, q: QueueId): Promise<QueueView> | null {
    const e = early;
    early = null;
    return e && e.key === `${id}\n${q}` && Date.now() - e.at < EARLY_MS ? e.answer : null;
  }

  /** `force`: the agent asked (Refresh, back online), so the core reads the server even if it just did. */
  async function fetch(force = false): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    error.value = null;
    loadMoreError.value = null;
    try {
      const q = queue.value;
      const ahead = force ? null : takeEarly(helpdeskId.value, q);
      const v =
        (ahead && (await ahead.catch(() => null))) ??
        (q === 'all-helpdesks'
          ? await api['queue:allHelpdesks'](force ? { force } : undefined)
          : await api['queue:open']({ helpdeskId: helpdeskId.value ?? '', queue: q, ...(q === 'all' ? { filters: searchFilters.value } : {}), ...(force ? { force } : {}) }));
      if (mine !== seq) return;
      show(v);
    } catch (e) {
      if (mine === seq) error.value = e;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  /** Shows a queue; the previous queue's rows go at once, so nothing stale is ever mistaken for it. */
  function open(id: string | null, q: QueueId): Promise<void> {
    const changed = id !== helpdeskId.value || q !== queue.value;
    if (id) helpdeskId.value = id;
    queue.value = q;
    if (id) lastQueue[id] = q;
    if (changed) {
      view.value = null;
      cursor.value = 0;
    }
    return fetch();
  }

  function lastQueueOf(id: string): QueueId {
    return lastQueue[id] ?? 'mine';
  }

  function refresh(): Promise<void> {
    return fetch(true);
  }

  function setFilters(next: FilterState): Promise<void> {
    if (!helpdeskId.value) return Promise.resolve();
    filtersByHelpdesk.value = { ...filtersByHelpdesk.value, [helpdeskId.value]: next };
    if (queue.value !== 'all') return Promise.resolve();
    view.value = null;
    cursor.value = 0;
    return fetch();
  }

  /** The load under way, so a caller can wait for its rows (the keyboard past the last row). */
  let loadingMorePromise: Promise<void> | null = null;

  function loadMore(): Promise<void> {
    if (loadingMorePromise) {
      // The list reached its end again while pages were on their way (their rows can arrive as
      // events first): asked once more when this load is over, or the list would stop there.
      moreWanted = true;
      return loadingMorePromise;
    }
    const v = view.value;
    const q = queue.value;
    if (!v || v.complete || loading.value) return Promise.resolve();
    if (q !== 'all-helpdesks' && !helpdeskId.value) return Promise.resolve();
    moreWanted = false;
    // The next load starts only once this one is cleared, or it would find it still under way.
    loadingMorePromise = loadMorePages(helpdeskId.value ?? '', q).then((ok) => {
      loadingMorePromise = null;
      // Read here, after the new rows' render has had its turn: that is when the list sees its end again.
      const again = ok && moreWanted;
      moreWanted = false;
      return again ? loadMore() : undefined;
    });
    return loadingMorePromise;
  }

  /** Reads the next pages; false when that failed or the queue changed meanwhile. */
  async function loadMorePages(id: string, q: QueueId): Promise<boolean> {
    const mine = seq;
    loadingMore.value = true;
    loadMoreError.value = null;
    let failed = false;
    try {
      const next =
        q === 'all-helpdesks'
          ? await api['queue:allHelpdesksLoadMore']()
          : await api['queue:loadMore']({ helpdeskId: id, queue: q, ...(q === 'all' ? { filters: searchFilters.value } : {}) });
      if (mine === seq && view.value) show({ ...next, rows: mergePage(view.value.rows, next.rows) });
    } catch (e) {
      failed = true;
      if (mine === seq) loadMoreError.value = e;
    } finally {
      loadingMore.value = false;
    }
    return !failed && mine === seq;
  }

  function setSort(order: SortOrder): void {
    const at = cursorRow.value ? rowKey(cursorRow.value) : null;
    sort.value = order;
    try {
      localStorage.setItem(SORT_KEY, order);
    } catch {
      // Unavailable storage only means the choice lasts for this run.
    }
    if (at) cursor.value = Math.max(0, rows.value.findIndex((r) => rowKey(r) === at));
  }

  function moveCursor(delta: number): TicketRow | null {
    const n = rows.value.length;
    if (n === 0) return null;
    cursor.value = Math.min(n - 1, Math.max(0, cursor.value + delta));
    return cursorRow.value;
  }

  /** Like `moveCursor`, but past the last row loaded it waits for the next ones, as scrolling would load them. */
  async function stepCursor(delta: number): Promise<TicketRow | null> {
    if (delta > 0 && cursor.value + delta >= rows.value.length && view.value && !view.value.complete) {
      const at = cursorRow.value;
      await loadMore();
      // Rows may have been re-sorted meanwhile: step from where the cursor's row is now.
      if (at) setCursorTo(at);
    }
    return moveCursor(delta);
  }

  function setCursorTo(ref: Pick<TicketRow, 'helpdeskId' | 'ticketNumber'>): void {
    const i = rows.value.findIndex((r) => rowKey(r) === rowKey(ref));
    if (i >= 0) cursor.value = i;
  }

  /** An action's result shows in the list at once; the core's own queue:changed follows. */
  function patchRow(detail: TicketDetail): void {
    const v = view.value;
    if (!v) return;
    const k = rowKey(detail);
    if (!v.rows.some((r) => rowKey(r) === k)) return;
    show({ ...v, rows: v.rows.map((r) => (rowKey(r) === k ? rowFromDetail(detail) : r)) });
  }

  return {
    helpdeskId,
    queue,
    view,
    loading,
    error,
    loadingMore,
    loadMoreError,
    filters,
    sort,
    cursor,
    knownAuthors,
    rows,
    cursorRow,
    searchFilters,
    start,
    stop,
    prefetch,
    open,
    lastQueueOf,
    refresh,
    setFilters,
    loadMore,
    setSort,
    moveCursor,
    stepCursor,
    setCursorTo,
    patchRow,
  };
});
