/**
 * The agent's open personal list (owned or created, reference §4.2 get-tickets) as the engine
 * knows it: enough per ticket for the counts and to notice a ticket that silently left the list.
 * Kept small on purpose; the ticket cache holds the tickets themselves.
 */

export interface MineEntry {
  title: string;
  /** The agent is the owner. */
  owned: boolean;
  /** The agent opened the ticket. */
  authored: boolean;
  /** Unread for the agent (§6.2): the staff-side flag, or the author-side one on tickets the agent opened. */
  unread: boolean;
}

/** The fields of a ticket the list needs; the client's Ticket and the cache's TicketData both fit. */
export interface TicketFlags {
  ticketNumber: number;
  title: string;
  closed: boolean;
  unread: boolean;
  unreadStaff: boolean;
  owner: { id: number } | null;
  author: { id: number | null; staff: boolean };
}

export function isMe(person: { id: number | null; staff: boolean } | null | undefined, staffId: number): boolean {
  return !!person && person.staff && person.id === staffId;
}

/** The entry for an open ticket of the agent's personal list, or null when it is not one. */
export function mineEntryOf(t: TicketFlags, staffId: number): MineEntry | null {
  const owned = t.owner?.id === staffId;
  const authored = isMe(t.author, staffId);
  if (t.closed || (!owned && !authored)) return null;
  return { title: t.title, owned, authored, unread: authored ? t.unread : t.unreadStaff };
}

export interface MineCounts {
  /** Open tickets in the personal list. */
  mine: number;
  /** Of those, unread for the agent. */
  unread: number;
  /** Open tickets the agent owns (drives the 'auto' new-ticket setting). */
  owned: number;
}

export class MineList {
  private readonly map = new Map<number, MineEntry>();

  constructor(entries: Iterable<[number, MineEntry]> = []) {
    for (const [n, e] of entries) this.map.set(n, e);
  }

  get(ticketNumber: number): MineEntry | null {
    return this.map.get(ticketNumber) ?? null;
  }

  has(ticketNumber: number): boolean {
    return this.map.has(ticketNumber);
  }

  numbers(): number[] {
    return [...this.map.keys()];
  }

  entries(): [number, MineEntry][] {
    return [...this.map.entries()];
  }

  get size(): number {
    return this.map.size;
  }

  /** Records what a fresh copy of a ticket says; returns the entry before the change. */
  apply(t: TicketFlags, staffId: number): { before: MineEntry | null; after: MineEntry | null; changed: boolean } {
    const before = this.get(t.ticketNumber);
    const after = mineEntryOf(t, staffId);
    if (after) this.map.set(t.ticketNumber, after);
    else this.map.delete(t.ticketNumber);
    return { before, after, changed: !sameEntry(before, after) };
  }

  delete(ticketNumber: number): boolean {
    return this.map.delete(ticketNumber);
  }

  counts(): MineCounts {
    let unread = 0;
    let owned = 0;
    for (const e of this.map.values()) {
      if (e.unread) unread++;
      if (e.owned) owned++;
    }
    return { mine: this.map.size, unread, owned };
  }
}

function sameEntry(a: MineEntry | null, b: MineEntry | null): boolean {
  if (a === null || b === null) return a === b;
  return a.title === b.title && a.owned === b.owned && a.authored === b.authored && a.unread === b.unread;
}
