/**
 * The outbox: replies on their way to a helpdesk, kept in the `outbox` table so that a crash, a
 * restart or a lost connection never loses one and never sends one twice.
 *
 * Per helpdesk one lane sends strictly in order (queued_at, id), one reply at a time. A reply
 * waiting for the person (held or failed) holds back later replies to the same ticket, so a
 * conversation never arrives out of order; other tickets go on.
 *
 * Exactly once: an entry is marked `sending` in the table before its request leaves, so after a
 * crash we know which replies may have reached the server. Such an entry, and any entry whose
 * earlier attempt failed, is sent again only after reading the ticket and not finding the reply
 * there (reference §6.13: never retry a comment blindly).
 */
import type { ConnectionState, OutboxItemView, SendResult, TicketDetail } from '../../contract';
import type { Drafts } from '../drafts';
import { ApiError, NetworkError, ProtocolError, SessionExpired, type OpenSupportsClient, type Ticket, type UploadFile } from '../opensupports';
import type { AppStore, OutboxEntry } from '../store';
import { UserFacingError } from '../user-error';
import { fingerprint, isBlank } from './fingerprint';
import { countMatchingComments, DATE_SLACK_MS, describeChanges, TICKET_NOT_VISIBLE, type StaffIdentity } from './ticket-check';

/** What the outbox needs from a helpdesk's protocol client. */
export type OutboxClient = Pick<OpenSupportsClient, 'getTicket' | 'comment' | 'getSettings' | 'getStaff' | 'userId'>;

export type ResolveAction = 'send-anyway' | 'edit' | 'discard' | 'retry';

export interface RetryPolicy {
  /** Wait after the first transient failure; doubles with each further one. */
  firstDelayMs: number;
  maxDelayMs: number;
  /**
   * After an answer was lost, the server may still be working on the request (a slow mail server
   * can hold a comment for many seconds, §6.13). Checking the ticket too early would miss the
   * reply and send it again, so the lane waits at least this long first.
   */
  settleMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { firstDelayMs: 2_000, maxDelayMs: 5 * 60_000, settleMs: 30_000 };

export interface OutboxOptions {
  store: Pick<AppStore, 'outbox' | 'drafts' | 'helpdesks'>;
  drafts: Drafts;
  clientOf: (helpdeskId: string) => OutboxClient;
  /** Who I am on that helpdesk; defaults to asking the client (cached, see identityFromClients). */
  identityOf?: (helpdeskId: string) => Promise<StaffIdentity>;
  /** Whether the helpdesk is signed in and reachable as far as the app knows (the registry's state). */
  isOnline: (helpdeskId: string) => boolean;
  labelOf?: (helpdeskId: string) => string;
  ticketTitleOf?: (helpdeskId: string, ticketNumber: number) => string | null;
  /** The whole list of undelivered items, after every change. */
  onChanged?: (items: OutboxItemView[]) => void;
  /** A reply arrived: refresh the ticket cache. The refreshed ticket, if returned, goes into SendResult. */
  onDelivered?: (helpdeskId: string, ticketNumber: number) => Promise<TicketDetail | null | void> | TicketDetail | null | void;
  clock?: () => Date;
  retry?: Partial<RetryPolicy>;
  log?: (line: string) => void;
}

export interface Outbox {
  /** Resumes after a start or a crash: entries caught mid-send are checked before anything is resent. */
  start(): Promise<void>;
  /** Stops sending; a request in flight is abandoned (and checked at the next start). */
  stop(): Promise<void>;
  /** Queues the ticket's saved draft and, when online, delivers it at once. */
  send(helpdeskId: string, ticketNumber: number): Promise<SendResult>;
  /** Everything not yet delivered, in sending order. */
  list(): OutboxItemView[];
  resolve(id: number, action: ResolveAction): Promise<OutboxItemView[]>;
  /** Sends what is queued for one helpdesk (or all); resolves when the lane is idle again. */
  flush(helpdeskId?: string): Promise<void>;
  /** Wire to the sync engine's connectivity callback and to sign-in. */
  onConnectivity(helpdeskId: string, state: ConnectionState): void;
}

type Outcome = { kind: 'settled' } | { kind: 'transient'; uncertain: boolean } | { kind: 'signed-out' };

interface Lane {
  running: Promise<void> | null;
  again: boolean;
  failures: number;
  /** Backoff after transient failures; cleared when connectivity comes back. */
  pausedUntil: number;
  /** After a lost answer; not cleared by connectivity (see RetryPolicy.settleMs). */
  settleUntil: number;
  timer: ReturnType<typeof setTimeout> | null;
  abort: AbortController;
}

const WAITING_STATES = ['queued', 'sending', 'held', 'failed'] as const;
/** Delivered rows are kept a while: the duplicate check counts them (see deliveredEarlier). */
const KEEP_DELIVERED_MS = 7 * 86_400_000;
const SETTINGS_TTL_MS = 10 * 60_000;

export function createOutbox(options: OutboxOptions): Outbox {
  const { store, drafts } = options;
  const repo = store.outbox;
  const clock = options.clock ?? (() => new Date());
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const log = options.log ?? (() => undefined);
  const identityOf = options.identityOf ?? identityFromClients(options.clientOf);
  const labelOf = options.labelOf ?? ((id: string) => store.helpdesks.get(id)?.label ?? '');
  const titleOf = options.ticketTitleOf ?? (() => null);

  const lanes = new Map<string, Lane>();
  /** Items sent at the person's request while online: nothing changed that they did not see. */
  const immediate = new Set<number>();
  const waiters = new Map<number, (() => void)[]>();
  const deliveredTickets = new Map<number, Promise<TicketDetail | null>>();
  const maxSizes = new Map<string, { bytes: number; at: number }>();
  let stopped = false;

  // ── views ────────────────────────────────────────────────────────────────

  const views = (entries: readonly OutboxEntry[]): OutboxItemView[] => {
    const ordered = [...entries].sort(queueOrder);
    const waitingOn = new Set<string>();
    return ordered.map((entry) => {
      const key = `${entry.helpdeskId}#${entry.ticketNumber}`;
      const blocked = entry.state === 'queued' && waitingOn.has(key);
      if (entry.state === 'held' || entry.state === 'failed') waitingOn.add(key);
      return {
        id: entry.id,
        helpdeskId: entry.helpdeskId,
        helpdeskLabel: safe(() => labelOf(entry.helpdeskId), ''),
        ticketNumber: entry.ticketNumber,
        ticketTitle: safe(() => titleOf(entry.helpdeskId, entry.ticketNumber), null),
        internal: entry.kind === 'note',
        html: entry.content,
        attachments: drafts.attachmentViews(entry.attachments),
        state: entry.state,
        changes: entry.state === 'held' && entry.heldReason ? entry.heldReason.split('\n') : [],
        lastError: blocked ? 'Waiting for your earlier reply to this ticket, which needs your decision.' : entry.state === 'delivered' ? null : entry.lastError,
        queuedAt: entry.queuedAt,
        updatedAt: entry.updatedAt,
      };
    });
  };

  const list = (): OutboxItemView[] => views(repo.list({ states: WAITING_STATES }));

  const viewOf = (entry: OutboxEntry): OutboxItemView => {
    const context = repo.list({ helpdeskId: entry.helpdeskId, states: WAITING_STATES }).filter((e) => e.id !== entry.id);
    const all = views([...context, entry]);
    return all.find((v) => v.id === entry.id) ?? (all[0] as OutboxItemView);
  };

  const emit = (): void => {
    try {
      options.onChanged?.(list());
    } catch (error) {
      log(`outbox: onChanged failed: ${describe(error)}`);
    }
  };

  // ── lanes ────────────────────────────────────────────────────────────────

  const laneOf = (helpdeskId: string): Lane => {
    let lane = lanes.get(helpdeskId);
    if (!lane) {
      lane = { running: null, again: false, failures: 0, pausedUntil: 0, settleUntil: 0, timer: null, abort: new AbortController() };
      lanes.set(helpdeskId, lane);
    }
    return lane;
  };

  const schedule = (helpdeskId: string, lane: Lane, delayMs: number): void => {
    if (stopped) return;
    if (lane.timer) clearTimeout(lane.timer);
    lane.timer = setTimeout(() => {
      lane.timer = null;
      void flushOne(helpdeskId);
    }, Math.max(0, delayMs));
    // A pending retry must not keep the process alive on quit.
    lane.timer.unref?.();
  };

  const backoff = (failures: number): number => {
    const base = Math.min(retry.maxDelayMs, retry.firstDelayMs * 2 ** Math.max(0, failures - 1));
    // Jitter, so several helpdesks behind one flaky network do not retry in lockstep.
    return Math.round(base * (0.8 + Math.random() * 0.4));
  };

  const release = (ids: Iterable<number>): void => {
    for (const id of ids) {
      const pending = waiters.get(id);
      waiters.delete(id);
      for (const resolve of pending ?? []) resolve();
    }
  };

  const waitFor = (id: number): Promise<void> =>
    new Promise((resolve) => {
      const pending = waiters.get(id) ?? [];
      pending.push(resolve);
      waiters.set(id, pending);
    });

  /** The first queued entry of the helpdesk that nothing earlier on its ticket is waiting on. */
  const nextSendable = (helpdeskId: string): OutboxEntry | null => {
    const entries = repo.list({ helpdeskId, states: WAITING_STATES }).sort(queueOrder);
    const waitingOn = new Set<number>();
    for (const entry of entries) {
      if (entry.state !== 'queued') {
        waitingOn.add(entry.ticketNumber);
        continue;
      }
      if (!waitingOn.has(entry.ticketNumber)) return entry;
    }
    return null;
  };

  const drain = async (helpdeskId: string, lane: Lane): Promise<void> => {
    while (!stopped) {
      if (!options.isOnline(helpdeskId)) return;
      const now = Date.now();
      const resumeAt = Math.max(lane.pausedUntil, lane.settleUntil);
      if (now < resumeAt) {
        schedule(helpdeskId, lane, resumeAt - now);
        return;
      }
      const entry = nextSendable(helpdeskId);
      if (!entry) return;
      const outcome = await attempt(entry, lane);
      immediate.delete(entry.id);
      emit();
      release([entry.id]);
      if (outcome.kind === 'settled') {
        lane.failures = 0;
        continue;
      }
      if (outcome.kind === 'signed-out') return; // flush() after the next sign-in resumes
      lane.failures++;
      lane.pausedUntil = Date.now() + backoff(lane.failures);
      if (outcome.uncertain) lane.settleUntil = Date.now() + retry.settleMs;
      schedule(helpdeskId, lane, Math.max(lane.pausedUntil, lane.settleUntil) - Date.now());
      return;
    }
  };

  const flushOne = (helpdeskId: string): Promise<void> => {
    if (stopped) return Promise.resolve();
    const lane = laneOf(helpdeskId);
    if (lane.running) {
      lane.again = true;
      return lane.running;
    }
    lane.running = (async () => {
      try {
        do {
          lane.again = false;
          await drain(helpdeskId, lane);
        } while (lane.again && !stopped);
      } catch (error) {
        log(`outbox: lane ${helpdeskId} stopped on an unexpected error: ${describe(error)}`);
      } finally {
        lane.running = null;
        // Whoever waits for an entry the lane did not reach gets an answer now: it is still queued.
        release([...waiters.keys()].filter((id) => (repo.get(id)?.helpdeskId ?? helpdeskId) === helpdeskId));
      }
    })();
    return lane.running;
  };

  const flush = async (helpdeskId?: string): Promise<void> => {
    if (helpdeskId !== undefined) return flushOne(helpdeskId);
    const ids = new Set(repo.list({ states: ['queued'] }).map((e) => e.helpdeskId));
    await Promise.all([...ids].map((id) => flushOne(id)));
  };

  // ── one attempt ──────────────────────────────────────────────────────────

  const attempt = async (entry: OutboxEntry, lane: Lane): Promise<Outcome> => {
    const signal = lane.abort.signal;
    try {
      const client = options.clientOf(entry.helpdeskId);
      const file = await prepareFile(entry, client, signal);
      if (file === 'failed') return { kind: 'settled' };

      const isImmediate = immediate.has(entry.id);
      const checkDelivery = entry.attempts > 0;
      const checkChanges = !entry.checkWaived && !isImmediate;
      if (checkDelivery || checkChanges) {
        const ticket = await readTicket(client, entry.ticketNumber, signal);
        const me = await identityOf(entry.helpdeskId);
        if (ticket && checkDelivery && alreadyThere(entry, ticket, me)) {
          // Our earlier attempt did arrive: record it without sending again.
          if (repo.claim(entry.id) && repo.markDelivered(entry.id)) await delivered(entry);
          log(`outbox: #${entry.id} was already on ticket ${entry.ticketNumber}; not sent again`);
          return { kind: 'settled' };
        }
        if (checkChanges) {
          const changes = ticket ? describeChanges({ ticket, snapshot: entry.snapshot, draftStartedAt: entry.draftStartedAt, me, now: clock() }) : [TICKET_NOT_VISIBLE];
          if (changes.length > 0) {
            repo.hold(entry.id, changes.join('\n'));
            return { kind: 'settled' };
          }
        }
      }

      // Durable before the request leaves: after a crash, `sending` means "may have arrived".
      const claimed = repo.claim(entry.id);
      if (!claimed) return { kind: 'settled' }; // discarded or edited meanwhile
      emit();
      await client.comment({ ticketNumber: entry.ticketNumber, content: entry.content, private: entry.kind === 'note', file: file ?? undefined }, { signal });
      if (repo.markDelivered(entry.id)) await delivered(entry);
      return { kind: 'settled' };
    } catch (error) {
      return settleFailure(entry.id, error);
    }
  };

  /** Reads the attachment and checks it against the helpdesk's limit; 'failed' when it cannot go. */
  const prepareFile = async (entry: OutboxEntry, client: OutboxClient, signal: AbortSignal): Promise<UploadFile | null | 'failed'> => {
    const ref = entry.attachments[0];
    if (!ref) return null;
    const limit = await maxAttachmentBytes(entry.helpdeskId, client, signal);
    if (ref.size > limit) {
      repo.markFailed(entry.id, `“${ref.name}” is ${formatBytes(ref.size)}, but this helpdesk accepts attachments of at most ${formatBytes(limit)}.`);
      return 'failed';
    }
    try {
      return { name: ref.name, type: ref.mimeType, data: await drafts.files.read(ref) };
    } catch {
      repo.markFailed(entry.id, `The attachment “${ref.name}” is missing from this computer. Edit the reply to attach it again.`);
      return 'failed';
    }
  };

  const maxAttachmentBytes = async (helpdeskId: string, client: OutboxClient, signal: AbortSignal): Promise<number> => {
    const cached = maxSizes.get(helpdeskId);
    if (cached && Date.now() - cached.at < SETTINGS_TTL_MS) return cached.bytes;
    const settings = await client.getSettings({}, { signal });
    const bytes = settings['max-size'] * 1024 * 1024;
    maxSizes.set(helpdeskId, { bytes, at: Date.now() });
    return bytes;
  };

  /** The ticket, or null when I may no longer see it (moved out of my departments, deleted). */
  const readTicket = async (client: OutboxClient, ticketNumber: number, signal: AbortSignal): Promise<Ticket | null> => {
    try {
      return await client.getTicket(ticketNumber, { signal });
    } catch (error) {
      // The client has already told a dead session (SessionExpired) from a real refusal.
      if (error instanceof ApiError && error.code === 'NO_PERMISSION') return null;
      throw error;
    }
  };

  const alreadyThere = (entry: OutboxEntry, ticket: Ticket, me: StaffIdentity): boolean => {
    const matches = countMatchingComments(ticket, me, {
      fingerprint: entry.fingerprint,
      internal: entry.kind === 'note',
      hasAttachment: entry.attachments.length > 0,
      queuedAt: entry.queuedAt,
    });
    return matches > deliveredEarlier(entry);
  };

  /**
   * Identical replies delivered shortly before this one (two "Thanks!" on one ticket) also match
   * its fingerprint; they are already accounted for and must not be taken for this one.
   */
  const deliveredEarlier = (entry: OutboxEntry): number => {
    const since = Date.parse(entry.queuedAt) - DATE_SLACK_MS;
    return repo
      .listForTicket(entry.helpdeskId, entry.ticketNumber)
      .filter((e) => e.id !== entry.id && e.state === 'delivered' && e.kind === entry.kind && e.fingerprint === entry.fingerprint && Date.parse(e.updatedAt) >= since).length;
  };

  const delivered = async (entry: OutboxEntry): Promise<void> => {
    await drafts.files.remove(entry.attachments).catch((error: unknown) => log(`outbox: could not remove attachment files of #${entry.id}: ${describe(error)}`));
    const refreshed = (async (): Promise<TicketDetail | null> => {
      try {
        return (await options.onDelivered?.(entry.helpdeskId, entry.ticketNumber)) ?? null;
      } catch (error) {
        log(`outbox: onDelivered failed for ticket ${entry.ticketNumber}: ${describe(error)}`);
        return null;
      }
    })();
    if (immediate.has(entry.id)) deliveredTickets.set(entry.id, refreshed);
    await refreshed;
  };

  /** Puts the entry where its failure leaves it and says what the lane should do next. */
  const settleFailure = (id: number, error: unknown): Outcome => {
    const current = repo.get(id);
    if (!current || current.state === 'delivered' || current.state === 'held' || current.state === 'failed') return { kind: 'settled' };
    const sent = current.state === 'sending';
    const wait = (reason: string): void => {
      if (sent) repo.retryLater(id, reason);
      else repo.noteWaiting(id, reason);
    };
    if (error instanceof SessionExpired) {
      wait(`${error.message} The reply will be sent once you are signed in again.`);
      return { kind: 'signed-out' };
    }
    if (error instanceof ApiError) {
      // Before the comment went out the refusal was of a read (the ticket, the settings), not of the reply.
      repo.markFailed(id, sent ? `The helpdesk refused this reply: ${error.message}` : `The helpdesk answered with an error before the reply could be sent: ${error.message}`);
      return { kind: 'settled' };
    }
    if (error instanceof NetworkError || error instanceof ProtocolError) {
      // A protocol error (a 500 page, a cut-off answer) can come after the server has stored the
      // comment, so it counts as "may have arrived" like a lost connection.
      const uncertain = sent && (error instanceof ProtocolError || error.mayHaveReachedServer);
      wait(
        uncertain
          ? `${error.message} The reply may have arrived; Staffdesk will check the ticket before sending it again.`
          : `${error.message} The reply will be sent when the helpdesk can be reached.`,
      );
      return { kind: 'transient', uncertain };
    }
    log(`outbox: unexpected failure sending #${id}: ${describe(error)}`);
    wait('Something went wrong inside Staffdesk while sending; it will check the ticket and try again.');
    return { kind: 'transient', uncertain: sent };
  };

  // ── the public side ──────────────────────────────────────────────────────

  const send = async (helpdeskId: string, ticketNumber: number): Promise<SendResult> => {
    const draft = store.drafts.get(helpdeskId, ticketNumber);
    if (!draft) throw new UserFacingError('not-found', 'There is no saved reply on this ticket to send.');
    if (isBlank(draft.content)) throw new UserFacingError('invalid-input', 'The reply has no text. OpenSupports needs some text, even with an attachment.');
    // One transaction: the text leaves the drafts table only by arriving in the outbox.
    const entry = repo.enqueue(
      {
        helpdeskId,
        ticketNumber,
        kind: draft.kind,
        content: draft.content,
        attachments: draft.attachments,
        fingerprint: fingerprint(draft.content),
        draftStartedAt: draft.createdAt,
        snapshot: draft.snapshot,
        customResponseId: draft.customResponseId,
      },
      { consumeDraft: true },
    );
    drafts.notifyChanged();
    emit();
    if (!stopped && options.isOnline(helpdeskId)) {
      immediate.add(entry.id);
      // The person pressing send is a fresh reason to try; a lost answer still gets its settle time.
      laneOf(helpdeskId).pausedUntil = 0;
      const settled = waitFor(entry.id);
      void flushOne(helpdeskId);
      await settled;
      immediate.delete(entry.id);
    }
    const after = repo.get(entry.id) ?? entry;
    const ticket = after.state === 'delivered' ? ((await deliveredTickets.get(entry.id)) ?? null) : null;
    deliveredTickets.delete(entry.id);
    return { state: after.state, item: viewOf(after), ticket };
  };

  const resolve = async (id: number, action: ResolveAction): Promise<OutboxItemView[]> => {
    const entry = repo.get(id);
    if (!entry || entry.state === 'delivered') throw new UserFacingError('not-found', 'That reply is no longer in the outbox.');
    if (entry.state === 'sending') throw new UserFacingError('conflict', 'That reply is being sent right now. Wait a moment and look again.');
    switch (action) {
      case 'send-anyway':
      case 'retry': {
        if (entry.state === 'queued') break;
        const moved = action === 'send-anyway' ? repo.sendAnyway(id) : repo.requeue(id);
        if (!moved) break;
        emit();
        if (!stopped && options.isOnline(entry.helpdeskId)) {
          laneOf(entry.helpdeskId).pausedUntil = 0;
          const settled = waitFor(id);
          void flushOne(entry.helpdeskId);
          await settled;
        }
        break;
      }
      case 'edit': {
        const draft = repo.returnToDraft(id);
        if (!draft) {
          throw new UserFacingError('conflict', 'You have started another reply on this ticket. Send or discard it first, then edit this one.');
        }
        drafts.notifyChanged();
        emit();
        break;
      }
      case 'discard': {
        if (repo.delete(id)) {
          await drafts.files.remove(entry.attachments);
          emit();
        }
        break;
      }
    }
    return list();
  };

  const start = async (): Promise<void> => {
    stopped = false;
    repo.purgeDelivered(new Date(clock().getTime() - KEEP_DELIVERED_MS).toISOString());
    for (const entry of repo.list({ states: ['sending'] })) {
      // Its request may or may not have reached the server; attempts > 0 makes the next try check first.
      repo.retryLater(entry.id, 'Staffdesk stopped while sending this reply; it will check the ticket before sending it again.');
    }
    const removed = await drafts.collectGarbage();
    if (removed > 0) log(`outbox: removed ${removed} attachment file(s) nothing referred to`);
    emit();
    await flush();
  };

  const stop = async (): Promise<void> => {
    stopped = true;
    for (const lane of lanes.values()) {
      if (lane.timer) clearTimeout(lane.timer);
      lane.timer = null;
      lane.abort.abort();
    }
    await Promise.all([...lanes.values()].map((lane) => lane.running ?? Promise.resolve()));
    lanes.clear();
    release([...waiters.keys()]);
  };

  const onConnectivity = (helpdeskId: string, state: ConnectionState): void => {
    if (state !== 'online') return;
    const lane = laneOf(helpdeskId);
    lane.failures = 0;
    lane.pausedUntil = 0;
    void flushOne(helpdeskId);
  };

  return { start, stop, send, list, resolve, flush, onConnectivity };
}

/**
 * Who I am on each helpdesk, from its client: the id the server gave at sign-in and my
 * departments from /staff/get, cached for a few minutes (departments change rarely).
 */
export function identityFromClients(clientOf: (helpdeskId: string) => OutboxClient, ttlMs = 5 * 60_000): (helpdeskId: string) => Promise<StaffIdentity> {
  const cache = new Map<string, { value: StaffIdentity; at: number }>();
  return async (helpdeskId) => {
    const hit = cache.get(helpdeskId);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const client = clientOf(helpdeskId);
    // /staff/get first: it signs in again with the remember token if needed, which sets userId.
    const profile = await client.getStaff();
    const staffId = Number(client.userId);
    if (!Number.isInteger(staffId)) throw new SessionExpired('You are not signed in to this helpdesk.');
    const value = { staffId, departmentIds: profile.departments.map((d) => d.id) };
    cache.set(helpdeskId, { value, at: Date.now() });
    return value;
  };
}

function queueOrder(a: OutboxEntry, b: OutboxEntry): number {
  return a.queuedAt < b.queuedAt ? -1 : a.queuedAt > b.queuedAt ? 1 : a.id - b.id;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
