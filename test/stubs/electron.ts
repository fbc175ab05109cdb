// Stand-in for the electron module under vitest: the real one throws outside Electron.
// Only the glue imports electron; these fakes record what the glue asked for.
import { vi } from 'vitest';
import { EventEmitter } from 'node:events';

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: [string, unknown][] = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return false;
  }
}

export const createdWindows: BrowserWindow[] = [];

export class BrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  loaded: string | null = null;
  constructor(readonly options: Record<string, unknown>) {
    super();
    createdWindows.push(this);
  }
  loadFile(file: string): Promise<void> {
    this.loaded = file;
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.loaded = url;
    return Promise.resolve();
  }
  show(): void {}
  focus(): void {}
  restore(): void {}
  maximize(): void {}
  isMinimized(): boolean {
    return false;
  }
  isMaximized(): boolean {
    return false;
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: 1280, height: 820 };
  }
}

const appEvents = new EventEmitter();
export const app = {
  getName: vi.fn(() => 'Staffdesk'),
  getVersion: vi.fn(() => '0.0.0'),
  getPath: vi.fn(() => process.env['STAFFDESK_TEST_USERDATA'] ?? '/tmp/staffdesk-stub'),
  setPath: vi.fn(),
  whenReady: vi.fn(() => Promise.resolve()),
  requestSingleInstanceLock: vi.fn(() => true),
  setBadgeCount: vi.fn(),
  on: vi.fn((event: string, listener: (...args: unknown[]) => void) => appEvents.on(event, listener)),
  emit: (event: string, ...args: unknown[]) => appEvents.emit(event, ...args),
  quit: vi.fn(),
};
export const ipcMain = { handle: vi.fn() };
export const ipcRenderer = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() };
export const contextBridge = { exposeInMainWorld: vi.fn() };
export const shell = { openExternal: vi.fn(() => Promise.resolve()) };
export const session = { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } };
export const Menu = { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((t: unknown) => t) };
export const nativeImage = { createFromPath: vi.fn(() => ({})) };
export class Tray {
  setToolTip = vi.fn();
  on = vi.fn();
  setContextMenu = vi.fn();
}
export class Notification extends EventEmitter {
  static shown: Notification[] = [];
  constructor(readonly options: unknown) {
    super();
  }
  show(): void {
    Notification.shown.push(this);
  }
}
export const powerMonitor = new EventEmitter();
export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
export default { app, ipcMain, ipcRenderer, contextBridge, shell, session, protocol, BrowserWindow, Menu, nativeImage, Tray, Notification, powerMonitor };
