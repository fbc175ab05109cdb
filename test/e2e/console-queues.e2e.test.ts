import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../../sim';
import { addHelpdesk, blurActive, expectRows, focusedLabel, queueList, rowNumbers, ticketRegion, visibleRows } from '../support/console';
import { launchBrowser, screenshot, type TestBrowser } from '../support/browser';
import { startTestHost, type TestHost } from '../support/host';
import { signedIn } from '../support/sim';

/**
 * The console's lists in Chromium through the browser host: the four queues (two helpdesks), every
 * filter of All tickets, the command palette across helpdesks and the keyboard-only path.
 *
 * Globex is the recorded seed with a clock ten days ahead, so what the test does today lands on a
 * different day than the seeded tickets (for the date filter). Acme is a small demo helpdesk.
 */
const DAY = 24 * 60 * 60 * 1000;
const SHIFT = 10 * DAY;
const ADMIN = 'admin@example.test';
const S = { admin: 1, sam: 2, terry: 3 } as const;
const TAG = { urgent: 1, needsInfo: 2 } as const;
const T = {
  login: 196568,
  invoice: 279834,
  server502: 771467,
  email: 363100,
  refund: 854733,
  rateLimit: 446366,
  password: 937999,
  vat: 529632,
  crash: 121265,
  darkMode: 612898,
  payment: 204531,
  webhooks: 696164,
} as const;
const RECORDED = Object.values(T);
const touchedDay = new Date(Date.now() + SHIFT).toISOString().slice(0, 10);

let globex: RunningSim;
let acme: RunningSim;
let host: TestHost;
let browser: TestBrowser;
let created: number[] = [];

async function allPages<T extends { ticketNumber: number }>(load: (page: number) => Promise<{ tickets: T[]; pages: number }>): Promise<number[]> {
  const first = await load(1);
  const out = first.tickets.map((t) => t.ticketNumber);
  for (let p = 2; p <= first.pages; p++) out.push(...(await load(p)).tickets.map((t) => t.ticketNumber));
  return out;
}

beforeAll(async () => {
  [globex, acme] = await Promise.all([startSim({ seed: 'recorded', now: () => new Date(Date.now() + SHIFT) }), startSim({ seed: 'demo', tickets: 40 })]);
  const act = globex.act;
  act.assign(T.login, { by: S.admin });
  act.assign(T.invoice, { by: S.admin });
  act.close(T.invoice, { by: S.admin });
  act.assign(T.server502, { by: S.terry });
  act.addTag(T.login, { by: S.admin, tagId: TAG.urgent });
  act.addTag(T.server502, { by: S.admin, tagId: TAG.urgent });
  act.addTag(T.payment, { by: S.admin, tagId: TAG.needsInfo });
  act.comment(T.payment, { by: { userId: 2 }, content: 'Tried another card, same problem.' });
  created = [
    Number(act.createTicket({ userId: 1, title: 'Shipping label missing', content: 'The parcel arrived without a label.', departmentId: 1 })),
    Number(act.createTicket({ userId: 2, title: 'Warranty question', content: 'Is the charger covered?', departmentId: 1 })),
  ];
  host = await startTestHost();
  await addHelpdesk(host, globex, ADMIN, 'Globex');
  await addHelpdesk(host, acme, acme.credentials.staff.find((s) => s.level === 3)!.email, 'Acme');
  browser = await launchBrowser();
  // The list is virtual: a tall window renders every row of these small helpdesks.
  await browser.page.setViewportSize({ width: 1440, height: 1500 });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await Promise.all([globex?.close(), acme?.close()]);
});

async function openGlobex(): Promise<void> {
  const { page } = browser;
  await page.goto(host.host.url);
  await page.getByRole('button', { name: /^Globex — online/ }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Globex', level: 1 }).isVisible()).toBe(true);
}

async function queue(name: RegExp): Promise<void> {
  await browser.page.getByRole('navigation', { name: 'Queues' }).getByRole('button', { name }).click();
}

describe('queues', () => {
  it('My tickets, New tickets, All tickets and All helpdesks show the right rows', async () => {
    const { page } = browser;
    const admin = (await signedIn(globex, ADMIN)).client;
    const acmeAdmin = (await signedIn(acme, acme.credentials.staff.find((s) => s.level === 3)!.email)).client;
    const mine = await allPages((p) => admin.getMyTickets({ page: p }));
    const fresh = await allPages((p) => admin.getNewTickets({ page: p }));
    const acmeMine = await allPages((p) => acmeAdmin.getMyTickets({ page: p }));
    // The server's "my tickets" lists open tickets only: the closed invoice ticket is not in it.
    expect(mine).toEqual([T.login]);
    expect(fresh.length).toBeGreaterThan(0);

    await openGlobex();
    await queue(/^My tickets/);
    await expect.poll(() => queueList(page).getAttribute('aria-label')).toBe('My tickets: tickets');
    await expectRows(page, mine);
    const mineRows = await visibleRows(page);
    expect(mineRows.every((r) => r.owner === 'Admin Root' && !r.closed)).toBe(true);
    await screenshot(page, 'console-01-my-tickets');

    await queue(/^New tickets/);
    await expectRows(page, fresh);
    expect((await visibleRows(page)).every((r) => r.owner === null && !r.closed)).toBe(true);
    await screenshot(page, 'console-02-new-tickets');

    await queue(/^All tickets/);
    await expectRows(page, [...RECORDED, ...created]);
    // The sidebar names each queue with its count.
    await expect.poll(() => page.getByRole('button', { name: `All tickets, ${RECORDED.length + created.length}` }).isVisible()).toBe(true);
    await screenshot(page, 'console-03-all-tickets');

    await queue(/^All helpdesks/);
    const expected = [...mine.map((n) => `Globex#${n}`), ...acmeMine.map((n) => `Acme#${n}`)].sort();
    await expect
      .poll(async () => (await visibleRows(page)).map((r) => `${r.helpdesk}#${r.number}`).sort(), { timeout: 15_000 })
      .toEqual(expected);
    await screenshot(page, 'console-04-all-helpdesks');
    expect(browser.problems).toEqual([]);
  }, 60_000);

  it('each filter of All tickets narrows the list', async () => {
    const { page } = browser;
    await openGlobex();
    await queue(/^All tickets/);
    const everything = [...RECORDED, ...created];
    await expectRows(page, everything);
    const unfiltered = await visibleRows(page);
    const filters = page.getByRole('search', { name: 'Filter tickets' });
    const clear = async () => {
      const button = filters.getByRole('button', { name: /^Clear filters/ });
      if (await button.isVisible()) await button.click();
      await expectRows(page, everything);
    };
    const pick = async (menu: string, option: string) => {
      await filters.getByRole('button', { name: new RegExp(`^${menu}`) }).click();
      const panel = filters.getByRole('group', { name: menu });
      await panel.getByRole('checkbox', { name: option }).check();
      await page.keyboard.press('Escape');
    };

    // Status.
    await filters.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Closed' });
    await expectRows(page, [T.invoice]);
    await screenshot(page, 'console-05-filter-closed');
    await filters.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Open' });
    await expectRows(page, everything.filter((n) => n !== T.invoice));
    await clear();

    // Assignment.
    await filters.getByRole('combobox', { name: 'Assignment' }).selectOption({ label: 'Assigned' });
    await expectRows(page, [T.login, T.invoice, T.server502]);
    await filters.getByRole('combobox', { name: 'Assignment' }).selectOption({ label: 'Unassigned' });
    await expectRows(page, everything.filter((n) => ![T.login, T.invoice, T.server502].includes(n as never)));
    await clear();

    // Department, tag, owner.
    await pick('Departments', 'Billing');
    await expectRows(page, [T.invoice, T.refund, T.vat, T.payment]);
    await screenshot(page, 'console-06-filter-department');
    await clear();
    await pick('Tags', 'urgent');
    await expectRows(page, [T.login, T.server502]);
    await clear();
    await pick('Owners', 'Terry Lead');
    await expectRows(page, [T.server502]);
    await clear();

    // Unread only: exactly the rows that were marked unread.
    const unread = unfiltered.filter((r) => r.unread).map((r) => r.number);
    expect(unread.length).toBeGreaterThan(0);
    expect(unread.length).toBeLessThan(everything.length);
    await filters.getByRole('checkbox', { name: 'Unread only' }).check();
    await expectRows(page, unread);
    await clear();

    // Text: words in titles/messages, and a ticket number.
    const search = filters.getByRole('searchbox', { name: 'Search tickets' });
    await search.fill('invoice');
    await search.press('Enter');
    await expectRows(page, [T.invoice, T.vat]);
    await search.fill(`#${T.rateLimit}`);
    await search.press('Enter');
    await expectRows(page, [T.rateLimit]);
    await screenshot(page, 'console-07-filter-number');
    await search.fill('');
    await search.press('Enter');
    await clear();

    // Dates are creation dates, as the server filters them, and the filter says so: the two tickets
    // opened today (ten days after the recorded ones) are in; recorded tickets that had activity
    // today (a comment, an assignment, a tag, a close) are not.
    await filters.getByRole('button', { name: /^Creation date/ }).click();
    const from = filters.getByLabel('From');
    await expect.poll(() => from.getAttribute('aria-describedby').then((id) => page.locator(`[id="${id}"]`).innerText())).toMatch(/^Days the ticket was created/);
    await from.fill(touchedDay);
    await expectRows(page, created);
    await expect.poll(() => filters.getByRole('button', { name: /^Created since / }).isVisible()).toBe(true);
    await filters.getByLabel('From').fill('');
    await filters.getByLabel('To').fill('2026-12-03');
    await expect.poll(async () => (await rowNumbers(page)).some((n) => created.includes(n))).toBe(false);
    const untilRecorded = await rowNumbers(page);
    for (const n of [T.email, T.refund, T.rateLimit, T.password, T.vat, T.crash, T.darkMode, T.webhooks]) expect(untilRecorded).toContain(n);
    await screenshot(page, 'console-08-filter-dates');
    await page.keyboard.press('Escape');
    await clear();
    expect(browser.problems).toEqual([]);
  }, 90_000);

  it('the command palette finds a ticket by number in another helpdesk and opens it', async () => {
    const { page } = browser;
    const acmeAdmin = (await signedIn(acme, acme.credentials.staff.find((s) => s.level === 3)!.email)).client;
    const target = (await acmeAdmin.getAllTickets({ page: 1 })).tickets[3]!;
    await openGlobex();
    await page.keyboard.press('Control+K');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await expect.poll(() => palette.isVisible()).toBe(true);
    await palette.getByRole('combobox', { name: 'Search tickets and commands' }).fill(String(target.ticketNumber));
    const hit = palette.getByRole('option', { name: new RegExp(`#${target.ticketNumber}`) });
    await expect.poll(() => hit.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => hit.innerText()).toContain('Acme');
    await screenshot(page, 'console-09-palette');
    await page.keyboard.press('Enter');
    await expect.poll(() => palette.count()).toBe(0);
    await expect.poll(() => ticketRegion(page, target.title).isVisible(), { timeout: 10_000 }).toBe(true);
    // It switched to Acme to show it.
    await expect.poll(() => page.getByRole('button', { name: /^Acme — online/ }).getAttribute('aria-current')).toBe('page');
    await screenshot(page, 'console-10-palette-opened');
    expect(browser.problems).toEqual([]);
  }, 60_000);

  it('a ticket that moves above the view does not move the rows the agent is reading', async () => {
    const { page } = browser;
    await page.goto(host.host.url);
    await page.getByRole('button', { name: /^Acme — online/ }).click();
    await queue(/^All tickets/);
    // Every page read first, so only the change below moves rows.
    const list = queueList(page);
    await expect
      .poll(async () => {
        await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        return (await page.getByText(/Scroll down for more|Loading|Refreshing/).count()) === 0 && (await list.getByRole('option').count()) > 20;
      }, { timeout: 15_000 })
      .toBe(true);
    // The ticket at the list's top edge, found where the agent sees it (by position, not DOM order).
    const rowAtTop = async () =>
      (await page.evaluate(`(() => {
        const box = document.querySelector('[role="listbox"][aria-label$=": tickets"]').getBoundingClientRect();
        const row = document.elementFromPoint(box.left + box.width / 2, box.top + 28)?.closest('[role="option"]');
        return row ? Number(row.dataset.ticket) : null;
      })()`)) as number | null;
    await list.evaluate((el) => el.scrollTo(0, 5 * 56 + 10));
    await expect.poll(rowAtTop).not.toBeNull();
    const reading = await rowAtTop();
    const scrolled = await list.evaluate((el) => el.scrollTop);

    // A new ticket has the newest activity: it sorts in at the very top, above the view.
    const fresh = Number(acme.act.createTicket({ userId: 1, title: 'Arrived while scrolled', content: 'New.', departmentId: 1 }));
    await page.getByRole('button', { name: /^Refresh/ }).click();
    // One row came in above: the list moved down by exactly that row, so the view did not change.
    await expect.poll(() => list.evaluate((el) => el.scrollTop), { timeout: 10_000 }).toBe(scrolled + 56);
    expect(await rowAtTop()).toBe(reading);
    await list.evaluate((el) => el.scrollTo(0, 0));
    await expect.poll(rowAtTop).toBe(fresh);
    expect(browser.problems).toEqual([]);
  }, 60_000);

  it('keyboard only: j/k/Enter opens a ticket, r + Ctrl+Enter replies, c closes', async () => {
    const { page } = browser;
    await openGlobex();
    await queue(/^New tickets/);
    await expect.poll(async () => (await visibleRows(page)).length).toBeGreaterThan(2);
    // Focus leaves the button the test clicked; from here on, only keys.
    await blurActive(page);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    const heading = page.getByRole('region').getByRole('heading', { level: 2 });
    await expect.poll(() => heading.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const numberText = await page.getByRole('region').filter({ has: page.getByRole('group', { name: 'Ticket actions' }) }).innerText();
    const number = Number(/#(\d+)/.exec(numberText)?.[1]);
    expect(RECORDED.includes(number as never) || created.includes(number)).toBe(true);

    await page.keyboard.press('r');
    await expect.poll(() => focusedLabel(page)).toBe('Reply');
    await page.keyboard.type('Typed without a mouse.');
    await page.keyboard.press('Control+Enter');
    const admin = (await signedIn(globex, ADMIN)).client;
    await expect
      .poll(async () => (await admin.getTicket(number)).events.some((e) => e.type === 'COMMENT' && (e.content ?? '').includes('Typed without a mouse.')), { timeout: 10_000 })
      .toBe(true);
    // Esc leaves the editor, then c closes the ticket.
    await page.keyboard.press('Escape');
    await page.keyboard.press('c');
    await expect.poll(async () => (await admin.getTicket(number)).closed, { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByRole('group', { name: 'Ticket actions' }).getByRole('button', { name: 'Re-open' }).isVisible()).toBe(true);
    await screenshot(page, 'console-11-keyboard-closed');
    expect(browser.problems).toEqual([]);
  }, 60_000);
});
