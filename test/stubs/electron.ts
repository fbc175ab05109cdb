// Stand-in for the electron module under vitest: the real one throws outside Electron.
import { vi } from 'vitest';

export const app = { getName: vi.fn(() => 'Staffdesk'), getVersion: vi.fn(() => '0.0.0'), whenReady: vi.fn(() => Promise.resolve()), on: vi.fn(), quit: vi.fn() };
export const ipcMain = { handle: vi.fn() };
export const ipcRenderer = { invoke: vi.fn() };
export const contextBridge = { exposeInMainWorld: vi.fn() };
export const shell = { openExternal: vi.fn() };
export const session = { defaultSession: { setPermissionRequestHandler: vi.fn() } };
export const BrowserWindow = vi.fn();
export default { app, ipcMain, ipcRenderer, contextBridge, shell, session, BrowserWindow };
