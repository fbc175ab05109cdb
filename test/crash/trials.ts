/**
 * Crash trials: the driver (a child process using the real store, drafts, outbox and client) types
 * and sends replies to the simulator, here in this process, through the fault proxy; we kill it
 * with SIGKILL at random moments while it types or while it sends, restart it, and repeat. At the
 * end a last run finishes what is left, and every reply that was typed must be on the server
 * exactly once or still be a draft or outbox item with its full text.
 *
 * Everything here is asynchronous (spawn, pipes, timers): the simulator lives in this process and
 * must keep answering while we wait for the child.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { comparableText } from '../../electron/core/outbox';
import { OpenSupportsClient } from '../../electron/core/opensupports';
import { openStore } from '../../electron/core/store';
import { startSim } from '../../sim';
import { startFaultProxy, type Fault } from '../support/fault-proxy';
import { account } from '../support/sim';
import { attachmentBytes, fullText, hasAttachment, htmlOf, TOKEN, type DriverConfig, type DriverEvent } from './script';

const DRIVER = fileURLToPath(new URL('./driver.ts', import.meta.url));
const SAM = 'sam.agent@example.test';
const SAM_ID = 2;
/** Help and Support tickets of the recorded seed (Sam's department). */
const TICKETS = [196568, 363100, 937999];
const FAULTS: (Fault | 'none')[] = ['none', 'none', 'commit-then-drop', 'hang', 'reset-before', 'status-500'];

export interface CrashTrialOptions {
  trials: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface CrashTrialReport {
  seed: number;
  trials: number;
  /** Replies the driver began to type. */
  replies: number;
  /** Of those, how many had at least one burst saved (acknowledged by the store). */
  saved: number;
  delivered: number;
  /** Still a draft or an outbox item with its full text (allowed). */
  pending: number;
  /** Typed but killed before the first save committed: nothing reached the store (allowed). */
  unsaved: number;
  lost: number;
  duplicated: number;
  /** Delivered with a text or attachment other than the one typed. */
  altered: number;
  kills: { typing: number; sending: number; other: number };
  /** Restarts that found a reply marked `sending` (the kill landed mid-request) or a draft left behind. */
  resumed: { midSend: number; drafts: number };
  faults: Record<string, number>;
  /** Attachment files left in the data folder that nothing needs. */
  strayFiles: number;
  /** Lines saying what went wrong, for the report. */
  problems: string[];
}

/** A small seeded generator, so a failing run can be repeated with its seed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Child {
  events: DriverEvent[];
  stderr: () => string;
  /** Resolves with the `nth` (1-based) event of that kind, or null when the child ended or time ran out first. */
  waitFor(kind: DriverEvent['ev'], timeoutMs: number, nth?: number): Promise<DriverEvent | null>;
  kill(): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startDriver(config: DriverConfig): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', DRIVER, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const events: DriverEvent[] = [];
  const listeners = new Set<() => void>();
  let buffer = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.trim()) events.push(JSON.parse(line) as DriverEvent);
      newline = buffer.indexOf('\n');
    }
    for (const listener of [...listeners]) listener();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let ended = false;
  void exited.then(() => {
    ended = true;
    for (const listener of [...listeners]) listener();
  });
  return {
    events,
    stderr: () => stderr,
    waitFor: (kind, timeoutMs, nth = 1) =>
      new Promise((resolve) => {
        const check = (): void => {
          const found = events.filter((e) => e.ev === kind)[nth - 1];
          if (found || ended) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(found ?? null);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          resolve(null);
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
    kill: async () => {
      if (!ended) child.kill('SIGKILL');
      await exited;
    },
    exited,
  };
}

export async function runCrashTrials(options: CrashTrialOptions): Promise<CrashTrialReport> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const log = options.log ?? (() => undefined);

  // A little latency keeps requests in flight long enough for a kill to land in the middle of one.
  const sim = await startSim({ seed: 'recorded', latencyMs: 20 });
  const proxy = await startFaultProxy(sim.origin);
  const dataDir = mkdtempSync(join(tmpdir(), 'staffdesk-crash-'));
  const base: Omit<DriverConfig, 'mode'> = {
    dataDir,
    apiRoot: `${proxy.url}/api`,
    helpdeskId: randomUUID(),
    email: SAM,
    password: account(sim, SAM).password,
    tickets: TICKETS,
  };
  const report: CrashTrialReport = {
    seed,
    trials: options.trials,
    replies: 0,
    saved: 0,
    delivered: 0,
    pending: 0,
    unsaved: 0,
    lost: 0,
    duplicated: 0,
    altered: 0,
    kills: { typing: 0, sending: 0, other: 0 },
    resumed: { midSend: 0, drafts: 0 },
    faults: {},
    strayFiles: 0,
    problems: [],
  };
  const typed = new Map<string, { ticket: number; saved: boolean }>();
  const collect = (events: readonly DriverEvent[]): void => {
    for (const e of events) {
      if (e.ev === 'ready') {
        report.resumed.midSend += e.midSend;
        report.resumed.drafts += e.drafts;
      }
      if (e.ev === 'typed' && !typed.has(e.token)) typed.set(e.token, { ticket: e.ticket, saved: false });
      if (e.ev === 'saved') {
        const entry = typed.get(e.token);
        if (entry) entry.saved = true;
      }
    }
  };

  try {
    for (let trial = 1; trial <= options.trials; trial++) {
      const fault = pick(FAULTS);
      report.faults[fault] = (report.faults[fault] ?? 0) + 1;
      if (fault !== 'none') await proxy.set(fault, { match: '/ticket/comment', times: 1 + Math.floor(rand() * 2) });

      const child = startDriver({ ...base, mode: 'run' });
      const ready = await child.waitFor('ready', 30_000);
      if (!ready) throw new Error(`driver did not start: ${child.stderr()}`);
      const moment = pick(['typing', 'sending', 'other'] as const);
      const at = moment === 'typing' ? 1 + Math.floor(rand() * 14) : 1 + Math.floor(rand() * 4);
      await child.waitFor(moment === 'typing' ? 'typed' : moment === 'sending' ? 'send' : 'ready', 20_000, moment === 'other' ? 1 : at);
      // "Other": somewhere in the next second, whatever it is doing then.
      const delay = moment === 'typing' ? rand() * 4 : moment === 'sending' ? rand() * 60 : rand() * 1000;
      await new Promise((r) => setTimeout(r, delay));
      await child.kill();
      report.kills[moment]++;
      collect(child.events);
      const failure = child.events.find((e) => e.ev === 'error');
      if (failure && failure.ev === 'error') report.problems.push(`trial ${trial}: driver error: ${failure.message}`);
      await proxy.heal();
      log(`trial ${trial}/${options.trials}: fault ${fault}, killed while ${moment}, ${child.events.filter((e) => e.ev === 'sent').length} sent`);
    }

    // The last run is not killed: it finishes the drafts and sends what is left.
    const last = startDriver({ ...base, mode: 'drain' });
    const drained = await last.waitFor('drained', 90_000);
    await last.kill();
    collect(last.events);
    if (!drained) report.problems.push(`the final run did not finish: ${last.stderr().slice(-2000)}`);
    else if (drained.ev === 'drained' && drained.left > 0) report.problems.push(`${drained.left} item(s) were still waiting to be sent at the end`);

    await verify(sim, base, typed, report);
  } finally {
    await proxy.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return report;
}

async function verify(sim: Awaited<ReturnType<typeof startSim>>, base: Omit<DriverConfig, 'mode'>, typed: Map<string, { ticket: number; saved: boolean }>, report: CrashTrialReport): Promise<void> {
  const watcher = new OpenSupportsClient({ apiRoot: sim.apiRoot, timeoutMs: 10_000 });
  await watcher.login({ email: 'admin@example.test', password: account(sim, 'admin@example.test').password, remember: false });
  const onServer = new Map<string, { content: string; file: string | null; ticket: number }[]>();
  for (const ticketNumber of TICKETS) {
    const ticket = await watcher.getTicket(ticketNumber);
    for (const e of ticket.events) {
      const token = e.type === 'COMMENT' && e.author?.staff && e.author.id === SAM_ID ? TOKEN.exec(e.content ?? '')?.[0] : undefined;
      if (!token) continue;
      const list = onServer.get(token) ?? [];
      list.push({ content: e.content ?? '', file: e.file, ticket: ticketNumber });
      onServer.set(token, list);
    }
  }

  const store = openStore(base.dataDir);
  const waiting = new Map<string, string>();
  const needed = new Set<string>();
  try {
    for (const d of store.drafts.listAll()) {
      const token = TOKEN.exec(d.content)?.[0];
      if (token) waiting.set(token, d.content);
      for (const a of d.attachments) needed.add(a.path.split(/[\\/]/).pop() ?? '');
    }
    for (const item of store.outbox.list({ states: ['queued', 'sending', 'held', 'failed'] })) {
      const token = TOKEN.exec(item.content)?.[0];
      if (token) waiting.set(token, item.content);
      for (const a of item.attachments) needed.add(a.path.split(/[\\/]/).pop() ?? '');
    }
  } finally {
    store.close();
  }
  const files = existsSync(join(base.dataDir, 'attachments')) ? readdirSync(join(base.dataDir, 'attachments')) : [];
  report.strayFiles = files.filter((f) => !needed.has(f)).length;

  for (const token of onServer.keys()) if (!typed.has(token)) report.problems.push(`${token} is on the server but was never typed`);
  report.replies = typed.size;
  for (const [token, { ticket, saved }] of typed) {
    if (saved) report.saved++;
    const arrived = onServer.get(token) ?? [];
    const full = htmlOf(fullText(token));
    if (arrived.length > 1) {
      report.duplicated++;
      report.problems.push(`${token} arrived ${arrived.length} times`);
    }
    if (arrived.length >= 1) {
      report.delivered++;
      const [first] = arrived;
      const textOk = first && comparableText(first.content) === comparableText(full) && first.ticket === ticket;
      const fileOk = first && (first.file !== null) === hasAttachment(token);
      if (!textOk || !fileOk) {
        report.altered++;
        report.problems.push(`${token} arrived altered: ${JSON.stringify(first)}`);
      } else if (first.file) {
        const download = await watcher.download(first.file);
        if (!Buffer.from(download.bytes).equals(attachmentBytes(token))) {
          report.altered++;
          report.problems.push(`${token}'s attachment arrived with other bytes`);
        }
      }
      continue;
    }
    const kept = waiting.get(token);
    if (kept !== undefined && comparableText(kept) === comparableText(full)) report.pending++;
    else if (!saved && kept === undefined) report.unsaved++;
    else {
      report.lost++;
      report.problems.push(`${token} (ticket ${ticket}) is neither on the server nor kept in full (kept: ${kept ?? 'nothing'})`);
    }
  }
}

export function formatReport(r: CrashTrialReport): string {
  return (
    `crash trials: ${r.trials} trials, ${r.replies} replies (${r.saved} saved), ${r.delivered} delivered, ${r.pending} still waiting, ` +
    `${r.unsaved} killed before their first save, ${r.lost} lost, ${r.duplicated} duplicated, ${r.altered} altered, ${r.strayFiles} stray files; ` +
    `kills: ${r.kills.typing} typing, ${r.kills.sending} sending, ${r.kills.other} other; ` +
    `restarts found ${r.resumed.midSend} replies mid-request and ${r.resumed.drafts} unsent drafts; faults: ${Object.entries(r.faults)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; seed ${r.seed}`
  );
}
