import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../../sim';
import { addHelpdesk, blurActive, queueList, row } from '../support/console';
import { launchBrowser, screenshot, type TestBrowser } from '../support/browser';
import { startTestHost, type TestHost } from '../support/host';
import { signedIn } from '../support/sim';

/**
 * The sanitizer in the real browser: every payload of the shared corpus goes into a real ticket on
 * the simulator (first messages, customer replies, staff replies, internal notes), plus payloads as
 * titles, customer names and tag names. Opening each ticket must run nothing: a dialog or page
 * error fails the test, and payloads call `window.__xss(id)`, which an init script records.
 *
 * The simulator cleans HTML on the way in, as OpenSupports' HTMLPurifier does. The renderer must not
 * rely on that (an old server, a bypass, a hostile helpdesk), so after creating everything through
 * the simulator's rules the test writes the raw payloads straight into its database. And the page's
 * Content-Security-Policy would stop inline handlers on its own, so the browser bypasses it here:
 * this suite tests the sanitizer alone (a control at the end proves the hook would see a payload).
 */
// The corpus is an .mts module of the renderer's unit tests; imported by URL so this project's
// TypeScript settings (no .mts imports) do not apply to it.
const corpusUrl = new URL('../unit/renderer/xss-corpus.mts', import.meta.url).href;
const { XSS_CORPUS } = (await import(corpusUrl)) as { XSS_CORPUS: readonly { family: string; html: string }[] };
const ADMIN = 'admin@example.test';
const PER_TICKET = 5;

/** Each payload made to report itself by id (the corpus calls alert(1); dialogs are caught too). */
const payloads = XSS_CORPUS.map((c, i) => ({ id: `p${i}`, family: c.family, html: c.html.replaceAll('alert(1)', `__xss('p${i}')`).replaceAll('document.cookie', `__xss('p${i}')`) }));
/** Short payloads for plain-text places (titles, names, tags: at most 200 characters on the server). */
const textPayloads = [
  `<img src=x onerror="__xss('title')">`,
  `"><script>__xss('title2')</script>`,
  `<svg onload=__xss('title3')>`,
  `javascript:__xss('title4')`,
  `{{constructor.constructor('__xss("tpl")')()}}`,
  `<a href="javascript:__xss('title5')">x</a>`,
];

const dbFile = join(tmpdir(), `staffdesk-xss-${process.pid}-${Date.now()}.sqlite`);
let sim: RunningSim;
let host: TestHost;
let browser: TestBrowser;
const tickets: number[] = [];
const hits: string[] = [];

async function rawStaffCall(path: string, params: Record<string, string>): Promise<void> {
  const login = await fetch(`${sim.apiRoot}/user/login`, { method: 'POST', body: new URLSearchParams({ email: ADMIN, password: 'admin-secret-1', staff: 'true' }) });
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const { data } = (await login.json()) as { data: { userId: string; token: string } };
  const res = await fetch(`${sim.apiRoot}${path}`, {
    method: 'POST',
    headers: { cookie },
    body: new URLSearchParams({ ...params, csrf_userid: String(data.userId), csrf_token: data.token }),
  });
  const body = (await res.json()) as { status: string; message?: string };
  if (body.status !== 'success') throw new Error(`${path}: ${body.message}`);
}

beforeAll(async () => {
  sim = await startSim({ seed: 'recorded', dbFile });
  const admin = await signedIn(sim, ADMIN);
  sim.act.setSetting('registration', '1');

  // Customers whose names are payloads.
  const users: number[] = [1, 2];
  for (const [i, name] of textPayloads.entries()) {
    const { userId } = await admin.client.signup({ name, email: `xss${i}@example.test`, password: 'xss-secret-1' });
    users.push(userId);
  }
  // Tags whose names are payloads.
  for (const name of textPayloads) await rawStaffCall('/ticket/create-tag', { name, color: '#e03131' });
  const tagIds = (await admin.client.getTags()).filter((t) => textPayloads.includes(t.name)).map((t) => Number(t.id));
  expect(tagIds.length).toBe(textPayloads.length);

  const db = new Database(dbFile);
  const raw = { ticket: db.prepare('UPDATE ticket SET content = ?, title = ? WHERE ticket_number = ?'), event: db.prepare('UPDATE ticket_event SET content = ? WHERE id = ?') };
  // The server refuses messages without text, so each goes in with a label and is then replaced raw.
  const labelled = (p: { id: string; html: string }) => `case ${p.id}: ${p.html}`;
  for (let k = 0; k * PER_TICKET < payloads.length; k++) {
    const batch = payloads.slice(k * PER_TICKET, (k + 1) * PER_TICKET);
    const title = `X${k} ${textPayloads[k % textPayloads.length]}`;
    const userId = users[k % users.length]!;
    const n = sim.act.createTicket({ userId, title, content: labelled(batch[0]!), departmentId: 1 });
    raw.ticket.run(batch[0]!.html, title, Number(n));
    // Customer reply, staff reply, internal note, customer reply.
    batch.slice(1).forEach((p, j) => {
      const by = j === 0 || j === 3 ? { userId } : { staffId: 1 };
      const eventId = sim.act.comment(n, { by, content: labelled(p), private: j === 2 });
      raw.event.run(p.html, eventId);
    });
    sim.act.addTag(n, { by: 1, tagId: tagIds[k % tagIds.length]! });
    tickets.push(Number(n));
  }
  // Customer names raw as well.
  db.prepare('UPDATE user SET name = ? WHERE email = ?').run(textPayloads[0], 'xss0@example.test');
  db.close();
  host = await startTestHost();
  await addHelpdesk(host, sim, ADMIN, 'Globex');
  browser = await launchBrowser({ bypassCSP: true });
  await browser.page.setViewportSize({ width: 1440, height: 1100 });
  await browser.page.exposeBinding('__xssReport', (_source, id: string) => void hits.push(id));
  await browser.context.addInitScript({
    content: `
      window.__xssHits = [];
      window.__xss = (id) => {
        window.__xssHits.push(String(id));
        if (window.__xssReport) window.__xssReport(String(id));
      };`,
  });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await sim?.close();
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
});

describe('sanitizer in Chromium', () => {
  it(`opens ${XSS_CORPUS.length} payloads in ticket messages plus payload titles, names and tags without running any`, async () => {
    expect(payloads.length).toBeGreaterThanOrEqual(100);
    // The raw payloads, not the simulator's cleaned copies, are what the helpdesk serves.
    const served = await (await signedIn(sim, ADMIN)).client.getTicket(tickets[0]!);
    expect(served.content).toBe(payloads[0]!.html);
    expect(served.events.filter((e) => e.type === 'COMMENT').map((e) => e.content)).toEqual(payloads.slice(1, PER_TICKET).map((p) => p.html));
    const { page } = browser;
    await page.goto(host.host.url);
    await page.getByRole('button', { name: /^Globex — online/ }).click();
    await page.getByRole('navigation', { name: 'Queues' }).getByRole('button', { name: /^New tickets/ }).click();
    // Titles and tag names are shown as text in the list.
    await expect.poll(() => row(page, tickets[0]!).isVisible(), { timeout: 10_000 }).toBe(true);
    await screenshot(page, 'xss-01-list');

    // The whole list first: rows of later pages sort in by activity, some above rows j has passed.
    const listed = async () => {
      await queueList(page).press('End');
      const count = /, (\d+)$/.exec((await page.getByRole('navigation', { name: 'Queues' }).getByRole('button', { name: /^New tickets, / }).getAttribute('aria-label')) ?? '')?.[1];
      return (await queueList(page).getByRole('option').last().getAttribute('aria-setsize')) === count;
    };
    await expect.poll(listed, { timeout: 10_000 }).toBe(true);
    await queueList(page).press('Home');
    await expect.poll(() => queueList(page).getByRole('option').first().getAttribute('aria-posinset')).toBe('1');
    // Open the newest ticket (the last payload ticket), then read on with j: each key opens the next one.
    await queueList(page).getByRole('option').first().click();
    const header = page.getByRole('group', { name: 'Ticket actions' });
    const seen = new Set<number>();
    const current = async () => Number(/#(\d+)/.exec(await page.getByRole('region').filter({ has: header }).innerText())?.[1]);
    let last = 0;
    for (let step = 0; step < 60 && tickets.some((n) => !seen.has(n)); step++) {
      await expect.poll(current, { timeout: 10_000 }).not.toBe(last);
      last = await current();
      seen.add(last);
      // Let every message render, and show remote images too: handlers on images must be gone.
      await expect.poll(() => page.getByRole('list', { name: 'Conversation' }).getByRole('article').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      const show = page.getByRole('button', { name: 'Show images' });
      if (await show.isVisible()) await show.click();
      await page.waitForTimeout(30);
      if (step === 0) await screenshot(page, 'xss-02-ticket');
      await blurActive(page);
      await page.keyboard.press('j');
    }
    for (const n of tickets) expect(seen, `ticket #${n} was opened`).toContain(n);
    // Give late loads (images, timers) a moment, then nothing may have run.
    await page.waitForTimeout(500);
    const pageHits = (await page.evaluate('window.__xssHits')) as string[];
    expect(hits).toEqual([]);
    expect(pageHits).toEqual([]);
    expect(browser.problems).toEqual([]);

    // Control: the same hook does catch a payload that bypasses the sanitizer.
    await page.evaluate(`{
      const probe = document.createElement('div');
      probe.innerHTML = '<img src="x" onerror="__xss(\\'control\\')">';
      document.body.append(probe);
    }`);
    await expect.poll(() => hits).toEqual(['control']);
  }, 120_000);
});
