import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../../sim';
import { ADMIN, DEPT, SAM, STAFF, T, TAG, TERRY, useCores } from './tickets-harness';
import { account } from '../support/sim';

/**
 * Helpdesk meta, customer profiles and the command palette across two helpdesks, against
 * recorded-seed simulators.
 */
const newCore = useCores();
let sim: RunningSim;
beforeEach(async () => {
  sim = await startSim({ seed: 'recorded' });
});
afterEach(async () => {
  await sim.close();
});

describe('helpdesk:meta', () => {
  it('describes the agent, departments, tags, staff, custom responses, limits, languages and queue counts', async () => {
    const h = await newCore();
    const id = await h.signIn(sim, SAM);
    sim.act.assign(T.invoice, { by: STAFF.admin, to: STAFF.sam });
    const meta = await h.ok('helpdesk:meta', { helpdeskId: id });
    expect(meta.helpdeskId).toBe(id);
    expect(meta.me).toEqual({ id: STAFF.sam, name: 'Sam Agent', email: 'sam.agent@example.test', level: 1, departmentIds: [DEPT.help, DEPT.billing] });
    expect(meta.departments).toEqual([
      { id: 1, name: 'Help and Support', private: false },
      { id: 2, name: 'Billing', private: false },
      { id: 3, name: 'Technical', private: false },
    ]);
    expect(meta.tags).toEqual([
      { id: TAG.urgent, name: 'urgent', color: '#ff0000' },
      { id: TAG.needsInfo, name: 'needs-info', color: '#0000ff' },
    ]);
    expect(meta.staff.map((s) => [s.id, s.name, s.level, s.departmentIds])).toEqual([
      [1, 'Admin Root', 3, [1, 2, 3]],
      [2, 'Sam Agent', 1, [1, 2]],
      [3, 'Terry Lead', 2, [2, 3]],
    ]);
    expect(meta.customResponses).toEqual([{ id: 1, name: 'Greeting', language: 'en', html: 'Hello, thanks for contacting us. We are looking into it.' }]);
    expect(meta.maxAttachmentBytes).toBe(1024 * 1024);
    expect(meta.languages).toContain('en');
    // Counts are not part of a load: they come after a queue's first page, as meta:changed.
    expect(meta.counts).toEqual({ mine: null, new: null, all: null });
    const since = h.events.length;
    await h.ok('queue:open', { helpdeskId: id, queue: 'mine' });
    await h.core.idle();
    const counted = h.events.slice(since).filter((e) => e.event === 'meta:changed').map((e) => e.payload as { counts: unknown });
    // Sam's departments hold 8 tickets; one of them is now his.
    expect(counted.at(-1)?.counts).toEqual({ mine: 1, new: 7, all: 8 });
    expect((await h.ok('helpdesk:meta', { helpdeskId: id })).counts).toEqual({ mine: 1, new: 7, all: 8 });
    // Level 1 cannot call ticket/get-tags (§6.10): the tags came from the settings.
    expect(h.trace.count('/ticket/get-tags')).toBe(0);
  });

  it('counts exactly past the first page, and serves the last copy while the helpdesk is unreachable', async () => {
    const other = await startSim({ seed: 'recorded' });
    const h = await newCore();
    const id = await h.signIn(other, ADMIN);
    await h.ok('queue:open', { helpdeskId: id, queue: 'new' });
    await h.core.idle();
    const meta = await h.ok('helpdesk:meta', { helpdeskId: id });
    expect(meta.counts).toEqual({ mine: 0, new: 12, all: 12 });
    await other.close();
    expect(await h.ok('helpdesk:meta', { helpdeskId: id })).toEqual(meta);
  });

  it('answers from memory while young, and recounts at most every 30 s', async () => {
    const h = await newCore();
    const id = await h.signIn(sim, ADMIN);
    await h.ok('helpdesk:meta', { helpdeskId: id });
    await h.ok('queue:open', { helpdeskId: id, queue: 'mine' });
    await h.core.idle();
    h.trace.reset();
    await h.ok('helpdesk:meta', { helpdeskId: id });
    await h.ok('queue:open', { helpdeskId: id, queue: 'new' });
    await h.core.idle();
    // The new queue's page 1 only: no profile, settings, staff or counts again.
    expect(h.trace.requests.map((r) => r.path.replace(/^.*\/api/, ''))).toEqual(['/staff/get-new-tickets']);

    // Older: still answered at once, then reloaded in the background and announced.
    sim.act.editTitle(T.invoice, { by: STAFF.admin, title: 'unchanged meta' });
    h.advance(61_000);
    h.trace.reset();
    const since = h.events.length;
    const stale = await h.ok('helpdesk:meta', { helpdeskId: id });
    expect(stale.staff.length).toBeGreaterThan(0);
    await h.core.idle();
    expect(h.trace.count('/staff/get-all')).toBe(1);
    expect(h.trace.count('/staff/get-tickets')).toBe(0);
    // Nothing in it changed, so nothing is announced.
    expect(h.events.slice(since).filter((e) => e.event === 'meta:changed')).toEqual([]);
  });

  it('asks nothing twice on the way from the add form to the first rows, and counts a moment later', async () => {
    const h = await newCore();
    const { password } = account(sim, ADMIN);
    // The form probes the address as typed (the site's, here); Add follows with the API root found.
    expect(await h.ok('helpdesks:probe', { url: sim.origin })).toMatchObject({ ok: true, apiRoot: sim.apiRoot });
    const { id } = await h.ok('helpdesks:add', { url: sim.apiRoot, email: ADMIN, password, remember: true });
    await h.ok('helpdesk:meta', { helpdeskId: id });
    await h.ok('queue:open', { helpdeskId: id, queue: 'mine' });
    await h.waitFor('queue:changed', (v) => v.queue === 'mine' && !v.refreshing);
    const paths = () => h.trace.requests.map((r) => r.path.replace(/^.*\/api/, ''));
    // One probe, one /staff/get (the sign-in's profile serves the meta load), and no counts yet.
    expect(h.trace.count('/user/check-session')).toBe(1);
    expect(h.trace.count('/staff/get')).toBe(1);
    expect(paths().filter((p) => p === '/staff/get-new-tickets' || p === '/ticket/search')).toEqual([]);
    await h.core.idle();
    expect(h.trace.count('/staff/get-new-tickets')).toBeGreaterThan(0);
    expect((await h.ok('helpdesk:meta', { helpdeskId: id })).counts.new).not.toBeNull();
  });

  it('refuses an unknown helpdesk', async () => {
    const h = await newCore();
    const result = await h.call('helpdesk:meta', { helpdeskId: '00000000-0000-4000-8000-000000000000' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });
});

describe('customer:get', () => {
  it('returns the profile and every ticket the customer opened', async () => {
    const h = await newCore();
    const id = await h.signIn(sim, ADMIN);
    const alice = await h.ok('customer:get', { helpdeskId: id, userId: 1 });
    expect(alice).toMatchObject({ helpdeskId: id, userId: 1, name: 'Alice User', email: 'alice@example.test', signupAt: '2026-12-03T15:32:00.000Z', verified: true, disabled: false });
    expect(alice.tickets.map((t) => t.ticketNumber).sort()).toEqual([T.login, T.invoice, T.server502, T.email, T.refund, T.rateLimit].sort());
    expect(alice.tickets.every((t) => t.author.id === 1 && !t.author.staff)).toBe(true);
    const missing = await h.call('customer:get', { helpdeskId: id, userId: 99 });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });

  it('lists only the customer’s tickets the agent can reach', async () => {
    const h = await newCore();
    const id = await h.signIn(sim, TERRY); // Billing + Technical
    const bob = await h.ok('customer:get', { helpdeskId: id, userId: 2 });
    expect(bob.tickets.map((t) => t.ticketNumber).sort()).toEqual([T.vat, T.crash, T.payment, T.webhooks].sort());
  });
});

describe('palette:search', () => {
  it('searches every signed-in helpdesk: cache and server hits, merged without duplicates, exact number first', async () => {
    const other = await startSim({ seed: 'recorded' });
    try {
      const h = await newCore();
      const a = await h.signIn(sim, ADMIN, 'Acme');
      const b = await h.signIn(other, ADMIN, 'Globex');
      other.act.editTitle(T.invoice, { by: STAFF.admin, title: 'Invoice total is off' });
      const invoices = await h.ok('palette:search', { text: 'invoice' });
      expect(invoices.map((p) => [p.helpdeskLabel, p.ticketNumber, p.title]).sort()).toEqual(
        [
          ['Acme', T.invoice, 'Invoice shows wrong amount'],
          ['Acme', T.vat, 'Need a VAT invoice'],
          ['Globex', T.invoice, 'Invoice total is off'],
          ['Globex', T.vat, 'Need a VAT invoice'],
        ].sort(),
      );
      expect(invoices.every((p) => (p.helpdeskId === a) === (p.helpdeskLabel === 'Acme'))).toBe(true);

      const byNumber = await h.ok('palette:search', { text: `#${T.crash}` });
      expect(byNumber.slice(0, 2).map((p) => [p.helpdeskId, p.ticketNumber]).sort()).toEqual([
        [a, T.crash],
        [b, T.crash],
      ].sort());
      expect(byNumber[0]).toMatchObject({ title: 'Mobile app crashes on start', closed: false });

      // One helpdesk gone: its cached hits still show, the other's come from its server.
      await other.close();
      h.trace.reset();
      const partly = await h.ok('palette:search', { text: 'invoice' });
      expect(partly.filter((p) => p.helpdeskId === b).map((p) => p.ticketNumber).sort()).toEqual([T.invoice, T.vat].sort());
      expect(partly.filter((p) => p.helpdeskId === a)).toHaveLength(2);
    } finally {
      await other.close();
    }
  });

  it('returns at most 30 hits', async () => {
    const h = await newCore();
    await h.signIn(sim, ADMIN);
    for (let i = 0; i < 40; i++) sim.act.createTicket({ userId: 1, title: `Printer jam ${i}`, content: 'Paper stuck.' });
    const hits = await h.ok('palette:search', { text: 'printer' });
    expect(hits.length).toBeLessThanOrEqual(30);
    expect(hits.length).toBeGreaterThanOrEqual(10);
    expect(new Set(hits.map((p) => p.ticketNumber)).size).toBe(hits.length);
  });
});
