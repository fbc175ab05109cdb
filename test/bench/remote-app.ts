import type { BridgeResult, MethodArgs, MethodName, MethodResults } from '../../electron/contract';
import { forkRpc } from './child-rpc';

export interface AppReady {
  url: string;
}

/** The app core and its browser host in a child process (remote-app-child.ts), as Electron's main process is. */
export interface RemoteApp {
  /** The page's URL (with this run's secret); a restart changes it. */
  readonly url: string;
  addHelpdesk(input: { url: string; label: string; email: string; password: string }): Promise<string>;
  call<M extends MethodName>(method: M, ...args: MethodArgs<M>): Promise<MethodResults[M]>;
  /** Stops the core and starts it again on the same data folder. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startRemoteApp(dataDir: string): Promise<RemoteApp> {
  const child = await forkRpc<AppReady>(new URL('./remote-app-child.ts', import.meta.url), [dataDir]);
  let url = child.ready.url;
  return {
    get url() {
      return url;
    },
    addHelpdesk: (input) => child.ask<string>('add', input),
    call: async (method, ...args) => {
      const result = await child.ask<BridgeResult<MethodResults[typeof method]>>('invoke', { method, args });
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value;
    },
    restart: async () => {
      url = (await child.ask<AppReady>('restart')).url;
    },
    close: () => child.close(),
  };
}
