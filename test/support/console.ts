import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { RunningSim } from '../../sim';
import type { TestHost } from './host';
import { account } from './sim';

/**
 * Helpers for the console e2e suites: sign in through the core (faster than the form, which
 * `helpdesks.e2e.test.ts` covers), and read the queue list the way a screen reader would.
 */

/** Adds a helpdesk to the running core with a simulator account; returns its id. */
export async function addHelpdesk(host: TestHost, sim: RunningSim, email: string, label: string): Promise<string> {
  const view = await host.core.registry.add({ url: sim.apiRoot, label, email, password: account(sim, email).password, remember: true });
  return view.id;
}

/** The queue list of the visible pane (role listbox named "<queue>: tickets"). */
export function queueList(page: Page): Locator {
  return page.getByRole('listbox', { name: /: tickets$/ });
}

export interface ParsedRow {
  number: number;
  label: string;
  unread: boolean;
  closed: boolean;
  owner: string | null;
  tags: string[];
  helpdesk: string | null;
}

/**
 * Reads one row's accessible name, which says each fact once, in the order they are on screen:
 * "#123 Title, unread, tags: a, b, last activity 2 hr. ago, Open, Dept, from X, assigned to Y (or:
 * Unassigned), in Helpdesk" (unread, tags and the helpdesk only when they apply).
 */
export function parseRow(label: string): ParsedRow {
  const number = Number(/^#(\d+)/.exec(label)?.[1] ?? NaN);
  const tags = /, tags: (.*?), last activity /.exec(label)?.[1]?.split(', ') ?? [];
  return {
    number,
    label,
    unread: /, unread, /.test(label),
    closed: /, Closed, /.test(label),
    owner: /, assigned to ([^,]+?)(?:, in [^,]+)?$/.exec(label)?.[1] ?? null,
    tags,
    helpdesk: /, in ([^,]+)$/.exec(label)?.[1] ?? null,
  };
}

/** Rows currently rendered in the queue list (the list is virtual: use a tall viewport). */
export async function visibleRows(page: Page): Promise<ParsedRow[]> {
  const labels = await queueList(page)
    .getByRole('option')
    .evaluateAll((rows) =>
      // A row's name comes from its content, less what is hidden from assistive technology.
      rows.map((row) => {
        const copy = row.cloneNode(true) as typeof row;
        copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden: { remove(): void }) => hidden.remove());
        return (copy.textContent ?? '').replace(/\s+/g, ' ').replace(/ ,/g, ',').trim();
      }),
    );
  return labels.map(parseRow);
}

export async function rowNumbers(page: Page): Promise<number[]> {
  return (await visibleRows(page)).map((r) => r.number).sort((a, b) => a - b);
}

/** Waits until the list shows exactly these ticket numbers (any order). */
export async function expectRows(page: Page, numbers: readonly number[], timeout = 10_000): Promise<void> {
  await expect.poll(() => rowNumbers(page), { timeout }).toEqual([...numbers].sort((a, b) => a - b));
}

/** The row of one ticket (by its number at the start of the accessible name). */
export function row(page: Page, ticketNumber: number): Locator {
  return queueList(page).getByRole('option', { name: new RegExp(`^#${ticketNumber} `) });
}

/** The open ticket's region (a section named by the ticket's title). */
export function ticketRegion(page: Page, title: string | RegExp): Locator {
  return page.getByRole('region', { name: title });
}

/**
 * Moves focus off whatever the test last clicked, so the next keys go to the page's shortcuts.
 * (Page-side code is given as strings: the test project is typed without the DOM library.)
 */
export async function blurActive(page: Page): Promise<void> {
  await page.evaluate('document.activeElement && document.activeElement.blur && document.activeElement.blur()');
}

/** The accessible label of the focused element. */
export async function focusedLabel(page: Page): Promise<string | null> {
  return (await page.evaluate('document.activeElement ? document.activeElement.getAttribute("aria-label") : null')) as string | null;
}

/** The failure/refusal line of the open ticket, or any alert on the page. */
export async function alertTexts(page: Page): Promise<string> {
  const texts = await page.getByRole('alert').allInnerTexts();
  return texts.join(' | ');
}

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the page; returns the serious and critical violations. axe is injected as an
 * inline script, so the page needs `launchBrowser({ bypassCSP: true })`.
 */
export async function axeSerious(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.addScriptTag({ path: AXE_PATH });
  const violations = (await page.evaluate(`(async () => {
    const summary = (s) => (s || '').replace(/^Fix any of the following:\\s*/, '').replace(/\\s+/g, ' ').slice(0, 160);
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target) + ' ' + summary(n.failureSummary)) }));
  })()`)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
