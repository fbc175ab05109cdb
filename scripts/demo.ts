import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startSim } from '../sim';
import { createAppCore } from '../electron/core/app-core';
import { openVault } from '../electron/core/instances/vault';
import { startWebHost } from '../electron/web-host/server';

/**
 * `npm run demo`: a working console in one command. Starts the simulator with the demo helpdesk,
 * signs Staffdesk in to it, and opens the app: the Electron window when the runtime is installed,
 * otherwise the browser host, whose URL is printed.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, 'sim-port': { type: 'string', default: '0' }, data: { type: 'string' } } });
  const sim = await startSim({ seed: 'demo', port: Number(values['sim-port']) });
  const admin = sim.credentials.staff.find((s) => s.level === 3) ?? sim.credentials.staff[0];
  if (!admin) throw new Error('the demo seed has no staff account');
  console.log(`simulator: ${sim.apiRoot}`);
  for (const s of sim.credentials.staff) console.log(`  staff level ${s.level ?? '?'}: ${s.email} / ${s.password}`);

  const dataDir = resolve(values.data ?? join(homedir(), '.local', 'share', 'staffdesk-demo'));
  mkdirSync(dataDir, { recursive: true });
  const vault = await openVault();
  const core = await createAppCore({ dataDir, vault, appVersion: '0.1.0-demo', log: (line) => console.error(line) });
  // The simulator is new on every run, so the demo helpdesk is added afresh each time.
  for (const existing of core.registry.list()) if (existing.label === 'Demo helpdesk') await core.registry.remove(existing.id);
  await core.registry.add({ url: sim.apiRoot, label: 'Demo helpdesk', email: admin.email, password: admin.password, remember: true });

  const electronBinary = resolve(import.meta.dirname, '../node_modules/electron/dist/electron');
  if (existsSync(electronBinary)) {
    await core.stop();
    const child = spawn(electronBinary, ['.'], { stdio: 'inherit', env: { ...process.env, STAFFDESK_DATA_DIR: dataDir } });
    child.on('exit', () => void sim.close().then(() => process.exit(0)));
    return;
  }
  const host = await startWebHost({ core: core.handlers, rendererDir: resolve(import.meta.dirname, '../out/renderer'), port: Number(values.port) });
  void core.start();
  console.log('The Electron runtime is not installed here, so Staffdesk runs in the browser host.');
  console.log(`Open: ${host.url}`);
  const stop = async () => {
    await host.close();
    await core.stop();
    await sim.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
