/** The app core and its browser host for the UI benchmark, in a process of its own. */
import type { MethodName } from '../../electron/contract';
import { startTestHost } from '../support/host';
import { serveRpc } from './child-rpc';
import type { AppReady } from './remote-app';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('remote-app-child needs a data folder');
  const host = await startTestHost({ dataDir });
  const ready: AppReady = { url: host.host.url };
  serveRpc(
    ready,
    {
      add: async (input: { url: string; label: string; email: string; password: string }) => (await host.core.registry.add({ ...input, remember: true })).id,
      invoke: ({ method, args }: { method: MethodName; args: unknown[] }) => host.core.handlers.invoke(method, args),
      restart: async (): Promise<AppReady> => {
        await host.restart();
        return { url: host.host.url };
      },
    },
    () => host.close(),
  );
}

void main();
