import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppCore, type AppCore } from '../../electron/core/app-core';
import { openVault } from '../../electron/core/instances/vault';
import type { CredentialVault } from '../../electron/core/instances/vault';
import { startWebHost, type RunningWebHost } from '../../electron/web-host/server';

export const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

export interface TestHost {
  dataDir: string;
  core: AppCore;
  host: RunningWebHost;
  vault: CredentialVault;
  /** Stops core and host, then starts new ones on the same data folder and keychain (a new secret). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The browser host in-process, on a fresh data folder and the real keychain of this session. */
export async function startTestHost(options: { dataDir?: string } = {}): Promise<TestHost> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'staffdesk-data-'));
  const vault = await openVault();
  // A restart keeps the port, so the page's origin (its storage, its cached code) stays the same,
  // as the app's own origin does across restarts.
  const boot = async (port?: number) => {
    const core = await createAppCore({ dataDir, vault, appVersion: '0.0.0-test', timeoutMs: 5000 });
    const host = await startWebHost({ core: core.handlers, rendererDir: RENDERER_DIR, ...(port ? { port } : {}) });
    await core.start();
    return { core, host };
  };
  let current = await boot();
  const stop = async () => {
    await current.host.close();
    await current.core.stop();
  };
  const handle: TestHost = {
    dataDir,
    vault,
    get core() {
      return current.core;
    },
    get host() {
      return current.host;
    },
    restart: async () => {
      const { port } = current.host;
      await stop();
      current = await boot(port);
    },
    close: async () => {
      await stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}
