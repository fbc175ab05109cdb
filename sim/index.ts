import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { type SimActor, createActor, runScript } from './actor.js';
import { Repo } from './db/repo.js';
import { openDatabase } from './db/schema.js';
import type { SeedResult, SimAccount } from './db/seed-common.js';
import { seedDemo } from './db/seed-demo.js';
import { seedEmpty } from './db/seed-empty.js';
import { seedRecorded } from './db/seed-recorded.js';
import { staffRoutes } from './handlers/staff.js';
import { systemRoutes } from './handlers/system.js';
import { ticketRoutes } from './handlers/ticket.js';
import { userRoutes } from './handlers/user.js';
import type { Handler } from './http/context.js';
import { createSimServer } from './http/server.js';
import { SessionStore } from './session.js';
import { randomHex } from './util/random.js';
import type { World } from './world.js';

export type { SimAccount } from './db/seed-common.js';
export type { SimActor, ActorRef, TicketRef, RemoteSimActor } from './actor.js';
export { remoteActor } from './actor.js';
export { ApiFail } from './errors.js';

export interface SimOptions {
  host?: string;
  port?: number;
  seed: 'recorded' | 'demo' | 'empty';
  /** With 'demo': total number of generated tickets (default 300). */
  tickets?: number;
  /** Default: a fresh file in os.tmpdir(), removed on close. A given file is recreated and kept. */
  dbFile?: string;
  /** Default '/api'; '' serves at the bare origin like the recorded instance. */
  apiPrefix?: string;
  now?: () => Date;
  latencyMs?: number;
  /**
   * Start again where a closed simulator left off (see `RunningSim.restartState`), as a server
   * restarting after an outage: the same database file and the same session store (PHP keeps
   * sessions in files, which survive a web-server restart). Nothing is re-seeded; `seed` and
   * `dbFile` are ignored. Give the old `port` to come back at the same address.
   */
  resume?: SimRestartState;
}

/** What a restart needs from the run before it. */
export interface SimRestartState {
  dbFile: string;
  sessions: SessionStore;
  credentials: { staff: SimAccount[]; users: SimAccount[] };
}

export interface RunningSim {
  origin: string;
  apiRoot: string;
  port: number;
  credentials: { staff: SimAccount[]; users: SimAccount[] };
  act: SimActor;
  /** Per-launch secret for `POST {origin}/__sim/<method>` (header `x-sim-secret`). */
  secret: string;
  requestCount(): number;
  /** Every session id, csrf token and remember token this simulator issued (for leak scans). */
  issuedSecrets(): readonly string[];
  /** For `startSim({ resume })` after `close()`; null when the database file is temporary (removed on close). */
  restartState(): SimRestartState | null;
  close(): Promise<void>;
}

function routeTable(): ReadonlyMap<string, Handler> {
  return new Map(Object.entries({ ...userRoutes, ...staffRoutes, ...ticketRoutes, ...systemRoutes }));
}

function normalisePrefix(prefix: string): string {
  if (prefix === '' || prefix === '/') return '';
  return `/${prefix.replace(/^\/+|\/+$/g, '')}`;
}

export async function startSim(opts: SimOptions): Promise<RunningSim> {
  const host = opts.host ?? '127.0.0.1';
  const apiPrefix = normalisePrefix(opts.apiPrefix ?? '/api');
  const now = opts.now ?? ((): Date => new Date());
  const resume = opts.resume;
  const temporary = !resume && opts.dbFile === undefined;
  const dbFile = resume?.dbFile ?? opts.dbFile ?? join(tmpdir(), `staffdesk-sim-${process.pid}-${randomHex(12)}.sqlite`);
  const removeDbFiles = (): void => {
    for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) if (existsSync(f)) rmSync(f, { force: true });
  };
  if (!resume) removeDbFiles();
  const db = openDatabase(dbFile, { existing: resume !== undefined });
  const repo = new Repo(db);
  const world: World = { repo, now, sessions: resume?.sessions ?? new SessionStore(now), origin: '', apiRoot: '' };
  const act = createActor(world);
  const secret = randomHex(32);
  let requests = 0;

  const sim = createSimServer({
    world,
    routes: routeTable(),
    apiPrefix,
    latencyMs: opts.latencyMs ?? 0,
    secret,
    script: (method, args) => runScript(act, method, args),
    onApiRequest: () => {
      requests++;
    },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      sim.server.once('error', reject);
      sim.server.listen(opts.port ?? 0, host, () => {
        sim.server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    db.close();
    if (temporary) removeDbFiles();
    throw e;
  }
  const { port } = sim.server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  world.origin = origin;
  world.apiRoot = origin + apiPrefix;

  let seeded: SeedResult;
  if (resume) seeded = resume.credentials;
  else if (opts.seed === 'recorded') seeded = repo.tx(() => seedRecorded(repo, origin));
  else if (opts.seed === 'demo') seeded = seedDemo(world, origin, { tickets: opts.tickets ?? 300 });
  else seeded = repo.tx(() => seedEmpty(repo, origin));

  let closed = false;
  return {
    origin,
    apiRoot: world.apiRoot,
    port,
    credentials: { staff: seeded.staff, users: seeded.users },
    act,
    secret,
    requestCount: () => requests,
    issuedSecrets: () => world.sessions.issued(),
    restartState: () => (temporary ? null : { dbFile, sessions: world.sessions, credentials: seeded }),
    close: async () => {
      if (closed) return;
      closed = true;
      await sim.close();
      db.close();
      if (temporary) removeDbFiles();
    },
  };
}
