/**
 * Shared set-up for the tickets integration tests: cores on temp data dirs with a memory vault,
 * helpdesks signed in through the registry, a fetch that records every request (and how many
 * were in flight at once per helpdesk), and a way to wait for the core's events.
 */
import { afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BridgeResult, EventName, EventPayloads, MethodName, MethodResults } from '../../electron/contract';
import { createAppCore, type AppCore } from '../../electron/core/app-core';
import { MemoryVault } from '../../electron/core/instances/vault';
import type { FetchLike } from '../../electron/core/opensupports';
import type { RunningSim } from '../../sim';
import { account } from '../support/sim';

export interface Request {
  host: string;
  path: string;
}

/** Records each request and the most requests one host had in flight at once. */
export class TracingFetch {
  readonly requests: Request[] = [];
  private readonly inFlight = new Map<string, number>();
  private readonly peaks = new Map<string, number>();
  /** When set, requests to these hosts fail as if the machine were offline. */
  readonly unreachable = new Set<string>();
  /** Runs after each answer arrives, before the core sees it: lets a test act "in between" two calls. */
  afterResponse: ((request: Request) => void | Promise<void>) | null = null;

  readonly fetch: FetchLike = async (input, init) => {
    const host = input.host;
    this.requests.push({ host, path: input.pathname });
    if (this.unreachable.has(host)) throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const now = (this.inFlight.get(host) ?? 0) + 1;
    this.inFlight.set(host, now);
    this.peaks.set(host, Math.max(now, this.peaks.get(host) ?? 0));
    try {
      const response = await fetch(input, init);
      await this.afterResponse?.({ host, path: input.pathname });
      return response;
    } finally {
      this.inFlight.set(host, (this.inFlight.get(host) ?? 1) - 1);
    }
  };

  count(pathSuffix: string, host?: string): number {
    return this.requests.filter((r) => r.path.endsWith(pathSuffix) && (host === undefined || r.host === host)).length;
  }

  peak(host: string): number {
    return this.peaks.get(host) ?? 0;
  }

  reset(): void {
    this.requests.splice(0);
    this.peaks.clear();
  }
}

export interface Harness {
  core: AppCore;
  dataDir: string;
  trace: TracingFetch;
  events: { event: EventName; payload: unknown }[];
  call<M extends MethodName>(method: M, ...args: unknown[]): Promise<BridgeResult<MethodResults[M]>>;
  /** Calls and unwraps, failing the test with the bridge error otherwise. */
  ok<M extends MethodName>(method: M, ...args: unknown[]): Promise<MethodResults[M]>;
  /** The next event (or one already seen after `since`) matching `match`. */
  waitFor<E extends EventName>(event: E, match: (payload: EventPayloads[E]) => boolean, options?: { since?: number; timeoutMs?: number }): Promise<EventPayloads[E]>;
  /** Signs in to a simulator as one of its staff accounts; returns the helpdesk id. */
  signIn(sim: RunningSim, email: string, label?: string): Promise<string>;
  /** Moves the core's clock forward, so what was fresh becomes stale without waiting. */
  advance(ms: number): void;
}

/** Creates cores on temp dirs and stops them (and removes the dirs) after each test. */
export function useCores(): (options?: { dataDir?: string; trace?: TracingFetch }) => Promise<Harness> {
  const cores: AppCore[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.stop();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const vault = new MemoryVault();
  return async (options = {}) => {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'staffdesk-tickets-'));
    if (!options.dataDir) dirs.push(dataDir);
    const trace = options.trace ?? new TracingFetch();
    let offset = 0;
    const core = await createAppCore({ dataDir, vault, appVersion: 'test', timeoutMs: 5000, fetch: trace.fetch, now: () => Date.now() + offset });
    cores.push(core);
    const events: Harness['events'] = [];
    const waiters = new Set<() => void>();
    core.handlers.subscribe((event, payload) => {
      events.push({ event, payload });
      for (const wake of [...waiters]) wake();
    });
    const call: Harness['call'] = (method, ...args) => core.handlers.invoke(method, args);
    return {
      core,
      dataDir,
      trace,
      events,
      call,
      async ok(method, ...args) {
        const result = await call(method, ...args);
        if (!result.ok) throw new Error(`${method} failed: ${result.error.kind}${result.error.code ? ` ${result.error.code}` : ''}: ${result.error.message}`);
        return result.value;
      },
      waitFor(event, match, { since = 0, timeoutMs = 10_000 } = {}) {
        return new Promise((resolve, reject) => {
          const check = (): boolean => {
            for (let i = since; i < events.length; i++) {
              const e = events[i];
              if (e?.event === event && match(e.payload as EventPayloads[typeof event])) {
                waiters.delete(wake);
                clearTimeout(timer);
                resolve(e.payload as EventPayloads[typeof event]);
                return true;
              }
            }
            return false;
          };
          const wake = (): void => void check();
          const timer = setTimeout(() => {
            waiters.delete(wake);
            reject(new Error(`no ${event} event matched within ${timeoutMs} ms`));
          }, timeoutMs);
          if (!check()) waiters.add(wake);
        });
      },
      advance(ms) {
        offset += ms;
      },
      async signIn(sim, email, label) {
        const view = await core.registry.add({ url: sim.apiRoot, label, email, password: account(sim, email).password, remember: true });
        return view.id;
      },
    };
  };
}

export const ADMIN = 'admin@example.test';
export const SAM = 'sam.agent@example.test';
export const TERRY = 'terry.lead@example.test';

/** Recorded-seed tickets (all unassigned, unread for staff, by customers Alice (1) and Bob (2)). */
export const T = {
  login: 196568, // Help and Support, Alice, has a comment by Alice
  invoice: 279834, // Billing, Alice
  server502: 771467, // Technical, Alice
  email: 363100, // Help and Support, Alice
  refund: 854733, // Billing, Alice
  rateLimit: 446366, // Technical, Alice
  password: 937999, // Help and Support, Bob, has a comment by Bob
  vat: 529632, // Billing, Bob
  crash: 121265, // Technical, Bob
  darkMode: 612898, // Help and Support, Bob
  payment: 204531, // Billing, Bob
  webhooks: 696164, // Technical, Bob
} as const;

export const DEPT = { help: 1, billing: 2, technical: 3 } as const;
export const STAFF = { admin: 1, sam: 2, terry: 3 } as const;
export const TAG = { urgent: 1, needsInfo: 2 } as const;
