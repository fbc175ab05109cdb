import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSim, type RunningSim } from '../../sim';
import { createAppCore, type AppCore } from '../../electron/core/app-core';
import { MemoryVault } from '../../electron/core/instances/vault';

/**
 * An app that starts while a helpdesk is down comes back online by itself when the helpdesk
 * returns: the restored helpdesk is polled (with backoff) although it never signed in this run.
 */
const dirs: string[] = [];
const cores: AppCore[] = [];
let sim: RunningSim | null = null;

afterAll(async () => {
  for (const core of cores) await core.stop();
  await sim?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('reconnecting after a start while the helpdesk is down', () => {
  it('polls the restored helpdesk and turns online without anyone clicking', async () => {
    const simDir = mkdtempSync(join(tmpdir(), 'staffdesk-reconnect-sim-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'staffdesk-reconnect-'));
    dirs.push(simDir, dataDir);
    const dbFile = join(simDir, 'sim.sqlite');
    sim = await startSim({ seed: 'recorded', dbFile });
    const vault = new MemoryVault();
    const first = await createAppCore({ dataDir, vault, appVersion: 'test', timeoutMs: 2000 });
    const admin = sim.credentials.staff[0]!;
    const view = await first.registry.add({ url: sim.apiRoot, email: admin.email, password: admin.password, remember: true });
    await first.stop();

    const port = sim.port;
    const resume = sim.restartState();
    await sim.close();
    sim = null;

    const second = await createAppCore({ dataDir, vault, appVersion: 'test', timeoutMs: 2000 });
    cores.push(second);
    await second.start();
    expect(second.registry.get(view.id).state).toBe('offline');
    expect(second.sync.active()).toEqual([view.id]);

    sim = await startSim({ seed: 'recorded', port, dbFile, resume: resume ?? undefined });
    await expect.poll(() => second.registry.get(view.id).state, { timeout: 30_000, interval: 250 }).toBe('online');
  }, 45_000);
});
