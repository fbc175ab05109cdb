import { describe, expect, it } from 'vitest';
import { encodeEntries, multipartBody } from '../../../electron/core/opensupports/encoding';
import { CookieJar } from '../../../electron/core/opensupports/cookie-jar';
import { apiUrl, InvalidUrl, parseApiRoot } from '../../../electron/core/opensupports/api-root';
import { describeApiCode } from '../../../electron/core/opensupports/errors';

describe('parameter encoding (reference §2.3)', () => {
  it('sends flags as 1/0, lists and objects as JSON text, and drops null/undefined', () => {
    expect(encodeEntries({ a: true, b: false, c: 3, d: 'x', e: null, f: undefined, g: [1, 2], h: { value: 'date', asc: 0 } })).toEqual([
      ['a', '1'],
      ['b', '0'],
      ['c', '3'],
      ['d', 'x'],
      ['g', '[1,2]'],
      ['h', '{"value":"date","asc":0}'],
    ]);
  });

  it('refuses NaN rather than sending "NaN"', () => {
    expect(() => encodeEntries({ page: Number.NaN })).toThrow(/non-finite/);
  });

  it('builds multipart with the file part and the fields', async () => {
    const form = multipartBody({ ticketNumber: 123456, private: false }, { file: { name: 'a.txt', data: new TextEncoder().encode('hi'), type: 'text/plain' } });
    expect(form.get('private')).toBe('0');
    const file = form.get('file') as File;
    expect(file.name).toBe('a.txt');
    expect(await file.text()).toBe('hi');
  });
});

describe('cookie jar', () => {
  let now = 1_000_000;
  const jar = new CookieJar(() => now);

  it('stores PHPSESSID and sends it back on the same path', () => {
    jar.store(['PHPSESSID=abc; expires=Sat, 02 Jan 2027 15:35:09 GMT; Max-Age=2592000; path=/; HttpOnly']);
    expect(jar.headerFor(new URL('http://h/api/staff/get'))).toBe('PHPSESSID=abc');
  });

  it('replaces the cookie when the server regenerates the session id', () => {
    jar.store(['PHPSESSID=def; Max-Age=2592000; path=/']);
    expect(jar.headerFor(new URL('http://h/api/x'))).toBe('PHPSESSID=def');
  });

  it('drops an expired cookie', () => {
    now += 2592000 * 1000 + 1;
    expect(jar.headerFor(new URL('http://h/api/x'))).toBeUndefined();
  });

  it('withholds a Secure cookie over http and says so', () => {
    const secure = new CookieJar();
    secure.store(['PHPSESSID=s; path=/; Secure; HttpOnly']);
    expect(secure.headerFor(new URL('http://h/api/x'))).toBeUndefined();
    expect(secure.hasSecureCookieBlockedFor(new URL('http://h/api'))).toBe(true);
    expect(secure.headerFor(new URL('https://h/api/x'))).toBe('PHPSESSID=s');
  });
});

describe('API root', () => {
  it('adds https:// when no scheme is typed and trims slashes, query and hash', () => {
    expect(parseApiRoot(' help.example.com/api/ ').href).toBe('https://help.example.com/api');
    expect(parseApiRoot('http://127.0.0.1:8080/?x=1#y').href).toBe('http://127.0.0.1:8080/');
  });

  it('keeps a sub-folder install when building path URLs', () => {
    expect(apiUrl(parseApiRoot('https://x.org/support/api'), '/ticket/get').href).toBe('https://x.org/support/api/ticket/get');
    expect(apiUrl(parseApiRoot('http://127.0.0.1:8080'), '/ticket/get').href).toBe('http://127.0.0.1:8080/ticket/get');
  });

  it('refuses empty input, other schemes and embedded credentials with a sentence', () => {
    expect(() => parseApiRoot('')).toThrow(InvalidUrl);
    expect(() => parseApiRoot('mailto:x@y.z')).toThrow(/not a web address|Only http/);
    expect(() => parseApiRoot('https://u:p@x.org')).toThrow(/user name and password/);
  });
});

describe('error sentences', () => {
  it('has a sentence for known codes, filter codes, unknown codes and raw server text', () => {
    expect(describeApiCode('TICKET_ALREADY_ASSIGNED')).toMatch(/already owns/);
    expect(describeApiCode('INVALID_OWNER_FILTER')).toBe('The owner filter was refused by the helpdesk.');
    expect(describeApiCode('SOMETHING_NEW')).toMatch(/SOMETHING_NEW/);
    expect(describeApiCode('SQLSTATE[42000]: Syntax error')).toMatch(/internal error: SQLSTATE/);
  });
});

describe('API root edge cases', () => {
  it('reads host:port without a scheme as a host', () => {
    expect(parseApiRoot('localhost:8080/api').href).toBe('https://localhost:8080/api');
  });
});
