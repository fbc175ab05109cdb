import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { startSim, type RunningSim } from '../../sim';
import { account } from '../support/sim';

/** The live conformance suite must itself work: run it against the simulator, as if it were a real helpdesk. */
let sim: RunningSim;
beforeAll(async () => {
  sim = await startSim({ seed: 'recorded' });
});
afterAll(() => sim.close());

function runLive(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OPENSUPPORTS_')));
  return spawnSync('npx', ['tsx', 'test/live/run.ts'], { env: { ...clean, ...env }, encoding: 'utf8', timeout: 120_000 });
}

describe('npm run test:live', () => {
  it('without the variables, says it ran nothing and exits 0', () => {
    const result = runLive({});
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/not run/);
    expect(result.stdout).toMatch(/not a pass/);
  });

  it('passes against the simulator reached by its bare site address', () => {
    const admin = account(sim, 'admin@example.test');
    const result = runLive({ OPENSUPPORTS_URL: sim.origin, OPENSUPPORTS_EMAIL: admin.email, OPENSUPPORTS_PASSWORD: admin.password });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output, output).toMatch(/Tests\s+7 passed/);
    expect(result.status).toBe(0);
  }, 120_000);
});
