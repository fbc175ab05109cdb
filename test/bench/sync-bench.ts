/**
 * Figures for the sync engine (printed, never asserted):
 *  - latency from an assignment to its notification, p50/p95 over 50 trials, at the default
 *    20 s interval on a clock running 20× faster than real time, and at 5 s in real time;
 *  - requests per hour per helpdesk, idle and busy, against a 10,000-ticket helpdesk;
 *  - memory of the core with three helpdesks of 10,000 cached tickets each.
 * The simulator runs in a child process so its own work and memory are not counted here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { NotificationView } from '../../electron/contract';
import { OpenSupportsClient, type Ticket } from '../../electron/core/opensupports';
import { createSettingsService } from '../../electron/core/settings';
import { openStore, type AppStore } from '../../electron/core/store';
import { createSyncEngine, scaledClock, type SyncClock, type SyncEngine, type SyncTarget } from '../../electron/core/sync';
import { TicketCache } from '../../electron/core/tickets/cache';
import { fromServer, zTicketData, type TicketData } from '../../electron/core/tickets/data';
import { remoteActor, type RemoteSimActor } from '../../sim';
import { percentile } from './stats';

const TICKETS = 10_000;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN = { id: 1, email: 'admin@staffdesk.test', password: 'staffdesk-admin' };
/** Demo agents: id, e-mail and a department they belong to. */
const AGENTS = [
  { id: 3, email: 'mia@staffdesk.test', department: 2 },
  { id: 4, email: 'noah@staffdesk.test', department: 3 },
  { id: 5, email: 'olivia@staffdesk.test', department: 1 },
  { id: 6, email: 'pablo@staffdesk.test', department: 4 },
  { id: 2, email: 'lead@staffdesk.test', department: 1, password: 'staffdesk-lead' },
];
const AGENT_PASSWORD = 'staffdesk-agent';
const CUSTOMER = 1;
const LEO = 2;

interface ChildSim {
  apiRoot: string;
  act: RemoteSimActor;
  stop(): Promise<void>;
}

async function spawnSim(tickets: number): Promise<ChildSim> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'sim/cli.ts'), '--seed', 'demo', '--tickets', String(tickets), '--port', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  let apiRoot = '';
  let secret = '';
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    lines.on('line', (line) => {
      const root = /^API root: (\S+)/.exec(line);
      if (root?.[1]) apiRoot = root[1];
      const s = /x-sim-secret: ([0-9a-f]+)/.exec(line);
      if (s?.[1]) secret = s[1];
      if (apiRoot && secret) resolve();
    });
  });
  const origin = new URL(apiRoot).origin;
  return {
    apiRoot,
    act: remoteActor(origin, secret),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface Rig {
  store: AppStore;
  engine: SyncEngine;
  clock: SyncClock;
  targets: Map<string, SyncTarget & { requests: { path: string; at: number }[] }>;
  onNotify: Set<(n: NotificationView, at: number) => void>;
  close(): Promise<void>;
}

async function rig(sim: ChildSim, agents: readonly (typeof AGENTS)[number][], o: { factor: number; intervalSeconds: number; reconcileEveryMs?: number }): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'staffdesk-syncbench-'));
  const store = openStore(dir);
  const settings = createSettingsService({ store: store.settings });
  settings.set({ pollIntervalSeconds: o.intervalSeconds });
  const clock = scaledClock(o.factor);
  const targets: Rig['targets'] = new Map();
  for (const a of agents) {
    const requests: { path: string; at: number }[] = [];
    const client = new OpenSupportsClient({
      apiRoot: sim.apiRoot,
      timeoutMs: 10_000,
      fetch: (input, init) => {
        requests.push({ path: input.pathname.replace(/^\/api/, ''), at: clock.now() });
        return fetch(input, init);
      },
    });
    await client.login({ email: a.email, password: a.password ?? AGENT_PASSWORD });
    const profile = await client.getStaff();
    const row = store.helpdesks.insert({ label: `Demo (${profile.name})`, apiRoot: sim.apiRoot, userEmail: a.email, userId: client.userId, staffName: profile.name, staffLevel: profile.level });
    targets.set(row.id, { id: row.id, label: row.label, client, me: { staffId: a.id, name: profile.name }, requests });
  }
  const onNotify = new Set<(n: NotificationView, at: number) => void>();
  const engine = createSyncEngine({
    helpdesks: { ids: () => [...targets.keys()], get: (id) => targets.get(id) ?? null },
    watermarks: store.watermarks,
    settings,
    clock,
    limits: o.reconcileEveryMs ? { reconcileEveryMs: o.reconcileEveryMs } : {},
    notify: (n) => {
      for (const f of onNotify) f(n, clock.now());
    },
    log: (line) => console.warn(line),
  });
  engine.start();
  await engine.pollNow().done;
  for (const t of targets.values()) t.requests.length = 0;
  return {
    store,
    engine,
    clock,
    targets,
    onNotify,
    close: async () => {
      await engine.stop();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function latency(sim: ChildSim, o: { label: string; intervalSeconds: number; factor: number; trialsPerAgent: number }): Promise<void> {
  const r = await rig(sim, AGENTS, { factor: o.factor, intervalSeconds: o.intervalSeconds });
  const intervalMs = o.intervalSeconds * 1000;
  const clockDelays: number[] = [];
  const pollWork: number[] = [];
  try {
    await Promise.all(
      [...r.targets.values()].map(async (target, k) => {
        const agent = AGENTS[k]!;
        for (let trial = 0; trial < o.trialsPerAgent; trial++) {
          // A random moment within the interval, so the trials sample every phase of the poll cycle.
          await new Promise((res) => setTimeout(res, (Math.random() * intervalMs) / o.factor));
          const ticket = Number(await sim.act.createTicket({ userId: CUSTOMER, title: `Latency trial ${trial}`, content: 'Bench', departmentId: agent.department }));
          const got = new Promise<{ at: number; real: number }>((resolve) => {
            const f = (n: NotificationView, at: number): void => {
              if (n.helpdeskId !== target.id || n.ticketNumber !== ticket) return;
              r.onNotify.delete(f);
              resolve({ at, real: performance.now() });
            };
            r.onNotify.add(f);
          });
          const at = r.clock.now();
          await sim.act.assign(ticket, { by: ADMIN.id, to: agent.id });
          const done = await got;
          clockDelays.push(done.at - at);
          // The real time from the poll's first request to the notification: the engine's own work.
          const start = [...target.requests].reverse().find((q) => q.path === '/staff/last-events' && q.at <= done.at);
          if (start) pollWork.push((done.at - start.at) / o.factor);
        }
      }),
    );
  } finally {
    await r.close();
  }
  clockDelays.sort((a, b) => a - b);
  pollWork.sort((a, b) => a - b);
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const f = (ms: number): string => `${((ms / intervalMs) * 100).toFixed(0)} % of the interval`;
  console.log(
    `latency, ${o.label}: ${clockDelays.length} trials on ${AGENTS.length} helpdesks — p50 ${s(percentile(clockDelays, 50))} (${f(percentile(clockDelays, 50))}), ` +
      `p95 ${s(percentile(clockDelays, 95))} (${f(percentile(clockDelays, 95))}), max ${s(clockDelays.at(-1) ?? 0)}; ` +
      `the delivering poll took p50 ${percentile(pollWork, 50).toFixed(0)} ms, p95 ${percentile(pollWork, 95).toFixed(0)} ms of real time`,
  );
}

async function requestsPerHour(sim: ChildSim, o: { busy: boolean; clockMinutes: number; factor: number }): Promise<void> {
  const agent = AGENTS[0]!;
  const r = await rig(sim, [agent], { factor: o.factor, intervalSeconds: 20 });
  const target = [...r.targets.values()][0]!;
  let changes = 0;
  const stops: (() => void)[] = [];
  try {
    if (o.busy) {
      // The agent's tickets opened by customers: the customer who opened one can reply and close it.
      const mine = (await target.client.getMyTickets({ page: 1, pageSize: 50 })).tickets
        .filter((t) => !t.author.staff && t.author.id !== null)
        .map((t) => ({ n: t.ticketNumber, by: { userId: t.author.id as number } }));
      const every = (clockMs: number, fn: () => Promise<unknown>): void => {
        const tick = (): void => {
          stops.push(
            r.clock.schedule(clockMs, () => {
              changes++;
              fn().catch((e: unknown) => console.warn(`busy script: ${String(e)}`));
              tick();
            }),
          );
        };
        tick();
      };
      let k = 0;
      // Per clock minute: a customer reply on one of the agent's tickets and a new ticket in their
      // department; every 2 min an assignment to them; every 5 min a customer closes one.
      const pick = () => mine[k++ % mine.length]!;
      every(60_000, () => {
        const t = pick();
        return sim.act.comment(t.n, { by: t.by, content: `Busy reply ${k}` });
      });
      every(60_000, () => sim.act.createTicket({ userId: CUSTOMER, title: 'Busy new', content: 'x', departmentId: agent.department }));
      every(120_000, async () => {
        const t = await sim.act.createTicket({ userId: CUSTOMER, title: 'Busy assigned', content: 'x', departmentId: agent.department });
        await sim.act.assign(t, { by: LEO, to: agent.id });
      });
      every(300_000, () => {
        const t = pick();
        return sim.act.close(t.n, { by: t.by });
      });
    }
    const since = r.clock.now();
    await new Promise((res) => setTimeout(res, (o.clockMinutes * 60_000) / o.factor));
    for (const stop of stops) stop();
    const requests = target.requests.filter((q) => q.at >= since);
    const hours = o.clockMinutes / 60;
    const byPath = new Map<string, number>();
    for (const q of requests) byPath.set(q.path, (byPath.get(q.path) ?? 0) + 1);
    const breakdown = [...byPath.entries()].sort((a, b) => b[1] - a[1]).map(([p, n]) => `${p} ${Math.round(n / hours)}`).join(', ');
    const polls = byPath.get('/staff/last-events') ?? 0;
    console.log(
      `requests per hour, ${o.busy ? `busy (${Math.round(changes / hours)} scripted changes per hour)` : 'idle'}, 20 s interval on a ${o.factor}× clock over ${o.clockMinutes} clock minutes: ` +
        `${Math.round(requests.length / hours)} (${(requests.length / Math.max(1, polls)).toFixed(2)} per poll) — ${breakdown}`,
    );
  } finally {
    for (const stop of stops) stop();
    await r.close();
  }
}

function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

async function memory(sim: ChildSim): Promise<void> {
  const gc = collector();
  const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
  const settle = (): NodeJS.MemoryUsage => {
    gc();
    gc();
    return process.memoryUsage();
  };
  // 10,000 tickets as the ticket views would cache them (full copies, with their events).
  const admin = new OpenSupportsClient({ apiRoot: sim.apiRoot, timeoutMs: 30_000 });
  await admin.login({ email: ADMIN.email, password: ADMIN.password });
  const started = performance.now();
  // Kept on disk while measuring, so the baseline does not already hold them.
  const scratch = mkdtempSync(join(tmpdir(), 'staffdesk-syncbench-tickets-'));
  const file = join(scratch, 'tickets.json');
  let count: number;
  {
    const data: TicketData[] = [];
    const keep = (tickets: readonly Ticket[]): void => {
      for (const t of tickets) data.push(fromServer(t, true));
    };
    const first = await admin.searchTickets({ page: 1 });
    keep(first.tickets);
    for (let page = 2; page <= first.pages; page += 16) {
      const batch = await Promise.all(Array.from({ length: Math.min(16, first.pages - page + 1) }, (_, i) => admin.searchTickets({ page: page + i })));
      for (const b of batch) keep(b.tickets);
    }
    writeFileSync(file, JSON.stringify(data));
    count = data.length;
  }
  console.log(`memory: fetched ${count} full tickets (with events) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const base = settle();
  const r = await rig(sim, AGENTS.slice(0, 3), { factor: 1, intervalSeconds: 20 });
  const withEngine = settle();
  const cache = new TicketCache(r.store.tickets(zTicketData));
  for (const [k, id] of [...r.targets.keys()].entries()) {
    // Each helpdesk gets its own copies, as three real helpdesks would.
    const data = zTicketData.array().parse(JSON.parse(readFileSync(file, 'utf8')));
    for (let i = 0; i < data.length; i += 500) cache.put(id, data.slice(i, i + 500), AGENTS[k]!.id);
  }
  await r.engine.pollNow().done;
  const withCache = settle();
  rmSync(scratch, { recursive: true, force: true });
  const dbBytes = statSync(join(r.store.db.name)).size;
  const markBytes = [...r.targets.keys()].reduce((sum, id) => sum + r.store.watermarks.list(id).reduce((n, w) => n + w.value.length, 0), 0);
  // RSS is reported as measured, not as differences: freed memory is returned to the system late,
  // so its differences are noise at this scale. Heap differences are after full collections.
  console.log(
    `memory of the core, 3 helpdesks: heap used ${mb(base.heapUsed)} before, ${mb(withEngine.heapUsed)} with the sync engine (3 pollers after their first full sync; +${mb(withEngine.heapUsed - base.heapUsed)}), ` +
      `${mb(withCache.heapUsed)} with 3 × ${count} full tickets in the ticket cache (electron/core/tickets/cache.ts, SQLite + memory layer; +${mb(withCache.heapUsed - base.heapUsed)}); ` +
      `RSS ${mb(base.rss)} → ${mb(withEngine.rss)} → ${mb(withCache.rss)}; sync markers ${(markBytes / 1024).toFixed(1)} KB; database file ${mb(dbBytes)}`,
  );
  await r.close();
}

export async function benchSync(): Promise<void> {
  const t0 = performance.now();
  const sim = await spawnSim(TICKETS);
  console.log(`sync: demo simulator with ${TICKETS} tickets ready in a child process in ${Math.round(performance.now() - t0)} ms`);
  try {
    await memory(sim);
    await latency(sim, { label: 'default 20 s interval on a 20× clock (1 s of real time per interval)', intervalSeconds: 20, factor: 20, trialsPerAgent: 10 });
    await latency(sim, { label: '5 s interval in real time', intervalSeconds: 5, factor: 1, trialsPerAgent: 10 });
    await requestsPerHour(sim, { busy: false, clockMinutes: 60, factor: 100 });
    await requestsPerHour(sim, { busy: true, clockMinutes: 30, factor: 100 });
  } finally {
    await sim.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchSync().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
