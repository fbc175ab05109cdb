import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSim, type RunningSim } from '../../sim';
import type { HelpdeskView } from '../../electron/contract';
import { connectBridge, type BridgeClient } from '../support/bridge-client';
import { account } from '../support/sim';

/**
 * No token, remember token, session cookie or password may reach the disk, the logs, or the renderer.
 * Three real runs of the browser host (a child process each) on one data folder: sign in to two
 * helpdesks; restart and restore both; sign out of one; then a run killed with SIGKILL. Afterwards every
 * byte of the data folder, the hosts' output and every message sent to the "renderer" is searched for
 * every secret the two simulators issued and every password typed.
 */
let simA: RunningSim;
let simB: RunningSim;
let dataDir: string;
const logs: string[] = [];
const bridgeTraffic: string[] = [];

beforeAll(async () => {
  [simA, simB] = await Promise.all([startSim({ seed: 'recorded' }), startSim({ seed: 'recorded' })]);
  dataDir = mkdtempSync(join(tmpdir(), 'staffdesk-secrets-'));
});
afterAll(async () => {
  await Promise.all([simA.close(), simB.close()]);
  rmSync(dataDir, { recursive: true, force: true });
});

interface HostRun {
  child: ChildProcess;
  bridge: BridgeClient;
}

async function startHostProcess(): Promise<HostRun> {
  // node itself, not npx: a signal must reach the host process, not a wrapper around it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/web-host/cli.ts', '--data', dataDir], { env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?key=\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('close', () => logs.push(output));
  const bridge = await connectBridge(url);
  return { child, bridge };
}

async function stop(run: HostRun, signal: NodeJS.Signals): Promise<void> {
  bridgeTraffic.push(...run.bridge.received);
  run.bridge.close();
  await new Promise<void>((resolve) => {
    run.child.on('close', () => resolve());
    run.child.kill(signal);
  });
}

async function waitForStates(bridge: BridgeClient, wanted: string[]): Promise<HelpdeskView[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const result = await bridge.call('helpdesks:list');
    if (result.ok && result.value.map((h) => h.state).join() === wanted.join()) return result.value;
    if (Date.now() > deadline) throw new Error(`states never became ${wanted.join()}: ${JSON.stringify(result)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('secrets never leave the keychain', () => {
  it('survives sign-in, restore, sign-out and SIGKILL without writing or sending a secret', async () => {
    const passwordA = account(simA, 'admin@example.test').password;
    const passwordB = account(simB, 'terry.lead@example.test').password;

    const first = await startHostProcess();
    const a = await first.bridge.call('helpdesks:add', { url: simA.apiRoot, email: 'admin@example.test', password: passwordA });
    const b = await first.bridge.call('helpdesks:add', { url: simB.apiRoot, email: 'terry.lead@example.test', password: passwordB });
    expect(a.ok && b.ok).toBe(true);
    await stop(first, 'SIGTERM');

    const second = await startHostProcess();
    const restored = await waitForStates(second.bridge, ['online', 'online']);
    expect(restored.map((h) => h.credentialPersistence)).toEqual(['keychain', 'keychain']);
    await second.bridge.call('helpdesks:signOut', { id: restored[0]!.id });
    await stop(second, 'SIGTERM');

    const third = await startHostProcess();
    await waitForStates(third.bridge, ['signed-out', 'online']);
    await stop(third, 'SIGKILL');

    const secrets = [...simA.issuedSecrets(), ...simB.issuedSecrets(), passwordA, passwordB];
    expect(simA.issuedSecrets().length).toBeGreaterThan(4);
    const haystacks: [string, Buffer][] = [
      ...filesUnder(dataDir).map((file): [string, Buffer] => [file, readFileSync(file)]),
      ...logs.map((log, i): [string, Buffer] => [`host log ${i + 1}`, Buffer.from(log)]),
      ...bridgeTraffic.map((message, i): [string, Buffer] => [`bridge message ${i + 1}`, Buffer.from(message)]),
    ];
    expect(filesUnder(dataDir).some((f) => f.endsWith('staffdesk.sqlite'))).toBe(true);
    const hits: string[] = [];
    for (const [where, bytes] of haystacks) {
      for (const secret of secrets) if (bytes.includes(secret)) hits.push(`${where} contains a secret (${secret.slice(0, 4)}…)`);
    }
    expect(hits).toEqual([]);
  }, 120_000);
});
