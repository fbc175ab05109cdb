import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { startTestServer, readBody, type TestServer } from '../support/http-server';
import { ApiError, NetworkError, OpenSupportsClient, ProtocolError, probeHelpdesk } from '../../electron/core/opensupports';

/**
 * A server that misbehaves in every way a real helpdesk host can: each path answers one way.
 * The client must turn each into its typed error, never crash, never hang past its timeout.
 */
const HTML_404 = '<html><head><title>404 Page Not Found</title></head><body><h1>404 Page Not Found</h1></body></html>';

let server: TestServer;
let lastBody = '';

beforeAll(async () => {
  server = await startTestServer(async (req, res) => {
    lastBody = (await readBody(req)).toString('utf8');
    const path = (req.url ?? '').replace(/\?.*$/, '');
    const json = (body: string, status = 200) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    };
    switch (path) {
      case '/html/system/get-settings':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><html><body>Welcome to nginx!</body></html>');
        return;
      case '/truncated/system/get-settings':
        json('{"status":"success","data":{"language":"en","tit');
        return;
      case '/fatal/system/get-settings':
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end('<b>Fatal error</b>: Uncaught TypeError');
        return;
      case '/reset/system/get-settings':
        req.socket.destroy();
        return;
      case '/hang/system/get-settings':
        return; // never answers
      case '/notenvelope/system/get-settings':
        json('{"hello":"world"}');
        return;
      case '/array/system/get-settings':
        json('[1,2,3]');
        return;
      case '/wrongtypes/user/login':
        json('{"status":"success","data":{"userId":"7","userEmail":"a@b.c","staff":true,"token":"abc","rememberToken":null,"rememberExpiration":null}}');
        return;
      case '/wrongtypes/ticket/get':
        json('{"status":"success","data":{"ticketNumber":"123456","title":42}}');
        return;
      case '/warnings/user/check-session':
        json('{"status":"success","data":{"sessionActive":false}}<br />\n<b>Warning</b>: something in /var/www/x.php on line 3');
        return;
      case '/fail/user/login':
        json('{"status":"fail","message":"INVALID_CREDENTIALS","data":null}');
        return;
      case '/sqlfail/user/login':
        json('{"status":"fail","message":"SQLSTATE[HY000] [2002] Connection refused","data":null}');
        return;
      case '/redirect/system/get-settings':
        res.writeHead(302, { location: 'https://login.example.com/' });
        res.end();
        return;
      default:
        res.writeHead(404, { 'content-type': 'text/html;charset=UTF-8' });
        res.end(HTML_404);
    }
  });
});

afterAll(() => server.close());

const client = (prefix: string, timeoutMs = 2000) => new OpenSupportsClient({ apiRoot: `${server.url}${prefix}`, timeoutMs });

describe('a misbehaving server gives typed errors', () => {
  it('an HTML page instead of JSON is a ProtocolError(html)', async () => {
    const error = await client('/html').getSettings().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).reason).toBe('html');
    expect((error as ProtocolError).message).toMatch(/web page/);
  });

  it('a 404 page says the URL has no API there', async () => {
    const error = await client('/nothing-here').getSettings().catch((e: unknown) => e);
    expect((error as ProtocolError).reason).toBe('not-found');
    expect((error as Error).message).toMatch(/\/api/);
  });

  it('truncated JSON is a ProtocolError(truncated)', async () => {
    const error = await client('/truncated').getSettings().catch((e: unknown) => e);
    expect((error as ProtocolError).reason).toBe('truncated');
  });

  it('HTTP 500 with an HTML fatal error is a ProtocolError(http-status) carrying the status', async () => {
    const error = (await client('/fatal').getSettings().catch((e: unknown) => e)) as ProtocolError;
    expect(error.reason).toBe('http-status');
    expect(error.status).toBe(500);
  });

  it('a reset connection is a NetworkError(reset)', async () => {
    const error = (await client('/reset').getSettings().catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.reason).toBe('reset');
    expect(error.mayHaveReachedServer).toBe(true);
  });

  it('a hang past the timeout is a NetworkError(timeout)', async () => {
    const started = Date.now();
    const error = (await client('/hang', 300).getSettings().catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.reason).toBe('timeout');
    // Bounded: the deadline ended the call rather than the test timeout.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('an AbortSignal cancels the call as NetworkError(aborted)', async () => {
    const controller = new AbortController();
    const pending = client('/hang', 10_000).getSettings({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = (await pending.catch((e: unknown) => e)) as NetworkError;
    expect(error.reason).toBe('aborted');
  });

  it('JSON that is not the envelope is a ProtocolError(not-envelope)', async () => {
    for (const prefix of ['/notenvelope', '/array']) {
      const error = (await client(prefix).getSettings().catch((e: unknown) => e)) as ProtocolError;
      expect(error.reason).toBe('not-envelope');
    }
  });

  it('wrong types inside data are a ProtocolError(shape) naming the field', async () => {
    const c = client('/wrongtypes');
    await c.login({ email: 'a@b.c', password: 'secret' });
    const error = (await c.getTicket(123456).catch((e: unknown) => e)) as ProtocolError;
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.reason).toBe('shape');
    expect(error.detail).toMatch(/^title/);
  });

  it('PHP warnings after the JSON are tolerated', async () => {
    await expect(client('/warnings').checkSession()).resolves.toBe(false);
  });

  it('a fail envelope is an ApiError with the code and a readable sentence', async () => {
    const error = (await client('/fail').login({ email: 'a@b.c', password: 'x' }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('INVALID_CREDENTIALS');
    expect(error.message).toMatch(/password is wrong/);
  });

  it('an unknown raw server message is still an ApiError, shown as a server fault', async () => {
    const error = (await client('/sqlfail').login({ email: 'a@b.c', password: 'x' }).catch((e: unknown) => e)) as ApiError;
    expect(error.code).toMatch(/^SQLSTATE/);
    expect(error.message).toMatch(/internal error/);
  });

  it('a redirect (e.g. to a login portal) is not followed', async () => {
    const error = (await client('/redirect').getSettings().catch((e: unknown) => e)) as ProtocolError;
    expect(error.reason).toBe('http-status');
    expect(error.detail).toMatch(/login\.example\.com/);
  });

  it('booleans are sent as 1/0, never "true"/"false", and absent values are omitted', async () => {
    await client('/fail').login({ email: 'A@B.C', password: 'pw', remember: false }).catch(() => undefined);
    const sent = new URLSearchParams(lastBody);
    expect(sent.get('staff')).toBe('1');
    expect(sent.get('remember')).toBe('0');
    expect([...sent.keys()].sort()).toEqual(['email', 'password', 'remember', 'staff']);
  });
});

describe('network failures', () => {
  it('a refused connection is a NetworkError(refused)', async () => {
    // Bind then close a port, so nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((r) => probe.close(() => r()));
    const error = (await new OpenSupportsClient({ apiRoot: `http://127.0.0.1:${port}` }).getSettings().catch((e: unknown) => e)) as NetworkError;
    expect(error.reason).toBe('refused');
    expect(error.mayHaveReachedServer).toBe(false);
  });

  it('an unknown host is a NetworkError(dns)', async () => {
    const error = (await new OpenSupportsClient({ apiRoot: 'http://no-such-host.invalid' }).getSettings().catch((e: unknown) => e)) as NetworkError;
    expect(error.reason).toBe('dns');
    expect(error.message).toMatch(/could not be found/);
  });
});

describe('the compatibility probe on bad URLs', () => {
  it('rejects text that is not a URL with a sentence', async () => {
    const result = await probeHelpdesk('not a url at all');
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/not a web address/);
  });

  it('rejects non-http schemes', async () => {
    const result = await probeHelpdesk('ftp://example.com');
    expect(result.error).toMatch(/Only http and https/);
  });

  it('says a web server that is not OpenSupports is not an OpenSupports API', async () => {
    const result = await probeHelpdesk(`${server.url}/html`);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/web page|not look like an OpenSupports/);
  });
});
