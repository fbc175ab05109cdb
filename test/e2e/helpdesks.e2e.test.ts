import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../../sim';
import { launchBrowser, screenshot, type TestBrowser } from '../support/browser';
import { startTestHost, type TestHost } from '../support/host';
import { account } from '../support/sim';

/**
 * The first screens in real Chromium through the browser host, against two simulators: add two
 * helpdesks, switch between them, reload with the host restarted (both restored from the keychain),
 * sign out of one and remove the other.
 */
let simA: RunningSim;
let simB: RunningSim;
let host: TestHost;
let browser: TestBrowser;

beforeAll(async () => {
  [simA, simB] = await Promise.all([startSim({ seed: 'demo', tickets: 40 }), startSim({ seed: 'recorded' })]);
  host = await startTestHost();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await Promise.all([simA?.close(), simB?.close()]);
});

describe('helpdesks in the browser host', () => {
  it('adds two helpdesks, switches, restores after a host restart, signs out and removes', async () => {
    const { page } = browser;
    await page.goto(host.host.url);
    await expect.poll(() => page.getByRole('heading', { name: 'Connect your first helpdesk' }).isVisible()).toBe(true);
    await screenshot(page, '01-first-run');

    // A URL that is not OpenSupports is explained next to the field.
    await page.getByLabel('Helpdesk URL').fill(`${simA.origin}/not-here`);
    await page.getByLabel('Email').focus();
    await expect.poll(() => page.getByText(/not look like an OpenSupports|no API at/).first().isVisible()).toBe(true);

    const demoAdmin = simA.credentials.staff.find((s) => s.level === 3)!;
    await page.getByLabel('Helpdesk URL').fill(simA.origin);
    await page.getByLabel('Email').fill(demoAdmin.email);
    await expect.poll(() => page.getByText(/plain http/).first().isVisible()).toBe(true);
    await page.getByLabel('Label', { exact: false }).fill('Acme Support');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Add helpdesk' }).click();
    await expect.poll(() => page.getByText(/email or password is wrong/).first().isVisible()).toBe(true);
    await screenshot(page, '02-add-wrong-password');
    await page.getByLabel('Password').fill(demoAdmin.password);
    await page.getByRole('button', { name: 'Add helpdesk' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Acme Support' }).isVisible()).toBe(true);

    // The second helpdesk, from the rail's add button.
    await page.getByRole('button', { name: 'Add helpdesk' }).click();
    await page.getByLabel('Helpdesk URL').fill(simB.apiRoot);
    await page.getByLabel('Label', { exact: false }).fill('Globex');
    await page.getByLabel('Email').fill('terry.lead@example.test');
    await page.getByLabel('Password').fill(account(simB, 'terry.lead@example.test').password);
    await page.getByRole('button', { name: 'Add helpdesk' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Globex' }).isVisible()).toBe(true);
    await screenshot(page, '03-two-helpdesks');

    // Switch with one click and with the keyboard.
    await page.getByRole('button', { name: /^Acme Support — online/ }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Acme Support' }).isVisible()).toBe(true);
    await page.keyboard.press('Control+2');
    await expect.poll(() => page.getByRole('heading', { name: 'Globex' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: /^Globex — online/ }).getAttribute('aria-current')).toBe('page');

    // Restart the host: a new launch secret, the same data folder and keychain. Both restore.
    await host.restart();
    await page.goto(host.host.url);
    await expect.poll(() => page.getByRole('button', { name: /^Acme Support — online/ }).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: /^Globex — online/ }).isVisible()).toBe(true);
    await screenshot(page, '04-restored-after-restart');

    // Sign out of Globex, confirming in the dialog.
    // Choosing a helpdesk opens its queues; its account page is behind the sidebar's settings button.
    await page.getByRole('button', { name: /^Globex/ }).click();
    await page.getByRole('button', { name: 'Settings and account' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await screenshot(page, '05-sign-out-dialog');
    await dialog.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Globex — signed out/ }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);

    // Remove Acme Support.
    await page.getByRole('button', { name: /^Acme Support/ }).click();
    await page.getByRole('button', { name: 'Settings and account' }).click();
    await page.getByRole('button', { name: 'Remove helpdesk' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove helpdesk' }).click();
    // While the dialog is open the rest of the page is inert, so wait for the core, then for the page.
    await expect.poll(() => host.core.registry.list().length).toBe(1);
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: /^Acme Support/ }).count()).toBe(0);
    const remaining = host.core.registry.list();
    expect(remaining.map((h) => [h.label, h.state])).toEqual([['Globex', 'signed-out']]);
    expect(await host.vault.get(remaining[0]!.id)).toBeNull();
    await screenshot(page, '06-after-remove');
    expect(browser.problems).toEqual([]);
  }, 90_000);
});
