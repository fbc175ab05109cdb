import { describe, expect, it } from 'vitest';
import { belongsTo, normalizeFilters, queueKey, toClientSearch } from '../../../electron/core/tickets/filters';
import { event, sam, staffPerson, ticket } from './fixtures';

describe('queue filters', () => {
  it('normalises so the same search has one key, and the default search is plain "all"', () => {
    const a = normalizeFilters({ departments: [2, 1, 2], tags: [5], text: '  printer ', authors: [{ id: 3, isStaff: true }, { id: 1, isStaff: false }] });
    const b = normalizeFilters({ tags: [5], departments: [1, 2], text: 'printer', authors: [{ id: 1, isStaff: false }, { id: 3, isStaff: true }], status: 'any' });
    expect(a).toEqual(b);
    expect(queueKey('all', a)).toBe(queueKey('all', b));
    expect(queueKey('all', a)).toMatch(/^all:[0-9a-f]{24}$/);
    expect(queueKey('all', normalizeFilters({ status: 'any', text: '  ' }))).toBe('all');
    expect(queueKey('all', normalizeFilters({ status: 'open' }))).not.toBe('all');
    expect(queueKey('mine', null)).toBe('mine');
    expect(queueKey('new', null)).toBe('new');
  });

  it('maps onto the client’s /ticket/search filters', () => {
    expect(toClientSearch(normalizeFilters(undefined))).toEqual({});
    expect(
      toClientSearch(
        normalizeFilters({
          text: 'refund',
          status: 'closed',
          departments: [2],
          tags: [1],
          owners: [3],
          authors: [{ id: 1, isStaff: false }],
          assignment: 'unassigned',
          unreadOnly: true,
          from: '2026-01-01T00:00:00.000Z',
        }),
      ),
    ).toEqual({
      query: 'refund',
      closed: true,
      departments: [2],
      tags: [1],
      owners: [3],
      authors: [{ id: 1, isStaff: false }],
      assigned: false,
      unreadStaff: true,
      dateRange: { from: new Date('2026-01-01T00:00:00.000Z'), to: new Date(Date.UTC(9999, 11, 31, 23, 59)) },
    });
    expect(toClientSearch(normalizeFilters({ status: 'open', assignment: 'assigned' }))).toEqual({ closed: false, assigned: true });
  });

  it('decides queue membership from fresh data, or says it cannot tell', () => {
    const ctx = { agent: sam, tagIds: new Map([['urgent', 1]]) };
    const unowned = ticket();
    const mineOwned = ticket({ owner: { id: sam.id, name: 'Sam', email: 's@x' } });
    expect(belongsTo('new', null, unowned, ctx)).toBe(true);
    expect(belongsTo('new', null, mineOwned, ctx)).toBe(false);
    expect(belongsTo('new', null, ticket({ closed: true }), ctx)).toBe(false);
    expect(belongsTo('new', null, ticket({ department: { id: 3, name: 'Technical' } }), ctx)).toBe(false);
    expect(belongsTo('mine', null, mineOwned, ctx)).toBe(true);
    expect(belongsTo('mine', null, { ...mineOwned, closed: true }, ctx)).toBe(false);
    expect(belongsTo('mine', null, ticket({ author: staffPerson(sam.id), department: { id: 3, name: 'Technical' } }), ctx)).toBe(true);
    expect(belongsTo('mine', null, unowned, ctx)).toBe(false);

    expect(belongsTo('all', normalizeFilters(undefined), unowned, ctx)).toBe(true);
    expect(belongsTo('all', normalizeFilters(undefined), ticket({ department: { id: 3, name: 'Technical' } }), ctx)).toBe(false);
    expect(belongsTo('all', normalizeFilters({ status: 'closed' }), unowned, ctx)).toBe(false);
    expect(belongsTo('all', normalizeFilters({ assignment: 'assigned' }), mineOwned, ctx)).toBe(true);
    expect(belongsTo('all', normalizeFilters({ owners: [9] }), mineOwned, ctx)).toBe(false);
    expect(belongsTo('all', normalizeFilters({ tags: [1] }), ticket({ tags: ['urgent'] }), ctx)).toBe(true);
    expect(belongsTo('all', normalizeFilters({ tags: [1] }), ticket({ tags: [] }), ctx)).toBe(false);
    expect(belongsTo('all', normalizeFilters({ tags: [1] }), ticket({ tags: ['unknown'] }), ctx)).toBeNull();
    expect(belongsTo('all', normalizeFilters({ text: 'invoice' }), unowned, ctx)).toBeNull();
    expect(belongsTo('all', normalizeFilters({ text: 'invoice', status: 'closed' }), unowned, ctx)).toBe(false);
    expect(belongsTo('all', normalizeFilters({ to: '2026-12-01T00:00:00.000Z' }), unowned, ctx)).toBe(false);
    expect(belongsTo('all', normalizeFilters({ authors: [{ id: 1, isStaff: false }] }), unowned, ctx)).toBe(true);
    expect(belongsTo('all', normalizeFilters({ authors: [{ id: 1, isStaff: true }] }), unowned, ctx)).toBe(false);
  });

  it('judges a date range by creation, never by activity, counting whole minutes as the server does', () => {
    const ctx = { agent: sam, tagIds: new Map<string, number>() };
    // Opened 3 Dec 15:32, last activity 20 Dec.
    const old = ticket({ events: [event({ at: '2026-12-20T09:00:00.000Z' })] });
    expect(belongsTo('all', normalizeFilters({ from: '2026-12-10T00:00:00.000Z' }), old, ctx)).toBe(false);
    expect(belongsTo('all', normalizeFilters({ from: '2026-12-03T00:00:00.000Z', to: '2026-12-03T23:59:59.999Z' }), old, ctx)).toBe(true);
    // The server reads 15:32:30 as 15:32 (dates have no seconds), which includes a ticket opened at 15:32.
    const bound = normalizeFilters({ from: '2026-12-03T15:32:30.000Z', to: '2026-12-03T15:32:10.000Z' });
    expect(toClientSearch(bound).dateRange).toEqual({ from: new Date('2026-12-03T15:32:00.000Z'), to: new Date('2026-12-03T15:32:00.000Z') });
    expect(belongsTo('all', bound, old, ctx)).toBe(true);
    expect(belongsTo('all', normalizeFilters({ from: '2026-12-03T15:33:00.000Z' }), old, ctx)).toBe(false);
    expect(belongsTo('all', normalizeFilters({ to: '2026-12-03T15:31:59.999Z' }), old, ctx)).toBe(false);
  });
});
