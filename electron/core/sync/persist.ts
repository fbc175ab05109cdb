/**
 * The engine's per-helpdesk markers in the store's `watermarks` table. Each value says which
 * staff account it belongs to: signing in to the same helpdesk as someone else starts afresh
 * (a first sync, so nothing of the other account's history is announced). A value that does not
 * parse is treated as missing, which also means "first sync": safe, because a first sync never
 * notifies.
 */
import { z } from 'zod';
import { WINDOW_SIZE, type WindowEntry } from './feed';
import { MineList, type MineEntry } from './mine';
import type { NewQueueState } from './new-queue';

export const FEEDS = { events: 'sync.events', queue: 'sync.new', mine: 'sync.mine' } as const;

/** What the engine needs from the store (the WatermarkRepo fits). */
export interface WatermarkStore {
  get(helpdeskId: string, feed: string): string | null;
  setMany(helpdeskId: string, values: Readonly<Record<string, string>>): void;
}

export interface FeedMark {
  window: WindowEntry[];
  /** The window was the whole feed when it was read. */
  complete: boolean;
}

export interface SyncMarks {
  staffId: number;
  feed: FeedMark | null;
  queue: NewQueueState | null;
  mine: MineList | null;
}

const zKey = z.string().regex(/^[A-Z_]+\|\d+\|[su]\|(\d+|-)$/);
const zFeedMark = z.object({
  v: z.literal(1),
  staffId: z.number().int(),
  complete: z.boolean(),
  window: z.array(z.tuple([zKey, z.union([z.literal(0), z.literal(1)])])).max(WINDOW_SIZE),
});
const zQueueMark = z.object({
  v: z.literal(1),
  staffId: z.number().int(),
  mode: z.enum(['list', 'search']),
  whole: z.boolean(),
  known: z.array(z.number().int()).max(1000),
  newestAt: z.number().nullable(),
  pages: z.number().int().min(0),
  count: z.number().int().min(0).nullable(),
});
/** Entries as [ticketNumber, flags, title]; flags: 1 owned, 2 authored, 4 unread. */
const zMineMark = z.object({
  v: z.literal(1),
  staffId: z.number().int(),
  tickets: z.array(z.tuple([z.number().int(), z.number().int().min(0).max(7), z.string()])),
});

function parse<T>(schema: z.ZodType<T>, text: string | null): T | null {
  if (text === null) return null;
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

function ticketOfKey(key: string): number {
  return Number(key.split('|')[1]);
}

export function loadMarks(store: WatermarkStore, helpdeskId: string, staffId: number): SyncMarks {
  const feed = parse(zFeedMark, store.get(helpdeskId, FEEDS.events));
  const queue = parse(zQueueMark, store.get(helpdeskId, FEEDS.queue));
  const mine = parse(zMineMark, store.get(helpdeskId, FEEDS.mine));
  return {
    staffId,
    feed:
      feed && feed.staffId === staffId
        ? { complete: feed.complete, window: feed.window.map(([key, edited]) => ({ key, ticketNumber: ticketOfKey(key), edited: edited === 1 })) }
        : null,
    queue:
      queue && queue.staffId === staffId
        ? { mode: queue.mode, whole: queue.whole, known: queue.known, newestAt: queue.newestAt, pages: queue.pages, count: queue.count }
        : null,
    mine:
      mine && mine.staffId === staffId
        ? new MineList(
            mine.tickets.map(([n, flags, title]): [number, MineEntry] => [n, { title, owned: (flags & 1) !== 0, authored: (flags & 2) !== 0, unread: (flags & 4) !== 0 }]),
          )
        : null,
  };
}

export function serializeMarks(marks: SyncMarks): Record<string, string> {
  const out: Record<string, string> = {};
  const { staffId } = marks;
  if (marks.feed) {
    out[FEEDS.events] = JSON.stringify({ v: 1, staffId, complete: marks.feed.complete, window: marks.feed.window.map((e) => [e.key, e.edited ? 1 : 0]) });
  }
  if (marks.queue) out[FEEDS.queue] = JSON.stringify({ v: 1, staffId, ...marks.queue });
  if (marks.mine) {
    const tickets = marks.mine.entries().map(([n, e]) => [n, (e.owned ? 1 : 0) | (e.authored ? 2 : 0) | (e.unread ? 4 : 0), e.title]);
    out[FEEDS.mine] = JSON.stringify({ v: 1, staffId, tickets });
  }
  return out;
}
