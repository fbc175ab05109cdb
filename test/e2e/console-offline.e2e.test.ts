import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../../sim';
import { row, ticketRegion, visibleRows } from '../support/console';
import { launchBrowser, screenshot, type TestBrowser } from '../support/browser';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { startTestHost, type TestHost } from '../support/host';
import { account } from '../support/sim';

/**
 * Offline display: with queues and a ticket seen once, the helpdesk becomes unreachable (a proxy in
 * front of the simulator refuses connections) and the page is reloaded. The saved list and ticket
 * are still readable and say that they are an offline copy.
 */
const ADMIN = 'admin@example.test';
const T = { refund: 854733, vat: 529632 } as const;

let sim: RunningSim;
let proxy: FaultProxy;
let host: TestHost;
let browser: TestBrowser;

beforeAll(async () => {
  sim = await startSim({ seed: 'recorded' });
  proxy = await startFaultProxy(sim.origin);
  host = await startTestHost();
  await host.core.registry.add({ url: `${proxy.url}/api`, label: 'Globex', email: ADMIN, password: account(sim, ADMIN).password, remember: true });
  browser = await launchBrowser();
  await browser.page.setViewportSize({ width: 1440, height: 1100 });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await proxy?.close();
  await sim?.close();
});

describe('offline', () => {
  it('a reload while the helpdesk is unreachable shows the cached queue and ticket, marked offline', async () => {
    const { page } = browser;
    await page.goto(host.host.url);
    await page.getByRole('button', { name: /^Globex — online/ }).click();
    const queues = page.getByRole('navigation', { name: 'Queues' });
    await queues.getByRole('button', { name: /^New tickets/ }).click();
    await expect.poll(async () => (await visibleRows(page)).length, { timeout: 10_000 }).toBeGreaterThan(5);
    await queues.getByRole('button', { name: /^All tickets/ }).click();
    await expect.poll(() => row(page, T.refund).isVisible(), { timeout: 10_000 }).toBe(true);
    const onlineRows = (await visibleRows(page)).map((r) => r.number).sort();
    await row(page, T.refund).click();
    await expect.poll(() => ticketRegion(page, 'Refund request for order 4411').isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByText('Please refund the duplicated charge.').isVisible()).toBe(true);

    // The helpdesk goes away; the page reloads (after the core's 5 s freshness window, so opening
    // the list asks the server again). The saved list shows, marked offline.
    await proxy.set('refuse');
    await page.waitForTimeout(5_500);
    await page.reload();
    await page.getByRole('button', { name: /^Globex/ }).click();
    await queues.getByRole('button', { name: /^All tickets/ }).click();
    await expect.poll(async () => (await visibleRows(page)).map((r) => r.number).sort()).toEqual(onlineRows);
    await expect.poll(() => page.getByText(/^Offline: showing the tickets saved on this computer/).isVisible(), { timeout: 20_000 }).toBe(true);
    expect((await visibleRows(page)).map((r) => r.number).sort()).toEqual(onlineRows);
    await screenshot(page, 'offline-01-queue');
    // The helpdesk itself should read offline too (rail and sidebar), not "Online" next to an offline list.
    const railOffline = page.getByRole('button', { name: /^Globex — offline/ });
    for (let i = 0; i < 40 && !(await railOffline.isVisible()); i++) await page.waitForTimeout(250);
    expect.soft(await railOffline.isVisible(), 'rail shows Globex offline once its list failed to refresh').toBe(true);

    await row(page, T.refund).click();
    const ticket = ticketRegion(page, 'Refund request for order 4411');
    await expect.poll(() => ticket.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => ticket.getByText('Please refund the duplicated charge.').isVisible()).toBe(true);
    await expect.poll(() => ticket.getByText('Offline copy', { exact: true }).isVisible(), { timeout: 10_000 }).toBe(true);
    await screenshot(page, 'offline-02-ticket');

    // A ticket never opened is readable too: the list's pages carried whole tickets.
    await row(page, T.vat).click();
    const vat = ticketRegion(page, 'Need a VAT invoice');
    await expect.poll(() => vat.getByText('Please issue a VAT-compliant invoice for my company.').isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => vat.getByText('Offline copy', { exact: true }).isVisible()).toBe(true);
    await screenshot(page, 'offline-03-never-opened');

    expect(browser.problems).toEqual([]);
  }, 120_000);

  it('after a restart of the app while the helpdesk is unreachable, the saved queue and ticket open offline', async () => {
    const { page } = browser;
    await host.restart();
    await page.goto(host.host.url);
    await page.getByRole('button', { name: /^Globex/ }).click();
    await page.getByRole('navigation', { name: 'Queues' }).getByRole('button', { name: /^All tickets/ }).click();
    await expect.poll(() => row(page, T.refund).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByText(/^Offline: showing the tickets saved on this computer/).isVisible(), { timeout: 20_000 }).toBe(true);
    await row(page, T.refund).click();
    const ticket = ticketRegion(page, 'Refund request for order 4411');
    await expect.poll(() => ticket.getByText('Please refund the duplicated charge.').isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => ticket.getByText('Offline copy', { exact: true }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: /^Globex — offline/ }).isVisible(), { timeout: 20_000 }).toBe(true);
    await screenshot(page, 'offline-04-after-restart');

    // Back online: "Try again" on the helpdesk's page reconnects.
    await proxy.heal();
    await page.getByRole('button', { name: 'Settings and account' }).click();
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Globex — online/ }).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(browser.problems).toEqual([]);
  }, 120_000);
});
