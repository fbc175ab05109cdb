import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../../sim';
import { createHarness, newCustomerTicket, sleepClock, until, type AgentHelpdesk, type Harness } from './sync-harness';

/**
 * The engine against the simulator over real HTTP, with a real SQLite store. The agent is Mia
 * (level 1, Help and Support + Billing) on the demo helpdesk, which has months of history; Leo
 * (id 2) is the colleague who hands her work, Olivia (id 5) another agent, customers are users.
 */
const MIA = 'mia@staffdesk.test';
const LEO = 2;
const OLIVIA = 5;
const BILLING = 2;
const HELP = 1;
const INTERVAL_MS = 20_000;

let sim: RunningSim;
let h: Harness;
let mia: AgentHelpdesk;
let customer: number;

beforeAll(async () => {
  sim = await startSim({ seed: 'demo', tickets: 300 });
  customer = sim.credentials.users[0]!.id;
});
afterAll(() => sim.close());

afterEach(async () => {
  await h?.close();
});

async function setUp(): Promise<void> {
  h = await createHarness({ factor: 20 });
  mia = await h.addHelpdesk(sim, MIA, 'Demo Support');
}

const forTicket = (n: number) => h.notifications.filter((e) => e.value.ticketNumber === n);

describe('first sync', () => {
  it('records where the feeds stand without announcing any of the history, and reports counts', async () => {
    await setUp();
    h.engine.start();
    await h.engine.pollNow(mia.id).done;
    expect(h.notifications).toEqual([]);
    const counts = h.counts.at(-1)?.value;
    expect(counts?.mine).toBeGreaterThan(0);
    expect(counts?.new).toBeGreaterThan(0);
    expect(counts?.badge).toBe((counts?.unread ?? 0) + (counts?.new ?? 0));
    expect(h.connectivity.at(-1)?.value.state).toBe('online');
  });
});

describe('assignments and replies', () => {
  it('an assignment by another staff member: exactly one notification within one interval', async () => {
    // 2 s of real time per interval, so a busy test machine does not look like a late poll.
    h = await createHarness({ factor: 10 });
    mia = await h.addHelpdesk(sim, MIA, 'Demo Support');
    h.engine.start();
    await h.engine.pollNow(mia.id).done;
    const ticket = newCustomerTicket(sim, BILLING, 'Card charged twice');
    await sleepClock(h.clock, 3_000);
    const wanted = h.nextNotification((n) => n.ticketNumber === ticket);
    const assignedAt = h.clock.now();
    sim.act.assign(ticket, { by: LEO, to: mia.staffId });
    const got = await wanted;
    // The next poll after the act, plus the time that poll itself takes on the clock.
    expect(got.at - assignedAt).toBeLessThanOrEqual(INTERVAL_MS + 3_000);
    expect(got.value).toMatchObject({
      kind: 'assigned',
      helpdeskId: mia.id,
      ticketNumber: ticket,
      title: `Demo Support · #${ticket} Card charged twice`,
      body: 'Assigned to you by Leo Lead: Card charged twice: please help & hurry',
      queue: 'mine',
    });
    await sleepClock(h.clock, 2 * INTERVAL_MS);
    expect(forTicket(ticket)).toHaveLength(1);
    expect(h.notifications).toHaveLength(1);
  });

  it('a customer reply: one; my own reply through the client: none; a colleague’s internal note: one, marked as such', async () => {
    await setUp();
    h.engine.start();
    await h.engine.pollNow(mia.id).done;
    const ticket = newCustomerTicket(sim, BILLING, 'Refund missing');
    sim.act.assign(ticket, { by: LEO, to: mia.staffId });
    await h.engine.pollNow(mia.id).done;
    expect(forTicket(ticket).map((e) => e.value.kind)).toEqual(['assigned']);

    sim.act.comment(ticket, { by: { userId: customer }, content: '<p>Any news? It&#39;s been <em>days</em>.</p>' });
    await h.engine.pollNow(mia.id).done;
    expect(forTicket(ticket).map((e) => e.value.body)).toEqual([expect.any(String), `${sim.credentials.users[0]!.name} replied: Any news? It's been days.`]);

    await mia.client.comment({ ticketNumber: ticket, content: '<p>Looking into it now.</p>' });
    await h.engine.pollNow(mia.id).done;
    expect(forTicket(ticket)).toHaveLength(2);

    sim.act.comment(ticket, { by: LEO, content: '<p>Customer is on the <b>VIP</b> plan</p>', private: true });
    await h.engine.pollNow(mia.id).done;
    const last = forTicket(ticket).at(-1)?.value;
    expect(forTicket(ticket)).toHaveLength(3);
    expect(last).toMatchObject({ kind: 'reply', body: 'Internal note by Leo Lead: Customer is on the VIP plan' });
  });

  it('closed, re-opened, moved and reassigned by others; my own close is silent', async () => {
    await setUp();
    h.engine.start();
    await h.engine.pollNow(mia.id).done;
    const ticket = newCustomerTicket(sim, BILLING, 'Wrong VAT');
    sim.act.assign(ticket, { by: LEO, to: mia.staffId });
    await h.engine.pollNow(mia.id).done;

    sim.act.close(ticket, { by: { userId: customer } });
    await h.engine.pollNow(mia.id).done;
    sim.act.reopen(ticket, { by: LEO });
    await h.engine.pollNow(mia.id).done;
    sim.act.changeDepartment(ticket, { by: LEO, departmentId: HELP });
    await h.engine.pollNow(mia.id).done;
    await mia.client.closeTicket(ticket);
    await h.engine.pollNow(mia.id).done;
    await mia.client.reopenTicket(ticket);
    await h.engine.pollNow(mia.id).done;
    // Reassigning takes the ticket out of Mia's list: its events vanish from her feed.
    sim.act.unassign(ticket, { by: LEO });
    sim.act.assign(ticket, { by: LEO, to: OLIVIA });
    await h.engine.pollNow(mia.id).done;

    expect(forTicket(ticket).map((e) => e.value.body)).toEqual([
      expect.stringMatching(/^Assigned to you by Leo Lead/),
      `Closed by ${sim.credentials.users[0]!.name}.`,
      'Re-opened by Leo Lead.',
      'Moved to Help and Support by Leo Lead.',
      'Reassigned to Olivia Agent by Leo Lead.',
    ]);
  });
});

describe('bursts and silent changes', () => {
  it('a burst larger than a feed page is read back to the watermark, announced once as a group, and not again', async () => {
    await setUp();
    h.engine.start();
    await h.engine.pollNow(mia.id).done;
    const tickets = Array.from({ length: 6 }, (_, k) => newCustomerTicket(sim, BILLING, `Burst ${k}`));
    for (const t of tickets) {
      sim.act.assign(t, { by: LEO, to: mia.staffId });
      sim.act.comment(t, { by: { userId: customer }, content: `Reply on ${t}` });
    }
    const requestsBefore = mia.requests.length;
    await h.engine.pollNow(mia.id).done;
    const feedReads = mia.requests.slice(requestsBefore).filter((r) => r.path.endsWith('/staff/last-events')).length;
    // 12 new items: two pages, then page 1 again to make sure nothing shifted while paging.
    expect(feedReads).toBe(3);
    expect(h.notifications.map((e) => e.value)).toEqual([
      expect.objectContaining({ kind: 'group', title: 'Demo Support: 12 updates on your tickets', body: expect.stringMatching(/^6 assigned to you, 6 replies · #/) }),
    ]);
    await h.engine.pollNow(mia.id).done;
    await h.engine.pollNow(mia.id).done;
    expect(h.notifications).toHaveLength(1);
  });

  it('an older ticket of mine reassigned away leaves no trace in the feed; the background re-read finds it and says who did it', async () => {
    h = await createHarness({ factor: 20, engine: { limits: { reconcileEveryMs: 60_000 } } });
    mia = await h.addHelpdesk(sim, MIA, 'Demo Support');
    h.engine.start();
    await h.engine.pollNow(mia.id).done;
    // Mia's open ticket with the oldest activity: far below the feed's first page.
    const listed = await mia.client.getMyTickets({ page: 1, pageSize: 50 });
    const old = listed.tickets.find((t) => t.owner?.id === mia.staffId && t.department.id !== 5)!;
    expect(old).toBeDefined();
    sim.act.unassign(old.ticketNumber, { by: LEO });
    sim.act.assign(old.ticketNumber, { by: LEO, to: OLIVIA });
    await h.engine.pollNow(mia.id).done;
    expect(forTicket(old.ticketNumber)).toEqual([]);
    await until(() => forTicket(old.ticketNumber).length > 0, 15_000, 'the re-read to find the reassignment');
    expect(forTicket(old.ticketNumber).map((e) => e.value)).toEqual([
      expect.objectContaining({ kind: 'status', body: 'Reassigned to Olivia Agent by Leo Lead.', ticketNumber: old.ticketNumber }),
    ]);
    const counts = h.counts.at(-1)!.value;
    expect(counts.mine).toBe(listed.tickets.length - 1);
  });
});

describe('restart', () => {
  it('a new engine on the same data folder repeats nothing, and announces once what happened while it was off', async () => {
    await setUp();
    h.engine.start();
    await h.engine.pollNow(mia.id).done;
    const ticket = newCustomerTicket(sim, BILLING, 'Login loop');
    sim.act.assign(ticket, { by: LEO, to: mia.staffId });
    sim.act.comment(ticket, { by: { userId: customer }, content: 'hello?' });
    await h.engine.pollNow(mia.id).done;
    expect(forTicket(ticket)).toHaveLength(2);

    // Quit: the engine stops and the store closes; nothing is kept in memory.
    const dir = h.dir;
    await h.close({ keepDir: true });

    sim.act.comment(ticket, { by: { userId: customer }, content: 'while you were away' });
    const next = await createHarness({ factor: 20, dir });
    try {
      await next.addHelpdesk(sim, MIA, 'Demo Support', { id: mia.id });
      next.engine.start();
      await next.engine.pollNow(mia.id).done;
      await next.engine.pollNow(mia.id).done;
      expect(next.notifications.map((e) => e.value.body)).toEqual([`${sim.credentials.users[0]!.name} replied: while you were away`]);

      await next.restartEngine();
      next.engine.start();
      await next.engine.pollNow(mia.id).done;
      expect(next.notifications).toHaveLength(1);
    } finally {
      await next.close();
    }
  });
});
