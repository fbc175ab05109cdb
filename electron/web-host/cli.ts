import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createAppCore } from '../core/app-core';
import { openVault } from '../core/instances/vault';
import { startWebHost } from './server';

/**
 * `npm run web -- [--port N] [--data DIR]`: runs the whole app in a browser tab, for development
 * and tests, where the Electron runtime is not installed.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      data: { type: 'string' },
      renderer: { type: 'string', default: resolve(import.meta.dirname, '../../out/renderer') },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${values.port}"`);
  const dataDir = resolve(values.data ?? join(homedir(), '.local', 'share', 'staffdesk-web'));
  mkdirSync(dataDir, { recursive: true });
  const vault = await openVault();
  const core = await createAppCore({ dataDir, vault, appVersion: '0.1.0', log: (line) => console.error(line) });
  const host = await startWebHost({ core: core.handlers, rendererDir: values.renderer, port });
  console.log(`Staffdesk is running in the browser host: ${host.url}`);
  console.log(`data folder: ${dataDir}`);
  if (vault.unavailableReason) console.log(`note: ${vault.unavailableReason}`);
  void core.start();
  const stop = async () => {
    await host.close();
    await core.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`web host: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
