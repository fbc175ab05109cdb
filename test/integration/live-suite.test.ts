import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { startSim, type RunningSim } from '../../sim';
import { account } from '../support/sim';

/** The live conformance suite must itself work: run it against the simulator, as if it were a real helpdesk. */
let sim: RunningSim;
beforeAll(async () => {
  sim = await startSim({ seed: 'recorded' });
});
afterAll(() => sim.close());

/** Asynchronous on purpose: the simulator answers from this very process, so it must not be blocked. */
function runLive(env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OPENSUPPORTS_')));
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', 'test/live/run.ts'], { env: { ...clean, NO_COLOR: '1', FORCE_COLOR: '0', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 110_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('npm run test:live', () => {
  it('without the variables, says it ran nothing and exits 0', async () => {
    const result = await runLive({});
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/not run/);
    expect(result.stdout).toMatch(/not a pass/);
  });

  it('passes against the simulator reached by its bare site address', async () => {
    const admin = account(sim, 'admin@example.test');
    const result = await runLive({ OPENSUPPORTS_URL: sim.origin, OPENSUPPORTS_EMAIL: admin.email, OPENSUPPORTS_PASSWORD: admin.password });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output, output).toMatch(/Tests\s+7 passed/);
    expect(result.status).toBe(0);
  }, 120_000);
});
