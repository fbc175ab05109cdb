import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openStore, type AppStore } from '../../../electron/core/store';
import type { NewHelpdesk, OpenDatabaseOptions } from '../../../electron/core/store';

/** A fresh folder per test, removed afterwards, so every test starts from a real empty disk. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'staffdesk-store-'));
    made.push(dir);
    return dir;
  };
}

/** Opens a store and closes it after the test, so a failing assertion never leaks a handle. */
export function useStores(): (dir: string, options?: OpenDatabaseOptions) => AppStore {
  const open: AppStore[] = [];
  afterEach(() => {
    for (const store of open.splice(0)) store.close();
  });
  return (dir, options) => {
    const store = openStore(dir, options);
    open.push(store);
    return store;
  };
}

export function helpdeskInput(overrides: Partial<NewHelpdesk> = {}): NewHelpdesk {
  return {
    label: 'Acme support',
    apiRoot: 'https://help.acme.test/api',
    userEmail: 'agent@acme.test',
    userId: '7',
    staffName: 'Alex Agent',
    staffLevel: 2,
    ...overrides,
  };
}

/** A clock that advances one second per reading, so timestamps are distinct and ordered. */
export function steppingClock(start = Date.UTC(2026, 0, 1, 12, 0, 0)): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}
