import { describe, expect, it } from 'vitest';
import { searchParams, searchWithWorkarounds, triggersDepartmentBug } from '../../../electron/core/opensupports/search';
import type { Params } from '../../../electron/core/opensupports/encoding';
import type { Ticket, TicketPage } from '../../../electron/core/opensupports/schemas';

function ticket(n: number, department: number): Ticket {
  return { ticketNumber: n, department: { id: department, name: `D${department}` } } as Ticket;
}

describe('ticket/search parameters', () => {
  it('encodes every filter the way the server validates it', () => {
    const params = searchParams(
      {
        query: '  invoice ',
        closed: false,
        unreadStaff: true,
        assigned: false,
        tags: [1],
        owners: [3],
        authors: [{ id: 7, isStaff: false }],
        dateRange: { from: new Date(Date.UTC(2026, 0, 1)), to: new Date(Date.UTC(2026, 11, 31, 23, 59)) },
        orderBy: { value: 'date', asc: true },
      },
      2,
    );
    expect(params).toMatchObject({
      page: 2,
      query: 'invoice',
      closed: false,
      unreadStaff: true,
      assigned: false,
      tags: [1],
      owners: [3],
      authors: [{ id: 7, isStaff: 0 }],
      dateRange: [202601010000, 202612312359],
      orderBy: { value: 'date', asc: 1 },
    });
    expect(params['departments']).toBeUndefined();
  });

  it('omits an empty query (the server rejects "")', () => {
    expect(searchParams({ query: '   ' }, 1)['query']).toBeUndefined();
  });
});

describe('the departments + filters server bug (§6.16-1)', () => {
  it('is detected only for the combinations that break', () => {
    expect(triggersDepartmentBug({ departments: [1] })).toBe(false);
    expect(triggersDepartmentBug({ departments: [1], query: 'x', owners: [1] })).toBe(false);
    expect(triggersDepartmentBug({ departments: [1], closed: false })).toBe(true);
    expect(triggersDepartmentBug({ departments: [], closed: false })).toBe(false);
  });

  it('never sends departments with the breaking filters, and filters and re-pages locally', async () => {
    // 25 tickets over 3 server pages; departments alternate 1, 2, 3.
    const all = Array.from({ length: 25 }, (_, i) => ticket(100000 + i, (i % 3) + 1));
    const sent: Params[] = [];
    const call = async (params: Params): Promise<TicketPage> => {
      sent.push(params);
      const page = Number(params['page']);
      return { tickets: all.slice((page - 1) * 10, page * 10), pages: 3, page };
    };
    const result = await searchWithWorkarounds(call, { departments: [2, 3], closed: false, page: 2 });
    expect(sent.every((p) => p['departments'] === undefined && p['closed'] === false)).toBe(true);
    expect(sent).toHaveLength(3);
    const expected = all.filter((t) => t.department.id !== 1);
    expect(result.pages).toBe(Math.ceil(expected.length / 10));
    expect(result.tickets.map((t) => t.ticketNumber)).toEqual(expected.slice(10, 20).map((t) => t.ticketNumber));
  });

  it('passes a plain search straight through as one request', async () => {
    const sent: Params[] = [];
    await searchWithWorkarounds(async (p) => (sent.push(p), { tickets: [], pages: 0 }), { departments: [2], query: 'x' });
    expect(sent).toEqual([expect.objectContaining({ departments: [2], query: 'x', page: 1 })]);
  });
});
