import { contextBridge, ipcRenderer } from 'electron';
import { contract, type MethodName } from '../contract';

// Exposes exactly the contract's methods; never a generic ipcRenderer.
const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
for (const name of Object.keys(contract.methods) as MethodName[]) {
  api[name] = (...args: unknown[]) => ipcRenderer.invoke(name, ...args);
}
contextBridge.exposeInMainWorld('staffdesk', api);
