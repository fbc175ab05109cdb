import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../../sim';
import { createHarness, newCustomerTicket, sleepClock, until, type Harness } from './sync-harness';

/**
 * Settings as the engine follows them: do-not-disturb, mute and the per-kind switches silence
 * notifications but never the counts; 'auto' for new tickets; a new interval applies at once.
 * The recorded seed: Sam (id 2, Help and Support + Billing) owns nothing at first and sees a
 * new-ticket queue of one page; the admin (id 1) hands out work; Alice is a customer.
 */
const SAM = 'sam.agent@example.test';
const ADMIN = 1;
const ALICE = 1;
const BILLING = 2;

let sim: RunningSim;
let h: Harness;

// A fresh helpdesk per test: what Sam owns decides the 'auto' behaviour.
beforeEach(async () => {
  sim = await startSim({ seed: 'recorded' });
});
afterEach(async () => {
  await h?.close();
  await sim.close();
});

async function samHarness() {
  h = await createHarness({ factor: 20, engine: { timeZone: 'UTC' } });
  const sam = await h.addHelpdesk(sim, SAM, 'Recorded');
  h.engine.start();
  await h.engine.pollNow(sam.id).done;
  const poll = async () => {
    await h.engine.pollNow(sam.id).done;
    return h.counts.at(-1)!.value;
  };
  return { sam, poll };
}

describe('silencing', () => {
  it('do-not-disturb suppresses notifications but the counts still move; afterwards only new events notify', async () => {
    const { sam, poll } = await samHarness();
    const start = h.counts.at(-1)!.value;
    h.settings.set({ doNotDisturb: { enabled: true, from: '00:00', to: '00:00', days: [0, 1, 2, 3, 4, 5, 6] } });
    const ticket = newCustomerTicket(sim, BILLING, 'Quiet hours');
    sim.act.assign(ticket, { by: ADMIN, to: sam.staffId });
    const during = await poll();
    expect(h.notifications).toEqual([]);
    expect(during).toMatchObject({ mine: start.mine + 1, unread: start.unread + 1 });

    h.settings.set({ doNotDisturb: { enabled: false } });
    sim.act.comment(ticket, { by: { userId: ALICE }, content: 'after hours' });
    await poll();
    expect(h.notifications.map((e) => e.value.body)).toEqual(['Alice User replied: after hours']);
  });

  it('a muted helpdesk stays silent while its counts update; unmuting applies to the next event', async () => {
    const { sam, poll } = await samHarness();
    const ticket = newCustomerTicket(sim, BILLING, 'Muted');
    sim.act.assign(ticket, { by: ADMIN, to: sam.staffId });
    await poll();
    expect(h.notifications).toHaveLength(1);
    // Reading it in the app: the tickets module hands the fresh copy over (observeTicket).
    await sam.client.markSeen(ticket);
    h.engine.observeTicket(sam.id, await sam.client.getTicket(ticket));
    const read = h.counts.at(-1)!.value;
    expect(read.unread).toBe(0);

    h.settings.set({ mutedHelpdesks: [sam.id] });
    sim.act.comment(ticket, { by: { userId: ALICE }, content: 'muted reply' });
    expect(await poll()).toMatchObject({ unread: read.unread + 1 });
    expect(h.notifications).toHaveLength(1);

    h.settings.set({ mutedHelpdesks: [] });
    sim.act.comment(ticket, { by: ADMIN, content: 'unmuted comment' });
    await poll();
    expect(h.notifications.map((e) => e.value.body).at(-1)).toBe('Admin Root commented: unmuted comment');
  });

  it('per-kind switches: replies off silences replies only; status changes off silences closes', async () => {
    const { sam, poll } = await samHarness();
    h.settings.set({ notifications: { replies: false, statusChanges: false } });
    const ticket = newCustomerTicket(sim, BILLING, 'Switches');
    sim.act.assign(ticket, { by: ADMIN, to: sam.staffId });
    sim.act.comment(ticket, { by: { userId: ALICE }, content: 'silent reply' });
    await poll();
    sim.act.close(ticket, { by: ADMIN });
    await poll();
    expect(h.notifications.map((e) => e.value.kind)).toEqual(['assigned']);

    h.settings.set({ notifications: { statusChanges: true, assigned: false } });
    sim.act.reopen(ticket, { by: ADMIN });
    const other = newCustomerTicket(sim, BILLING, 'Not announced');
    sim.act.assign(other, { by: ADMIN, to: sam.staffId });
    await poll();
    expect(h.notifications.map((e) => e.value.body)).toEqual([expect.stringMatching(/^Assigned/), 'Re-opened by Admin Root.']);
  });
});

describe('new unassigned tickets', () => {
  it("'auto' announces them while the agent owns nothing, not once they own a ticket; 'on' always; 'off' never", async () => {
    const { sam, poll } = await samHarness();
    const first = newCustomerTicket(sim, BILLING, 'Fresh one');
    await poll();
    expect(h.notifications.map((e) => [e.value.kind, e.value.ticketNumber, e.value.body])).toEqual([
      ['new-unassigned', first, 'New in Billing from Alice User: Fresh one: please help & hurry'],
    ]);

    sim.act.assign(first, { by: ADMIN, to: sam.staffId });
    await poll();
    newCustomerTicket(sim, BILLING, 'Not while busy');
    await poll();
    expect(h.notifications.map((e) => e.value.kind)).toEqual(['new-unassigned', 'assigned']);

    h.settings.set({ notifications: { newUnassigned: 'on' } });
    const third = newCustomerTicket(sim, BILLING, 'Always');
    await poll();
    expect(h.notifications.at(-1)?.value).toMatchObject({ kind: 'new-unassigned', ticketNumber: third, queue: 'new' });

    h.settings.set({ notifications: { newUnassigned: 'off' } });
    newCustomerTicket(sim, BILLING, 'Never');
    await poll();
    expect(h.notifications).toHaveLength(3);
  });

  it('a burst of new tickets becomes one group that opens the queue', async () => {
    const { poll } = await samHarness();
    h.settings.set({ notifications: { newUnassigned: 'on' } });
    for (let k = 0; k < 5; k++) newCustomerTicket(sim, BILLING, `Burst ${k}`);
    const counts = await poll();
    expect(h.notifications.map((e) => e.value)).toEqual([
      expect.objectContaining({ kind: 'group', ticketNumber: null, queue: 'new', title: 'Recorded: 5 new tickets in Billing', sound: true }),
    ]);
    expect(counts.new).toBeGreaterThanOrEqual(5);
  });
});

describe('interval', () => {
  it('a shorter interval applies to the wait already under way', async () => {
    const { sam } = await samHarness();
    await sleepClock(h.clock, 1_000);
    const setAt = h.clock.now();
    h.settings.set({ pollIntervalSeconds: 5 });
    const count = () => sam.requests.filter((r) => r.path.endsWith('/staff/last-events') && r.at > setAt).length;
    await until(() => count() >= 1, 5_000, 'a poll after the change');
    const first = sam.requests.find((r) => r.path.endsWith('/staff/last-events') && r.at > setAt)!;
    // Due 5 s after the previous poll started, not 20 s.
    expect(first.at - setAt).toBeLessThan(6_000);
  });
});
