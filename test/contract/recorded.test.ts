import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSim, startSim } from '../../sim/index.js';
import { type VolatileCheck, diffJson } from './compare.js';
import { CookieJar, type RawRequest, rawRequest } from './raw-http.js';
import { type KeyedExchange, loadRecordings } from './recordings.js';
import { REPLAY_ORDER } from './replay-order.js';

/**
 * Replays all 181 recorded exchanges, in the chronological order of the original
 * session, against ONE simulator seeded with the recorded world, and checks each
 * answer against reality: HTTP status, content type, envelope keys, status,
 * message, and the data recursively (types, keys and key order, array lengths,
 * values). The clock is fixed inside the recorded minute, so dates, lastLogin and
 * the stats averages are compared exactly; only tokens, session ids, the redacted
 * session prefix and the instance URL are treated as volatile.
 */

const recordings = loadRecordings();
/** The recorded instance ran at this origin; the simulator's own origin stands in for it. */
const RECORDED_ORIGIN = 'http://127.0.0.1:8080';
/** 2026-12-03 15:35:10 UTC: tickets were created at 15:32, the session ran at 15:35. */
const CLOCK = new Date(Date.UTC(2026, 11, 3, 15, 35, 10));
const BOGUS_TOKEN = '0123456789abcdef0123456789abcdef01234567';
const HEX40 = /^[0-9a-f]{40}$/;

interface Envelope {
  status: 'success' | 'fail';
  message?: string;
  data: unknown;
}

let sim: RunningSim;
const jars = new Map<string, CookieJar>();
/** Tokens by jar, in login order: `<csrf_token:X#N>` is tokens.get(X)[N-1]. */
const tokens = new Map<string, string[]>();
let lastRememberToken: string | undefined;

function jar(actor: string): CookieJar {
  let j = jars.get(actor);
  if (!j) {
    // "admin-without-cookie" is the admin's csrf pair sent by a client that keeps no cookies.
    j = new CookieJar(actor !== 'admin-without-cookie');
    jars.set(actor, j);
  }
  return j;
}

function password(email: string | undefined): string {
  const all = [...sim.credentials.staff, ...sim.credentials.users];
  return all.find((a) => a.email === email?.toLowerCase())?.password ?? 'no-such-account-password';
}

function resolveParam(value: string, params: Record<string, string | number>): string {
  const numbered = /^<csrf_token:(.+)#(\d+)>$/.exec(value);
  if (numbered) {
    const t = tokens.get(numbered[1] ?? '')?.[Number(numbered[2]) - 1];
    if (!t) throw new Error(`no token recorded yet for ${value}`);
    return t;
  }
  const latest = /^<csrf_token:([^#>]+)>$/.exec(value);
  if (latest) {
    const t = tokens.get(latest[1] ?? '')?.at(-1);
    if (!t) throw new Error(`no token recorded yet for ${value}`);
    return t;
  }
  if (value === '<bogus_token>') return BOGUS_TOKEN;
  if (value === '<password>') return password(String(params.email ?? ''));
  if (value === '<remember_token>') {
    if (!lastRememberToken) throw new Error('no remember token issued yet');
    return lastRememberToken;
  }
  return value;
}

/**
 * Requests whose recorded params describe the transport rather than list fields:
 * `_body` = a JSON body, `_query` = csrf pair in the URL, and the wrong-password login
 * (the recording masks every password as `<password>`).
 */
const SPECIAL: Record<string, (p: Record<string, string>) => Partial<RawRequest>> = {
  'auth.json#0': (p) => ({ form: { ...p, password: `${p.password ?? ''}-wrong` } }),
  'http.json#3': () => ({ form: undefined, json: { x: 1 } }),
  'http.json#4': (p) => ({ form: undefined, json: { csrf_userid: '1', csrf_token: p.csrf_token } }),
  'http.json#5': (p) => ({ form: undefined, query: { csrf_userid: '1', csrf_token: p.csrf_token ?? '' } }),
  'http.json#6': (p) => ({ form: {}, query: { csrf_userid: '1', csrf_token: p.csrf_token ?? '' } }),
};

function buildRequest(ex: KeyedExchange): RawRequest {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(ex.params)) {
    if (k === '_body' || k === '_query') continue;
    params[k] = resolveParam(String(v), ex.params);
  }
  const method = ex.method ?? 'POST';
  const base: RawRequest = method === 'GET' ? { method, path: ex.path, query: params, jar: jar(ex.as) } : { method, path: ex.path, form: params, jar: jar(ex.as) };
  const special = SPECIAL[ex.key];
  return special ? { ...base, ...special(params) } : base;
}

function recordToken(actor: string, n: number, token: unknown): string {
  if (typeof token !== 'string' || !HEX40.test(token)) return `expected a 40-hex token, got ${JSON.stringify(token)}`;
  const list = tokens.get(actor) ?? [];
  if (list.length !== n - 1) return `token #${n} of ${actor} arrives after ${list.length} logins`;
  list.push(token);
  tokens.set(actor, list);
  return '';
}

function volatileFor(ex: KeyedExchange): VolatileCheck {
  return (expected, actual) => {
    const numbered = /^<csrf_token:(.+)#(\d+)>$/.exec(expected);
    if (numbered) return recordToken(numbered[1] ?? '', Number(numbered[2]), actual);
    if (expected === '<session_token>') return recordToken(ex.as, (tokens.get(ex.as)?.length ?? 0) + 1, actual);
    if (expected === '<remember_token>') {
      if (typeof actual !== 'string' || !HEX40.test(actual)) return `expected a 40-hex remember token, got ${JSON.stringify(actual)}`;
      lastRememberToken = actual;
      return '';
    }
    if (expected === '<redacted>') return typeof actual === 'string' && actual !== '' ? '' : `expected a non-empty string, got ${JSON.stringify(actual)}`;
    if (expected === RECORDED_ORIGIN) return actual === sim.origin ? '' : `expected the instance URL ${sim.origin}, got ${JSON.stringify(actual)}`;
    return undefined;
  };
}

/** The recorded Set-Cookie with the session id and the seconds of the expiry left open. */
function cookiePattern(recorded: string): RegExp {
  const escaped = recorded.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace('<session_id>', '[0-9a-v]{26}').replace(/(\d\d:\d\d:)\d\d GMT/, '$1\\d\\d GMT')}$`);
}

function title(ex: KeyedExchange): string {
  return `${ex.key} ${ex.as} ${ex.method ?? 'POST'} ${ex.path} — ${ex.note ?? 'as recorded'}`;
}

describe('recorded OpenSupports 4.11 exchanges replayed against the simulator', () => {
  beforeAll(async () => {
    sim = await startSim({ seed: 'recorded', apiPrefix: '', now: () => new Date(CLOCK) });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('replay order lists every recorded exchange exactly once', () => {
    expect(recordings.size).toBe(181);
    expect(new Set(REPLAY_ORDER).size).toBe(REPLAY_ORDER.length);
    expect([...REPLAY_ORDER].sort()).toEqual([...recordings.keys()].sort());
  });

  for (const key of REPLAY_ORDER) {
    const ex = recordings.get(key);
    if (!ex) continue;
    it(title(ex), async () => {
      const res = await rawRequest(sim.apiRoot, buildRequest(ex));
      expect(res.status).toBe(ex.http_status);

      if (ex.content_type.startsWith('text/html')) {
        expect(res.contentType).toBe(ex.content_type);
        expect(res.text).toContain('<title>404 Page Not Found</title>');
        expect(res.text.startsWith(ex.raw_body_head ?? '<html>')).toBe(true);
        return;
      }

      expect(res.contentType).toBe(ex.content_type);
      const recorded = ex.response as Envelope;
      const actual = JSON.parse(res.text) as Envelope;
      expect(Object.keys(actual)).toEqual(Object.keys(recorded));
      expect(actual.status).toBe(recorded.status);
      if (recorded.status === 'fail') {
        const message = recorded.message ?? '';
        // The raw database text depends on the SQL the real server built; its SQLSTATE class is what a client sees.
        if (message.startsWith('SQLSTATE[42000]')) expect(actual.message?.startsWith('SQLSTATE[42000]')).toBe(true);
        else expect(actual.message).toBe(message);
      } else {
        expect('message' in actual).toBe(false);
      }
      expect(diffJson(recorded.data, actual.data, volatileFor(ex))).toEqual([]);

      if (ex.set_cookie) {
        expect(res.setCookies).toHaveLength(1);
        expect(res.setCookies[0]).toMatch(cookiePattern(ex.set_cookie));
      } else {
        expect(res.setCookies).toEqual([]);
      }
    });
  }
});
