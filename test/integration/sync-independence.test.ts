import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../../sim';
import { createHarness, newCustomerTicket, sleepClock, until, type AgentHelpdesk, type Harness } from './sync-harness';

/**
 * Three helpdesks synced at once, each its own simulator. One of them goes away, by refusing
 * connections or, worse, by accepting them and never answering; the other two must keep
 * notifying within one interval as if nothing happened.
 */
const SAM = 'sam.agent@example.test';
const ADMIN = 1;
const BILLING = 2;
const INTERVAL_MS = 20_000;

let h: Harness | undefined;
let sims: RunningSim[] = [];
let hang: { server: Server; sockets: Set<Socket> } | undefined;

afterEach(async () => {
  await h?.close();
  await Promise.all(sims.map((s) => s.close()));
  if (hang) {
    for (const socket of hang.sockets) socket.destroy();
    await new Promise((r) => hang?.server.close(r));
  }
  h = hang = undefined;
  sims = [];
});

async function threeHelpdesks(): Promise<{ harness: Harness; desks: AgentHelpdesk[] }> {
  sims = await Promise.all([0, 1, 2].map(() => startSim({ seed: 'recorded' })));
  // 2 s of real time per 20 s interval: enough headroom that a busy test machine does not look like a delay.
  h = await createHarness({ factor: 10 });
  const desks: AgentHelpdesk[] = [];
  for (const [k, sim] of sims.entries()) desks.push(await h.addHelpdesk(sim, SAM, `Desk ${'ABC'[k]}`, { timeoutMs: 3_000 }));
  h.engine.start();
  await h.engine.pollNow().done;
  return { harness: h, desks };
}

/** Assigns a fresh ticket on each of the given helpdesks and returns each notification's delay on the engine's clock. */
async function assignOnEach(harness: Harness, pairs: [RunningSim, AgentHelpdesk][]): Promise<number[]> {
  return Promise.all(
    pairs.map(async ([sim, desk]) => {
      const ticket = newCustomerTicket(sim, BILLING, `For ${desk.label}`);
      const wanted = harness.nextNotification((n) => n.helpdeskId === desk.id && n.ticketNumber === ticket, 10_000);
      const at = harness.clock.now();
      sim.act.assign(ticket, { by: ADMIN, to: desk.staffId });
      return (await wanted).at - at;
    }),
  );
}

describe('three helpdesks', () => {
  it('each notifies for its own events, with its own label', async () => {
    const { harness, desks } = await threeHelpdesks();
    const delays = await assignOnEach(harness, sims.map((s, k) => [s, desks[k]!]));
    for (const d of delays) expect(d).toBeLessThanOrEqual(INTERVAL_MS + 3_000);
    expect(harness.notifications.map((e) => e.value.title.split(' · ')[0]).sort()).toEqual(['Desk A', 'Desk B', 'Desk C']);
  });

  it('one helpdesk down (connection refused) delays neither of the others', async () => {
    const { harness, desks } = await threeHelpdesks();
    await sims[0]!.close();
    sims = sims.slice(1);
    await until(() => harness.connectivity.some((c) => c.helpdeskId === desks[0]!.id && c.value.state === 'offline'), 10_000, 'desk A offline');
    for (let round = 0; round < 2; round++) {
      const delays = await assignOnEach(harness, [
        [sims[0]!, desks[1]!],
        [sims[1]!, desks[2]!],
      ]);
      for (const d of delays) expect(d).toBeLessThanOrEqual(INTERVAL_MS + 3_000);
    }
    expect(harness.connectivity.filter((c) => c.helpdeskId !== desks[0]!.id).every((c) => c.value.state === 'online')).toBe(true);
  });

  it('one helpdesk that accepts connections and never answers delays neither of the others', async () => {
    const { harness, desks } = await threeHelpdesks();
    const port = sims[0]!.port;
    await sims[0]!.close();
    sims = sims.slice(1);
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    hang = { server, sockets };
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    // Desk A's poll is now stuck for its 3 s (real) timeout: three of its intervals.
    await sleepClock(harness.clock, INTERVAL_MS);
    expect(sockets.size).toBeGreaterThan(0);
    const delays = await assignOnEach(harness, [
      [sims[0]!, desks[1]!],
      [sims[1]!, desks[2]!],
    ]);
    for (const d of delays) expect(d).toBeLessThanOrEqual(INTERVAL_MS + 3_000);
    await until(() => harness.connectivity.some((c) => c.helpdeskId === desks[0]!.id && c.value.state === 'offline'), 10_000, 'desk A timed out');
    expect(harness.connectivity.find((c) => c.helpdeskId === desks[0]!.id && c.value.state === 'offline')?.value.message).toMatch(/did not answer in time/);
  });
});
