/**
 * The sync engine: one poller per signed-in helpdesk, following the settings. Plain Node; the
 * shell hands in the clock, the notifier and the callbacks (see the wiring notes in index.ts).
 */
import { DEFAULT_BACKOFF } from './backoff';
import { systemClock } from './clock';
import { GROUP_THRESHOLD } from './decide';
import { HelpdeskPoller, type PollerDeps } from './poller';
import type { SyncEngine, SyncEngineOptions, SyncLimits } from './types';

export const DEFAULT_LIMITS: SyncLimits = {
  maxFeedPages: 5,
  maxTicketFetches: 12,
  reconcileEveryMs: 15 * 60_000,
  reconcilePageSize: 50,
  maxReconcilePages: 40,
  backoff: DEFAULT_BACKOFF,
  groupThreshold: GROUP_THRESHOLD,
  startDelayMs: 0,
};

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const log = options.log ?? (() => undefined);
  const deps: PollerDeps = {
    source: options.helpdesks,
    watermarks: options.watermarks,
    settings: options.settings,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    timeZone: options.timeZone,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    notify: options.notify,
    onTicketsChanged: options.onTicketsChanged ?? (() => undefined),
    onCounts: options.onCounts ?? (() => undefined),
    onConnectivity: options.onConnectivity ?? (() => undefined),
    log,
  };
  const pollers = new Map<string, HelpdeskPoller>();
  let paused = false;
  let unsubscribe: (() => void) | null = null;

  const ensure = (id: string): HelpdeskPoller => {
    let poller = pollers.get(id);
    if (!poller) {
      poller = new HelpdeskPoller(id, deps);
      if (paused) poller.pause();
      pollers.set(id, poller);
    }
    return poller;
  };

  return {
    start() {
      unsubscribe ??= options.settings.subscribe(() => {
        for (const poller of pollers.values()) poller.settingsChanged();
      });
      for (const id of options.helpdesks.ids()) ensure(id).start();
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = null;
      await Promise.all([...pollers.values()].map((p) => p.stop()));
    },
    pollNow(helpdeskId, o = {}) {
      const one = helpdeskId === undefined ? undefined : pollers.get(helpdeskId);
      const now = deps.clock.now();
      const targets = (helpdeskId === undefined ? [...pollers.values()] : one ? [one] : []).filter(
        (p) => o.staleAfterMs === undefined || now - p.lastPollAt >= o.staleAfterMs,
      );
      const done = Promise.all(targets.map((p) => p.pollNow())).then(() => undefined);
      return { started: targets.length, done };
    },
    pause() {
      paused = true;
      for (const poller of pollers.values()) poller.pause();
    },
    resume() {
      paused = false;
      for (const poller of pollers.values()) poller.resume();
    },
    addHelpdesk(id) {
      ensure(id).start();
    },
    removeHelpdesk(id) {
      const poller = pollers.get(id);
      if (!poller) return;
      pollers.delete(id);
      void poller.stop();
    },
    observeTicket(helpdeskId, ticket) {
      pollers.get(helpdeskId)?.observeTicket(ticket);
    },
    counts(helpdeskId) {
      return pollers.get(helpdeskId)?.counts ?? null;
    },
    active() {
      return [...pollers.values()].filter((p) => p.active).map((p) => p.id);
    },
  };
}
