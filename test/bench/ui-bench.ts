/**
 * Figures for the console in Chromium through the browser host (printed, never asserted), on one
 * simulator with 10,000 demo tickets:
 *  - page load → My tickets rows visible, cold (fresh data folder) and cached (reload; app restart);
 *  - opening a ticket, cold (first time) and cached (after an app restart);
 *  - API requests per step (counted on the simulator) against the web panel's 8 (sign-in → my
 *    tickets) and 2 (open a ticket);
 *  - p95 frame time while scrolling the 10,000-row All tickets list;
 *  - the renderer's JS heap.
 * Needs `npm run build` first (the host serves out/renderer). Run inside a D-Bus session with an
 * unlocked keyring to use the real keychain; without one the core falls back to memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { MethodArgs, MethodName, MethodResults } from '../../electron/contract';
import { startSim, type RunningSim } from '../../sim';
import { startFaultProxy } from '../support/fault-proxy';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { parseRow, queueList } from '../support/console';
import { startTestHost, type TestHost } from '../support/host';

const TICKETS = 10_000;
const WEB_PANEL = { signIn: 8, openTicket: 2 };
/** Requests that arrive after a step's screen is shown still belong to it (background refreshes). */
const SETTLE_MS = 1_500;

const ms = (n: number) => `${n.toFixed(0)} ms`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function rowsVisible(page: Page): Promise<boolean> {
  return (await queueList(page).getByRole('option').count()) > 0;
}

async function settleRequests(sim: RunningSim, from: number): Promise<number> {
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  return sim.requestCount() - from;
}

/** Page load → My tickets rows visible. */
async function loadToMine(page: Page, url: string | null): Promise<number> {
  const started = performance.now();
  if (url) await page.goto(url);
  else await page.reload();
  await page.getByRole('navigation', { name: 'Queues' }).getByRole('button', { name: /^My tickets/ }).waitFor();
  await until(() => rowsVisible(page));
  return performance.now() - started;
}

/** A contract method through the core's dispatcher, as the page would call it. */
async function call<M extends MethodName>(host: TestHost, method: M, ...args: MethodArgs<M>): Promise<MethodResults[M]> {
  const result = await host.core.handlers.invoke(method, args);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value;
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  await cdp.detach();
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
}

export async function benchUi(): Promise<void> {
  let started = performance.now();
  const sim = await startSim({ seed: 'demo', tickets: TICKETS });
  console.log(`simulator with ${TICKETS} tickets ready in ${ms(performance.now() - started)}`);
  const admin = sim.credentials.staff.find((s) => s.level === 3)!;
  // A pass-through proxy in front of the simulator lists the paths behind the counts.
  const proxy = await startFaultProxy(sim.origin);
  const apiRoot = `${proxy.url}/api`;
  const paths = (from: number) => {
    const counts = new Map<string, number>();
    for (const p of proxy.forwarded.slice(from)) counts.set(p.replace(/^\/api/, ''), (counts.get(p.replace(/^\/api/, '')) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]).map(([p, n]) => `${p} ×${n}`).join(', ');
  };
  const dirs: string[] = [];
  const hosts: TestHost[] = [];
  let browser: TestBrowser | null = null;
  try {
    browser = await launchBrowser();
    const page = browser.page;

    // 1. Sign in through the form on a fresh data folder: requests until My tickets shows.
    const signInDir = mkdtempSync(join(tmpdir(), 'staffdesk-bench-ui-'));
    dirs.push(signInDir);
    const first = await startTestHost({ dataDir: signInDir });
    hosts.push(first);
    await page.goto(first.host.url);
    await page.getByLabel('Helpdesk URL').fill(apiRoot);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    let before = sim.requestCount();
    const signInFrom = proxy.forwarded.length;
    started = performance.now();
    await page.getByRole('button', { name: 'Add helpdesk' }).click();
    await until(() => rowsVisible(page));
    const signInMs = performance.now() - started;
    const signInToMine = sim.requestCount() - before;
    const signInPaths = paths(signInFrom);
    const signInSettled = await settleRequests(sim, before);
    await first.close();
    hosts.pop();

    // 2. Cold: a signed-in helpdesk with nothing cached, then the page loads.
    const dataDir = mkdtempSync(join(tmpdir(), 'staffdesk-bench-ui-'));
    dirs.push(dataDir);
    const host = await startTestHost({ dataDir });
    hosts.push(host);
    const helpdeskId = (await host.core.registry.add({ url: apiRoot, label: 'Acme', email: admin.email, password: admin.password, remember: true })).id;
    before = sim.requestCount();
    const coldFrom = proxy.forwarded.length;
    const coldLoad = await loadToMine(page, host.host.url);
    const coldLoadRequests = await settleRequests(sim, before);
    const coldPaths = paths(coldFrom);

    // A ticket of My tickets, opened for the first time.
    const target = parseRow((await queueList(page).getByRole('option').nth(3).getAttribute('aria-label')) ?? '');
    before = sim.requestCount();
    const openFrom = proxy.forwarded.length;
    const coldOpen = await openTicketRow(page, target.number);
    const coldOpenRequests = await settleRequests(sim, before);
    const openPaths = paths(openFrom);

    // 3. Cached: reload the page (same core), then restart the app on the same data folder.
    before = sim.requestCount();
    const reloadLoad = await loadToMine(page, null);
    const reloadRequests = await settleRequests(sim, before);
    await host.restart();
    before = sim.requestCount();
    const restartLoad = await loadToMine(page, host.host.url);
    const restartRequests = await settleRequests(sim, before);
    before = sim.requestCount();
    const cachedOpen = await openTicketRow(page, target.number);
    const cachedOpenRequests = await settleRequests(sim, before);

    console.log('\npage load → My tickets rows visible');
    console.log(`  sign-in through the form → rows: ${ms(signInMs)}, ${signInToMine} API requests (${signInSettled} within ${SETTLE_MS} ms after); web panel ${WEB_PANEL.signIn} → ${ratio(signInToMine, WEB_PANEL.signIn)}`);
    console.log(`    paths until rows: ${signInPaths}`);
    console.log(`  cold (fresh data folder, signed in): ${ms(coldLoad)}, ${coldLoadRequests} API requests`);
    console.log(`    paths: ${coldPaths}`);
    console.log(`  cached, page reload:                 ${ms(reloadLoad)} (${ratio(reloadLoad, coldLoad)} of cold), ${reloadRequests} API requests`);
    console.log(`  cached, app restart:                 ${ms(restartLoad)} (${ratio(restartLoad, coldLoad)} of cold), ${restartRequests} API requests`);
    console.log('open a ticket (click → conversation visible)');
    console.log(`  cold:   ${ms(coldOpen)}, ${coldOpenRequests} API requests; web panel ${WEB_PANEL.openTicket} → ${ratio(coldOpenRequests, WEB_PANEL.openTicket)}`);
    console.log(`    paths (cold): ${openPaths}`);
    console.log(`  cached: ${ms(cachedOpen)} (${ratio(cachedOpen, coldOpen)} of cold), ${cachedOpenRequests} API requests`);

    // 4. All tickets, every page loaded, then a scripted scroll.
    started = performance.now();
    before = sim.requestCount();
    let view = await call(host, 'queue:open', { helpdeskId, queue: 'all' });
    while (!view.complete) view = await call(host, 'queue:loadMore', { helpdeskId, queue: 'all' });
    console.log(`\nAll tickets: ${view.rows.length} rows loaded through queue:loadMore in ${ms(performance.now() - started)}, ${sim.requestCount() - before} API requests`);
    await page.getByRole('navigation', { name: 'Queues' }).getByRole('button', { name: /^All tickets/ }).click();
    await until(async () => Number(await queueList(page).getByRole('option').first().getAttribute('aria-setsize')) >= view.rows.length, 60_000).catch(async () => {
      // The page asks for more pages itself when scrolled to the end.
      for (let i = 0; i < 400 && Number(await queueList(page).getByRole('option').first().getAttribute('aria-setsize')) < view.rows.length; i++) {
        await queueList(page).evaluate((el) => el.scrollTo(0, el.scrollHeight));
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    const shown = Number(await queueList(page).getByRole('option').first().getAttribute('aria-setsize'));
    const heapBefore = await heapMb(page);
    // A string, not a function: the bench runs under tsx, whose helpers would not exist in the page.
    const frames = (await page.evaluate(
      `new Promise((resolve) => {
        const el = document.querySelector('[role="listbox"]');
        el.scrollTop = 0;
        const deltas = [];
        const steps = 600;
        const max = el.scrollHeight - el.clientHeight;
        let last = performance.now();
        let i = 0;
        // Down the whole list and back up, in the steps a fast flick would make.
        function tick(now) {
          deltas.push(now - last);
          last = now;
          const pos = (i / steps) * 2;
          el.scrollTop = (pos <= 1 ? pos : 2 - pos) * max;
          if (++i <= steps) requestAnimationFrame(tick);
          else resolve(deltas.slice(2));
        }
        requestAnimationFrame(tick);
      })`,
    )) as number[];
    const sorted = [...frames].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
    const heapAfter = await heapMb(page);
    console.log(`scrolling ${shown} rows (${frames.length} frames): frame time p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${pct(100).toFixed(1)} ms`);
    console.log(`renderer JS heap: ${heapBefore.toFixed(1)} MB with ${shown} rows listed, ${heapAfter.toFixed(1)} MB after scrolling`);
  } finally {
    await browser?.close();
    for (const h of hosts) await h.close().catch(() => undefined);
    await proxy.close();
    await sim.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

/** Click on a row → the ticket (its number in the header) and its first message visible. */
async function openTicketRow(page: Page, ticketNumber: number): Promise<number> {
  const row = queueList(page).getByRole('option', { name: new RegExp(`^#${ticketNumber} `) });
  await row.waitFor();
  const started = performance.now();
  await row.click();
  const ticket = page.getByRole('region').filter({ has: page.getByRole('group', { name: 'Ticket actions' }) });
  await ticket.getByText(`#${ticketNumber}`, { exact: true }).waitFor();
  await ticket.getByRole('list', { name: 'Conversation' }).getByRole('article').first().waitFor();
  return performance.now() - started;
}
