import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiFail, type RunningSim, remoteActor, startSim } from '../../sim/index.js';
import { makePng } from '../../sim/util/png.js';
import { CookieJar, type RawResponse, rawRequest } from '../contract/raw-http.js';

/**
 * The simulator's own behaviour where the recordings say nothing: uploads and
 * downloads, remember-token rotation and expiry, the scripting API, routing under
 * /api, and paging over a large demo seed.
 */

interface Envelope<T = unknown> {
  status: 'success' | 'fail';
  message?: string;
  data: T;
}

/** A logged-in (or anonymous) cookie jar with its csrf pair. */
class Session {
  readonly jar = new CookieJar();
  userId = '';
  token = '';

  constructor(private readonly sim: RunningSim) {}

  async raw(path: string, params: Record<string, string> = {}, multipart?: FormData): Promise<RawResponse> {
    const csrf: Record<string, string> = this.token ? { csrf_userid: this.userId, csrf_token: this.token } : {};
    if (multipart) {
      for (const [k, v] of Object.entries({ ...csrf, ...params })) multipart.set(k, v);
      return rawRequest(this.sim.apiRoot, { method: 'POST', path, multipart, jar: this.jar });
    }
    return rawRequest(this.sim.apiRoot, { method: 'POST', path, form: { ...csrf, ...params }, jar: this.jar });
  }

  async call<T = unknown>(path: string, params: Record<string, string> = {}, multipart?: FormData): Promise<Envelope<T>> {
    return JSON.parse((await this.raw(path, params, multipart)).text) as Envelope<T>;
  }

  async login(email: string, password: string, staff: boolean, extra: Record<string, string> = {}): Promise<Envelope<LoginData>> {
    this.token = '';
    const res = await this.call<LoginData>('/user/login', { email, password, staff: staff ? '1' : '0', ...extra });
    if (res.status === 'success') {
      this.userId = res.data.userId;
      this.token = res.data.token;
    }
    return res;
  }

  download(file: string): Promise<RawResponse> {
    return rawRequest(this.sim.apiRoot, { method: 'GET', path: '/system/download', query: { file }, jar: this.jar });
  }
}

interface LoginData {
  userId: string;
  token: string;
  rememberToken: string | null;
  rememberExpiration: string | null;
}
interface TicketData {
  ticketNumber: string;
  file: string | null;
  title: string;
  content: string;
  unreadStaff: boolean;
  events: { type: string; content: string | null; file: string | null; private: string | null; id: string }[];
}
interface ActivityItem {
  type: string;
  ticketNumber: string;
  author: { name: string; staff: boolean; id: string | null };
}
interface TicketPage {
  tickets: TicketData[];
  pages: number;
}

function account(sim: RunningSim, email: string): { email: string; password: string } {
  const a = [...sim.credentials.staff, ...sim.credentials.users].find((x) => x.email === email);
  if (!a) throw new Error(`no seeded account ${email}`);
  return a;
}

describe('simulator behaviour beyond the recordings (recorded seed, /api prefix, injectable clock)', () => {
  let sim: RunningSim;
  let clock = new Date(Date.UTC(2026, 11, 3, 15, 35, 0));
  let admin: Session;
  let alice: Session;
  let bob: Session;
  const png = makePng(8, 8, [0, 0, 0], [255, 255, 255]);

  beforeAll(async () => {
    sim = await startSim({ seed: 'recorded', now: () => clock });
    admin = new Session(sim);
    alice = new Session(sim);
    bob = new Session(sim);
    expect((await admin.login('admin@example.test', account(sim, 'admin@example.test').password, true)).status).toBe('success');
    expect((await alice.login('alice@example.test', account(sim, 'alice@example.test').password, false)).status).toBe('success');
    expect((await bob.login('bob@example.test', account(sim, 'bob@example.test').password, false)).status).toBe('success');
  });
  afterAll(async () => {
    await sim?.close();
  });

  describe('routing', () => {
    it('serves the API under /api only, with exact case and no trailing slash', async () => {
      expect(sim.apiRoot).toBe(`${sim.origin}/api`);
      const jar = new CookieJar();
      const bare = await rawRequest(sim.origin, { method: 'POST', path: '/system/get-settings', form: {}, jar });
      expect(bare.status).toBe(404);
      for (const path of ['/system/get-settings/', '/System/Get-Settings', '/system/stats']) {
        const r = await rawRequest(sim.apiRoot, { method: 'POST', path, form: {}, jar });
        expect(r.status).toBe(404);
        expect(r.contentType).toBe('text/html;charset=UTF-8');
        expect(r.text).toContain('<title>404 Page Not Found</title>');
      }
      const ok = await rawRequest(sim.apiRoot, { method: 'POST', path: '/system/get-settings', form: {}, jar });
      expect(ok.status).toBe(200);
      expect(ok.contentType).toBe('application/json');
    });

    it('counts API requests', async () => {
      const before = sim.requestCount();
      await admin.call('/user/check-session');
      expect((await admin.raw('/nope/nope')).status).toBe(404);
      expect(sim.requestCount()).toBe(before + 2);
    });

    it('keeps the old session alive for a client that kept the old cookie (re-login regenerates the id)', async () => {
      const s = new Session(sim);
      await s.login('terry.lead@example.test', account(sim, 'terry.lead@example.test').password, true);
      const oldCookie = s.jar.header() ?? '';
      const oldToken = s.token;
      await s.login('terry.lead@example.test', account(sim, 'terry.lead@example.test').password, true);
      expect(s.jar.header()).not.toBe(oldCookie);
      // New cookie + old token: dead. Old cookie + old token: still works (§8.3).
      expect((await s.call('/staff/get', { csrf_userid: '3', csrf_token: oldToken })).message).toBe('NO_PERMISSION');
      const oldJar = new CookieJar();
      oldJar.store([oldCookie]);
      const viaOld = await rawRequest(sim.apiRoot, { method: 'POST', path: '/staff/get', form: { csrf_userid: '3', csrf_token: oldToken }, jar: oldJar });
      expect((JSON.parse(viaOld.text) as Envelope).status).toBe('success');
    });
  });

  describe('uploads and downloads', () => {
    let storedName = '';

    it('stores a staff attachment on a comment under the documented name', async () => {
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'Hello World.PNG');
      const res = await admin.call('/ticket/comment', { ticketNumber: '196568', content: 'See the attached screenshot.' }, form);
      expect(res).toEqual({ status: 'success', data: null });
      const ticket = await admin.call<TicketData>('/ticket/get', { ticketNumber: '196568' });
      const last = ticket.data.events.at(-1);
      expect(last?.type).toBe('COMMENT');
      expect(last?.file).toMatch(/^t196568_[0-9a-f]{40}_hello_world\.png$/);
      storedName = last?.file ?? '';
    });

    it('lets staff and the ticket author download it, with the cookie alone', async () => {
      for (const who of [admin, alice]) {
        const r = await who.download(storedName);
        expect(r.status).toBe(200);
        expect(r.contentType).toBe('image/png');
        expect(r.headers.get('content-disposition')).toBe(`filename=${storedName}`);
        expect(r.body.equals(png)).toBe(true);
      }
    });

    it('refuses another user and anonymous callers with an empty 403', async () => {
      for (const who of [bob, new Session(sim)]) {
        const r = await who.download(storedName);
        expect(r.status).toBe(403);
        expect(r.text).toBe('');
      }
    });

    it('answers a missing file with an empty 200 and a malformed name with INVALID_FILE', async () => {
      const missing = await admin.download(`t196568_${'a'.repeat(40)}_nothing.png`);
      expect(missing.status).toBe(200);
      expect(missing.text).toBe('');
      expect(missing.contentType).toMatch(/^text\/html/);
      const bad = await admin.download('../../etc/passwd');
      expect(JSON.parse(bad.text)).toEqual({ status: 'fail', message: 'INVALID_FILE', data: null });
    });

    it('rejects unknown file types and files above max-size', async () => {
      const elf = new FormData();
      elf.set('file', new Blob([new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00])]), 'tool.bin');
      expect((await admin.call('/ticket/comment', { ticketNumber: '196568', content: 'binary' }, elf)).message).toBe('INVALID_FILE');
      const big = new FormData();
      big.set('file', new Blob([new Uint8Array(1024 * 1024 + 1).fill(0x61)]), 'big.txt');
      expect((await admin.call('/ticket/comment', { ticketNumber: '196568', content: 'big' }, big)).message).toBe('INVALID_FILE');
    });

    it('ignores user attachments while allow-attachments is off, accepts them when on', async () => {
      const form = (): FormData => {
        const f = new FormData();
        f.set('file', new Blob(['a,b\n1,2\n'], { type: 'text/csv' }), 'Report 2026.csv');
        return f;
      };
      expect((await alice.call('/ticket/comment', { ticketNumber: '196568', content: 'CSV attached' }, form())).status).toBe('success');
      let events = (await alice.call<TicketData>('/ticket/get', { ticketNumber: '196568' })).data.events;
      expect(events.at(-1)?.file).toBeNull();
      sim.act.setSetting('allow-attachments', '1');
      try {
        expect((await alice.call('/ticket/comment', { ticketNumber: '196568', content: 'CSV attached again' }, form())).status).toBe('success');
        events = (await alice.call<TicketData>('/ticket/get', { ticketNumber: '196568' })).data.events;
        expect(events.at(-1)?.file).toMatch(/^t196568_[0-9a-f]{40}_report_2026\.csv$/);
      } finally {
        sim.act.setSetting('allow-attachments', '0');
      }
    });

    it('attaches a file to a ticket created by staff (multipart ticket/create)', async () => {
      const form = new FormData();
      form.set('file', new Blob(['%PDF-1.4\n%fake but sniffable\n']), 'Spec.pdf');
      const res = await admin.call('/ticket/create', { title: 'Internal spec review', content: 'Please review the attached spec.', departmentId: '3' }, form);
      expect(res).toEqual({ status: 'success', data: null });
      const mine = await admin.call<TicketPage>('/staff/get-tickets', { page: '1' });
      const created = mine.data.tickets.find((t) => t.title === 'Internal spec review');
      expect(created?.ticketNumber).toMatch(/^\d{6}$/);
      expect(created?.file).toMatch(new RegExp(`^t${created?.ticketNumber}_[0-9a-f]{40}_spec\\.pdf$`));
    });
  });

  describe('ticket creation rules', () => {
    it('refuses a staff e-mail, or a user naming someone else, on ticket/create', async () => {
      const params = { title: 'Who am I?', content: 'Testing the e-mail rule.' };
      expect((await admin.call('/ticket/create', { ...params, email: 'sam.agent@example.test' })).message).toBe('INVALID_EMAIL');
      expect((await alice.call('/ticket/create', { ...params, email: 'bob@example.test' })).message).toBe('INVALID_EMAIL');
      expect((await alice.call('/ticket/create', { ...params, email: 'alice@example.test' })).status).toBe('success');
    });

    it('validates title, content, department and language in that order', async () => {
      expect((await alice.call('/ticket/create', { title: '', content: '', departmentId: '99', language: 'xx' })).message).toBe('INVALID_TITLE');
      expect((await alice.call('/ticket/create', { title: 'T', content: '<p> </p>', departmentId: '99', language: 'xx' })).message).toBe('INVALID_CONTENT');
      expect((await alice.call('/ticket/create', { title: 'T', content: 'C', departmentId: '99', language: 'xx' })).message).toBe('INVALID_DEPARTMENT');
      expect((await alice.call('/ticket/create', { title: 'T', content: 'C', departmentId: '2', language: 'es' })).message).toBe('INVALID_LANGUAGE');
    });

    it('accepts anonymous tickets only with mandatory login off, and /ticket/check opens a ticket session for them', async () => {
      const anon = new Session(sim);
      const params = { title: 'Printer on fire', content: 'It is actually on fire.', email: 'Walk.In@Example.test', name: 'Walk In' };
      expect((await anon.call('/ticket/create', params)).message).toBe('NO_PERMISSION');
      sim.act.setSetting('mandatory-login', '0');
      try {
        expect((await anon.call('/ticket/create', params)).status).toBe('success');
        const found = await admin.call<TicketPage>('/ticket/search', { query: 'Printer on fire' });
        const ticketNumber = found.data.tickets[0]?.ticketNumber ?? '';
        expect(ticketNumber).toMatch(/^\d{6}$/);
        expect((await anon.call('/ticket/check', { ticketNumber, email: 'someone.else@example.test' })).message).toBe('NO_PERMISSION');
        const check = await anon.call<{ token: string; userId: string; ticketNumber: string }>('/ticket/check', { ticketNumber, email: 'walk.in@example.test' });
        expect(check.status).toBe('success');
        anon.userId = check.data.userId;
        anon.token = check.data.token;
        expect((await anon.call<TicketData>('/ticket/get', { ticketNumber })).data.title).toBe('Printer on fire');
        // The ticket session is locked to its one ticket.
        expect((await anon.call('/ticket/get', { ticketNumber: '196568' })).message).toBe('NO_PERMISSION');
        expect((await anon.call('/ticket/comment', { ticketNumber, content: 'Fire is out now.' })).status).toBe('success');
      } finally {
        sim.act.setSetting('mandatory-login', '1');
      }
    });
  });

  describe('content sanitising', () => {
    it('cleans comment HTML at storage but stores edited titles verbatim', async () => {
      const dirty = '<p onclick="steal()">Hi <script>alert(1)</script><a href="javascript:alert(2)">link</a> <b>bold</b></p>';
      await admin.call('/ticket/comment', { ticketNumber: '363100', content: dirty });
      const ticket = await admin.call<TicketData>('/ticket/get', { ticketNumber: '363100' });
      expect(ticket.data.events.at(-1)?.content).toBe('<p>Hi <a>link</a> <b>bold</b></p>');
      await admin.call('/ticket/edit-title', { ticketNumber: '363100', title: '<img src=x onerror=alert(1)>' });
      expect((await admin.call<TicketData>('/ticket/get', { ticketNumber: '363100' })).data.title).toBe('<img src=x onerror=alert(1)>');
    });
  });

  describe('remember tokens', () => {
    const adminPassword = (): string => account(sim, 'admin@example.test').password;

    it('rotates: each token works once, and remember=1 on a token login issues the next one', async () => {
      const s = new Session(sim);
      const first = await s.login('admin@example.test', adminPassword(), true, { remember: '1' });
      expect(first.data.rememberToken).toMatch(/^[0-9a-f]{40}$/);
      expect(first.data.rememberExpiration).toBe('202701021535');

      const fresh = new Session(sim);
      const second = await fresh.call<LoginData>('/user/login', { userId: '1', rememberToken: first.data.rememberToken ?? '', staff: '1', remember: '1' });
      expect(second.status).toBe('success');
      expect(second.data.rememberToken).toMatch(/^[0-9a-f]{40}$/);
      expect(second.data.rememberToken).not.toBe(first.data.rememberToken);

      const reuse = await new Session(sim).call('/user/login', { userId: '1', rememberToken: first.data.rememberToken ?? '', staff: '1' });
      expect(reuse.message).toBe('INVALID_CREDENTIALS');

      // Wrong account type or id: refused, and the token survives for the right request.
      expect((await new Session(sim).call('/user/login', { userId: '1', rememberToken: second.data.rememberToken ?? '', staff: '0' })).message).toBe('INVALID_CREDENTIALS');
      expect((await new Session(sim).call('/user/login', { userId: '2', rememberToken: second.data.rememberToken ?? '', staff: '1' })).message).toBe('INVALID_CREDENTIALS');
      const third = await new Session(sim).call<LoginData>('/user/login', { userId: '1', rememberToken: second.data.rememberToken ?? '', staff: '1' });
      expect(third.status).toBe('success');
      expect(third.data.rememberToken).toBeNull();
      expect(third.data.rememberExpiration).toBeNull();
    });

    it('expires after 30 days', async () => {
      const s = new Session(sim);
      const issued = await s.login('admin@example.test', adminPassword(), true, { remember: '1' });
      const saved = clock;
      try {
        clock = new Date(saved.getTime() + 29 * 24 * 3600 * 1000);
        const early = new Session(sim);
        const ok = await early.call<LoginData>('/user/login', { userId: '1', rememberToken: issued.data.rememberToken ?? '', staff: '1', remember: '1' });
        expect(ok.status).toBe('success');
        clock = new Date(saved.getTime() + 60 * 24 * 3600 * 1000);
        const late = await new Session(sim).call('/user/login', { userId: '1', rememberToken: ok.data.rememberToken ?? '', staff: '1' });
        expect(late.message).toBe('INVALID_CREDENTIALS');
      } finally {
        clock = saved;
      }
    });

    it('ends sessions idle for more than 30 days', async () => {
      const s = new Session(sim);
      await s.login('admin@example.test', adminPassword(), true);
      const saved = clock;
      try {
        clock = new Date(saved.getTime() + 29 * 24 * 3600 * 1000);
        expect((await s.call('/staff/get')).status).toBe('success');
        clock = new Date(clock.getTime() + 31 * 24 * 3600 * 1000);
        expect((await s.call('/staff/get')).message).toBe('NO_PERMISSION');
        expect((await s.call<{ sessionActive: boolean }>('/user/check-session')).data.sessionActive).toBe(false);
      } finally {
        clock = saved;
      }
    });

    it('survives logout (logout does not revoke remember tokens)', async () => {
      const s = new Session(sim);
      const issued = await s.login('alice@example.test', account(sim, 'alice@example.test').password, false, { remember: '1' });
      expect((await s.call('/user/logout')).status).toBe('success');
      const back = await new Session(sim).call('/user/login', { userId: issued.data.userId, rememberToken: issued.data.rememberToken ?? '' });
      expect(back.status).toBe('success');
    });
  });

  describe('scripting other people', () => {
    let sam: Session;

    beforeAll(async () => {
      sam = new Session(sim);
      await sam.login('sam.agent@example.test', account(sim, 'sam.agent@example.test').password, true);
    });

    it('another staff member assigning a ticket shows up as ASSIGN in the target\'s last-events', async () => {
      expect((await sam.call<ActivityItem[]>('/staff/last-events', { page: '1' })).data).toEqual([]);
      sim.act.assign('612898', { by: 1, to: 2 });
      const feed = await sam.call<ActivityItem[]>('/staff/last-events', { page: '1' });
      expect(feed.data[0]).toEqual({ type: 'ASSIGN', ticketNumber: '612898', author: { name: 'Admin Root', staff: true, id: '1', customfields: [] }, edited: null });
      const mine = await sam.call<TicketPage>('/staff/get-tickets', { page: '1' });
      expect(mine.data.tickets.map((t) => t.ticketNumber)).toEqual(['612898']);
    });

    it('a customer reply by script raises unreadStaff and leads the feed; the owner\'s seen clears it', async () => {
      sim.act.seen('612898', { by: 2 });
      expect((await sam.call<TicketData>('/ticket/get', { ticketNumber: '612898' })).data.unreadStaff).toBe(false);
      const eventId = sim.act.comment('612898', { by: { userId: 2 }, content: 'Any news on dark mode?' });
      expect(eventId).toBeGreaterThan(0);
      const ticket = await sam.call<TicketData>('/ticket/get', { ticketNumber: '612898' });
      expect(ticket.data.unreadStaff).toBe(true);
      expect(ticket.data.events.at(-1)).toMatchObject({ type: 'COMMENT', id: String(eventId), content: 'Any news on dark mode?' });
      const feed = await sam.call<ActivityItem[]>('/staff/last-events', { page: '1' });
      expect(feed.data[0]).toMatchObject({ type: 'COMMENT', ticketNumber: '612898', author: { name: 'Bob User', staff: false, id: '2' } });
    });

    it('enforces the same rules as the API (errors carry the server codes)', () => {
      expect(() => sim.act.assign('612898', { by: 1, to: 3 })).toThrow(ApiFail);
      expect(() => sim.act.assign('612898', { by: 1, to: 3 })).toThrow('INVALID_DEPARTMENT');
      expect(() => sim.act.assign('612898', { by: 1, to: 1 })).toThrow('TICKET_ALREADY_ASSIGNED');
      expect(() => sim.act.close('121265', { by: 2 })).toThrow('NO_PERMISSION');
      expect(() => sim.act.comment('612898', { by: 1, content: '   ' })).toThrow('INVALID_CONTENT');
    });

    it('creates tickets for customers that appear in the staff queues', async () => {
      const n = sim.act.createTicket({ userId: 1, title: 'Scripted question', content: 'Created by the scripting API.', departmentId: 1 });
      expect(n).toMatch(/^\d{6}$/);
      const queue = await sam.call<TicketPage>('/staff/get-new-tickets', { page: '1' });
      expect(queue.data.tickets.map((t) => t.ticketNumber)).toContain(n);
      sim.act.changeDepartment(n, { by: 1, departmentId: 3 });
      const after = await sam.call<TicketPage>('/staff/get-new-tickets', { page: '1' });
      expect(after.data.tickets.map((t) => t.ticketNumber)).not.toContain(n);
    });

    it('is reachable over HTTP with the per-launch secret', async () => {
      const remote = remoteActor(sim.origin, sim.secret);
      await remote.close('612898', { by: 2 });
      expect((await sam.call<ActivityItem[]>('/staff/last-events', { page: '1' })).data[0]).toMatchObject({ type: 'CLOSE', ticketNumber: '612898' });
      await remote.reopen('612898', { by: { userId: 2 } });
      await expect(remote.unassign('612898', { by: 3 })).rejects.toThrow('NO_PERMISSION');
      await expect(remoteActor(sim.origin, 'wrong-secret').close('612898', { by: 1 })).rejects.toThrow('FORBIDDEN');
      const noSecret = await fetch(`${sim.origin}/__sim/close`, { method: 'POST', body: '["612898",{"by":1}]' });
      expect(noSecret.status).toBe(403);
    });
  });
});

describe('paging over a 10,000-ticket demo helpdesk', () => {
  let sim: RunningSim;
  let admin: Session;

  beforeAll(async () => {
    const t0 = performance.now();
    sim = await startSim({ seed: 'demo', tickets: 10_000 });
    console.log(`demo seed with 10,000 tickets started in ${Math.round(performance.now() - t0)} ms`);
    admin = new Session(sim);
    const creds = sim.credentials.staff.find((s) => s.level === 3);
    if (!creds) throw new Error('demo seed has no level-3 staff');
    await admin.login(creds.email, creds.password, true);
  }, 60_000);
  afterAll(async () => {
    await sim?.close();
  });

  it('ticket/search pages by 10: 1000 pages, disjoint pages, an empty page past the end', async () => {
    const p1 = await admin.call<TicketPage & { page: number }>('/ticket/search', { page: '1' });
    expect(p1.data.pages).toBe(1000);
    expect(p1.data.page).toBe(1);
    expect(p1.data.tickets).toHaveLength(10);
    const p2 = await admin.call<TicketPage>('/ticket/search', { page: '2' });
    expect(p2.data.tickets).toHaveLength(10);
    const first = new Set(p1.data.tickets.map((t) => t.ticketNumber));
    expect(p2.data.tickets.some((t) => first.has(t.ticketNumber))).toBe(false);
    const last = await admin.call<TicketPage>('/ticket/search', { page: '1000' });
    expect(last.data.tickets).toHaveLength(10);
    const past = await admin.call<TicketPage>('/ticket/search', { page: '1001' });
    expect(past.data.tickets).toEqual([]);
  });

  it('walking every page of get-new-tickets yields each ticket exactly once', async () => {
    const head = await admin.call<TicketPage>('/staff/get-new-tickets', { page: '1' });
    const pages = head.data.pages;
    expect(pages).toBeGreaterThan(10);
    const seen = new Set<string>();
    let total = 0;
    for (let page = 1; page <= pages; page++) {
      const res = await admin.call<TicketPage>('/staff/get-new-tickets', { page: String(page) });
      expect(res.data.tickets.length).toBeLessThanOrEqual(10);
      if (page < pages) expect(res.data.tickets).toHaveLength(10);
      for (const t of res.data.tickets) seen.add(t.ticketNumber);
      total += res.data.tickets.length;
    }
    expect(seen.size).toBe(total);
    expect(Math.ceil(total / 10)).toBe(pages);
  });

  it('hides the private department from customers and keeps their tickets out of it', async () => {
    const staffView = await admin.call<{ departments: { name: string; private: string }[] }>('/system/get-settings');
    expect(staffView.data.departments.filter((d) => d.private === '1').map((d) => d.name)).toEqual(['Internal']);
    const anonymous = await new Session(sim).call<{ departments: { private: string }[] }>('/system/get-settings');
    expect(anonymous.data.departments.every((d) => d.private === '0')).toBe(true);
    const customer = sim.credentials.users[0];
    if (!customer) throw new Error('demo seed has no customers');
    const user = new Session(sim);
    await user.login(customer.email, customer.password, false);
    expect((await user.call('/ticket/create', { title: 'Sneaky', content: 'Into the private department', departmentId: '5' })).message).toBe('INVALID_DEPARTMENT');
  });

  it('last-events pages are 10 long until the feed runs out', async () => {
    const p1 = await admin.call<ActivityItem[]>('/staff/last-events', { page: '1' });
    const p2 = await admin.call<ActivityItem[]>('/staff/last-events', { page: '2' });
    expect(p1.data).toHaveLength(10);
    expect(p2.data).toHaveLength(10);
    const far = await admin.call<ActivityItem[]>('/staff/last-events', { page: '100000' });
    expect(far.data).toEqual([]);
  });
});
