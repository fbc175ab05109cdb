/**
 * The helpdesk of the UI benchmark, in a process of its own (as a real helpdesk is on another
 * machine): a demo simulator behind a pass-through proxy that notes every request and when it
 * came. Driven over the fork IPC channel by remote-helpdesk.ts.
 */
import { startSim } from '../../sim';
import { startFaultProxy } from '../support/fault-proxy';

type Ask = { op: 'requests'; from: number } | { op: 'close' };

async function main(): Promise<void> {
  const tickets = Number(process.argv[2] ?? '10000');
  const started = performance.now();
  const sim = await startSim({ seed: 'demo', tickets });
  const proxy = await startFaultProxy(sim.origin);
  process.send?.({ t: 'ready', apiRoot: `${proxy.url}/api`, staff: sim.credentials.staff, startMs: performance.now() - started });
  process.on('message', (ask: Ask) => {
    if (ask.op === 'requests') {
      process.send?.({ t: 'requests', paths: proxy.forwarded.slice(ask.from), at: proxy.forwardedAt.slice(ask.from), total: proxy.forwarded.length });
    } else {
      void proxy
        .close()
        .then(() => sim.close())
        .finally(() => process.exit(0));
    }
  });
  // The parent is gone (e.g. it crashed): nothing is left running.
  process.on('disconnect', () => process.exit(0));
}

void main();
