import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../../sim';
import { addHelpdesk, row, ticketRegion } from '../support/console';
import { launchBrowser, screenshot, type TestBrowser } from '../support/browser';
import { startTestHost, type TestHost } from '../support/host';
import { startTestServer, type TestServer } from '../support/http-server';
import { SVG_IMAGE, pngImage } from '../support/images';

/**
 * Remote images in Chromium with the page's real CSP (`img-src 'self' data:`): blocked until the
 * agent clicks "Show images", then fetched by the core (not the page) and shown as data: URLs. An
 * image host on 127.0.0.1 counts every request and records who made it.
 */
const ADMIN = 'admin@example.test';
const TITLE = 'Checkout page shows an error';

let sim: RunningSim;
let images: TestServer;
let host: TestHost;
let browser: TestBrowser;
let ticketNumber: number;
const served: { path: string; headers: IncomingHttpHeaders }[] = [];
/** Requests the page itself started towards the image host (none may exist). */
const fromPage: string[] = [];

beforeAll(async () => {
  images = await startTestServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    served.push({ path, headers: req.headers });
    const body = path === '/pic.png' ? pngImage(40, 30) : path === '/logo.svg' ? SVG_IMAGE : null;
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': path.endsWith('.svg') ? 'image/svg+xml' : 'image/png', 'content-length': body.length });
    res.end(body);
  });
  sim = await startSim({ seed: 'recorded' });
  const content =
    `<p>The error looks like this:</p><p><img src="${images.url}/pic.png" alt="Screenshot of the error"></p>` +
    `<p>Our logo, in case it helps:</p><p><img src="${images.url}/logo.svg" alt="Company logo"></p>`;
  ticketNumber = Number(sim.act.createTicket({ userId: 1, title: TITLE, content, departmentId: 1 }));
  host = await startTestHost();
  await addHelpdesk(host, sim, ADMIN, 'Globex');
  browser = await launchBrowser();
  await browser.page.setViewportSize({ width: 1440, height: 1100 });
  browser.page.on('request', (request) => {
    if (request.url().startsWith(images.url)) fromPage.push(request.url());
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await sim?.close();
  await images?.close();
});

/** The natural width of the image with this alt text in the page, or null when there is none. */
function naturalWidth(alt: string): Promise<number | null> {
  return browser.page.evaluate(`(() => {
    const img = document.querySelector('.safe-html img[alt=${JSON.stringify(alt)}]');
    return img && img.complete ? img.naturalWidth : null;
  })()`) as Promise<number | null>;
}

describe('remote images in a ticket', () => {
  it('stay blocked with no request anywhere until allowed, then come through the core as data: URLs', async () => {
    const { page } = browser;
    const response = await page.goto(host.host.url);
    // The policy is the strict one, with no exception for the image host.
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("img-src 'self' data:;");
    expect(csp).not.toContain('127.0.0.1');

    await page.getByRole('button', { name: /^Globex — online/ }).click();
    await page.getByRole('navigation', { name: 'Queues' }).getByRole('button', { name: /^All tickets/ }).click();
    await expect.poll(() => row(page, ticketNumber).isVisible(), { timeout: 10_000 }).toBe(true);
    await row(page, ticketNumber).click();
    const ticket = ticketRegion(page, TITLE);
    await expect.poll(() => ticket.isVisible(), { timeout: 10_000 }).toBe(true);
    const conversation = ticket.getByRole('list', { name: 'Conversation' });

    // Blocked: placeholders in words, no <img>, and the image host never asked.
    await expect.poll(() => ticket.innerText(), { timeout: 10_000 }).toContain('Remote images are blocked to protect your privacy (2 in this ticket).');
    expect(await conversation.innerText()).toContain('Image blocked: Screenshot of the error');
    expect(await conversation.locator('img').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(served).toEqual([]);
    await screenshot(page, 'remote-images-01-blocked');

    await ticket.getByRole('button', { name: 'Show images' }).click();
    await expect.poll(() => naturalWidth('Screenshot of the error'), { timeout: 10_000 }).toBe(40);
    const src = (await page.evaluate(`document.querySelector('.safe-html img[alt="Screenshot of the error"]').getAttribute('src')`)) as string;
    expect(src.startsWith('data:image/png;base64,')).toBe(true);
    // The SVG was fetched too, and refused: a sentence instead of a broken image.
    await expect
      .poll(() => conversation.innerText(), { timeout: 10_000 })
      .toContain('Image could not be loaded (it is not a PNG, JPEG, GIF or WebP picture): Company logo');
    expect(await conversation.locator('img[alt="Company logo"]').count()).toBe(0);
    expect(await ticket.innerText()).toContain('Remote images are shown for this ticket.');
    await screenshot(page, 'remote-images-02-shown');

    // One request per image, from the core: no browser user agent, no cookie, no referrer.
    expect(served.map((s) => s.path).sort()).toEqual(['/logo.svg', '/pic.png']);
    for (const { headers } of served) {
      expect(headers['user-agent'] ?? '').not.toMatch(/Chrom|Mozilla/);
      expect(headers.cookie).toBeUndefined();
      expect(headers.referer).toBeUndefined();
    }
    expect(fromPage).toEqual([]);

    // Blocked again, then shown again: placeholders at once, and the picture from the core's cache.
    await ticket.getByRole('button', { name: 'Block images' }).click();
    await expect.poll(() => conversation.locator('img').count()).toBe(0);
    await ticket.getByRole('button', { name: 'Show images' }).click();
    await expect.poll(() => naturalWidth('Screenshot of the error'), { timeout: 10_000 }).toBe(40);
    expect(served.filter((s) => s.path === '/pic.png')).toHaveLength(1);
    expect(fromPage).toEqual([]);
    expect(browser.problems).toEqual([]);
  }, 60_000);
});
