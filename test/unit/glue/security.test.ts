import { describe, expect, it, vi } from 'vitest';
import { FakeWebContents } from '../../stubs/electron';
import { isExternalWebUrl, isTrustedSender, lockDownContents, secureWebPreferences } from '../../../electron/main/security';
import { forwardEvents, registerContract } from '../../../electron/main/ipc';
import { METHOD_NAMES, type ContractHandlers } from '../../../electron/contract';
import type { WebContents, IpcMainInvokeEvent } from 'electron';

describe('window options follow the security checklist', () => {
  it('isolates, sandboxes and keeps Node out of the renderer', () => {
    expect(secureWebPreferences('/p/preload.cjs')).toMatchObject({
      preload: '/p/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('navigation and new windows', () => {
  it('denies navigation and opens only http(s) links in the OS browser', () => {
    const contents = new FakeWebContents();
    const opened: string[] = [];
    lockDownContents(contents as unknown as WebContents, (url) => opened.push(url));
    const event = { preventDefault: vi.fn() };
    contents.emit('will-navigate', event, 'https://evil.example');
    contents.emit('will-redirect', event, 'https://evil.example');
    expect(event.preventDefault).toHaveBeenCalledTimes(2);
    for (const url of ['https://example.com/a', 'http://x.org', 'javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,hi', 'not a url']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://example.com/a', 'http://x.org']);
    expect(isExternalWebUrl('smb://share')).toBe(false);
  });
});

describe('IPC wiring', () => {
  const appUrl = (url: string) => url.startsWith('file:///app/');
  const trusted = { senderFrame: { url: 'file:///app/index.html', parent: null } } as unknown as IpcMainInvokeEvent;

  it('registers every contract method and checks the sender frame first', async () => {
    const handle = vi.fn();
    const invoke = vi.fn(async () => ({ ok: true as const, value: 'x' }));
    const core = { invoke, subscribe: vi.fn(() => () => undefined) } as unknown as ContractHandlers;
    registerContract({ handle }, core, appUrl);
    expect(handle.mock.calls.map((c) => c[0]).sort()).toEqual([...METHOD_NAMES].sort());
    const handler = handle.mock.calls.find((c) => c[0] === 'helpdesks:list')![1] as (e: IpcMainInvokeEvent, ...a: unknown[]) => Promise<unknown>;
    await expect(handler(trusted)).resolves.toEqual({ ok: true, value: 'x' });
    const foreign = { senderFrame: { url: 'https://evil.example/', parent: null } } as unknown as IpcMainInvokeEvent;
    const subframe = { senderFrame: { url: 'file:///app/index.html', parent: {} } } as unknown as IpcMainInvokeEvent;
    const noFrame = { senderFrame: null } as unknown as IpcMainInvokeEvent;
    for (const event of [foreign, subframe, noFrame]) {
      expect(await handler(event)).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    }
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(isTrustedSender(trusted, appUrl)).toBe(true);
  });

  it('forwards only contract events to the window', () => {
    let emit: ((event: string, payload: unknown) => void) | null = null;
    const core = { invoke: vi.fn(), subscribe: (l: (e: string, p: unknown) => void) => ((emit = l), () => undefined) } as unknown as ContractHandlers;
    const contents = new FakeWebContents();
    forwardEvents(core, () => contents as unknown as WebContents);
    emit!('helpdesks:changed', []);
    emit!('secrets:leak', { token: 'x' });
    expect(contents.sent).toEqual([['helpdesks:changed', []]]);
  });
});
