/**
 * Shared set-up for the outbox integration tests: a real store in a temporary data folder, the
 * real drafts and outbox, and the real protocol client talking HTTP to the simulator through the
 * fault proxy. Nothing of the client is mocked; `beforeFetch` only observes (and may delay) what
 * goes over the wire.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutboxItemView, OutboxState } from '../../electron/contract';
import { createDrafts, type Drafts } from '../../electron/core/drafts';
import { OpenSupportsClient, type Ticket, type TicketEvent } from '../../electron/core/opensupports';
import { createOutbox, fingerprint, snapshotFromTicket, type Outbox } from '../../electron/core/outbox';
import { openStore, type AppStore, type TicketSnapshot } from '../../electron/core/store';
import type { RunningSim } from '../../sim';
import type { FaultProxy } from '../support/fault-proxy';
import { account } from '../support/sim';

export const SAM = 'sam.agent@example.test'; // staff 2, level 1, departments 1 (Help and Support) and 2 (Billing)
export const SAM_ID = 2;
export const ADMIN_ID = 1;
export const TERRY_ID = 3; // departments 2 (Billing) and 3 (Technical)
export const ALICE = { userId: 1 };
export const CLIENT_TIMEOUT_MS = 1500;

export interface Harness {
  dir: string;
  store: AppStore;
  drafts: Drafts;
  outbox: Outbox;
  client: OpenSupportsClient;
  helpdeskId: string;
  online: { value: boolean };
  delivered: number[];
  changes: OutboxItemView[][];
  /** Runs before each request of the outbox's client leaves (path, e.g. "/api/ticket/comment"). */
  beforeFetch: { hook: ((path: string) => Promise<void> | void) | null };
  /** What the ticket view shows: fetched now and used as the snapshot of drafts begun later. */
  open(ticketNumber: number): Promise<Ticket>;
  type(ticketNumber: number, html: string, internal?: boolean): void;
  /** A fresh outbox and store on the same data folder, as after a restart of the app. */
  restart(): Promise<void>;
  item(id: number): OutboxItemView | undefined;
  waitForState(id: number, state: OutboxState, timeoutMs?: number): Promise<OutboxItemView>;
  close(): Promise<void>;
}

export async function createHarness(sim: RunningSim, proxy: FaultProxy, options: { email?: string } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'staffdesk-outbox-'));
  const email = options.email ?? SAM;
  const beforeFetch: Harness['beforeFetch'] = { hook: null };
  const client = new OpenSupportsClient({
    apiRoot: `${proxy.url}/api`,
    timeoutMs: CLIENT_TIMEOUT_MS,
    fetch: async (input, init) => {
      await beforeFetch.hook?.(input.pathname);
      return fetch(input, init);
    },
  });
  await client.login({ email, password: account(sim, email).password, remember: false });

  const snapshots = new Map<number, TicketSnapshot>();
  const online = { value: true };
  const delivered: number[] = [];
  const changes: OutboxItemView[][] = [];

  let store = openStore(dir);
  const helpdeskId = store.helpdesks.insert({ label: 'Sim', apiRoot: sim.apiRoot, userEmail: email, userId: client.userId, staffName: null, staffLevel: null }).id;

  const build = () => {
    const drafts = createDrafts({ store, dataDir: dir, snapshotOf: (_id, n) => snapshots.get(n) ?? null });
    const outbox = createOutbox({
      store,
      drafts,
      clientOf: () => client,
      isOnline: () => online.value,
      onChanged: (items) => changes.push(items),
      onDelivered: (_id, n) => {
        delivered.push(n);
        return null;
      },
      retry: { firstDelayMs: 30, maxDelayMs: 200, settleMs: 60 },
    });
    return { drafts, outbox };
  };

  let parts = build();
  await parts.outbox.start();

  const harness: Harness = {
    dir,
    get store() {
      return store;
    },
    get drafts() {
      return parts.drafts;
    },
    get outbox() {
      return parts.outbox;
    },
    client,
    helpdeskId,
    online,
    delivered,
    changes,
    beforeFetch,
    async open(ticketNumber) {
      const ticket = await client.getTicket(ticketNumber);
      snapshots.set(ticketNumber, snapshotFromTicket(ticket));
      return ticket;
    },
    type(ticketNumber, html, internal = false) {
      parts.drafts.save({ helpdeskId, ticketNumber, html, internal });
    },
    async restart() {
      await parts.outbox.stop();
      store.close();
      store = openStore(dir);
      parts = build();
      await parts.outbox.start();
    },
    item(id) {
      return parts.outbox.list().find((i) => i.id === id);
    },
    async waitForState(id, state, timeoutMs = 8000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const entry = store.outbox.get(id);
        if (entry?.state === state) return parts.outbox.list().find((i) => i.id === id) ?? ({ id, state } as OutboxItemView);
        if (Date.now() > deadline) throw new Error(`item ${id} is ${entry?.state ?? 'gone'}, not ${state}, after ${timeoutMs} ms (last error: ${entry?.lastError ?? '-'})`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      await parts.outbox.stop();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** An admin session straight to the simulator (no proxy), to see what really arrived. */
export async function observer(sim: RunningSim): Promise<OpenSupportsClient> {
  const client = new OpenSupportsClient({ apiRoot: sim.apiRoot, timeoutMs: 5000 });
  await client.login({ email: 'admin@example.test', password: account(sim, 'admin@example.test').password, remember: false });
  return client;
}

/** Comments on the ticket by that staff member whose text matches `html` as the server stored it. */
export async function commentsLike(watcher: OpenSupportsClient, ticketNumber: number, html: string, staffId = SAM_ID): Promise<TicketEvent[]> {
  const ticket = await watcher.getTicket(ticketNumber);
  const wanted = fingerprint(html);
  return ticket.events.filter((e) => e.type === 'COMMENT' && e.author?.staff === true && e.author.id === staffId && fingerprint(e.content ?? '') === wanted);
}

/** A different text every time, so tests sharing one simulator never count each other's replies. */
let counter = 0;
export function uniqueReply(label: string): string {
  counter++;
  return `<p>${label} — reply ${counter} at ${Date.now()}</p>`;
}
