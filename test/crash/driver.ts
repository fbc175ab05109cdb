/**
 * The crash-trial driver, run as a child process (`node --import tsx driver.ts '<config json>'`)
 * so that SIGKILL hits the real process with the real store, drafts, outbox and client, talking
 * HTTP to the simulator in the parent. It behaves like a person at the keyboard: finishes the
 * drafts it finds, then types replies in bursts (autosaving each burst) and sends them, forever,
 * until the parent kills it. Every burst is logged on stdout before it is saved.
 *
 * Mode "drain" finishes the drafts, waits until the outbox has nothing left to send, and exits.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createDrafts } from '../../electron/core/drafts';
import { OpenSupportsClient } from '../../electron/core/opensupports';
import { createOutbox, snapshotFromTicket } from '../../electron/core/outbox';
import { openStore, type TicketSnapshot } from '../../electron/core/store';
import { attachmentBytes, fullText, hasAttachment, htmlOf, newToken, TOKEN, typingSteps, type DriverConfig, type DriverEvent } from './script';

const config = JSON.parse(process.argv[2] ?? '{}') as DriverConfig;

function say(event: DriverEvent): void {
  // Pipes are written synchronously on Linux, so the line is out before the next step can be killed.
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

async function main(): Promise<void> {
  const store = openStore(config.dataDir);
  if (!store.helpdesks.get(config.helpdeskId)) {
    store.helpdesks.insert({ id: config.helpdeskId, label: 'Crash trials', apiRoot: config.apiRoot, userEmail: config.email, userId: null, staffName: null, staffLevel: null });
  }
  const client = new OpenSupportsClient({ apiRoot: config.apiRoot, timeoutMs: 1000 });
  for (let tries = 0; ; tries++) {
    try {
      await client.login({ email: config.email, password: config.password, remember: false });
      break;
    } catch (error) {
      if (tries > 20) throw error;
      await sleep(100);
    }
  }

  const snapshots = new Map<number, TicketSnapshot>();
  const drafts = createDrafts({ store, dataDir: config.dataDir, snapshotOf: (_id, n) => snapshots.get(n) ?? null });
  const outbox = createOutbox({
    store,
    drafts,
    clientOf: () => client,
    isOnline: () => true,
    retry: { firstDelayMs: 50, maxDelayMs: 400, settleMs: 150 },
  });
  // Before start() resumes them: how many replies the last kill caught in the middle of a request.
  const midSend = store.outbox.list({ states: ['sending'] }).length;
  await outbox.start();
  say({ ev: 'ready', pid: process.pid, midSend, drafts: store.drafts.list(config.helpdeskId).length });

  const ref = (ticket: number) => ({ helpdeskId: config.helpdeskId, ticketNumber: ticket });

  /** Types the rest of a reply (from `fromStep`), attaches its file if it has one, and sends it. */
  const write = async (ticket: number, token: string, fromStep: number): Promise<void> => {
    const steps = typingSteps(token);
    for (const html of steps.slice(fromStep)) {
      say({ ev: 'typed', ticket, token, html });
      drafts.save({ ...ref(ticket), html, internal: false });
      say({ ev: 'saved', ticket, token, html });
      await sleep(Math.random() * 8);
    }
    // A finished draft may come from a killed run: make sure it is the full text before sending.
    const full = htmlOf(fullText(token));
    if (drafts.get(ref(ticket))?.html !== full) {
      say({ ev: 'typed', ticket, token, html: full });
      drafts.save({ ...ref(ticket), html: full, internal: false });
      say({ ev: 'saved', ticket, token, html: full });
    }
    if (hasAttachment(token) && drafts.get(ref(ticket))?.attachments.length === 0) {
      await drafts.attach({ ...ref(ticket), attachment: { name: `${token}.txt`, type: 'text/plain', dataBase64: attachmentBytes(token).toString('base64') } });
    }
    say({ ev: 'send', ticket, token });
    const result = await outbox.send(config.helpdeskId, ticket);
    say({ ev: 'sent', ticket, token, state: result.state });
  };

  // What a killed run left half-typed: the person comes back and finishes it.
  for (const draft of drafts.list().filter((d) => d.helpdeskId === config.helpdeskId)) {
    const token = TOKEN.exec(draft.html)?.[0];
    if (!token) continue;
    const done = typingSteps(token).indexOf(draft.html);
    await write(draft.ticketNumber, token, done + 1);
  }

  if (config.mode === 'drain') {
    const deadline = Date.now() + 60_000;
    for (;;) {
      await outbox.flush();
      const left = store.outbox.list({ states: ['queued', 'sending'] }).length;
      if (left === 0 || Date.now() > deadline) {
        await outbox.stop();
        store.close();
        say({ ev: 'drained', left });
        return;
      }
      await sleep(100);
    }
  }

  for (const ticket of config.tickets) snapshots.set(ticket, snapshotFromTicket(await client.getTicket(ticket)));
  for (;;) {
    const ticket = config.tickets[Math.floor(Math.random() * config.tickets.length)] ?? config.tickets[0] ?? 0;
    await write(ticket, newToken(), 0);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say({ ev: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  },
);
