import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSim, type RunningSim } from '../../sim';
import { axeSerious, queueList } from '../support/console';
import { launchBrowser, screenshot, type TestBrowser } from '../support/browser';
import { startTestHost, type TestHost } from '../support/host';

/**
 * axe-core on the main screens (add helpdesk, queue, ticket, palette, helpdesk settings) of a
 * realistic demo helpdesk, in light and dark mode: no serious or critical violation. The same run
 * keeps the screenshots the README uses (docs/screenshots/).
 */
const DOCS = fileURLToPath(new URL('../../docs/screenshots', import.meta.url));

let sim: RunningSim;
let host: TestHost;
let browser: TestBrowser;

beforeAll(async () => {
  sim = await startSim({ seed: 'demo', tickets: 120 });
  host = await startTestHost();
  // axe is injected as an inline script, which the page's CSP forbids; the policy does not change accessibility.
  browser = await launchBrowser({ bypassCSP: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await sim?.close();
});

async function check(page: Page, name: string, docsName?: string): Promise<void> {
  const file = await screenshot(page, name);
  if (docsName) {
    mkdirSync(DOCS, { recursive: true });
    copyFileSync(file, resolve(DOCS, docsName));
  }
  const serious = await axeSerious(page);
  // Soft, so one run reports every screen.
  expect.soft(serious, `${name}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
}

/** The accessible names Chromium computes for the elements a selector finds (through the DevTools protocol). */
async function chromiumNames(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: 0 })) as { root: { nodeId: number } };
    const { nodeIds } = (await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector })) as { nodeIds: number[] };
    const names: string[] = [];
    for (const nodeId of nodeIds) {
      const { nodes } = (await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false })) as { nodes: { name?: { value?: string } }[] };
      // Chromium puts a space around each block-level piece (the flex items); speech does not read it.
      names.push(String(nodes[0]?.name?.value ?? '').replace(/\s+,/g, ','));
    }
    return names;
  } finally {
    await cdp.detach();
  }
}

describe('accessibility of the main screens', () => {
  it('add helpdesk, queue, ticket, palette and settings have no serious or critical axe violation', async () => {
    const { page } = browser;
    const admin = sim.credentials.staff.find((s) => s.level === 3)!;
    await page.goto(host.host.url);
    await expect.poll(() => page.getByRole('heading', { name: 'Connect your first helpdesk' }).isVisible()).toBe(true);
    await page.getByLabel('Helpdesk URL').fill(sim.origin);
    await page.getByLabel('Label', { exact: false }).fill('Acme Support');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByLabel('Email').focus();
    await expect.poll(() => page.getByText(/Found/).first().isVisible(), { timeout: 10_000 }).toBe(true);
    await check(page, 'a11y-01-add-helpdesk', 'add-helpdesk.png');

    await page.getByRole('button', { name: 'Add helpdesk' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Acme Support', level: 1 }).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByRole('navigation', { name: 'Queues' }).getByRole('button', { name: /^All tickets/ }).click();
    await expect.poll(() => queueList(page).getByRole('option').count(), { timeout: 10_000 }).toBeGreaterThan(5);
    await check(page, 'a11y-02-queue');
    // What a screen reader is given for a row: Chromium's own accessibility tree, not a re-computation.
    const names = await chromiumNames(page, '[role="listbox"] [role="option"]');
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) {
      expect(name).toMatch(/^#\d+ \S.*, last activity \S.*, (Open|Closed), \S.*, from \S.*, (assigned to \S.*|Unassigned)$/);
      expect(name).not.toMatch(/[→·]|,,/);
    }
    expect(names.some((n) => /, unread, /.test(n))).toBe(true);
    expect(names.some((n) => /, tags: \S/.test(n))).toBe(true);

    // A ticket with a conversation.
    await queueList(page).getByRole('option').nth(2).click();
    await expect.poll(() => page.getByRole('list', { name: 'Conversation' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByRole('group', { name: 'Ticket actions' }).isVisible()).toBe(true);
    await page.waitForTimeout(300);
    await check(page, 'a11y-03-ticket', 'console.png');
    await page.setViewportSize({ width: 1000, height: 800 });
    await page.waitForTimeout(200);
    await check(page, 'a11y-04-ticket-narrow', 'ticket.png');
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.keyboard.press('Control+K');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByRole('combobox', { name: 'Search tickets and commands' }).fill('refund');
    await expect.poll(() => palette.getByRole('option').count(), { timeout: 10_000 }).toBeGreaterThan(1);
    await page.waitForTimeout(200);
    await check(page, 'a11y-05-palette', 'palette.png');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Settings and account' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Remove helpdesk' }).isVisible()).toBe(true);
    await check(page, 'a11y-06-helpdesk-home', 'helpdesk-home.png');

    // Dark mode: the same queue and ticket.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('navigation', { name: 'Queues' }).getByRole('button', { name: /^All tickets/ }).click();
    await queueList(page).getByRole('option').nth(2).click();
    await expect.poll(() => page.getByRole('list', { name: 'Conversation' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await page.waitForTimeout(300);
    await check(page, 'a11y-07-dark', 'console-dark.png');
    expect(browser.problems).toEqual([]);
  }, 120_000);
});
