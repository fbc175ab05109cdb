import type { SimAccount } from '../../sim';
import { forkRpc } from './child-rpc';

/** One request that reached the helpdesk: its path and when (epoch ms). */
export interface SeenRequest {
  path: string;
  at: number;
}

export interface RemoteHelpdesk {
  apiRoot: string;
  staff: SimAccount[];
  startMs: number;
  /** Requests the helpdesk has seen since the `from`-th. */
  requests(from?: number): Promise<SeenRequest[]>;
  count(): Promise<number>;
  close(): Promise<void>;
}

export interface HelpdeskReady {
  apiRoot: string;
  staff: SimAccount[];
  startMs: number;
}

/** A demo helpdesk in a child process (remote-helpdesk-child.ts), as a real one is on another machine. */
export async function startRemoteHelpdesk(tickets: number): Promise<RemoteHelpdesk> {
  const child = await forkRpc<HelpdeskReady>(new URL('./remote-helpdesk-child.ts', import.meta.url), [String(tickets)]);
  const requests = (from = 0) => child.ask<{ requests: SeenRequest[]; total: number }>('requests', { from });
  return {
    ...child.ready,
    requests: async (from) => (await requests(from)).requests,
    count: async () => (await requests(Number.MAX_SAFE_INTEGER)).total,
    close: () => child.close(),
  };
}
