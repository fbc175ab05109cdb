/**
 * A benchmark part in a process of its own, driven over the fork IPC channel: what it measures must
 * not share an event loop with the benchmark's browser driver (in the app, the core is Electron's
 * main process and the helpdesk a remote server).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

type ToChild = { id: number; op: string; args: unknown };
type FromChild = { t: 'ready'; value: unknown } | { t: 'answer'; id: number; value?: unknown; error?: string };

export interface ChildRpc<Ready> {
  ready: Ready;
  ask<T>(op: string, args?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** Parent side: forks `file` under tsx and waits for its ready message. */
export async function forkRpc<Ready>(file: URL, argv: string[] = []): Promise<ChildRpc<Ready>> {
  const child: ChildProcess = fork(fileURLToPath(file), argv, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.on('message', (m: FromChild) => {
      if (m.t === 'ready') resolve(m.value as Ready);
      else {
        const w = waiting.get(m.id);
        waiting.delete(m.id);
        if (m.error !== undefined) w?.reject(new Error(m.error));
        else w?.resolve(m.value);
      }
    });
    child.once('exit', (code) => {
      const gone = new Error(`${file.pathname.split('/').pop()} exited (${code})`);
      reject(gone);
      for (const w of waiting.values()) w.reject(gone);
      waiting.clear();
    });
  });
  const ask = <T>(op: string, args?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, args } satisfies ToChild);
    });
  return {
    ready,
    ask,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ id: 0, op: 'close', args: null } satisfies ToChild);
      await exited;
    },
  };
}

/** Child side: announces `ready`, answers each op with its handler, and exits on close or when the parent is gone. */
export function serveRpc(ready: unknown, handlers: Record<string, (args: never) => unknown>, close: () => Promise<void>): void {
  process.send?.({ t: 'ready', value: ready } satisfies FromChild);
  process.on('message', (m: ToChild) => {
    if (m.op === 'close') {
      void close().finally(() => process.exit(0));
      return;
    }
    const handler = handlers[m.op];
    Promise.resolve()
      .then(() => (handler ? handler(m.args as never) : Promise.reject(new Error(`unknown op ${m.op}`))))
      .then(
        (value) => process.send?.({ t: 'answer', id: m.id, value } satisfies FromChild),
        (e: unknown) => process.send?.({ t: 'answer', id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies FromChild),
      );
  });
  process.on('disconnect', () => process.exit(0));
}
