import { app, BrowserWindow, ipcMain, Menu, nativeImage, Notification, powerMonitor, protocol, session, shell, Tray } from 'electron';
import { join } from 'node:path';
import { createAppCore, type AppCore } from '../core/app-core';
import type { EventPayloads } from '../contract';
import { openVault } from '../core/instances/vault';
import { APP_INDEX, APP_PRIVILEGES, APP_SCHEME, appResponse, isAppUrl as isBundledUrl } from './app-protocol';
import { lockDownContents, secureWebPreferences } from './security';
import { forwardEvents, registerContract } from './ipc';
import { loadWindowState, saveWindowState } from './window-state';

// Electron glue only: lifecycle, the window and its security handlers, IPC wiring, tray and badge.
// Everything about helpdesks lives in the core, which never imports electron.

let mainWindow: BrowserWindow | null = null;
let tray: Tray | null = null;
let core: AppCore | null = null;

const rendererDir = join(__dirname, '../renderer');
const devUrl = process.env['ELECTRON_RENDERER_URL'];
const isAppUrl = (url: string): boolean => (devUrl ? url.startsWith(devUrl) : isBundledUrl(url));

// Only possible before the app is ready.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_PRIVILEGES }]);

// The demo (and tests) point the app at their own data folder.
if (process.env['STAFFDESK_DATA_DIR']) app.setPath('userData', process.env['STAFFDESK_DATA_DIR']);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => focusWindow());
  void app.whenReady().then(start);
}

function focusWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

async function start(): Promise<void> {
  protocol.handle(APP_SCHEME, (request) => appResponse(rendererDir, request.url));
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, (url) => void shell.openExternal(url)));

  const dataDir = app.getPath('userData');
  core = await createAppCore({
    dataDir,
    vault: await openVault(),
    appVersion: app.getVersion(),
    notify: (n) => {
      const note = new Notification({ title: n.title, body: n.body, silent: !n.sound });
      note.on('click', () => {
        focusWindow();
        core?.navigate({ helpdeskId: n.helpdeskId, ticketNumber: n.ticketNumber, queue: n.queue });
      });
      note.show();
    },
  });
  powerMonitor.on('suspend', () => core?.sync.pause());
  powerMonitor.on('resume', () => core?.sync.resume());
  registerContract(ipcMain, core.handlers, isAppUrl);
  forwardEvents(core.handlers, () => mainWindow?.webContents ?? null);
  core.handlers.subscribe((event, payload) => {
    if (event !== 'helpdesks:changed') return;
    const total = (payload as EventPayloads['helpdesks:changed']).reduce((sum, h) => sum + h.unread, 0);
    app.setBadgeCount(total);
    tray?.setToolTip(total ? `Staffdesk — ${total} unread` : 'Staffdesk');
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'fileMenu' }, { role: 'editMenu' }, { role: 'viewMenu' }, { role: 'windowMenu' }]));
  createWindow(dataDir);
  createTray();
  void core.start();
}

function createWindow(dataDir: string): void {
  const state = loadWindowState(dataDir);
  mainWindow = new BrowserWindow({
    ...(state.x >= 0 && state.y >= 0 ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Staffdesk',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.cjs')),
  });
  if (state.maximized) mainWindow.maximize();
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('close', () => {
    if (!mainWindow) return;
    saveWindowState(dataDir, { ...mainWindow.getNormalBounds(), maximized: mainWindow.isMaximized() });
  });
  mainWindow.on('closed', () => (mainWindow = null));
  // Coming back to the window is when the agent wants fresh news; helpdesks polled moments ago are skipped.
  mainWindow.on('focus', () => core?.sync.pollNow(undefined, { staleAfterMs: 10_000 }));
  if (devUrl) void mainWindow.loadURL(devUrl);
  else void mainWindow.loadURL(APP_INDEX);
}

function createTray(): void {
  try {
    tray = new Tray(nativeImage.createFromPath(join(__dirname, '../../build/icon.png')));
    tray.setToolTip('Staffdesk');
    tray.on('click', focusWindow);
    tray.setContextMenu(Menu.buildFromTemplate([{ label: 'Show Staffdesk', click: focusWindow }, { role: 'quit' }]));
  } catch {
    // Some desktops have no tray; the badge and window title still carry the unread count.
    tray = null;
  }
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('activate', () => {
  if (!mainWindow) createWindow(app.getPath('userData'));
});

app.on('before-quit', () => {
  void core?.stop();
});
