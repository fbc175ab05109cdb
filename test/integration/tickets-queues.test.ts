import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QueueName, QueueView, SearchFilters } from '../../electron/contract';
import { startSim, type RunningSim } from '../../sim';
import { ALL_HELPDESKS_MAX_PAGES, PAGE_SIZE } from '../../electron/core/tickets/queues';
import { ADMIN, DEPT, SAM, STAFF, T, TAG, TERRY, useCores, type Harness } from './tickets-harness';

/**
 * Queues against the recorded-seed simulator over real HTTP, with the real SQLite store:
 * which tickets each queue and filter lists, cache first then `queue:changed`, offline,
 * restart, and the merged all-helpdesks view.
 */
const newCore = useCores();
let sim: RunningSim;
beforeEach(async () => {
  sim = await startSim({ seed: 'recorded' });
});
afterEach(async () => {
  await sim.close();
});

const ALL_TICKETS = Object.values(T);
const numbers = (view: QueueView) => view.rows.map((r) => r.ticketNumber).sort((a, b) => a - b);
const sorted = (list: readonly number[]) => [...list].sort((a, b) => a - b);

/** Opens a queue and loads every page; returns the last view. */
async function loadAll(h: Harness, helpdeskId: string, queue: QueueName, filters?: SearchFilters): Promise<QueueView> {
  await h.ok('queue:open', { helpdeskId, queue, ...(filters ? { filters } : {}) });
  let view = await h.ok('queue:loadMore', { helpdeskId, queue, ...(filters ? { filters } : {}) });
  for (let guard = 0; !view.complete && guard < 50; guard++) view = await h.ok('queue:loadMore', { helpdeskId, queue, ...(filters ? { filters } : {}) });
  expect(view.error).toBeNull();
  expect(view.complete).toBe(true);
  return view;
}

describe('the three queues', () => {
  it('"mine" lists tickets assigned to me and tickets I opened, open only', async () => {
    const h = await newCore();
    const id = await h.signIn(sim, ADMIN);
    sim.act.assign(T.login, { by: STAFF.admin });
    sim.act.assign(T.invoice, { by: STAFF.admin });
    sim.act.close(T.invoice, { by: STAFF.admin });
    const mine = sim.act.createTicket({ staffId: STAFF.admin, title: 'Printer on fire', content: 'Second floor.', departmentId: DEPT.billing });
    sim.act.assign(Number(mine), { by: STAFF.admin, to: STAFF.terry });
    const view = await loadAll(h, id, 'mine');
    expect(numbers(view)).toEqual(sorted([T.login, Number(mine)]));
    expect(view).toMatchObject({ helpdeskId: id, queue: 'mine', filters: null, total: 2, complete: true, freshness: 'fresh', error: null });
    const own = view.rows.find((r) => r.ticketNumber === Number(mine));
    expect(own).toMatchObject({ owner: { id: STAFF.terry, name: 'Terry Lead' }, author: { id: STAFF.admin, staff: true }, department: { id: DEPT.billing, name: 'Billing' } });
  });

  it('"new" lists open, unassigned tickets of my departments only', async () => {
    const h = await newCore();
    const id = await h.signIn(sim, SAM); // Help and Support + Billing
    sim.act.assign(T.email, { by: STAFF.admin, to: STAFF.sam });
    sim.act.close(T.refund, { by: STAFF.admin });
    const view = await loadAll(h, id, 'new');
    expect(numbers(view)).toEqual(sorted([T.login, T.invoice, T.password, T.vat, T.darkMode, T.payment]));
    expect(view.total).toBe(6);
    expect(view.rows.every((r) => r.unread && r.owner === null && !r.closed)).toBe(true);
  });

  it('"all" hides the 10-per-page paging: page 1 first, then the rest, with a total from the page count', async () => {
    const h = await newCore();
    const id = await h.signIn(sim, ADMIN);
    const opened = await h.ok('queue:open', { helpdeskId: id, queue: 'all' });
    expect(opened).toMatchObject({ rows: [], refreshing: true, freshness: 'stale', complete: false, total: null });
    const first = await h.waitFor('queue:changed', (v) => v.helpdeskId === id && v.queue === 'all' && !v.refreshing);
    expect(first.rows).toHaveLength(10);
    expect(first).toMatchObject({ complete: false, total: 20, freshness: 'fresh' });
    const more = await h.ok('queue:loadMore', { helpdeskId: id, queue: 'all' });
    expect(numbers(more)).toEqual(sorted(ALL_TICKETS));
    expect(more).toMatchObject({ complete: true, total: 12 });
    // Rows carry display data: ISO dates, tags, the department, and "unread for me".
    const row = more.rows.find((r) => r.ticketNumber === T.login)!;
    expect(row).toMatchObject({ helpdeskId: id, title: 'Cannot log in to my account', unread: true, closed: false, language: 'en', createdAt: '2026-12-03T15:32:00.000Z' });
    expect(row.lastActivityAt).toBe('2026-12-03T15:32:00.000Z');
    expect(row.author).toEqual({ id: 1, name: 'Alice User', email: 'alice@example.test', staff: false });
  });
});

describe('each filter of "all"', () => {
  let h: Harness;
  let id: string;
  beforeEach(async () => {
    h = await newCore();
    id = await h.signIn(sim, ADMIN);
    sim.act.close(T.refund, { by: STAFF.admin });
    sim.act.close(T.crash, { by: STAFF.admin });
    sim.act.assign(T.invoice, { by: STAFF.admin, to: STAFF.sam });
    sim.act.assign(T.login, { by: STAFF.admin });
    sim.act.comment(T.login, { by: STAFF.admin, content: 'Looking into it.' }); // the owner's reply clears unreadStaff
    sim.act.addTag(T.vat, { by: STAFF.admin, tagId: TAG.urgent });
    sim.act.addTag(T.webhooks, { by: STAFF.admin, tagId: TAG.urgent });
    sim.act.addTag(T.webhooks, { by: STAFF.admin, tagId: TAG.needsInfo });
  });

  const cases: [string, SearchFilters, number[]][] = [
    ['status open', { status: 'open' }, ALL_TICKETS.filter((n) => n !== T.refund && n !== T.crash)],
    ['status closed', { status: 'closed' }, [T.refund, T.crash]],
    ['one department', { departments: [DEPT.billing] }, [T.invoice, T.refund, T.vat, T.payment]],
    ['two departments', { departments: [DEPT.billing, DEPT.technical] }, [T.invoice, T.refund, T.vat, T.payment, T.server502, T.rateLimit, T.crash, T.webhooks]],
    // server bug §6.16-1: departments with any other filter is a SQL error; the client works around it.
    ['departments with status', { departments: [DEPT.billing], status: 'open' }, [T.invoice, T.vat, T.payment]],
    ['departments with tags', { departments: [DEPT.technical], tags: [TAG.urgent] }, [T.webhooks]],
    ['departments with assignment', { departments: [DEPT.billing], assignment: 'assigned' }, [T.invoice]],
    ['tags (any of)', { tags: [TAG.urgent, TAG.needsInfo] }, [T.vat, T.webhooks]],
    ['owners', { owners: [STAFF.sam] }, [T.invoice]],
    ['authors', { authors: [{ id: 2, isStaff: false }] }, [T.password, T.vat, T.crash, T.darkMode, T.payment, T.webhooks]],
    ['assigned', { assignment: 'assigned' }, [T.invoice, T.login]],
    ['unassigned and closed', { assignment: 'unassigned', status: 'closed' }, [T.refund, T.crash]],
    // Closing by someone other than the owner marks a ticket unread for staff (§6.2).
    ['unread only', { unreadOnly: true }, ALL_TICKETS.filter((n) => n !== T.login)],
    ['text in title, body or comments', { text: 'invoice' }, [T.invoice, T.vat]],
    ['text matching a comment', { text: 'spam folder' }, [T.password]],
    ['a date range around the tickets', { from: '2026-12-03T00:00:00.000Z', to: '2026-12-03T23:59:00.000Z' }, ALL_TICKETS],
    ['a date range before them', { to: '2026-12-02T23:59:00.000Z' }, []],
  ];
  it.each(cases)('%s', async (_name, filters, expected) => {
    const view = await loadAll(h, id, 'all', filters);
    expect(numbers(view)).toEqual(sorted(expected));
    expect(view.total).toBe(expected.length);
    expect(view.filters).toMatchObject(filters);
  });

  it('keeps each filtered search as its own cached queue', async () => {
    await loadAll(h, id, 'all', { departments: [DEPT.billing] });
    await loadAll(h, id, 'all', { status: 'closed' });
    const again = await h.ok('queue:open', { helpdeskId: id, queue: 'all', filters: { departments: [DEPT.billing] } });
    expect(numbers(again)).toEqual(sorted([T.invoice, T.refund, T.vat, T.payment]));
  });

  it('says why when the helpdesk refuses a filter, keeping the rows it had', async () => {
    const view = await h.ok('queue:open', { helpdeskId: id, queue: 'all', filters: { owners: [99] } });
    expect(view.rows).toEqual([]);
    const failed = await h.waitFor('queue:changed', (v) => v.queue === 'all' && !v.refreshing && v.error !== null);
    expect(failed.freshness).toBe('stale');
    expect(failed.error).toMatch(/owner filter was refused/);
  });
});

describe('cache first', () => {
  it('answers with the cached rows at once, then sends queue:changed with the refreshed ones', async () => {
    const h = await newCore();
    const id = await h.signIn(sim, SAM);
    const before = await loadAll(h, id, 'new');
    expect(before.rows).toHaveLength(8);
    sim.act.assign(T.darkMode, { by: STAFF.admin, to: STAFF.admin });
    h.advance(60_000);
    const since = h.events.length;
    const opened = await h.ok('queue:open', { helpdeskId: id, queue: 'new' });
    expect(opened).toMatchObject({ freshness: 'stale', refreshing: true });
    expect(opened.rows).toHaveLength(8);
    const changed = await h.waitFor('queue:changed', (v) => v.queue === 'new' && !v.refreshing, { since });
    expect(changed.freshness).toBe('fresh');
    expect(numbers(changed)).not.toContain(T.darkMode);
    expect(changed.rows).toHaveLength(7);
  });

  it('does not refresh a queue refreshed moments ago', async () => {
    const h = await newCore();
    const id = await h.signIn(sim, SAM);
    await loadAll(h, id, 'new');
    // The counts that follow a first page, a moment later, are not a refresh.
    await h.core.idle();
    h.trace.reset();
    const again = await h.ok('queue:open', { helpdeskId: id, queue: 'new' });
    expect(again).toMatchObject({ freshness: 'fresh', refreshing: false });
    await h.core.idle();
    expect(h.trace.count('/staff/get-new-tickets')).toBe(0);
  });

  it('shows the cached rows as offline when the helpdesk cannot be reached', async () => {
    const other = await startSim({ seed: 'recorded' });
    const h = await newCore();
    const id = await h.signIn(other, ADMIN);
    const loaded = await loadAll(h, id, 'all');
    await h.ok('ticket:open', { helpdeskId: id, ticketNumber: T.login });
    await other.close();
    h.advance(60_000);
    const since = h.events.length;
    const opened = await h.ok('queue:open', { helpdeskId: id, queue: 'all' });
    expect(numbers(opened)).toEqual(numbers(loaded));
    const offline = await h.waitFor('queue:changed', (v) => v.queue === 'all' && !v.refreshing, { since });
    expect(offline.freshness).toBe('offline');
    expect(offline.error).toMatch(/refused the connection/);
    expect(numbers(offline)).toEqual(numbers(loaded));
    // Once known to be offline, the next answer says so at once.
    h.advance(60_000);
    expect((await h.ok('queue:open', { helpdeskId: id, queue: 'all' })).freshness).toBe('offline');
    const ticket = await h.ok('ticket:open', { helpdeskId: id, ticketNumber: T.login });
    expect(ticket).toMatchObject({ ticketNumber: T.login, freshness: 'offline', title: 'Cannot log in to my account' });
    expect(ticket.events.map((e) => e.type)).toEqual(['COMMENT']);
    await h.core.idle();
  });

  it('after a restart shows the cached rows before any network, then says why they could not be refreshed', async () => {
    const first = await newCore();
    const id = await first.signIn(sim, ADMIN);
    sim.act.addTag(T.vat, { by: STAFF.admin, tagId: TAG.urgent });
    await first.ok('helpdesk:meta', { helpdeskId: id });
    const loaded = await loadAll(first, id, 'all');
    await first.core.stop();

    const second = await newCore({ dataDir: first.dataDir });
    second.trace.reset();
    const since = second.events.length;
    const cached = await second.ok('queue:open', { helpdeskId: id, queue: 'all' });
    expect(second.trace.requests).toEqual([]);
    expect(cached).toMatchObject({ freshness: 'stale', refreshing: true });
    expect(numbers(cached)).toEqual(numbers(loaded));
    // The tag list was kept with the helpdesk's meta, so colours survive the restart too.
    expect(cached.rows.find((r) => r.ticketNumber === T.vat)?.tags).toEqual([{ id: TAG.urgent, name: 'urgent', color: '#ff0000' }]);
    const refused = await second.waitFor('queue:changed', (v) => v.queue === 'all' && !v.refreshing, { since });
    expect(refused.error).toMatch(/not signed in/);
    expect(numbers(refused)).toEqual(numbers(loaded));

    await second.core.start();
    second.advance(60_000);
    await second.ok('queue:open', { helpdeskId: id, queue: 'all' });
    const fresh = await second.waitFor('queue:changed', (v) => v.queue === 'all' && !v.refreshing && v.freshness === 'fresh');
    expect(fresh.error).toBeNull();
  });
});

describe('Refresh', () => {
  it('asks the server again when the agent presses Refresh, even moments after the last refresh', async () => {
    const h = await newCore();
    const id = await h.signIn(sim, ADMIN);
    await h.ok('queue:open', { helpdeskId: id, queue: 'mine' });
    await h.waitFor('queue:changed', (v) => v.queue === 'mine' && !v.refreshing && v.freshness === 'fresh');
    const opened = sim.act.createTicket({ staffId: STAFF.admin, title: 'Opened meanwhile', content: 'By phone.', departmentId: DEPT.help });
    h.trace.reset();
    // Switching back to the queue within FRESH_MS costs nothing and shows what was seen…
    const again = await h.ok('queue:open', { helpdeskId: id, queue: 'mine' });
    expect(h.trace.count('/staff/get-tickets')).toBe(0);
    expect(again.rows.map((r) => r.ticketNumber)).not.toContain(Number(opened));
    // …but Refresh is the agent saying "I know something changed".
    const since = h.events.length;
    const forced = await h.ok('queue:open', { helpdeskId: id, queue: 'mine', force: true });
    expect(forced.refreshing).toBe(true);
    const fresh = await h.waitFor('queue:changed', (v) => v.queue === 'mine' && !v.refreshing, { since });
    expect(h.trace.count('/staff/get-tickets')).toBe(1);
    expect(fresh.rows.map((r) => r.ticketNumber)).toContain(Number(opened));
  });
});

describe('queue:allHelpdesks', () => {
  it('merges "my tickets" of every signed-in helpdesk, each row with its helpdesk id', async () => {
    const other = await startSim({ seed: 'recorded' });
    try {
      const h = await newCore();
      const a = await h.signIn(sim, ADMIN, 'Acme');
      const b = await h.signIn(other, TERRY, 'Globex');
      sim.act.assign(T.login, { by: STAFF.admin });
      other.act.assign(T.crash, { by: STAFF.terry });
      other.act.assign(T.vat, { by: STAFF.admin, to: STAFF.terry });
      const first = await h.ok('queue:allHelpdesks');
      expect(first).toMatchObject({ helpdeskId: null, queue: 'all-helpdesks', refreshing: true });
      const merged = await h.waitFor('queue:changed', (v) => v.queue === 'all-helpdesks' && !v.refreshing);
      expect(merged.rows.map((r) => [r.helpdeskId, r.ticketNumber]).sort()).toEqual(
        [
          [a, T.login],
          [b, T.crash],
          [b, T.vat],
        ].sort(),
      );
      expect(merged).toMatchObject({ complete: true, total: 3, freshness: 'fresh', error: null });
    } finally {
      await other.close();
    }
  });
  it('reads past the first pages of each helpdesk as the merged list scrolls, then says it is all in', async () => {
    const h = await newCore();
    const a = await h.signIn(sim, ADMIN, 'Acme');
    const opened = Array.from({ length: ALL_HELPDESKS_MAX_PAGES * PAGE_SIZE + 5 }, (_, i) =>
      Number(sim.act.createTicket({ staffId: STAFF.admin, title: `Call ${i}`, content: 'By phone.', departmentId: DEPT.help })),
    );
    await h.ok('queue:allHelpdesks');
    const first = await h.waitFor('queue:changed', (v) => v.queue === 'all-helpdesks' && !v.refreshing, { timeoutMs: 20_000 });
    expect(first.rows).toHaveLength(ALL_HELPDESKS_MAX_PAGES * PAGE_SIZE);
    expect(first.complete).toBe(false);
    let view = await h.ok('queue:allHelpdesksLoadMore');
    for (let guard = 0; !view.complete && guard < 5; guard++) view = await h.ok('queue:allHelpdesksLoadMore');
    expect(view).toMatchObject({ complete: true, error: null, total: opened.length });
    expect(sorted(view.rows.map((r) => r.ticketNumber))).toEqual(sorted(opened));
    expect(view.rows.every((r) => r.helpdeskId === a)).toBe(true);
  });
});
