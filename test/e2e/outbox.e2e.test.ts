import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startSim, type RunningSim } from '../../sim';
import { addHelpdesk, row, ticketRegion } from '../support/console';
import { launchBrowser, screenshot, type TestBrowser } from '../support/browser';
import { startTestHost, type TestHost } from '../support/host';
import { signedIn } from '../support/sim';

/**
 * The outbox end to end: a reply sent while the helpdesk is down waits in the thread as pending,
 * survives a restart of the app, and is delivered exactly once when the helpdesk comes back (the
 * simulator restarts on the same port with the same database and sessions).
 */
const ADMIN = 'admin@example.test';
const T = { refund: 854733 } as const;
const TITLE = 'Refund request for order 4411';
const TEXT = `Outbox check ${Date.now().toString(36)}: the refund is on its way.`;

let dbDir: string;
let sim: RunningSim;
let host: TestHost;
let browser: TestBrowser;

beforeAll(async () => {
  // A kept database file, so that the simulator can be restarted with `resume`.
  dbDir = mkdtempSync(join(tmpdir(), 'staffdesk-outbox-sim-'));
  sim = await startSim({ seed: 'recorded', dbFile: join(dbDir, 'sim.sqlite') });
  host = await startTestHost();
  await addHelpdesk(host, sim, ADMIN, 'Globex');
  browser = await launchBrowser();
  await browser.page.setViewportSize({ width: 1440, height: 1100 });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await sim?.close();
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
});

async function openTicket(page: Page, online: boolean): Promise<Locator> {
  await page.getByRole('button', { name: online ? /^Globex — online/ : /^Globex/ }).click();
  await page.getByRole('navigation', { name: 'Queues' }).getByRole('button', { name: /^All tickets/ }).click();
  await expect.poll(() => row(page, T.refund).isVisible(), { timeout: 15_000 }).toBe(true);
  await row(page, T.refund).click();
  const ticket = ticketRegion(page, TITLE);
  await expect.poll(() => ticket.isVisible(), { timeout: 10_000 }).toBe(true);
  return ticket;
}

/** The thread's pending card for this reply (an article named "Your reply, not delivered yet"). */
function pendingCard(ticket: Locator): Locator {
  return ticket.getByRole('article', { name: 'Your reply, not delivered yet' }).filter({ hasText: TEXT });
}

async function serverComments(): Promise<string[]> {
  const oracle = await signedIn(sim, ADMIN);
  const detail = await oracle.client.getTicket(T.refund);
  return detail.events.filter((e) => e.type === 'COMMENT' && !e.private && (e.content ?? '').includes(TEXT)).map((e) => e.content ?? '');
}

describe('outbox', () => {
  it('a reply sent while the helpdesk is down stays pending across a restart and is delivered once when it is back', async () => {
    const { page } = browser;
    await page.goto(host.host.url);
    let ticket = await openTicket(page, true);
    await expect.poll(() => ticket.getByText('Please refund the duplicated charge.').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await serverComments()).toEqual([]);
    await screenshot(page, 'outbox-01-ticket');

    // The helpdesk goes down; the reply is written and sent anyway (Ctrl+Enter).
    const old = sim;
    await old.close();
    await ticket.getByRole('textbox', { name: 'Reply' }).click();
    await page.keyboard.type(TEXT);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => pendingCard(ticket).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => pendingCard(ticket).getByText('Pending — will be sent when Globex is reachable').isVisible(), { timeout: 20_000 }).toBe(true);
    await screenshot(page, 'outbox-02-pending');

    // The app restarts (same data folder and keychain); the reply is still pending.
    await host.restart();
    await page.goto(host.host.url);
    ticket = await openTicket(page, false);
    await expect.poll(() => pendingCard(ticket).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => pendingCard(ticket).getByText('Pending — will be sent when Globex is reachable').isVisible(), { timeout: 20_000 }).toBe(true);
    await screenshot(page, 'outbox-03-pending-after-restart');

    // …and listed in the Outbox view, reachable from the sidebar.
    await page.getByRole('navigation', { name: 'Queues' }).getByRole('button', { name: 'Outbox, 1' }).click();
    const entries = page.getByRole('list', { name: 'Replies not delivered yet' });
    await expect.poll(() => entries.getByRole('button', { name: `Open ticket #${T.refund} in Globex` }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => entries.getByText(/the refund is on its way/).isVisible()).toBe(true);
    await screenshot(page, 'outbox-04-outbox-view');
    await entries.getByRole('button', { name: `Open ticket #${T.refund} in Globex` }).click();
    ticket = ticketRegion(page, TITLE);
    await expect.poll(() => pendingCard(ticket).isVisible(), { timeout: 10_000 }).toBe(true);

    // The helpdesk comes back at the same address; the app notices on its own and delivers the reply.
    const restart = old.restartState();
    expect(restart).not.toBeNull();
    sim = await startSim({ seed: 'recorded', port: old.port, resume: restart ?? undefined });
    // Nobody clicks anything: the sync engine keeps polling with backoff, notices the helpdesk is
    // back, and the outbox drains. (The wait covers the longest backoff step the outage can reach.)
    const online = page.getByRole('button', { name: /^Globex — online/ });
    await expect.poll(() => online.isVisible(), { timeout: 60_000, interval: 500 }).toBe(true);
    await expect.poll(() => pendingCard(ticket).count(), { timeout: 30_000, interval: 500 }).toBe(0);
    await expect.poll(() => ticket.getByRole('article', { name: /^Message from / }).filter({ hasText: TEXT }).count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, 'outbox-06-delivered');
    expect(await serverComments()).toEqual([expect.stringContaining(TEXT)]);

    // Still exactly once a little later (no late re-send), and the outbox is empty.
    await page.waitForTimeout(3_000);
    expect(await serverComments()).toHaveLength(1);
    await expect.poll(() => page.getByRole('navigation', { name: 'Queues' }).getByRole('button', { name: 'Outbox, 0' }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await ticket.getByText('Pending — will be sent when Globex is reachable').count()).toBe(0);
    expect(browser.problems).toEqual([]);
  }, 180_000);
});
