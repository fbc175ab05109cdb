import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../electron/core/settings';
import { NetworkError, SessionExpired, type ActivityItem, type Ticket, type TicketPage } from '../../../electron/core/opensupports';
import { createSyncEngine, type SyncClient, type SyncClock, type SyncConnectivity, type SyncEngine, type WatermarkStore } from '../../../electron/core/sync';
import type { AppSettings, NotificationView } from '../../../electron/contract';

/** Timers that only fire when the test advances the clock. */
class ManualClock implements SyncClock {
  private t = 1_000_000;
  private timers: { at: number; fn: () => void; alive: boolean }[] = [];
  now(): number {
    return this.t;
  }
  schedule(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + ms, fn, alive: true };
    this.timers.push(timer);
    return () => {
      timer.alive = false;
    };
  }
  pending(): number[] {
    return this.timers.filter((x) => x.alive).map((x) => x.at - this.t);
  }
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const next = this.timers.filter((x) => x.alive && x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.t = next.at;
      next.alive = false;
      next.fn();
      await settle();
    }
    this.t = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

const page = (tickets: Ticket[] = [], pages = tickets.length ? 1 : 0): TicketPage & { page: number } => ({ tickets, pages, page: 1 });

/** A helpdesk with nothing happening; every call is counted, and calls can be made to fail or hang. */
class FakeClient implements SyncClient {
  calls: string[] = [];
  fail: Error | null = null;
  hang: Promise<void> | null = null;
  inFlight = 0;
  maxInFlight = 0;
  private async call<T>(name: string, value: T): Promise<T> {
    this.calls.push(name);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.hang) await this.hang;
      if (this.fail) throw this.fail;
      return value;
    } finally {
      this.inFlight--;
    }
  }
  lastEvents(): Promise<ActivityItem[]> {
    return this.call('last-events', []);
  }
  getNewTickets() {
    return this.call('get-new-tickets', page());
  }
  getMyTickets() {
    return this.call('get-tickets', page());
  }
  getTicket(): Promise<Ticket> {
    return this.call('ticket/get', null as unknown as Ticket);
  }
  searchTickets() {
    return this.call('search', page());
  }
}

function memoryMarks(): WatermarkStore {
  const m = new Map<string, string>();
  return { get: (h, f) => m.get(`${h}/${f}`) ?? null, setMany: (h, values) => Object.entries(values).forEach(([f, v]) => m.set(`${h}/${f}`, v)) };
}

function setup(ids = ['a'], o: { throwing?: boolean; startDelayMs?: number } = {}) {
  const clock = new ManualClock();
  let settings: AppSettings = { ...DEFAULT_SETTINGS };
  const listeners = new Set<(s: AppSettings) => void>();
  const clients = new Map(ids.map((id) => [id, new FakeClient()]));
  const connectivity: { id: string; c: SyncConnectivity }[] = [];
  const notified: NotificationView[] = [];
  const engine: SyncEngine = createSyncEngine({
    helpdesks: { ids: () => ids, get: (id) => (clients.has(id) ? { id, label: id, client: clients.get(id)!, me: { staffId: 3, name: 'Mia' } } : null) },
    watermarks: memoryMarks(),
    settings: { get: () => settings, subscribe: (l) => (listeners.add(l), () => listeners.delete(l)) },
    notify: (n) => notified.push(n),
    onConnectivity: (id, c) => connectivity.push({ id, c }),
    ...(o.throwing
      ? {
          onCounts: () => {
            throw new Error('window gone');
          },
          onTicketsChanged: () => {
            throw new Error('window gone');
          },
          onConnectivity: () => {
            throw new Error('window gone');
          },
        }
      : {}),
    clock,
    log: () => undefined,
    random: () => 0.5,
    ...(o.startDelayMs !== undefined ? { limits: { startDelayMs: o.startDelayMs } } : {}),
  });
  const setSettings = (s: Partial<AppSettings>): void => {
    settings = { ...settings, ...s };
    for (const l of listeners) l(settings);
  };
  return { clock, clients, engine, connectivity, notified, setSettings, client: clients.get(ids[0]!)! };
}

const polls = (c: FakeClient): number => c.calls.filter((x) => x === 'last-events').length;

describe('engine scheduling', () => {
  it('polls once at start, then once per interval', async () => {
    const { clock, engine, client } = setup();
    engine.start();
    await settle();
    expect(polls(client)).toBe(1);
    await clock.advance(19_999);
    expect(polls(client)).toBe(1);
    await clock.advance(1);
    expect(polls(client)).toBe(2);
    await clock.advance(60_000);
    expect(polls(client)).toBe(5);
  });

  it('with a start delay, the first poll waits for it, and pollNow does not', async () => {
    const { clock, engine, client, clients } = setup(['a', 'b'], { startDelayMs: 3_000 });
    engine.start();
    await settle();
    expect(client.calls).toEqual([]);
    await engine.pollNow('b').done;
    expect(polls(clients.get('b')!)).toBe(1);
    expect(polls(client)).toBe(0);
    await clock.advance(3_000);
    expect(polls(client)).toBe(1);
    expect(engine.active().sort()).toEqual(['a', 'b']);
  });

  it('a shorter interval applies to the wait under way; a longer one too', async () => {
    const { clock, engine, client, setSettings } = setup();
    engine.start();
    await clock.advance(2_000);
    setSettings({ pollIntervalSeconds: 5 });
    await clock.advance(3_000);
    expect(polls(client)).toBe(2);
    setSettings({ pollIntervalSeconds: 60 });
    await clock.advance(30_000);
    expect(polls(client)).toBe(2);
    await clock.advance(30_000);
    expect(polls(client)).toBe(3);
  });

  it('pause stops the timers; resume polls at once with a full re-read of the agent’s list', async () => {
    const { clock, engine, client } = setup();
    engine.start();
    await clock.advance(20_000);
    const before = client.calls.length;
    engine.pause();
    await clock.advance(10 * 60_000);
    expect(client.calls.length).toBe(before);
    engine.resume();
    await settle();
    expect(client.calls.slice(before)).toEqual(['last-events', 'get-new-tickets', 'get-tickets']);
  });

  it('never has two requests in flight for one helpdesk; pollNow during a poll runs one more poll after it', async () => {
    const { engine, client } = setup();
    let release!: () => void;
    client.hang = new Promise((r) => (release = r));
    engine.start();
    await settle();
    const a = engine.pollNow('a');
    const b = engine.pollNow('a');
    expect(a.started).toBe(1);
    await settle();
    expect(client.inFlight).toBe(1);
    client.hang = null;
    release();
    await Promise.all([a.done, b.done]);
    expect(client.maxInFlight).toBe(1);
    expect(polls(client)).toBe(2);
  });

  it('pollNow with staleAfterMs skips a helpdesk that polled moments ago (window focus)', async () => {
    const { clock, engine, client } = setup();
    engine.start();
    await settle();
    await clock.advance(3_000);
    expect(engine.pollNow(undefined, { staleAfterMs: 5_000 }).started).toBe(0);
    await clock.advance(3_000);
    await engine.pollNow(undefined, { staleAfterMs: 5_000 }).done;
    expect(polls(client)).toBe(2);
    // The cadence restarts from that poll.
    expect(clock.pending()).toEqual([20_000]);
  });

  it('pollNow for an unknown helpdesk starts nothing', () => {
    const { engine } = setup();
    expect(engine.pollNow('nope').started).toBe(0);
  });

  it('a removed helpdesk stops polling and its poll in flight announces nothing', async () => {
    const { clock, engine, client } = setup();
    engine.start();
    await settle();
    engine.removeHelpdesk('a');
    await clock.advance(120_000);
    expect(polls(client)).toBe(1);
    expect(engine.active()).toEqual([]);
  });
});

describe('engine failures', () => {
  it('backs off with growing delays on network errors, reports each, and recovers with a catch-up', async () => {
    const { clock, engine, client, connectivity } = setup();
    engine.start();
    await settle();
    client.fail = new NetworkError('refused', 'help.test');
    for (const wait of [20_000, 5_000, 10_000, 20_000]) await clock.advance(wait);
    const offline = connectivity.filter((x) => x.c.state === 'offline').map((x) => x.c);
    expect(offline.map((c) => c.retryInMs)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(offline[2]?.message).toBe('help.test refused the connection. The helpdesk may be down or the port may be wrong. Staffdesk will try again in 20 s.');
    expect(clock.pending()).toEqual([40_000]);
    client.fail = null;
    const before = client.calls.length;
    await clock.advance(40_000);
    expect(connectivity.at(-1)?.c).toEqual({ state: 'online', message: null, retryAt: null, retryInMs: null, failures: 0 });
    expect(client.calls.slice(before)).toEqual(['last-events', 'get-new-tickets', 'get-tickets']);
    expect(clock.pending()).toEqual([20_000]);
  });

  it('one helpdesk failing does not change another’s schedule', async () => {
    const { clock, engine, clients } = setup(['a', 'b']);
    engine.start();
    await settle();
    clients.get('a')!.fail = new NetworkError('timeout', 'a.test');
    await clock.advance(100_000);
    expect(polls(clients.get('b')!)).toBe(6);
  });

  it('a session that cannot be renewed: signed out, no more polls until the helpdesk is added again', async () => {
    const { clock, engine, client, connectivity } = setup();
    engine.start();
    await settle();
    client.fail = new SessionExpired();
    await clock.advance(20_000);
    expect(connectivity.at(-1)?.c.state).toBe('signed-out');
    await clock.advance(10 * 60_000);
    expect(polls(client)).toBe(2);
    expect(engine.active()).toEqual([]);
    client.fail = null;
    engine.addHelpdesk('a');
    await settle();
    expect(polls(client)).toBe(3);
    expect(connectivity.at(-1)?.c.state).toBe('online');
  });

  it('a callback that throws never breaks the poller', async () => {
    const { clock, engine, client, connectivity } = setup(['a'], { throwing: true });
    engine.start();
    await settle();
    await clock.advance(40_000);
    expect(polls(client)).toBe(3);
    expect(connectivity).toEqual([]);
  });
});
