import { afterEach, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../../sim';
import { createHarness, newCustomerTicket, sleepClock, type AgentHelpdesk, type Harness } from './sync-harness';

/**
 * What polling costs the helpdesk. Every request of the agent's client is logged with the
 * engine's clock; a poll begins with its last-events read, so the log splits into polls there.
 */
const MIA = 'mia@staffdesk.test';
const LEO = 2;
const INTERVAL_MS = 20_000;

let h: Harness | undefined;
let sim: RunningSim | undefined;

afterEach(async () => {
  await h?.close();
  await sim?.close();
  h = sim = undefined;
});

function polls(desk: AgentHelpdesk, since: number): string[][] {
  const out: string[][] = [];
  for (const r of desk.requests.filter((q) => q.at >= since)) {
    const path = r.path.replace(/^.*\/api/, '');
    if (path === '/staff/last-events' && (out.length === 0 || out.at(-1)!.some((p) => p !== '/staff/last-events'))) out.push([]);
    if (out.length === 0) out.push([]);
    out.at(-1)!.push(path);
  }
  return out;
}

describe('request cost', () => {
  for (const tickets of [300, 3_000]) {
    it(`idle: at most two requests per interval on a ${tickets}-ticket helpdesk, with the background re-read spread over the polls`, async () => {
      sim = await startSim({ seed: 'demo', tickets });
      // A re-read of the agent's list every 2 minutes, so one falls inside the measured window.
      h = await createHarness({ factor: 40, engine: { limits: { reconcileEveryMs: 120_000, reconcilePageSize: 10 } } });
      const mia = await h.addHelpdesk(sim, MIA, 'Demo');
      h.engine.start();
      await h.engine.pollNow(mia.id).done;
      const since = h.clock.now();
      await sleepClock(h.clock, 12 * INTERVAL_MS);
      const measured = polls(mia, since);
      expect(measured.length).toBeGreaterThanOrEqual(11);
      expect(measured.length).toBeLessThanOrEqual(13);
      for (const poll of measured) expect(poll.length, poll.join(' ')).toBeLessThanOrEqual(2);
      expect(measured.flat().filter((p) => p === '/staff/get-tickets').length).toBeGreaterThan(0);
      expect(h.notifications).toEqual([]);
      expect(measured.flat().length / 12).toBeLessThanOrEqual(2);
    });
  }

  it('busy: the cost follows the number of changes (one ticket read per changed ticket), not the queue size', async () => {
    sim = await startSim({ seed: 'demo', tickets: 3_000 });
    h = await createHarness({ factor: 20 });
    const mia = await h.addHelpdesk(sim, MIA, 'Demo');
    h.engine.start();
    await h.engine.pollNow(mia.id).done;
    const tickets = [1, 2, 3].map((k) => newCustomerTicket(sim!, 2, `Busy ${k}`));
    // The new tickets change the queue's size too: let one poll take that in first.
    await h.engine.pollNow(mia.id).done;
    const since = h.clock.now();
    for (const t of tickets) sim.act.assign(t, { by: LEO, to: mia.staffId });
    await h.engine.pollNow(mia.id).done;
    const [poll] = polls(mia, since);
    expect(poll?.filter((p) => p === '/ticket/get')).toHaveLength(3);
    // Two reads as when idle, one per changed ticket, and one more because the new queue shrank
    // across a page boundary (its exact size is read from its last page only when that happens).
    expect(poll?.length).toBeLessThanOrEqual(2 + 3 + 1);
    expect(h.notifications.map((e) => e.value.kind)).toEqual(['assigned', 'assigned', 'assigned']);
  });
});
