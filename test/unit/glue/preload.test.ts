import { describe, expect, it, vi } from 'vitest';
import { contextBridge, ipcRenderer } from '../../stubs/electron';
import { EVENT_NAMES, METHOD_NAMES } from '../../../electron/contract';

describe('the preload', () => {
  it('exposes exactly the contract methods plus on(), never ipcRenderer', async () => {
    await import('../../../electron/preload/index');
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = vi.mocked(contextBridge.exposeInMainWorld).mock.calls[0] as [string, Record<string, unknown>];
    expect(name).toBe('staffdesk');
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'on'].sort());
    expect(Object.values(api).includes(ipcRenderer)).toBe(false);
    (api['helpdesks:list'] as () => unknown)();
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('helpdesks:list');
    const on = api['on'] as (event: string, listener: () => void) => () => void;
    expect(() => on('ipc:anything', () => undefined)).toThrow(/Unknown event/);
    const off = on(EVENT_NAMES[0]!, () => undefined);
    expect(ipcRenderer.on).toHaveBeenCalledWith(EVENT_NAMES[0], expect.any(Function));
    off();
    expect(ipcRenderer.removeListener).toHaveBeenCalled();
  });
});
