import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../electron/core/opensupports';
import { startSim, type RunningSim } from '../../sim';
import { signedIn } from '../support/sim';

/** The simulator's restart (used by the outage tests): same address, same data, same sessions. */
let sims: RunningSim[] = [];
let dir: string | undefined;

afterEach(async () => {
  for (const s of sims) await s.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  sims = [];
  dir = undefined;
});

describe('simulator restart', () => {
  it('has no restart state when its database is temporary', async () => {
    const sim = await startSim({ seed: 'empty' });
    sims.push(sim);
    expect(sim.restartState()).toBeNull();
  });

  it('comes back on the same port with its data and sessions; nothing is re-seeded', async () => {
    dir = mkdtempSync(join(tmpdir(), 'staffdesk-simrestart-'));
    const first = await startSim({ seed: 'recorded', dbFile: join(dir, 'sim.sqlite') });
    sims.push(first);
    const { client } = await signedIn(first, 'sam.agent@example.test');
    const ticket = Number(first.act.createTicket({ userId: 1, title: 'Survives a restart', content: 'kept', departmentId: 2 }));
    const state = first.restartState()!;
    await first.close();
    await expect(client.getTicket(ticket)).rejects.toBeInstanceOf(NetworkError);

    const second = await startSim({ seed: 'recorded', port: first.port, resume: state });
    sims.push(second);
    expect(second.apiRoot).toBe(first.apiRoot);
    expect(second.credentials).toEqual(first.credentials);
    // The same session still works: no sign-in happened in between.
    expect((await client.getTicket(ticket)).title).toBe('Survives a restart');
    expect(second.requestCount()).toBe(1);
    const all = await client.searchTickets({ query: 'Survives' });
    expect(all.tickets.map((t) => t.ticketNumber)).toEqual([ticket]);
  });
});
