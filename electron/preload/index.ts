import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_NAMES, METHOD_NAMES, type EventName } from '../contract';

// Exposes exactly the contract's methods and events on window.staffdesk; never ipcRenderer itself.
const api: Record<string, unknown> = {};
for (const method of METHOD_NAMES) {
  api[method] = (...args: unknown[]) => ipcRenderer.invoke(method, ...args);
}
api['on'] = (event: EventName, listener: (payload: unknown) => void) => {
  if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event ${String(event)}`);
  const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(event, wrapped);
  return () => ipcRenderer.removeListener(event, wrapped);
};
contextBridge.exposeInMainWorld('staffdesk', api);
