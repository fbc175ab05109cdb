import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../electron/core/user-error';
import { RemoteImages } from '../../electron/core/tickets/remote-image';
import type { TicketData } from '../../electron/core/tickets/data';
import { startSim, type RunningSim } from '../../sim';
import { startTestServer, type TestServer } from '../support/http-server';
import { GIF_START, JPEG_START, SVG_IMAGE, WEBP_START, pngImage } from '../support/images';
import { event, ticket } from '../unit/tickets/fixtures';
import { ADMIN, useCores } from './tickets-harness';

/**
 * Remote images fetched by the core, against a real image host on 127.0.0.1: what it fetches
 * (only http(s) addresses the ticket shows), how (no cookies, no referrer, one deadline, a size cap
 * counted while the body streams) and what it returns (PNG, JPEG, GIF or WebP by their bytes,
 * never SVG or a web page).
 */

const PNG = pngImage(4, 3);

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
}

let images: TestServer;
const seen: Seen[] = [];
/** Bytes the endless image wrote before the client hung up, and whether it did. */
const endless = { written: 0, closed: false };

function send(res: ServerResponse, type: string, body: Buffer): void {
  res.writeHead(200, { 'content-type': type, 'content-length': body.length });
  res.end(body);
}

function imageHost(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  seen.push({ path, headers: req.headers });
  switch (path) {
    case '/pic.png':
      return send(res, 'image/png', PNG);
    // The server's type is ignored: the bytes decide.
    case '/photo.jpg':
      return send(res, 'application/octet-stream', JPEG_START);
    case '/anim.gif':
      return send(res, 'text/plain', GIF_START);
    case '/pic.webp':
      return send(res, 'image/webp', WEBP_START);
    case '/logo.svg':
      return send(res, 'image/svg+xml', SVG_IMAGE);
    case '/page.png':
      return send(res, 'image/png', Buffer.from('<!doctype html><html><body>Not found, but 200</body></html>'));
    case '/tiny.png':
      return send(res, 'image/png', Buffer.from([0x89, 0x50]));
    case '/declared-big.png':
      // Headers promise more than the cap; nothing after the signature ever comes.
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': 50 * 1024 * 1024 });
      res.write(PNG.subarray(0, 8));
      return;
    case '/endless.png': {
      // No length, and a body that never ends: only counting while reading can stop it.
      res.writeHead(200, { 'content-type': 'image/png' });
      res.on('close', () => void (endless.closed = true));
      const block = Buffer.alloc(16 * 1024, 1);
      const pump = (): void => {
        if (res.destroyed) return;
        if (endless.written === 0) res.write(PNG.subarray(0, 8));
        endless.written += block.length;
        if (res.write(block)) setImmediate(pump);
        else res.once('drain', pump);
      };
      return pump();
    }
    case '/silent.png':
      // Never answers.
      return;
    case '/stalls.png':
      res.writeHead(200, { 'content-type': 'image/png' });
      res.write(PNG.subarray(0, 16));
      return;
    case '/missing.png':
      res.writeHead(404, { 'content-type': 'text/html' });
      return void res.end('<h1>404</h1>');
    case '/moved.png':
      res.writeHead(302, { location: '/pic.png' });
      return void res.end();
    case '/loop.png':
      res.writeHead(302, { location: '/loop.png' });
      return void res.end();
    case '/to-file.png':
      res.writeHead(302, { location: 'file:///etc/passwd' });
      return void res.end();
    default:
      res.writeHead(404);
      res.end();
  }
}

beforeAll(async () => {
  images = await startTestServer(imageHost);
});
afterAll(async () => {
  await images.close();
});
beforeEach(() => {
  seen.splice(0);
});

const at = (path: string) => `${images.url}${path}`;
const requests = (path: string) => seen.filter((s) => s.path === path).length;

/** A core module over one fixed ticket (#279834 on helpdesk "hd") whose messages show `sources`. */
function fetcherFor(sources: string[], options: Partial<ConstructorParameters<typeof RemoteImages>[0]> = {}) {
  const [first = '', ...rest] = sources;
  const data: TicketData = ticket({
    html: `<p>See</p><img src="${first}" alt="one">`,
    events: rest.map((src) => event({ html: `<p>Also</p><img alt='more' src='${src}'>` })),
  });
  const fetcher = new RemoteImages({ ticketOf: (hd, n) => (hd === 'hd' && n === data.ticketNumber ? data : null), ...options });
  return (url: string, ticketNumber = data.ticketNumber) => fetcher.fetch({ helpdeskId: 'hd', ticketNumber, url });
}

async function refusal(promise: Promise<unknown>): Promise<{ kind: string; code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserFacingError) return { kind: error.kind, code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal, got an image');
}

function bytesOf(dataUrl: string): Buffer {
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

describe('what the core fetches', () => {
  it('returns a PNG from the ticket as a data: URL with the same bytes', async () => {
    const fetch = fetcherFor([at('/pic.png')]);
    const { dataUrl } = await fetch(at('/pic.png'));
    expect(dataUrl.startsWith('data:image/png;base64,')).toBe(true);
    expect(bytesOf(dataUrl).equals(PNG)).toBe(true);
  });

  it('decides JPEG, GIF and WebP by their bytes, whatever type the server claims', async () => {
    const fetch = fetcherFor([at('/photo.jpg'), at('/anim.gif'), at('/pic.webp')]);
    expect((await fetch(at('/photo.jpg'))).dataUrl).toMatch(/^data:image\/jpeg;base64,/);
    expect((await fetch(at('/anim.gif'))).dataUrl).toMatch(/^data:image\/gif;base64,/);
    expect((await fetch(at('/pic.webp'))).dataUrl).toMatch(/^data:image\/webp;base64,/);
  });

  it('refuses an address that is not an image source of that ticket, without any request', async () => {
    const fetch = fetcherFor([at('/pic.png')]);
    for (const url of [at('/photo.jpg'), 'http://169.254.169.254/latest/meta-data/', 'http://127.0.0.1:1/admin']) {
      expect(await refusal(fetch(url))).toMatchObject({ kind: 'not-found', code: 'IMAGE_NOT_IN_TICKET' });
    }
    // The right address asked for another ticket (not cached here) is refused too.
    expect(await refusal(fetch(at('/pic.png'), 123))).toMatchObject({ kind: 'not-found', code: 'IMAGE_NOT_IN_TICKET' });
    expect(seen).toEqual([]);
  });

  it('counts only image sources: a link or plain text naming the address is not enough', async () => {
    const data = ticket({ html: `<p>Visit <a href="${at('/pic.png')}">${at('/pic.png')}</a></p>` });
    const fetcher = new RemoteImages({ ticketOf: () => data });
    expect(await refusal(fetcher.fetch({ helpdeskId: 'hd', ticketNumber: data.ticketNumber, url: at('/pic.png') }))).toMatchObject({ code: 'IMAGE_NOT_IN_TICKET' });
    expect(seen).toEqual([]);
  });

  it('matches the address as the renderer sends it (entities decoded, URL normalised)', async () => {
    const fetch = fetcherFor([`  ${images.url.replace('http://', 'HTTP://')}/pic.png?size=big&amp;v=2 `]);
    const { dataUrl } = await fetch(`${images.url}/pic.png?size=big&v=2`);
    expect(bytesOf(dataUrl).equals(PNG)).toBe(true);
  });

  it('refuses anything but http and https before looking further', async () => {
    const fetch = fetcherFor(['ftp://127.0.0.1/pic.png', 'file:///etc/passwd', 'javascript:alert(1)']);
    for (const url of ['ftp://127.0.0.1/pic.png', 'file:///etc/passwd', 'javascript:alert(1)', 'data:image/png;base64,AAAA', 'not a url', '/pic.png']) {
      expect(await refusal(fetch(url))).toMatchObject({ kind: 'invalid-input', code: 'IMAGE_URL' });
    }
    expect(seen).toEqual([]);
  });

  it('keeps fetched images in memory: the same picture again, or twice at once, is one request', async () => {
    const fetch = fetcherFor([at('/pic.png'), at('/pic.png')]);
    const [a, b] = await Promise.all([fetch(at('/pic.png')), fetch(at('/pic.png'))]);
    expect(a.dataUrl).toBe(b.dataUrl);
    expect((await fetch(at('/pic.png'))).dataUrl).toBe(a.dataUrl);
    expect(requests('/pic.png')).toBe(1);
  });

  it('drops the least recently used image when the cache is full', async () => {
    const png = `data:image/png;base64,${PNG.toString('base64')}`.length;
    const jpeg = `data:image/jpeg;base64,${JPEG_START.toString('base64')}`.length;
    const fetch = fetcherFor([at('/pic.png'), at('/photo.jpg'), at('/anim.gif')], { cacheChars: png + jpeg + 10 });
    await fetch(at('/pic.png'));
    await fetch(at('/photo.jpg'));
    await fetch(at('/pic.png')); // now the most recent
    await fetch(at('/anim.gif')); // pushes out the JPEG
    await fetch(at('/pic.png'));
    await fetch(at('/photo.jpg'));
    expect([requests('/pic.png'), requests('/photo.jpg'), requests('/anim.gif')]).toEqual([1, 2, 1]);
  });

  it('follows a redirect to another web address, but not a loop or a redirect off the web', async () => {
    const fetch = fetcherFor([at('/moved.png'), at('/loop.png'), at('/to-file.png')]);
    expect(bytesOf((await fetch(at('/moved.png'))).dataUrl).equals(PNG)).toBe(true);
    expect(await refusal(fetch(at('/loop.png')))).toMatchObject({ kind: 'protocol', code: 'IMAGE_REDIRECTS' });
    expect(requests('/loop.png')).toBe(4);
    expect(await refusal(fetch(at('/to-file.png')))).toMatchObject({ kind: 'protocol', code: 'IMAGE_REDIRECTS' });
  });
});

describe('what the core refuses to return', () => {
  it('refuses SVG, even served as an image', async () => {
    const fetch = fetcherFor([at('/logo.svg')]);
    const error = await refusal(fetch(at('/logo.svg')));
    expect(error).toMatchObject({ kind: 'protocol', code: 'IMAGE_TYPE' });
    expect(error.message).toBe(`The address at ${images.url.slice(7)} does not point to a PNG, JPEG, GIF or WebP picture.`);
  });

  it('refuses a web page served as image/png, and a body too short to be any image', async () => {
    const fetch = fetcherFor([at('/page.png'), at('/tiny.png')]);
    expect(await refusal(fetch(at('/page.png')))).toMatchObject({ code: 'IMAGE_TYPE' });
    expect(await refusal(fetch(at('/tiny.png')))).toMatchObject({ code: 'IMAGE_TYPE' });
  });

  it('refuses a body whose declared length is over the cap without reading it', async () => {
    const fetch = fetcherFor([at('/declared-big.png')]);
    const started = Date.now();
    const error = await refusal(fetch(at('/declared-big.png')));
    expect(error).toMatchObject({ kind: 'protocol', code: 'IMAGE_TOO_LARGE' });
    expect(error.message).toMatch(/larger than 5 MB\.$/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops reading a body without a length as soon as it passes the cap', async () => {
    endless.written = 0;
    endless.closed = false;
    const fetch = fetcherFor([at('/endless.png')], { maxBytes: 256 * 1024, timeoutMs: 10_000 });
    const started = Date.now();
    const error = await refusal(fetch(at('/endless.png')));
    // Not the deadline: the cap, found while the bytes were still coming.
    expect(error).toMatchObject({ kind: 'protocol', code: 'IMAGE_TOO_LARGE' });
    expect(error.message).toMatch(/larger than 0\.3 MB\.$/);
    expect(Date.now() - started).toBeLessThan(5000);
    await expect.poll(() => endless.closed, { timeout: 2000 }).toBe(true);
    const written = endless.written;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(endless.written).toBe(written);
  });

  it('gives up at the deadline, whether the host never answers or stops halfway', async () => {
    const fetch = fetcherFor([at('/silent.png'), at('/stalls.png')], { timeoutMs: 400 });
    for (const path of ['/silent.png', '/stalls.png']) {
      const started = Date.now();
      const error = await refusal(fetch(at(path)));
      expect(error).toMatchObject({ kind: 'network', code: 'IMAGE_TIMEOUT' });
      expect(error.message).toBe(`The image host ${images.url.slice(7)} did not send the picture in time.`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      expect(Date.now() - started).toBeLessThan(3000);
    }
  });

  it('reports an HTTP error and an unreachable host as sentences, and caches neither', async () => {
    const fetch = fetcherFor([at('/missing.png'), 'http://127.0.0.1:9/pic.png']);
    expect(await refusal(fetch(at('/missing.png')))).toMatchObject({ kind: 'protocol', code: 'IMAGE_HTTP', message: `The image host ${images.url.slice(7)} answered HTTP 404 instead of the picture.` });
    expect(await refusal(fetch('http://127.0.0.1:9/pic.png'))).toMatchObject({ kind: 'network', code: 'IMAGE_UNREACHABLE', message: 'Could not reach the image host 127.0.0.1:9.' });
    await refusal(fetch(at('/missing.png')));
    expect(requests('/missing.png')).toBe(2);
  });
});

describe('image:fetch through the core, for a signed-in helpdesk', () => {
  const newCore = useCores();
  let sim: RunningSim;
  beforeEach(async () => {
    sim = await startSim({ seed: 'recorded' });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('fetches an image of a cached ticket without the helpdesk’s cookies, and refuses one the ticket does not show', async () => {
    const h = await newCore();
    const id = await h.signIn(sim, ADMIN);
    const n = Number(
      sim.act.createTicket({ userId: 1, title: 'Broken layout', content: `<p>Screenshot:</p><img src="${at('/pic.png')}" alt="Screenshot">`, departmentId: 1 }),
    );
    // Not opened yet: nothing of it is cached, so nothing of it is fetched.
    const early = await h.call('image:fetch', { helpdeskId: id, ticketNumber: n, url: at('/pic.png') });
    expect(early).toMatchObject({ ok: false, error: { kind: 'not-found', code: 'IMAGE_NOT_IN_TICKET' } });
    expect(seen).toEqual([]);

    await h.ok('ticket:open', { helpdeskId: id, ticketNumber: n });
    // The helpdesk's session is a cookie in the core's jar for the simulator's host (also 127.0.0.1).
    expect(h.core.registry.clientOf(id).transport.jar.headerFor(new URL(sim.apiRoot))).toMatch(/PHPSESSID=/);
    const { dataUrl } = await h.ok('image:fetch', { helpdeskId: id, ticketNumber: n, url: at('/pic.png') });
    expect(bytesOf(dataUrl).equals(PNG)).toBe(true);
    expect(seen).toHaveLength(1);
    const headers = seen[0]!.headers;
    expect(headers.cookie).toBeUndefined();
    expect(headers.authorization).toBeUndefined();
    expect(headers.referer).toBeUndefined();
    // No request went to the helpdesk on the image's behalf either.
    expect(h.trace.requests.some((r) => r.path.endsWith('.png'))).toBe(false);

    const other = await h.call('image:fetch', { helpdeskId: id, ticketNumber: n, url: at('/photo.jpg') });
    expect(other).toMatchObject({ ok: false, error: { kind: 'not-found', code: 'IMAGE_NOT_IN_TICKET' } });
    const bad = await h.call('image:fetch', { helpdeskId: id, ticketNumber: n });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(seen).toHaveLength(1);
  });
});
