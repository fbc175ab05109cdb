import type { ContractHandlers, EventPayloads, NotificationView } from '../contract';
import type { FetchLike } from './opensupports';
import { createDispatcher } from './dispatch';
import { CoreEvents } from './events';
import { HelpdeskRegistry } from './instances/registry';
import type { CredentialVault } from './instances/vault';
import { openStore, type AppStore } from './store/app-store';
import { createService } from './service';
import { createTickets } from './tickets';
import { createDrafts } from './drafts';
import { createOutbox, snapshotFrom, type RetryPolicy } from './outbox';
import { createSettingsService } from './settings';
import { createSyncEngine, registrySource, type SyncEngine } from './sync';


export interface CoreOptions {
  dataDir: string;
  vault: CredentialVault;
  appVersion: string;
  /** A native notifier (the desktop shell); without one, notifications go to the page as events. */
  notify?: (notification: NotificationView) => void;
  fetch?: FetchLike;
  timeoutMs?: number;
  log?: (line: string) => void;
  /** Milliseconds since the epoch; tests move it to age cached data without waiting. */
  now?: () => number;
  /** Outbox retry timing; tests shorten the wait after a lost answer. */
  outboxRetry?: Partial<RetryPolicy>;
  /** How long background sync lets a freshly signed-in helpdesk's first screen load before its first poll. */
  syncStartDelayMs?: number;
}

export interface AppCore {
  handlers: ContractHandlers;
  registry: HelpdeskRegistry;
  sync: SyncEngine;
  /** Asks the page to open a ticket or queue (a notification was clicked). */
  navigate(target: EventPayloads['app:navigate']): void;
  /** Restores every helpdesk's sign-in from the keychain. */
  start(): Promise<void>;
  /** Resolves when no background refresh is running (cache-first reads refresh after answering). */
  idle(): Promise<void>;
  /** Lets background work finish, writes what is pending, and closes the store. */
  stop(): Promise<void>;
}

/** Composes the core: the store, the vault, one client per helpdesk, and the contract's handlers. */
export async function createAppCore(options: CoreOptions): Promise<AppCore> {
  const log = options.log ?? (() => undefined);
  const store: AppStore = openStore(options.dataDir);
  const events = new CoreEvents();
  const registry = new HelpdeskRegistry({
    store: store.helpdesks,
    vault: options.vault,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    onChange: () => {
      events.emit('helpdesks:changed', registry.list());
      followRegistry();
    },
  });
  // Every signed-in helpdesk is polled, however it got signed in (the UI, a restore, the demo).
  let syncing = false;
  const followRegistry = () => {
    if (!syncing) return;
    const active = new Set(sync.active());
    for (const helpdesk of registry.list()) if (helpdesk.state === 'online' && !active.has(helpdesk.id)) sync.addHelpdesk(helpdesk.id);
  };
  // Connectivity has one owner, the sync engine: a failed refresh asks it to poll now, and its
  // poll then reports the helpdesk offline (with backoff) and back online when it returns.
  let pollNow: (helpdeskId: string) => void = () => undefined;
  const tickets = createTickets({ registry, store, events, log, now: options.now, onUnreachable: (helpdeskId) => pollNow(helpdeskId) });
  const titleOf = (helpdeskId: string, ticketNumber: number) => tickets.cached(helpdeskId, ticketNumber)?.title ?? null;
  const drafts = createDrafts({
    store,
    dataDir: options.dataDir,
    snapshotOf: (helpdeskId, ticketNumber) => {
      const cached = tickets.cached(helpdeskId, ticketNumber);
      return cached ? snapshotFrom(cached) : null;
    },
    ticketTitleOf: titleOf,
    onChanged: (list) => events.emit('drafts:changed', list),
  });
  const outbox = createOutbox({
    store,
    drafts,
    log,
    retry: options.outboxRetry,
    clientOf: (helpdeskId) => registry.clientOf(helpdeskId),
    isOnline: (helpdeskId) => registry.list().some((h) => h.id === helpdeskId && h.state === 'online'),
    ticketTitleOf: titleOf,
    onChanged: (items) => events.emit('outbox:changed', items),
    onDelivered: async (helpdeskId, ticketNumber) => {
      await tickets.tickets.fetch({ helpdeskId, ticketNumber });
      return tickets.tickets.open({ helpdeskId, ticketNumber });
    },
  });
  const settings = createSettingsService({ store: store.settings, log });
  settings.subscribe((value) => events.emit('settings:changed', value));
  const sync = createSyncEngine({
    helpdesks: registrySource(registry),
    watermarks: store.watermarks,
    settings,
    log,
    limits: { startDelayMs: options.syncStartDelayMs ?? 3_000 },
    notify: (notification) => (options.notify ? options.notify(notification) : events.emit('notification:show', notification)),
    onTicketsChanged: (helpdeskId, ticketNumbers, { fetched, queues }) => {
      const fetchedNumbers = new Set(fetched.map((t) => t.ticketNumber));
      tickets.syncChanged(helpdeskId, fetched, ticketNumbers.filter((n) => !fetchedNumbers.has(n)), queues);
    },
    onCounts: (helpdeskId, counts) => registry.applySync(helpdeskId, { unread: counts.badge }),
    onConnectivity: (helpdeskId, connectivity) => {
      registry.applySync(helpdeskId, { state: connectivity.state, stateMessage: connectivity.message });
      outbox.onConnectivity(helpdeskId, connectivity.state);
    },
  });
  pollNow = (helpdeskId) => void sync.pollNow(helpdeskId);
  const service = createService({
    registry,
    vault: options.vault,
    appVersion: options.appVersion,
    storeNotice: [store.notice, settings.problem].filter(Boolean).join(' ') || null,
    tickets,
    drafts,
    outbox,
    settings,
    sync,
  });
  const handlers = createDispatcher(service, events, log);
  let stopped: Promise<void> | null = null;
  return {
    handlers,
    registry,
    sync,
    navigate: (target) => events.emit('app:navigate', target),
    start: async () => {
      await registry.restoreAll();
      sync.start();
      syncing = true;
      await outbox.start();
      for (const helpdesk of registry.list()) if (helpdesk.state === 'online') outbox.onConnectivity(helpdesk.id, 'online');
    },
    idle: () => tickets.idle(),
    stop: () =>
      (stopped ??= (async () => {
        syncing = false;
        await sync.stop();
        await outbox.stop();
        await tickets.stop();
        store.close();
      })()),
  };
}
