/**
 * The helpdesk of the UI benchmark, in a process of its own: a demo simulator behind a
 * pass-through proxy that notes every request and when it came.
 */
import { startSim } from '../../sim';
import { startFaultProxy } from '../support/fault-proxy';
import { serveRpc } from './child-rpc';
import type { HelpdeskReady, SeenRequest } from './remote-helpdesk';

async function main(): Promise<void> {
  const tickets = Number(process.argv[2] ?? '10000');
  const started = performance.now();
  const sim = await startSim({ seed: 'demo', tickets });
  const proxy = await startFaultProxy(sim.origin);
  const ready: HelpdeskReady = { apiRoot: `${proxy.url}/api`, staff: sim.credentials.staff, startMs: performance.now() - started };
  serveRpc(
    ready,
    {
      requests: ({ from }: { from: number }) => ({
        requests: proxy.forwarded.slice(from).map((path, i): SeenRequest => ({ path, at: proxy.forwardedAt[from + i] ?? 0 })),
        total: proxy.forwarded.length,
      }),
    },
    async () => {
      await proxy.close();
      await sim.close();
    },
  );
}

void main();
