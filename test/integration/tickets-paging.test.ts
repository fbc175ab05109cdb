import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../../sim';
import type { QueueName, QueueView } from '../../electron/contract';
import { OpenSupportsClient } from '../../electron/core/opensupports';
import { MAX_REQUESTS_PER_HELPDESK } from '../../electron/core/tickets';
import { useCores, type Harness } from './tickets-harness';

/**
 * Paging through a 10,000-ticket demo helpdesk with `queue:loadMore` until complete: every row
 * once, as many as the server has, never more than the helpdesk's request limit in flight.
 */
const newCore = useCores();
let sim: RunningSim;
let admin: { email: string; password: string };
let serverCount: (queue: 'all' | 'new') => Promise<number>;

beforeAll(async () => {
  sim = await startSim({ seed: 'demo', tickets: 10_000 });
  const creds = sim.credentials.staff.find((s) => s.level === 3);
  if (!creds) throw new Error('the demo seed has no level-3 staff');
  admin = creds;
  // The server's own count, read independently of the core: the first page's page count, then the last page.
  const client = new OpenSupportsClient({ apiRoot: sim.apiRoot, timeoutMs: 10_000 });
  await client.login({ email: admin.email, password: admin.password, remember: false });
  serverCount = async (queue) => {
    const page = (n: number) => (queue === 'all' ? client.searchTickets({ page: n }) : client.getNewTickets({ page: n }));
    const first = await page(1);
    const last = await page(first.pages);
    return (first.pages - 1) * 10 + last.tickets.length;
  };
}, 120_000);
afterAll(async () => {
  await sim?.close();
});

async function pageThrough(h: Harness, helpdeskId: string, queue: QueueName): Promise<{ view: QueueView; calls: number }> {
  await h.ok('queue:open', { helpdeskId, queue });
  let view = await h.ok('queue:loadMore', { helpdeskId, queue });
  let calls = 1;
  while (!view.complete) {
    expect(view.error).toBeNull();
    const before = view.rows.length;
    view = await h.ok('queue:loadMore', { helpdeskId, queue });
    calls++;
    if (!view.complete) expect(view.rows.length).toBeGreaterThan(before);
    if (calls > 2_000) throw new Error('loadMore never completed');
  }
  return { view, calls };
}

describe('paging a 10,000-ticket helpdesk', () => {
  it('"all": loadMore until complete yields every ticket exactly once, bounded per helpdesk', async () => {
    const h = await newCore();
    const id = await h.signIn(sim, admin.email);
    const host = new URL(sim.apiRoot).host;
    const { view, calls } = await pageThrough(h, id, 'all');
    const expected = await serverCount('all');
    expect(expected).toBe(10_000);
    const numbers = view.rows.map((r) => r.ticketNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toHaveLength(expected);
    expect(view).toMatchObject({ complete: true, total: expected, error: null });
    // 1, 2 and 4 pages before five at a time (pagesToLoad).
    expect(calls).toBeLessThanOrEqual(4 + Math.ceil(1000 / 5));
    expect(h.trace.count('/ticket/search', host)).toBeGreaterThanOrEqual(1000);
    // Pages go out in parallel, but never more than the limit at once.
    expect(h.trace.peak(host)).toBeLessThanOrEqual(MAX_REQUESTS_PER_HELPDESK);
    expect(h.trace.peak(host)).toBeGreaterThan(1);
  }, 180_000);

  it('"new" (unread first, no stable order on the server) pages to the server count without duplicates', async () => {
    const h = await newCore();
    const id = await h.signIn(sim, admin.email);
    const { view } = await pageThrough(h, id, 'new');
    const expected = await serverCount('new');
    const numbers = view.rows.map((r) => r.ticketNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toHaveLength(expected);
    expect(view.total).toBe(expected);
  }, 180_000);

  it('loadMore reads one more page first, then ramps up to five at a time', async () => {
    const h = await newCore();
    const id = await h.signIn(sim, admin.email);
    const host = new URL(sim.apiRoot).host;
    await h.ok('queue:open', { helpdeskId: id, queue: 'all' });
    await h.core.idle();
    const perCall: number[] = [];
    for (let i = 0; i < 5; i++) {
      h.trace.reset();
      const view = await h.ok('queue:loadMore', { helpdeskId: id, queue: 'all' });
      perCall.push(h.trace.count('/ticket/search', host));
      expect(view.rows).toHaveLength(10 * (1 + perCall.reduce((a, b) => a + b, 0)));
    }
    expect(perCall).toEqual([1, 2, 4, 5, 5]);
  }, 60_000);

  it('a restart shows all 10,000 cached rows at once', async () => {
    const first = await newCore();
    const id = await first.signIn(sim, admin.email);
    await pageThrough(first, id, 'all');
    await first.core.stop();
    const second = await newCore({ dataDir: first.dataDir });
    const t0 = performance.now();
    const cached = await second.ok('queue:open', { helpdeskId: id, queue: 'all' });
    const ms = performance.now() - t0;
    expect(cached.rows).toHaveLength(10_000);
    expect(second.trace.requests).toEqual([]);
    console.log(`10,000 cached rows shown after a restart in ${Math.round(ms)} ms`);
    await second.core.idle();
  }, 180_000);
});

describe('the per-helpdesk request limit', () => {
  it('holds across queues, meta, tickets and the palette at once, while another helpdesk has its own', async () => {
    const slow = await startSim({ seed: 'demo', tickets: 300, latencyMs: 15 });
    const other = await startSim({ seed: 'demo', tickets: 300, latencyMs: 15 });
    try {
      const creds = slow.credentials.staff.find((s) => s.level === 3)!;
      const h = await newCore();
      const a = await h.signIn(slow, creds.email);
      const b = await h.signIn(other, creds.email);
      h.trace.reset();
      const ticketNumbers = (await h.ok('queue:loadMore', { helpdeskId: a, queue: 'new' })).rows.slice(0, 6).map((r) => r.ticketNumber);
      await Promise.all([
        ...[a, b].flatMap((id) => [
          h.ok('queue:loadMore', { helpdeskId: id, queue: 'all' }),
          h.ok('queue:loadMore', { helpdeskId: id, queue: 'all', filters: { status: 'open' } }),
          h.ok('queue:open', { helpdeskId: id, queue: 'mine' }),
          h.ok('helpdesk:meta', { helpdeskId: id }),
        ]),
        ...ticketNumbers.map((n) => h.ok('ticket:open', { helpdeskId: a, ticketNumber: n })),
        h.ok('palette:search', { text: 'refund' }),
        h.ok('customer:get', { helpdeskId: a, userId: 1 }),
      ]);
      await h.core.idle();
      for (const sim of [slow, other]) {
        const host = new URL(sim.apiRoot).host;
        expect(h.trace.peak(host)).toBe(MAX_REQUESTS_PER_HELPDESK);
      }
    } finally {
      await Promise.all([slow.close(), other.close()]);
    }
  }, 60_000);
});
