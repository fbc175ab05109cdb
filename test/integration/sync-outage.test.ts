import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSim, type RunningSim, type SimRestartState } from '../../sim';
import { SessionStore } from '../../sim/session';
import { createHarness, newCustomerTicket, until, type AgentHelpdesk, type Harness } from './sync-harness';

/**
 * A helpdesk that goes away: the simulator is closed for several intervals and started again
 * on the same port and database file (its sessions kept, as PHP keeps them in files), then
 * people act on it. Recorded seed: Sam (id 2) is the agent, the admin (id 1) hands out work.
 */
const SAM = 'sam.agent@example.test';
const ADMIN = 1;
const ALICE = 1;
const BILLING = 2;

let h: Harness | undefined;
let sim: RunningSim | undefined;
let dir: string | undefined;

afterEach(async () => {
  await h?.close();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  h = sim = dir = undefined;
});

async function setUp(options: { remember?: boolean } = {}): Promise<{ sam: AgentHelpdesk; harness: Harness; running: RunningSim }> {
  dir = mkdtempSync(join(tmpdir(), 'staffdesk-outage-'));
  sim = await startSim({ seed: 'recorded', dbFile: join(dir, 'sim.sqlite') });
  // Backoff starts at 5 s and doubles; the clock runs 50 times faster than real time.
  h = await createHarness({ factor: 50, engine: { random: () => 0.5 } });
  const sam = await h.addHelpdesk(sim, SAM, 'Recorded', { timeoutMs: 2_000, remember: options.remember });
  h.engine.start();
  await h.engine.pollNow(sam.id).done;
  return { sam, harness: h, running: sim };
}

async function goDown(running: RunningSim): Promise<{ port: number; state: SimRestartState }> {
  const state = running.restartState();
  if (!state) throw new Error('the simulator must keep its database file to restart');
  const port = running.port;
  await running.close();
  return { port, state };
}

describe('outage', () => {
  it('backs off with growing delays, says when it retries, then one catch-up poll announces what happened meanwhile, grouped', async () => {
    const { sam, harness, running } = await setUp();
    const mine = newCustomerTicket(running, BILLING, 'Before the outage');
    running.act.assign(mine, { by: ADMIN, to: sam.staffId });
    await harness.engine.pollNow(sam.id).done;
    harness.notifications.length = 0;

    const { port, state } = await goDown(running);
    await until(() => harness.connectivity.filter((c) => c.value.state === 'offline').length >= 4, 15_000, 'four failed polls');
    const offline = harness.connectivity.filter((c) => c.value.state === 'offline').map((c) => c.value);
    const delays = offline.map((c) => c.retryInMs ?? 0);
    expect(delays.slice(0, 4)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(offline[0]?.message).toMatch(/refused the connection.*Staffdesk will try again in 5 s\.$/);
    expect(offline[3]?.failures).toBe(4);
    expect(harness.notifications).toEqual([]);

    // Back on the same address and data; people act before the next retry reaches it.
    sim = await startSim({ seed: 'recorded', port, resume: state });
    sim.act.comment(mine, { by: { userId: ALICE }, content: 'Hello? Anyone?' });
    sim.act.comment(mine, { by: ADMIN, content: 'Escalating', private: true });
    const second = newCustomerTicket(sim, BILLING, 'During the outage');
    sim.act.assign(second, { by: ADMIN, to: sam.staffId });
    const third = newCustomerTicket(sim, BILLING, 'Also during');
    sim.act.assign(third, { by: ADMIN, to: sam.staffId });
    sim.act.close(mine, { by: { userId: ALICE } });

    await until(() => harness.notifications.length > 0, 20_000, 'the catch-up notification');
    await harness.engine.pollNow(sam.id).done;
    expect(harness.notifications.map((e) => e.value)).toEqual([
      expect.objectContaining({
        kind: 'group',
        helpdeskId: sam.id,
        ticketNumber: null,
        queue: 'mine',
        title: 'Recorded: 5 updates on your tickets',
        body: expect.stringMatching(/^1 reply, 1 internal note, 1 closed, 2 assigned to you · #\d+ Before the outage, #\d+ During the outage, #\d+ Also during$/),
      }),
    ]);
    expect(harness.connectivity.at(-1)?.value).toMatchObject({ state: 'online', message: null, failures: 0 });
  });

  it('a restart that loses the sessions: the client signs in again with its remember token and the sync carries on', async () => {
    const { sam, harness, running } = await setUp();
    const { port, state } = await goDown(running);
    await until(() => harness.connectivity.some((c) => c.value.state === 'offline'), 10_000, 'a failed poll');
    sim = await startSim({ seed: 'recorded', port, resume: { ...state, sessions: new SessionStore(() => new Date()) } });
    const ticket = newCustomerTicket(sim, BILLING, 'After a cold restart');
    sim.act.assign(ticket, { by: ADMIN, to: sam.staffId });
    const got = await harness.nextNotification((n) => n.ticketNumber === ticket, 20_000);
    expect(got.value.kind).toBe('assigned');
  });

  it('a session that cannot be renewed: signed out, and polling stops', async () => {
    const { sam, harness, running } = await setUp({ remember: false });
    const { port, state } = await goDown(running);
    sim = await startSim({ seed: 'recorded', port, resume: { ...state, sessions: new SessionStore(() => new Date()) } });
    await until(() => harness.connectivity.some((c) => c.value.state === 'signed-out'), 20_000, 'signed-out');
    expect(harness.connectivity.at(-1)?.value.message).toMatch(/Sign in again/);
    expect(harness.engine.active()).toEqual([]);
    const requests = sam.requests.length;
    await new Promise((r) => setTimeout(r, 1_000));
    expect(sam.requests.length).toBe(requests);
  });
});
