import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { EVENT_NAMES, METHOD_NAMES, type ContractHandlers } from '../contract';
import { isTrustedSender } from './security';

/** Registers one handler per contract method; each checks the sender frame first. */
export function registerContract(ipcMain: Pick<IpcMain, 'handle'>, core: ContractHandlers, isAppUrl: (url: string) => boolean): void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(method, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isTrustedSender(event, isAppUrl)) {
        return { ok: false, error: { kind: 'invalid-input', message: 'Refused: the request did not come from the Staffdesk window.' } };
      }
      return core.invoke(method, args);
    });
  }
}

/** Forwards the contract's events to the window. */
export function forwardEvents(core: ContractHandlers, target: () => WebContents | null): () => void {
  return core.subscribe((event, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed() && EVENT_NAMES.includes(event)) contents.send(event, payload);
  });
}
