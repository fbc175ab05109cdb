import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSim, type RunningSim } from '../../sim';
import { addHelpdesk, alertTexts, row, ticketRegion } from '../support/console';
import { launchBrowser, screenshot, type TestBrowser } from '../support/browser';
import { startTestHost, type TestHost } from '../support/host';
import { signedIn, type TestClient } from '../support/sim';

/**
 * Every ticket action end to end in Chromium, each checked on the simulator afterwards through a
 * separate API client, and the refusals a real helpdesk gives, each shown as a readable sentence.
 */
const ADMIN = 'admin@example.test';
const SAM = 'sam.agent@example.test';
const S = { admin: 1, sam: 2, terry: 3 } as const;
const T = { invoice: 279834, refund: 854733, vat: 529632, crash: 121265 } as const;

let globex: RunningSim;
let initech: RunningSim;
let host: TestHost;
let browser: TestBrowser;
let oracle: TestClient;

beforeAll(async () => {
  [globex, initech] = await Promise.all([startSim({ seed: 'recorded' }), startSim({ seed: 'recorded' })]);
  globex.act.setSetting('allow-attachments', '1');
  host = await startTestHost();
  await addHelpdesk(host, globex, ADMIN, 'Globex');
  await addHelpdesk(host, initech, SAM, 'Initech');
  oracle = await signedIn(globex, ADMIN);
  browser = await launchBrowser();
  await browser.page.setViewportSize({ width: 1440, height: 1300 });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await Promise.all([globex?.close(), initech?.close()]);
});

/** A message that a person can read: a sentence, no error code or stack. */
function expectReadable(text: string): void {
  expect(text.trim().length).toBeGreaterThan(10);
  expect(text).not.toMatch(/\b[A-Z]{2,}_[A-Z_]+\b/);
  expect(text).not.toMatch(/Error:|at .*\(|undefined|\[object/);
}

async function openTicket(page: Page, label: string, ticketNumber: number, title: string): Promise<void> {
  await page.goto(host.host.url);
  await page.getByRole('button', { name: new RegExp(`^${label} — online`) }).click();
  await page.getByRole('navigation', { name: 'Queues' }).getByRole('button', { name: /^All tickets/ }).click();
  await expect.poll(() => row(page, ticketNumber).isVisible(), { timeout: 10_000 }).toBe(true);
  await row(page, ticketNumber).click();
  await expect.poll(() => ticketRegion(page, title).isVisible(), { timeout: 10_000 }).toBe(true);
}

const server = (n: number) => oracle.client.getTicket(n);
const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 10_000 });

describe('ticket actions', () => {
  it('reply, note, assign, reassign, unassign, department, close, re-open, tags, title, edit', async () => {
    const { page } = browser;
    const title = 'Refund request for order 4411';
    await openTicket(page, 'Globex', T.refund, title);
    const ticket = ticketRegion(page, title);
    const actions = ticket.getByRole('group', { name: 'Ticket actions' });
    await screenshot(page, 'actions-01-ticket');

    // Reply.
    await ticket.getByRole('textbox', { name: 'Reply' }).click();
    await page.keyboard.type('We are checking the duplicated charge.');
    await ticket.getByRole('button', { name: /^Send reply/ }).click();
    await poll(async () => (await server(T.refund)).events.filter((e) => e.type === 'COMMENT' && !e.private).map((e) => e.content ?? '').join()).toContain('duplicated charge');

    // Internal note.
    await ticket.getByRole('radio', { name: 'Internal note' }).check({ force: true }); // the label's icon covers the hidden radio
    await ticket.getByRole('textbox', { name: 'Internal note' }).click();
    await page.keyboard.type('Customer was charged twice by the gateway.');
    await ticket.getByRole('button', { name: /^Add internal note/ }).click();
    await poll(async () => (await server(T.refund)).events.filter((e) => e.type === 'COMMENT' && e.private).map((e) => e.content ?? '').join()).toContain('gateway');
    await screenshot(page, 'actions-02-note');

    // Assign to me.
    await actions.getByRole('button', { name: 'Assign to me' }).click();
    await poll(async () => (await server(T.refund)).owner?.id).toBe(S.admin);

    // Assign to another staff member of the department (Billing: Sam and Terry).
    await ticket.getByRole('button', { name: 'Change', exact: true }).click();
    await ticket.getByRole('group', { name: 'Change' }).getByRole('button', { name: /^Sam Agent/ }).click();
    await poll(async () => (await server(T.refund)).owner?.id).toBe(S.sam);

    // Unassign.
    await ticket.getByRole('button', { name: 'Change', exact: true }).click();
    await ticket.getByRole('group', { name: 'Change' }).getByRole('button', { name: 'Unassign' }).click();
    await poll(async () => (await server(T.refund)).owner).toBeNull();

    // Change department.
    await ticket.getByRole('combobox', { name: 'Department' }).selectOption({ label: 'Technical' });
    await poll(async () => (await server(T.refund)).department.id).toBe(3);

    // Close, re-open.
    await actions.getByRole('button', { name: 'Close ticket' }).click();
    await poll(async () => (await server(T.refund)).closed).toBe(true);
    await actions.getByRole('button', { name: 'Re-open' }).click();
    await poll(async () => (await server(T.refund)).closed).toBe(false);

    // Add and remove a tag.
    await ticket.getByRole('button', { name: /Add tag/ }).click();
    await ticket.getByRole('group', { name: 'Add tag' }).getByRole('button', { name: /urgent/ }).click();
    await poll(async () => (await server(T.refund)).tags).toEqual(['urgent']);
    await screenshot(page, 'actions-03-tagged');
    await ticket.getByRole('button', { name: 'Remove tag urgent' }).click();
    await poll(async () => (await server(T.refund)).tags).toEqual([]);

    // Edit the title.
    await ticket.getByRole('button', { name: 'Edit title' }).click();
    await page.getByRole('textbox', { name: 'Ticket title' }).fill('Refund for duplicated order 4411');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await poll(async () => (await server(T.refund)).title).toBe('Refund for duplicated order 4411');
    const renamed = ticketRegion(page, /Refund for duplicated order 4411/);
    await expect.poll(() => renamed.isVisible()).toBe(true);

    // Edit my last message (the internal note).
    await renamed.getByRole('button', { name: 'Edit your last message' }).click();
    const editor = renamed.getByRole('textbox', { name: 'Edit message' });
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Charged twice by the payment gateway (confirmed).');
    await renamed.getByRole('button', { name: 'Save', exact: true }).click();
    await poll(async () => {
      const last = (await server(T.refund)).events.filter((e) => e.type === 'COMMENT').at(-1);
      return [last?.content?.includes('(confirmed)'), last?.edited];
    }).toEqual([true, true]);
    await screenshot(page, 'actions-04-done');
    expect(await alertTexts(page)).not.toMatch(/Couldn't/);
    expect(browser.problems).toEqual([]);
  }, 90_000);

  it('a reply with an attachment and a reply with a custom response', async () => {
    const { page } = browser;
    const title = 'Mobile app crashes on start';
    await openTicket(page, 'Globex', T.crash, title);
    const ticket = ticketRegion(page, title);

    const chooser = page.waitForEvent('filechooser');
    await ticket.getByRole('button', { name: /^Attach file/ }).click();
    await (await chooser).setFiles({ name: 'crash-log.txt', mimeType: 'text/plain', buffer: Buffer.from('FATAL EXCEPTION: main\n'.repeat(20)) });
    await expect.poll(() => ticket.getByRole('button', { name: 'Remove crash-log.txt' }).isVisible()).toBe(true);
    await ticket.getByRole('textbox', { name: 'Reply' }).click();
    await page.keyboard.type('Here is the log we captured.');
    await ticket.getByRole('button', { name: /^Send reply/ }).click();
    await poll(async () => {
      const c = (await server(T.crash)).events.find((e) => e.type === 'COMMENT' && (e.content ?? '').includes('log we captured'));
      return c?.file ?? null;
    }).toMatch(/crash-log/);
    // The file is offered for download in the conversation.
    await expect.poll(() => ticket.getByRole('button', { name: /^Download .*crash-log/ }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot(page, 'actions-05-attachment');

    await ticket.getByRole('combobox', { name: 'Custom responses' }).selectOption({ label: 'Greeting' });
    await expect.poll(() => ticket.getByRole('textbox', { name: 'Reply' }).innerText()).toContain('thanks for contacting us');
    await ticket.getByRole('button', { name: /^Send reply/ }).click();
    await poll(async () => (await server(T.crash)).events.filter((e) => e.type === 'COMMENT').map((e) => e.content ?? '').join()).toContain('thanks for contacting us');
    expect(browser.problems).toEqual([]);
  }, 60_000);

  it('refuses with a readable message when someone else assigned the ticket just before', async () => {
    const { page } = browser;
    const title = 'Need a VAT invoice';
    await openTicket(page, 'Globex', T.vat, title);
    const ticket = ticketRegion(page, title);
    globex.act.assign(T.vat, { by: S.terry });
    await ticket.getByRole('group', { name: 'Ticket actions' }).getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(() => alertTexts(page), { timeout: 10_000 }).toMatch(/Couldn't assign|assigned|can't/i);
    const text = await alertTexts(page);
    expectReadable(text);
    expect((await server(T.vat)).owner?.id).toBe(S.terry);
    // The page shows the real owner once it has refreshed.
    await expect.poll(() => ticket.getByText('Terry Lead', { exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(text).toContain('Terry Lead');
    await screenshot(page, 'actions-06-already-assigned');
    expect(browser.problems).toEqual([]);
  }, 60_000);

  it('refuses with a readable message when a level-1 agent acts outside their departments', async () => {
    const { page } = browser;
    const title = 'Invoice shows wrong amount';
    // Sam (level 1: Help and Support, Billing) opens a Billing ticket; an administrator moves it to Technical.
    await openTicket(page, 'Initech', T.invoice, title);
    const ticket = ticketRegion(page, title);
    initech.act.changeDepartment(T.invoice, { by: S.admin, departmentId: 3 });
    await ticket.getByRole('group', { name: 'Ticket actions' }).getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(() => alertTexts(page), { timeout: 10_000 }).not.toBe('');
    const text = await alertTexts(page);
    expectReadable(text);
    const admin = (await signedIn(initech, ADMIN)).client;
    expect((await admin.getTicket(T.invoice)).owner).toBeNull();
    await screenshot(page, 'actions-07-outside-department');
    expect(browser.problems).toEqual([]);
  }, 60_000);
});
