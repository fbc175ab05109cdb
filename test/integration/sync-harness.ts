/**
 * Shared set-up for the sync integration tests: a real store in a temp folder, the settings
 * service, the engine on a scaled clock, and helpdesks signed in to simulators over real HTTP.
 * Every request a helpdesk's client makes is logged with the engine's clock time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NotificationView } from '../../electron/contract';
import { OpenSupportsClient, type FetchLike } from '../../electron/core/opensupports';
import { createSettingsService, type SettingsService } from '../../electron/core/settings';
import { openStore, type AppStore } from '../../electron/core/store';
import {
  createSyncEngine,
  scaledClock,
  type SyncClock,
  type SyncConnectivity,
  type SyncCounts,
  type SyncEngine,
  type SyncEngineOptions,
  type SyncTarget,
} from '../../electron/core/sync';
import type { RunningSim } from '../../sim';

export interface Logged<T> {
  at: number;
  helpdeskId: string;
  value: T;
}

export interface AgentHelpdesk {
  id: string;
  label: string;
  client: OpenSupportsClient;
  staffId: number;
  name: string;
  /** Every API request this helpdesk's client made: path and clock time. */
  requests: { path: string; at: number }[];
}

export interface Harness {
  dir: string;
  store: AppStore;
  settings: SettingsService;
  clock: SyncClock;
  engine: SyncEngine;
  targets: Map<string, SyncTarget>;
  notifications: Logged<NotificationView>[];
  connectivity: Logged<SyncConnectivity>[];
  counts: Logged<SyncCounts>[];
  changed: Logged<number[]>[];
  /** Resolves with the first notification (after now) that matches. */
  nextNotification(match?: (n: NotificationView) => boolean, timeoutMs?: number): Promise<Logged<NotificationView>>;
  /** Signs in; `id` reuses a helpdesk row a previous run left in the store. */
  addHelpdesk(sim: RunningSim, email: string, label: string, options?: { timeoutMs?: number; fetch?: FetchLike; id?: string; remember?: boolean }): Promise<AgentHelpdesk>;
  /** A new engine on the same store (as after an app restart); the old one is stopped first. */
  restartEngine(): Promise<SyncEngine>;
  /** Stops the engine and closes the store; removes the data folder unless `keepDir`. Idempotent. */
  close(options?: { keepDir?: boolean }): Promise<void>;
}

export interface HarnessOptions {
  /** Real-time speed-up of the engine's clock (default 20: a 20 s interval takes 1 s). */
  factor?: number;
  /** An existing data folder, to reopen a previous run's store. */
  dir?: string;
  engine?: Partial<Pick<SyncEngineOptions, 'limits' | 'random' | 'timeZone'>>;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'staffdesk-sync-'));
  const store = openStore(dir);
  const settings = createSettingsService({ store: store.settings });
  const clock = scaledClock(options.factor ?? 20);
  const targets = new Map<string, SyncTarget>();
  const notifications: Logged<NotificationView>[] = [];
  const connectivity: Logged<SyncConnectivity>[] = [];
  const counts: Logged<SyncCounts>[] = [];
  const changed: Logged<number[]>[] = [];
  const watchers = new Set<(n: Logged<NotificationView>) => void>();
  let closed = false;

  const makeEngine = (): SyncEngine =>
    createSyncEngine({
      helpdesks: { ids: () => [...targets.keys()], get: (id) => targets.get(id) ?? null },
      watermarks: store.watermarks,
      settings,
      clock,
      ...options.engine,
      notify: (n) => {
        const entry = { at: clock.now(), helpdeskId: n.helpdeskId, value: n };
        notifications.push(entry);
        for (const w of watchers) w(entry);
      },
      onConnectivity: (helpdeskId, value) => connectivity.push({ at: clock.now(), helpdeskId, value }),
      onCounts: (helpdeskId, value) => counts.push({ at: clock.now(), helpdeskId, value }),
      onTicketsChanged: (helpdeskId, value) => changed.push({ at: clock.now(), helpdeskId, value }),
      log: (line) => console.warn(line),
    });

  const harness: Harness = {
    dir,
    store,
    settings,
    clock,
    engine: makeEngine(),
    targets,
    notifications,
    connectivity,
    counts,
    changed,
    nextNotification(match = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(new Error('no matching notification in time'));
        }, timeoutMs);
        const watch = (entry: Logged<NotificationView>): void => {
          if (!match(entry.value)) return;
          clearTimeout(timer);
          watchers.delete(watch);
          resolve(entry);
        };
        watchers.add(watch);
      });
    },
    async addHelpdesk(sim, email, label, o = {}) {
      const account = sim.credentials.staff.find((s) => s.email === email);
      if (!account) throw new Error(`no staff account ${email}`);
      const requests: { path: string; at: number }[] = [];
      const base = o.fetch ?? ((input: URL, init: RequestInit) => fetch(input, init));
      const client = new OpenSupportsClient({
        apiRoot: sim.apiRoot,
        timeoutMs: o.timeoutMs ?? 5_000,
        fetch: (input, init) => {
          requests.push({ path: input.pathname, at: clock.now() });
          return base(input, init);
        },
      });
      await client.login({ email, password: account.password, remember: o.remember ?? true });
      const profile = await client.getStaff();
      const record = o.id
        ? { id: o.id }
        : store.helpdesks.insert({ label, apiRoot: sim.apiRoot, userEmail: email, userId: client.userId, staffName: profile.name, staffLevel: profile.level });
      const staffId = Number(client.userId);
      targets.set(record.id, { id: record.id, label, client, me: { staffId, name: profile.name } });
      requests.length = 0;
      return { id: record.id, label, client, staffId, name: profile.name, requests };
    },
    async restartEngine() {
      await harness.engine.stop();
      harness.engine = makeEngine();
      return harness.engine;
    },
    async close(o = {}) {
      if (closed) return;
      closed = true;
      await harness.engine.stop();
      store.close();
      if (!o.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Sleeps `clockMs` of the engine's clock. */
export function sleepClock(clock: SyncClock, clockMs: number): Promise<void> {
  return new Promise((resolve) => clock.schedule(clockMs, resolve));
}

/** Waits until `check` passes, polling every 10 ms of real time. */
export async function until(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** An open ticket in one of the departments, opened by a customer, unassigned: fresh work to hand around. */
export function newCustomerTicket(sim: RunningSim, departmentId: number, title = 'Printer on fire'): number {
  const user = sim.credentials.users[0];
  if (!user) throw new Error('the simulator has no customers');
  return Number(sim.act.createTicket({ userId: user.id, title, content: `<p>${title}: please <b>help</b> &amp; hurry</p>`, departmentId }));
}
