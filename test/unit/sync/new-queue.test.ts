import { describe, expect, it } from 'vitest';
import { diffNewQueue } from '../../../electron/core/sync';
import type { Ticket } from '../../../electron/core/opensupports';

function ticket(n: number, minutesAgo = 0): Ticket {
  return {
    ticketNumber: n,
    title: `T${n}`,
    content: 'body',
    department: { id: 1, name: 'Billing' },
    date: new Date(Date.UTC(2026, 2, 6, 12, 0) - minutesAgo * 60_000),
    file: null,
    language: 'en',
    unread: false,
    unreadStaff: true,
    closed: false,
    author: { id: 1, name: 'Alice', email: 'a@x', staff: false, profilePic: null, customfields: [], exists: true },
    owner: null,
    events: [],
    tags: [],
    edited: false,
    editedTitle: false,
  };
}

describe('diffNewQueue', () => {
  it('announces nothing on the first read', () => {
    const d = diffNewQueue(null, { source: 'list', tickets: [ticket(1), ticket(2)], pages: 1, exactCount: null });
    expect(d.arrived).toEqual([]);
    expect(d.next).toMatchObject({ mode: 'list', whole: true, known: [1, 2], count: 2 });
  });

  it('compares sets, not order', () => {
    const first = diffNewQueue(null, { source: 'list', tickets: [ticket(1), ticket(2), ticket(3)], pages: 1, exactCount: null }).next;
    const d = diffNewQueue(first, { source: 'list', tickets: [ticket(3), ticket(4), ticket(1), ticket(2)], pages: 1, exactCount: null });
    expect(d.arrived.map((t) => t.ticketNumber)).toEqual([4]);
    expect(d.departed).toEqual([]);
    const e = diffNewQueue(d.next, { source: 'list', tickets: [ticket(2), ticket(4)], pages: 1, exactCount: null });
    expect(e.arrived).toEqual([]);
    expect(e.departed.sort()).toEqual([1, 3]);
  });

  it('announces a ticket that became unassigned again while the whole queue is visible', () => {
    const first = diffNewQueue(null, { source: 'list', tickets: [ticket(1)], pages: 1, exactCount: null }).next;
    const d = diffNewQueue(first, { source: 'list', tickets: [ticket(1), ticket(9, 60 * 24 * 30)], pages: 1, exactCount: null });
    expect(d.arrived.map((t) => t.ticketNumber)).toEqual([9]);
  });

  it('switches to the newest-first read when the queue outgrows a page, and only announces tickets not older than the newest seen', () => {
    const first = diffNewQueue(null, { source: 'list', tickets: [ticket(1, 10)], pages: 1, exactCount: null }).next;
    const grown = diffNewQueue(first, { source: 'search', tickets: [ticket(5, 0), ticket(6, 30), ticket(1, 10)], pages: 3, exactCount: 23 });
    expect(grown.arrived.map((t) => t.ticketNumber)).toEqual([5]);
    expect(grown.next).toMatchObject({ mode: 'search', whole: false, count: 23, pages: 3 });
    const same = diffNewQueue(grown.next, { source: 'search', tickets: [ticket(6, 30), ticket(5, 0)], pages: 3, exactCount: null });
    expect(same.arrived).toEqual([]);
    expect(same.next.count).toBe(23);
  });

  it('forgets an exact count when the page count moves without one', () => {
    const a = diffNewQueue(null, { source: 'search', tickets: [ticket(1)], pages: 3, exactCount: 25 }).next;
    expect(diffNewQueue(a, { source: 'search', tickets: [ticket(1)], pages: 4, exactCount: null }).next.count).toBeNull();
  });
});
