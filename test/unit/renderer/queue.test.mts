// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import { FakeHost, ME, TERRY, helpdesk, meta, mountWith, ticket } from './fake-host.mts';
import App from '../../../renderer/src/App.vue';
import { accessibleName, getByRole } from './dom.mts';
import { clickQueue, listbox, many, mine, openConsole, options, scrollTo, settle, shownNumbers } from './console-helpers.mts';
import { sameFilters, toSearchFilters, emptyFilters } from '../../../renderer/src/stores/queues';

enableAutoUnmount(afterEach);
beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});

describe('queue sidebar', () => {
  it('lists My tickets, New, All tickets and All helpdesks with counts, and keeps the settings page reachable', async () => {
    await openConsole((id) => [ticket(id, mine), ticket(id, mine), ticket(id)]);
    const nav = getByRole('navigation', 'Queues');
    const names = Array.from(nav.querySelectorAll('button')).map((b) => b.getAttribute('aria-label') ?? b.textContent?.trim());
    expect(names).toEqual(expect.arrayContaining(['My tickets, 2', 'New tickets, 1', 'All tickets, 3', 'All helpdesks', 'Settings and account']));
    expect(getByRole('button', 'My tickets, 2').getAttribute('aria-current')).toBe('page');
    getByRole('button', 'Settings and account').click();
    await settle();
    expect(getByRole('button', 'Rename')).toBeTruthy();
    expect(getByRole('button', 'Settings and account').getAttribute('aria-current')).toBe('page');
  });

  it('shows the exact counts the core announces, never a page-count estimate', async () => {
    const { host, h } = await openConsole((id) => [ticket(id, mine), ticket(id, mine), ticket(id)]);
    expect(getByRole('button', 'My tickets, 2')).toBeTruthy();
    // An unfinished list's total is pages × 10: not a count to show.
    host.emit('queue:changed', { helpdeskId: h.id, queue: 'mine', filters: null, rows: [], total: 150, complete: false, freshness: 'fresh', refreshing: false, error: null });
    await settle();
    expect(getByRole('button', 'My tickets, 2')).toBeTruthy();
    // The list's own heading and status neither: they say what is known.
    expect(document.querySelector('.pane .count')?.textContent).toBe('2');
    host.emit('meta:changed', { ...meta(h.id), counts: { mine: 143, new: 7, all: 9001 } });
    await settle();
    expect(getByRole('button', 'My tickets, 143')).toBeTruthy();
    expect(document.querySelector('.pane .count')?.textContent).toBe('143');
    expect(getByRole('button', 'New tickets, 7')).toBeTruthy();
    expect(getByRole('button', 'All tickets, 9001')).toBeTruthy();
  });

  it('merges my tickets of every helpdesk in All helpdesks, each row saying where it is from', async () => {
    const a = helpdesk({ label: 'Acme Support' });
    const b = helpdesk({ label: 'Globex' });
    const host = new FakeHost([a, b]);
    host.seed(a.id, [ticket(a.id, { ...mine, title: 'From Acme' })]);
    host.seed(b.id, [ticket(b.id, { ...mine, title: 'From Globex' })]);
    mountWith(App, host);
    await settle();
    await clickQueue(/^All helpdesks/);
    expect(host.fn['queue:allHelpdesks']).toHaveBeenCalled();
    const labels = options().map((o) => accessibleName(o));
    expect(labels.find((l) => l.includes('From Globex'))).toContain('in Globex');
    expect(labels.find((l) => l.includes('From Acme'))).toContain('in Acme Support');
    expect(listbox().textContent).toContain('Globex');
  });
});

describe('queue list', () => {
  it('shows number, title with tag chips, department, author, owner, status, activity and unread', async () => {
    await openConsole((id) => [
      ticket(id, {
        ...mine,
        ticketNumber: 123456,
        title: 'Printer on fire',
        unread: true,
        tags: [{ id: 1, name: 'urgent', color: '#e5484d' }],
        department: { id: 2, name: 'Billing' },
        author: { id: 9, name: 'Carla Customer', email: 'c@x.test', staff: false },
        lastActivityAt: '2026-11-02T10:00:00.000Z',
      }),
    ]);
    const [row] = options();
    expect(row?.textContent).toContain('#123456');
    expect(row?.textContent).toContain('Printer on fire');
    expect(row?.querySelector('.chip')?.textContent).toContain('urgent');
    expect(row?.classList.contains('unread')).toBe(true);
    // The name is the row's own words in screen order, with the words a screen reader needs between them.
    expect(accessibleName(row!)).toMatch(/^#123456 Printer on fire, unread, tags: urgent, last activity .+, Open, Billing, from Carla Customer, assigned to Ada Admin$/);
    // Relative on screen, the whole moment (with its time zone) on hover.
    const time = row?.querySelector('time');
    expect(time?.getAttribute('datetime')).toBe('2026-11-02T10:00:00.000Z');
    expect(time?.getAttribute('title')).toMatch(/2026/);
  });

  it('renders only a window of rows for 10,000 tickets, and the rows under the scroll position', async () => {
    const { host, h } = await openConsole(() => []);
    host.pageSize = 10_000;
    host.seed(h.id, many(h.id, 10_000));
    getByRole('button', /^Refresh/).click();
    await settle();
    const list = listbox();
    expect(options().length).toBeGreaterThan(5);
    expect(options().length).toBeLessThan(60);
    expect(options()[0]?.getAttribute('aria-setsize')).toBe('10000');
    // The spacer is as tall as every row together, so the scrollbar tells the truth.
    expect((list.firstElementChild as HTMLElement).style.height).toBe(`${10_000 * 56}px`);
    scrollTo(list, 5_000 * 56);
    await settle();
    const positions = options().map((o) => Number(o.getAttribute('aria-posinset')));
    expect(Math.min(...positions)).toBeGreaterThan(4_980);
    expect(Math.max(...positions)).toBeLessThan(5_040);
    expect(options().length).toBeLessThan(60);
  });

  it('asks for the next page when the agent scrolls near the end, and only then', async () => {
    const { host } = await openConsole((id) => many(id, 120));
    expect(options()[0]?.getAttribute('aria-setsize')).toBe('120');
    expect(document.querySelector('.pane [role="status"]')?.textContent).toContain('Showing 50 of 120');
    scrollTo(listbox(), 10 * 56);
    await settle();
    expect(host.fn['queue:loadMore']).not.toHaveBeenCalled();
    scrollTo(listbox(), 50 * 56 - 720);
    await settle();
    expect(host.fn['queue:loadMore']).toHaveBeenCalledTimes(1);
    expect(host.fn['queue:loadMore'].mock.calls[0]?.[0]).toMatchObject({ queue: 'mine' });
    scrollTo(listbox(), 100 * 56 - 720);
    await settle();
    expect(host.fn['queue:loadMore']).toHaveBeenCalledTimes(2);
    scrollTo(listbox(), 120 * 56 - 720);
    await settle();
    // Every page is in: no more calls.
    expect(host.fn['queue:loadMore']).toHaveBeenCalledTimes(2);
  });

  it('keeps reading pages until the screen is full, even when the end is reached during a load', async () => {
    const h = helpdesk({ label: 'Acme Support' });
    const host = new FakeHost([h]);
    host.pageSize = 10;
    // Newest first, as the pages come: no later row sorts above the ones on screen.
    host.seed(h.id, many(h.id, 200).map((t, i) => ({ ...t, lastActivityAt: new Date(Date.UTC(2026, 0, 1) - i * 60_000).toISOString() })));
    mountWith(App, host);
    for (let i = 0; i < 10; i++) await settle();
    // 13 rows fit the list; it asks for more while fewer than 15 lie beyond the last one shown.
    expect(options()[0]?.getAttribute('aria-setsize')).toBe('200');
    expect(host.fn['queue:loadMore']).toHaveBeenCalledTimes(2);
    expect(document.querySelector('.pane [role="status"]')?.textContent).toContain('Showing 30 of 200');
  });

  it('tells assistive technology the known count of an unfinished queue, not the pages × 10 estimate', async () => {
    const h = helpdesk({ label: 'Acme Support' });
    const host = new FakeHost([h]);
    host.pageSize = 10;
    host.totalFromPages = true;
    host.seed(h.id, many(h.id, 41).map((t, i) => ({ ...t, lastActivityAt: new Date(Date.UTC(2026, 0, 1) - i * 60_000).toISOString() })));
    mountWith(App, host);
    for (let i = 0; i < 10; i++) await settle();
    expect(document.querySelector('.pane [role="status"]')?.textContent).toContain('of 41');
    expect(options()[0]?.getAttribute('aria-setsize')).toBe('41');
  });

  it('pages All helpdesks as it scrolls too, and Refresh always goes to the server', async () => {
    const { host, h } = await openConsole((id) => many(id, 120));
    await clickQueue(/^All helpdesks/);
    expect(options()[0]?.getAttribute('aria-setsize')).toBe('120');
    scrollTo(listbox(), 50 * 56 - 720);
    await settle();
    expect(host.fn['queue:allHelpdesksLoadMore']).toHaveBeenCalledTimes(1);
    expect(host.fn['queue:loadMore']).not.toHaveBeenCalled();
    scrollTo(listbox(), 100 * 56 - 720);
    await settle();
    expect(host.fn['queue:allHelpdesksLoadMore']).toHaveBeenCalledTimes(2);
    scrollTo(listbox(), 120 * 56 - 720);
    await settle();
    expect(options().some((o) => o.getAttribute('aria-posinset') === '120')).toBe(true);
    expect(host.fn['queue:allHelpdesksLoadMore']).toHaveBeenCalledTimes(2);

    getByRole('button', 'Refresh this list').click();
    await settle();
    expect(host.fn['queue:allHelpdesks']).toHaveBeenLastCalledWith({ force: true });
    await clickQueue(/^My tickets/);
    expect(host.fn['queue:open']).toHaveBeenLastCalledWith({ helpdeskId: h.id, queue: 'mine' });
    getByRole('button', 'Refresh this list').click();
    await settle();
    expect(host.fn['queue:open']).toHaveBeenLastCalledWith({ helpdeskId: h.id, queue: 'mine', force: true });
  });

  it('asks for the last shown helpdesk\'s tickets along with the helpdesk list, once', async () => {
    const h = helpdesk({ label: 'Acme Support' });
    const host = new FakeHost([h]);
    host.seed(h.id, [ticket(h.id, { ...mine, title: 'Early bird' })]);
    localStorage.setItem('staffdesk:selected-helpdesk', h.id);
    let release: () => void = () => undefined;
    const list = host.fn['helpdesks:list'].getMockImplementation()!;
    host.fn['helpdesks:list'].mockImplementationOnce(() => new Promise((resolve) => (release = () => resolve(list()))));
    mountWith(App, host);
    await settle();
    // The list has not answered yet, and the rows are already asked for.
    expect(host.fn['queue:open']).toHaveBeenCalledTimes(1);
    expect(host.fn['queue:open']).toHaveBeenCalledWith({ helpdeskId: h.id, queue: 'mine' });
    release();
    await settle();
    expect(listbox().textContent).toContain('Early bird');
    expect(host.fn['queue:open']).toHaveBeenCalledTimes(1);
  });

  it('sorts by last activity (newest first) or by number, with a named control', async () => {
    await openConsole((id) => [
      ticket(id, { ...mine, ticketNumber: 300001, lastActivityAt: '2026-01-01T00:00:00.000Z' }),
      ticket(id, { ...mine, ticketNumber: 300002, lastActivityAt: '2026-03-01T00:00:00.000Z' }),
      ticket(id, { ...mine, ticketNumber: 300003, lastActivityAt: '2026-02-01T00:00:00.000Z' }),
    ]);
    expect(shownNumbers()).toEqual([300002, 300003, 300001]);
    const label = Array.from(document.querySelectorAll('label')).find((l) => l.textContent?.includes('Sort by'));
    const select = label?.querySelector('select');
    expect(select).toBeTruthy();
    select!.value = 'number';
    select!.dispatchEvent(new Event('change'));
    await settle();
    expect(shownNumbers()).toEqual([300001, 300002, 300003]);
    // Remembered for next time.
    expect(localStorage.getItem('staffdesk:queue-sort')).toBe('number');
    select!.value = 'activity';
    select!.dispatchEvent(new Event('change'));
    await settle();
    expect(shownNumbers()).toEqual([300002, 300003, 300001]);
  });

  it('says so when the list is stale or offline, and shows empty and error states', async () => {
    const { host, h } = await openConsole(() => []);
    expect(document.body.textContent).toContain('Nothing is assigned to you here.');
    host.emit('queue:changed', { ...host.queueView(h.id, 'mine'), freshness: 'offline', error: 'help.acme.test did not answer.' });
    await settle();
    const status = Array.from(document.querySelectorAll('[role="status"]')).map((s) => s.textContent ?? '').join(' ');
    expect(status).toContain('Offline: showing the tickets saved on this computer.');
    expect(status).toContain('did not answer');
    host.emit('queue:changed', { ...host.queueView(h.id, 'mine'), freshness: 'stale', refreshing: true });
    await settle();
    expect(document.querySelector('.pane [role="status"]')?.textContent).toContain('Refreshing');
    host.fn['queue:open'].mockRejectedValueOnce(new Error('boom'));
    await clickQueue(/^New tickets/);
    expect(getByRole('alert').textContent).toContain("Couldn't load this list.");
    getByRole('button', 'Try again').click();
    await settle();
    expect(document.body.textContent).toContain('No new tickets');
  });

  it('applies queue:changed to the open queue only', async () => {
    const { host, h } = await openConsole((id) => [ticket(id, { ...mine, title: 'One' })]);
    host.seed(h.id, [ticket(h.id, { ...mine, title: 'Two' })]);
    host.emit('queue:changed', host.queueView(h.id, 'new'));
    await settle();
    expect(options()).toHaveLength(1);
    host.emit('queue:changed', host.queueView(h.id, 'mine'));
    await settle();
    expect(options()).toHaveLength(2);
  });
});

describe('All tickets filters', () => {
  async function openAll() {
    const ctx = await openConsole((id) => [ticket(id, { title: 'Printer' }), ticket(id, { ...mine, title: 'Invoice', department: { id: 2, name: 'Billing' } })]);
    await clickQueue(/^All tickets/);
    return ctx;
  }
  const lastFilters = (host: FakeHost) => host.fn['queue:open'].mock.calls.at(-1)?.[0].filters;

  it('has a filter bar with every filter, each with an accessible name', async () => {
    const { host } = await openAll();
    expect(host.fn['queue:open'].mock.calls.at(-1)?.[0]).toMatchObject({ queue: 'all' });
    const bar = document.querySelector('[role="search"]');
    expect(bar?.getAttribute('aria-label')).toBe('Filter tickets');
    const search = bar?.querySelector('input[type="search"]');
    expect(document.querySelector(`label[for="${search?.id}"]`)?.textContent).toBe('Search tickets');
    for (const name of ['Departments', 'Tags', 'Owners', 'Authors', 'Creation date']) expect(getByRole('button', name)).toBeTruthy();
    expect(bar?.textContent).toContain('Unread only');
  });

  it('turns each filter into queue:open arguments', async () => {
    const { host } = await openAll();
    getByRole('button', 'Departments').click();
    await settle();
    const billing = Array.from(document.querySelectorAll<HTMLInputElement>('[role="group"][aria-label="Departments"] input[type="checkbox"]')).find((i) => i.closest('label')?.textContent?.includes('Billing'));
    billing!.checked = true;
    billing!.dispatchEvent(new Event('change'));
    await settle();
    expect(lastFilters(host)).toMatchObject({ departments: [2] });
    expect(getByRole('button', 'Departments: Billing')).toBeTruthy();

    const selects = Array.from(document.querySelectorAll<HTMLSelectElement>('[role="search"] select'));
    const status = selects.find((s) => s.closest('label')?.textContent?.includes('Status'));
    status!.value = 'closed';
    status!.dispatchEvent(new Event('change'));
    await settle();
    expect(lastFilters(host)).toMatchObject({ status: 'closed', departments: [2] });

    const assignment = selects.find((s) => s.closest('label')?.textContent?.includes('Assignment'));
    assignment!.value = 'unassigned';
    assignment!.dispatchEvent(new Event('change'));
    await settle();
    expect(lastFilters(host)).toMatchObject({ assignment: 'unassigned' });

    const unread = Array.from(document.querySelectorAll<HTMLInputElement>('[role="search"] input[type="checkbox"]')).find((i) => i.closest('label')?.textContent?.includes('Unread only'));
    unread!.checked = true;
    unread!.dispatchEvent(new Event('change'));
    await settle();
    expect(lastFilters(host)).toMatchObject({ unreadOnly: true });

    getByRole('button', 'Owners').click();
    await settle();
    const terry = Array.from(document.querySelectorAll<HTMLInputElement>('[role="group"][aria-label="Owners"] input')).find((i) => i.closest('label')?.textContent?.includes(TERRY.name));
    terry!.checked = true;
    terry!.dispatchEvent(new Event('change'));
    await settle();
    expect(lastFilters(host)).toMatchObject({ owners: [TERRY.id] });

    getByRole('button', 'Creation date').click();
    await settle();
    const [from, to] = Array.from(document.querySelectorAll<HTMLInputElement>('input[type="date"]'));
    from!.value = '2026-11-01';
    from!.dispatchEvent(new Event('change'));
    await settle();
    to!.value = '2026-11-30';
    to!.dispatchEvent(new Event('change'));
    await settle();
    expect(lastFilters(host)).toMatchObject({
      from: new Date(2026, 10, 1, 0, 0, 0, 0).toISOString(),
      to: new Date(2026, 10, 30, 23, 59, 59, 999).toISOString(),
    });
  });

  it('searches text after a pause, finding ticket numbers written with #', async () => {
    const { host } = await openAll();
    const calls = host.fn['queue:open'].mock.calls.length;
    const search = document.querySelector<HTMLInputElement>('[role="search"] input[type="search"]')!;
    search.value = '#100';
    search.dispatchEvent(new Event('input'));
    await settle();
    expect(host.fn['queue:open'].mock.calls.length).toBe(calls);
    await new Promise((r) => setTimeout(r, 350));
    await settle();
    expect(lastFilters(host)).toMatchObject({ text: '100' });
  });

  it('offers "Clear filters" and an empty state that says filters are hiding tickets', async () => {
    const { host } = await openAll();
    host.fn['queue:open'].mockImplementation(async (req) => ({ ...host.queueView(req.helpdeskId, req.queue, req.filters), rows: [], total: 0, complete: true }));
    const unread = Array.from(document.querySelectorAll<HTMLInputElement>('[role="search"] input[type="checkbox"]'))[0]!;
    unread.checked = true;
    unread.dispatchEvent(new Event('change'));
    await settle();
    expect(document.body.textContent).toContain('No tickets match these filters.');
    getByRole('button', 'Clear all filters').click();
    await settle();
    expect(lastFilters(host)).toMatchObject({ unreadOnly: false, departments: [], status: 'any' });
  });
});

describe('filter helpers', () => {
  it('compares filters written with and without defaults', () => {
    expect(sameFilters(null, toSearchFilters(emptyFilters()))).toBe(true);
    expect(sameFilters({ departments: [2, 1] }, { departments: [1, 2], status: 'any' })).toBe(true);
    expect(sameFilters({ text: 'x' }, {})).toBe(false);
  });

  it('counts the agent as an owner option and in meta', () => {
    expect(meta('x').staff.map((s) => s.id)).toContain(ME.id);
  });
});
