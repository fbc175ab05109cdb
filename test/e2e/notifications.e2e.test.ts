import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../../sim';
import { addHelpdesk, ticketRegion } from '../support/console';
import { launchBrowser, screenshot, type TestBrowser } from '../support/browser';
import { startTestHost, type TestHost } from '../support/host';

/**
 * Notifications in Chromium through the browser host, with notifications granted: another staff
 * member assigns a ticket to the agent, exactly one notification arrives within one interval, and
 * clicking it opens that ticket on that helpdesk. The agent's own reply raises none; a customer's
 * reply raises one.
 */
const SAM = 'sam.agent@example.test';
const STAFF = { admin: 1, sam: 2 } as const;
const TICKET = 196568;
const TITLE = 'Cannot log in to my account';

let sim: RunningSim;
let host: TestHost;
let browser: TestBrowser;
let helpdeskId: string;

// The page's Web Notifications are recorded so the test can read and click them: a headless
// browser has no notification centre to click in.
const RECORD_NOTIFICATIONS = `
  window.__notes = [];
  class RecordedNotification {
    constructor(title, options) { this.title = title; this.options = options || {}; this.onclick = null; this.closed = false; window.__notes.push(this); }
    close() { this.closed = true; }
    static get permission() { return 'granted'; }
    static requestPermission() { return Promise.resolve('granted'); }
  }
  window.Notification = RecordedNotification;
`;

interface SeenNote {
  title: string;
  body: string;
}

async function notes(): Promise<SeenNote[]> {
  return (await browser.page.evaluate('window.__notes.map((n) => ({ title: n.title, body: n.options.body || "" }))')) as SeenNote[];
}

beforeAll(async () => {
  sim = await startSim({ seed: 'recorded' });
  host = await startTestHost();
  helpdeskId = await addHelpdesk(host, sim, SAM, 'Globex');
  const set = await host.core.handlers.invoke('settings:set', [{ pollIntervalSeconds: 5 }]);
  expect(set.ok).toBe(true);
  browser = await launchBrowser({ permissions: ['notifications'] });
  await browser.page.addInitScript(RECORD_NOTIFICATIONS);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await sim?.close();
});

describe('notifications', () => {
  it('an assignment by a colleague notifies once within one interval, and the click opens the ticket', async () => {
    const { page } = browser;
    await page.goto(host.host.url);
    await page.getByRole('button', { name: /^Globex — online/ }).click();
    // The first poll of a helpdesk records where the feed stands and announces no history.
    await host.core.sync.pollNow(helpdeskId).done;
    expect(await notes()).toEqual([]);

    sim.act.assign(TICKET, { by: STAFF.admin, to: STAFF.sam });
    const started = Date.now();
    await expect.poll(async () => (await notes()).length, { timeout: 12_000 }).toBe(1);
    // Within one 5 s interval; the slack is for a busy CI machine, not a speed target.
    expect(Date.now() - started).toBeLessThan(9_000);
    const [note] = await notes();
    expect(note!.title).toContain('Globex');
    expect(note!.title).toContain(`#${TICKET}`);
    expect(note!.body).not.toMatch(/</);
    // The same news also shows in the page, for when OS notifications are off.
    await expect.poll(() => page.getByRole('status').filter({ hasText: `#${TICKET}` }).first().isVisible()).toBe(true);
    await screenshot(page, 'notification-toast');

    await page.evaluate('window.__notes[0].onclick()');
    await expect.poll(() => ticketRegion(page, TITLE).isVisible(), { timeout: 10_000 }).toBe(true);
    await screenshot(page, 'notification-opened-ticket');
    expect(browser.problems).toEqual([]);
  }, 60_000);

  it("the agent's own reply raises none; a customer's reply raises exactly one", async () => {
    const own = await host.core.handlers.invoke('ticket:comment', [{ helpdeskId, ticketNumber: TICKET, html: '<p>On it.</p>', internal: false }]);
    expect(own.ok).toBe(true);
    await host.core.sync.pollNow(helpdeskId).done;
    await host.core.sync.pollNow(helpdeskId).done;
    expect(await notes()).toHaveLength(1);

    sim.act.comment(TICKET, { by: { userId: 1 }, content: 'Still broken on my phone.' });
    await expect.poll(async () => (await notes()).length, { timeout: 12_000 }).toBe(2);
    const reply = (await notes())[1]!;
    expect(reply.title).toContain(`#${TICKET}`);
    expect(reply.body).toContain('Still broken on my phone.');
  }, 60_000);
});
