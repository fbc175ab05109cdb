/**
 * Change detection on `staff/last-events` (reference §3.3, §4.2, §6.12).
 *
 * Items carry no id and no date, so an item is known by its key `type|ticket|s/u|authorId`
 * and the watermark is the sequence of keys at the top of the feed when it was last read. The
 * feed is a live view of the agent's personal list, newest first, which makes it shift in
 * three ways between two reads:
 *  - new events appear at the top (what we are looking for);
 *  - a ticket that leaves the list (unassigned, moved) takes every one of its items with it;
 *  - a ticket that joins the list (assigned to the agent) brings its whole history, spliced in
 *    by date, with its ASSIGN at the top.
 * `alignFeed` finds how many top items are new by trying every split and keeping the one that
 * explains the old window with the fewest vanished tickets. `edited` is not part of the key,
 * because editing a comment flips it on an old item; a flip is reported as a changed ticket.
 */
import type { ActivityItem, TicketEventType } from '../opensupports';

export const FEED_PAGE_SIZE = 10;
/** Items kept as the watermark: enough anchors to survive a few tickets leaving at once. */
export const WINDOW_SIZE = 20;
/** Matched items needed before a split is trusted, so a lone coincidental key is not an anchor. */
export const MIN_ANCHORS = 3;

export interface FeedItem {
  key: string;
  type: TicketEventType;
  ticketNumber: number;
  author: { id: number | null; staff: boolean; name: string | null };
  edited: boolean;
}

export interface WindowEntry {
  key: string;
  ticketNumber: number;
  edited: boolean;
}

export function feedKey(type: string, ticketNumber: number, staff: boolean, authorId: number | null): string {
  return `${type}|${ticketNumber}|${staff ? 's' : 'u'}|${authorId ?? '-'}`;
}

export function toFeedItem(a: ActivityItem): FeedItem {
  return {
    key: feedKey(a.type, a.ticketNumber, a.author.staff, a.author.id),
    type: a.type,
    ticketNumber: a.ticketNumber,
    author: { id: a.author.id, staff: a.author.staff, name: a.author.name },
    edited: a.edited,
  };
}

export function toWindow(items: readonly FeedItem[]): WindowEntry[] {
  return items.slice(0, WINDOW_SIZE).map((i) => ({ key: i.key, ticketNumber: i.ticketNumber, edited: i.edited }));
}

export interface FeedAlignment {
  /** How many items at the top of the fetched sequence are newer than the watermark. */
  fresh: number;
  /** Tickets whose old items vanished: they left the agent's personal list. */
  left: number[];
  /** Tickets with an old item whose `edited` flag changed. */
  edited: number[];
  /** Tickets with an ASSIGN among the fresh items: they may have just joined the list. */
  joined: number[];
  /** Old items found again; the evidence for this split. */
  anchors: number;
}

interface Candidate extends FeedAlignment {
  valid: boolean;
  enough: boolean;
}

function evaluate(window: readonly WindowEntry[], windowComplete: boolean, fetched: readonly FeedItem[], fetchedComplete: boolean, p: number): Candidate {
  const joined = new Set<number>();
  for (let k = 0; k < p; k++) {
    const item = fetched[k];
    if (item?.type === 'ASSIGN') joined.add(item.ticketNumber);
  }
  // A joined ticket's history is spliced into the old part; it says nothing about the watermark.
  const a = fetched.slice(p).filter((i) => !joined.has(i.ticketNumber));
  const b = window.filter((e) => !joined.has(e.ticketNumber));
  const left = new Set<number>();
  const edited = new Set<number>();
  let anchors = 0;
  let i = 0;
  let j = 0;
  const invalid = (): Candidate => ({ fresh: p, left: [], edited: [], joined: [], anchors: 0, valid: false, enough: false });
  while (i < a.length && j < b.length) {
    const oldItem = b[j] as WindowEntry;
    if (left.has(oldItem.ticketNumber)) {
      j++;
      continue;
    }
    const item = a[i] as FeedItem;
    if (item.key === oldItem.key) {
      if (item.edited !== oldItem.edited) edited.add(item.ticketNumber);
      anchors++;
      i++;
      j++;
    } else {
      // Items never appear out of order, so an old item with no partner means its ticket left.
      left.add(oldItem.ticketNumber);
      j++;
    }
  }
  if (j < b.length && fetchedComplete) {
    for (; j < b.length; j++) left.add((b[j] as WindowEntry).ticketNumber);
  }
  // The old window was the whole feed: nothing older than it can exist.
  if (i < a.length && j >= b.length && windowComplete) return invalid();
  // A ticket that left has no items anywhere in the feed, old or new.
  if (fetched.some((item) => left.has(item.ticketNumber))) return invalid();
  const expected = b.filter((e) => !left.has(e.ticketNumber)).length;
  // "Every old ticket left" explains any page of unknown items, and so does "all of it is new".
  // Only the end of the feed can tell them apart: until it is reached, at least one anchor is needed.
  const enough = anchors >= Math.min(MIN_ANCHORS, expected) && (fetchedComplete || b.length === 0 || anchors > 0);
  return { fresh: p, left: [...left], edited: [...edited], joined: [...joined], anchors, valid: true, enough };
}

/**
 * The split of `fetched` (newest first, possibly several pages) into fresh items and items the
 * watermark already covered, or null when no split is trustworthy yet: read another page, or,
 * at the page cap, treat everything read as fresh.
 */
export function alignFeed(window: readonly WindowEntry[], windowComplete: boolean, fetched: readonly FeedItem[], fetchedComplete: boolean): FeedAlignment | null {
  let best: Candidate | null = null;
  for (let p = 0; p <= fetched.length; p++) {
    const c = evaluate(window, windowComplete, fetched, fetchedComplete, p);
    if (!c.valid || !c.enough) continue;
    // Prefer the explanation with the fewest vanished tickets, then the fewest fresh items:
    // when keys repeat, under-announcing is better than repeating an old event.
    if (!best || c.left.length < best.left.length) best = c;
  }
  if (!best) return null;
  return { fresh: best.fresh, left: best.left, edited: best.edited, joined: best.joined, anchors: best.anchors };
}

/** Two reads of the same page are the same sequence (used to detect a shift while paging). */
export function samePage(a: readonly FeedItem[], b: readonly FeedItem[]): boolean {
  return a.length === b.length && a.every((item, k) => item.key === b[k]?.key && item.edited === b[k]?.edited);
}
