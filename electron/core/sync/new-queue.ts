/**
 * Change detection on unassigned work (reference §4.2 get-new-tickets, §6.3, §8.3).
 *
 * `get-new-tickets` has no stable order, so its first page is compared as a set. That is exact
 * while the whole queue fits on the page. A larger queue's first page is a shifting sample
 * (staff-unread first, then database order, so a brand-new ticket need not be on it at all); for
 * such a queue the engine reads `ticket/search` newest-first instead, and a ticket counts as
 * arrived only if it is not older than the newest one seen before. A ticket that becomes
 * unassigned again in a queue larger than a page is therefore counted but not announced.
 */
import type { Ticket } from '../opensupports';

/** Which read describes the queue: the list path's page 1, or the newest-first search. */
export type NewQueueSource = 'list' | 'search';

export interface NewQueueState {
  /** What to read next time. */
  mode: NewQueueSource;
  /** The last read saw the whole queue, so `known` is its exact set. */
  whole: boolean;
  /** Ticket numbers seen in the queue (the whole queue in 'list' mode with one page). */
  known: number[];
  /** Creation time (ms) of the newest ticket seen in the queue. */
  newestAt: number | null;
  /** Page count of the last read. */
  pages: number;
  /** Tickets in the queue, when known exactly. */
  count: number | null;
}

export interface NewQueueObservation {
  source: NewQueueSource;
  /** The first page. */
  tickets: readonly Ticket[];
  pages: number;
  /** The exact size when the caller read the last page too, else null. */
  exactCount: number | null;
}

export interface NewQueueDiff {
  next: NewQueueState;
  /** New to the queue since the last read: the candidates for "new unassigned" notifications. */
  arrived: Ticket[];
  /** Left the queue (assigned, closed), known only when the whole queue was visible both times. */
  departed: number[];
  /** Every ticket number seen in the queue now for the first time, announced or not. */
  entered: number[];
}

const KNOWN_LIMIT = 300;
export const NEW_PAGE_SIZE = 10;

/** True when one page is the whole queue, so its set is exact. */
function whole(source: NewQueueSource, pages: number): boolean {
  return source === 'list' && pages <= 1;
}

/** Whether to read the last page for an exact count: only when the page count moved. */
export function wantsExactCount(prev: NewQueueState | null, pages: number): boolean {
  return pages > 1 && (prev === null || prev.pages !== pages || prev.count === null);
}

export function diffNewQueue(prev: NewQueueState | null, obs: NewQueueObservation): NewQueueDiff {
  const numbers = obs.tickets.map((t) => t.ticketNumber);
  const current = new Set(numbers);
  const newestNow = obs.tickets.reduce<number | null>((max, t) => Math.max(max ?? 0, t.date.getTime()), null);
  // One page (of either read) holds everything that read matches, so its length is the count.
  const exactNow = obs.pages <= 1 ? obs.tickets.length : obs.exactCount;
  const wholeNow = whole(obs.source, obs.pages);
  const next: NewQueueState = {
    mode: obs.pages > 1 ? 'search' : 'list',
    whole: wholeNow,
    known: wholeNow ? numbers : [...new Set([...numbers, ...(prev?.known ?? [])])].slice(0, KNOWN_LIMIT),
    newestAt: prev?.newestAt === null || prev?.newestAt === undefined ? newestNow : Math.max(prev.newestAt, newestNow ?? 0),
    pages: obs.pages,
    count: exactNow ?? (prev && prev.pages === obs.pages ? prev.count : null),
  };
  if (!prev) return { next, arrived: [], departed: [], entered: [] };
  const known = new Set(prev.known);
  const entered = numbers.filter((n) => !known.has(n));
  if (wholeNow && prev.whole) {
    return {
      next,
      arrived: obs.tickets.filter((t) => !known.has(t.ticketNumber)),
      departed: prev.known.filter((n) => !current.has(n)),
      entered,
    };
  }
  const since = prev.newestAt;
  const arrived = since === null ? [] : obs.tickets.filter((t) => !known.has(t.ticketNumber) && t.date.getTime() >= since);
  return { next, arrived, departed: [], entered };
}
