import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { app, createdWindows, ipcMain, protocol, session } from '../../stubs/electron';
import { METHOD_NAMES } from '../../../electron/contract';

/** The main process entry under the electron stub: what it asks Electron for at start. */
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'staffdesk-main-'));
  process.env['STAFFDESK_TEST_USERDATA'] = dataDir;
  // With or without a keychain (CI has one, a plain run may not), the app must start.
  await import('../../../electron/main/index');
  await new Promise((resolve) => setTimeout(resolve, 500));
});
afterAll(() => {
  app.emit('before-quit');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the main process', () => {
  it('takes the single-instance lock and focuses the window on a second launch', () => {
    expect(app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(app.on).toHaveBeenCalledWith('second-instance', expect.any(Function));
  });

  it('denies every permission request and check', () => {
    const requestHandler = session.defaultSession.setPermissionRequestHandler.mock.calls[0]![0] as (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
    const answers: boolean[] = [];
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) requestHandler(null, permission, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false, false]);
    const checkHandler = session.defaultSession.setPermissionCheckHandler.mock.calls[0]![0] as () => boolean;
    expect(checkHandler()).toBe(false);
  });

  it('opens one window with the secure preferences and the bundled renderer', () => {
    expect(createdWindows).toHaveLength(1);
    const prefs = createdWindows[0]!.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(prefs['preload'])).toMatch(/preload[/\\]index\.cjs$/);
    expect(createdWindows[0]!.loaded).toBe('app://staffdesk/index.html');
  });

  it('serves the renderer on its own standard, secure app: scheme with V8 code caching', () => {
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { standard: true, secure: true, codeCache: true } }]);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('registers every contract method on ipcMain, and nothing else', () => {
    expect(ipcMain.handle.mock.calls.map((c) => c[0]).sort()).toEqual([...METHOD_NAMES].sort());
  });

  it('locks down every web contents it creates', () => {
    expect(app.on).toHaveBeenCalledWith('web-contents-created', expect.any(Function));
  });
});
