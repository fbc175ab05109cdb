import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SimAccount } from '../../sim';

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

type FromChild =
  | { t: 'ready'; apiRoot: string; staff: SimAccount[]; startMs: number }
  | { t: 'requests'; paths: string[]; at: number[]; total: number };

/**
 * A demo helpdesk in a child process, so its work does not share an event loop with the app core
 * the benchmark measures (in the app the helpdesk is a remote server, the core Electron's main).
 */
export async function startRemoteHelpdesk(tickets: number): Promise<RemoteHelpdesk> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./remote-helpdesk-child.ts', import.meta.url)), [String(tickets)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T extends FromChild['t']>(t: T) =>
    new Promise<Extract<FromChild, { t: T }>>((resolve, reject) => {
      const onMessage = (m: FromChild) => {
        if (m.t !== t) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as Extract<FromChild, { t: T }>);
      };
      const onExit = (code: number | null) => reject(new Error(`the benchmark helpdesk exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next('ready');
  const requests = async (from = 0) => {
    const answer = next('requests');
    child.send({ op: 'requests', from });
    const { paths, at } = await answer;
    return paths.map((path, i) => ({ path, at: at[i] ?? 0 }));
  };
  return {
    apiRoot: ready.apiRoot,
    staff: ready.staff,
    startMs: ready.startMs,
    requests,
    count: async () => {
      const answer = next('requests');
      child.send({ op: 'requests', from: Number.MAX_SAFE_INTEGER });
      return (await answer).total;
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ op: 'close' });
      await exited;
    },
  };
}
