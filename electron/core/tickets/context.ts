/**
 * What every part of the tickets feature shares: the helpdesks, the cache, the per-helpdesk
 * request limiter, the event channel and the background-work tracker.
 */
import type { CoreEvents } from '../events';
import type { HelpdeskRegistry } from '../instances/registry';
import { NetworkError, isOpenSupportsError, type OpenSupportsClient } from '../opensupports';
import { UserFacingError } from '../user-error';
import type { TicketCache } from './cache';
import type { KeyedLimiter } from './limiter';

/** Work started on behalf of a request that returned already (cache-first refreshes). */
export class Background {
  private readonly tasks = new Set<Promise<void>>();
  private readonly waits = new Map<ReturnType<typeof setTimeout>, () => void>();
  private stopped = false;

  constructor(private readonly log: (line: string) => void) {}

  run(name: string, task: () => Promise<unknown>): void {
    if (this.stopped) return;
    const running: Promise<void> = task()
      .then(
        () => undefined,
        (error: unknown) => this.log(`background ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
      )
      .finally(() => this.tasks.delete(running));
    this.tasks.add(running);
  }

  /**
   * Like `run`, after `ms`: for work that must not compete with what the agent is waiting for.
   * `idle` waits for it; `stop` drops it.
   */
  later(name: string, ms: number, task: () => Promise<unknown>): void {
    this.run(name, async () => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.waits.delete(timer);
          resolve();
        }, ms);
        this.waits.set(timer, resolve);
      });
      if (!this.stopped) await task();
    });
  }

  /** Resolves once nothing runs, including work that running work started. */
  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }

  /** Refuses new work and waits for the current work, so nothing writes to a closed store. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const [timer, resolve] of this.waits) {
      clearTimeout(timer);
      resolve();
    }
    this.waits.clear();
    await this.idle();
  }
}

export interface TicketsContext {
  registry: HelpdeskRegistry;
  cache: TicketCache;
  limiter: KeyedLimiter;
  events: CoreEvents;
  background: Background;
  now: () => number;
  /** One call to a helpdesk, through its limiter; remembers whether the helpdesk answered. */
  call<T>(helpdeskId: string, fn: (client: OpenSupportsClient) => Promise<T>): Promise<T>;
  /** Whether the last call to the helpdesk failed for lack of a network answer. */
  isOffline(helpdeskId: string): boolean;
  /** Told when a call finds the helpdesk unreachable, so connectivity is rechecked at once. */
  onUnreachable?: (helpdeskId: string) => void;
}

export function createContext(deps: Omit<TicketsContext, 'call' | 'isOffline'>): TicketsContext {
  const unreachable = new Set<string>();
  return {
    ...deps,
    async call(helpdeskId, fn) {
      const client = deps.registry.clientOf(helpdeskId);
      try {
        const result = await deps.limiter.run(helpdeskId, () => fn(client));
        unreachable.delete(helpdeskId);
        return result;
      } catch (error) {
        if (error instanceof NetworkError) {
          const first = !unreachable.has(helpdeskId);
          unreachable.add(helpdeskId);
          if (first) deps.onUnreachable?.(helpdeskId);
        } else unreachable.delete(helpdeskId);
        throw error;
      }
    },
    isOffline(helpdeskId) {
      if (unreachable.has(helpdeskId)) return true;
      try {
        return deps.registry.get(helpdeskId).state === 'offline';
      } catch {
        return false;
      }
    },
  };
}

/** A sentence for an error caught while refreshing, for a view's `error` field. */
export function describeError(error: unknown): string {
  if (isOpenSupportsError(error) || error instanceof UserFacingError) return error.message;
  // Anything else is a bug of ours; its text means nothing to the person.
  return 'Something went wrong inside Staffdesk while refreshing.';
}
