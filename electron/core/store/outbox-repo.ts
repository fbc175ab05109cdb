/**
 * The send queue, as a table so nothing typed is lost to a crash or a restart.
 *
 * Each state change is a compare-and-set on the current state: a method returns null when the
 * entry is not in a state it may leave that way. That lets the sender claim an entry once even if
 * two pollers race, and makes a stale decision fail visibly instead of overwriting a newer one.
 *
 *   queued ──claim──▶ sending ──delivered──▶ delivered
 *     ▲                 │ └──retryLater──▶ queued
 *     │                 └──fail──▶ failed
 *     └──requeue── held / failed ◀──hold── queued / sending / failed
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { parseDraftRow, type Draft } from './draft-repo';
import {
  parseRow,
  systemClock,
  toIso,
  zAttachmentList,
  zIsoText,
  zMessageKind,
  zSnapshotColumn,
  zSqlBool,
  zSqlInt,
  type AttachmentRef,
  type Clock,
  type MessageKind,
  type TicketSnapshot,
} from './rows';

export const OUTBOX_STATES = ['queued', 'sending', 'held', 'failed', 'delivered'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface OutboxEntry {
  id: number;
  helpdeskId: string;
  ticketNumber: number;
  kind: MessageKind;
  content: string;
  attachments: AttachmentRef[];
  /** Identifies the message's content, so delivery can be checked against the ticket's events. */
  fingerprint: string;
  state: OutboxState;
  /** How many times it was claimed for sending. */
  attempts: number;
  lastError: string | null;
  heldReason: string | null;
  draftStartedAt: string;
  queuedAt: string;
  updatedAt: string;
  /** The ticket as it was when the draft began (see TicketSnapshot); null if unknown. */
  snapshot: TicketSnapshot | null;
  customResponseId: number | null;
  /** The person chose "send anyway": the collision check no longer applies. */
  checkWaived: boolean;
}

export interface NewOutboxEntry {
  helpdeskId: string;
  ticketNumber: number;
  kind: MessageKind;
  content: string;
  attachments?: readonly AttachmentRef[];
  fingerprint: string;
  /** When the person began writing; used to detect that the ticket changed meanwhile. */
  draftStartedAt: string;
  snapshot?: TicketSnapshot | null;
  customResponseId?: number | null;
}

const zOutboxRow = z
  .object({
    id: zSqlInt,
    helpdesk_id: z.string(),
    ticket_number: zSqlInt,
    kind: zMessageKind,
    content: z.string(),
    attachments: zAttachmentList,
    fingerprint: z.string(),
    state: z.enum(OUTBOX_STATES),
    attempts: zSqlInt.nonnegative(),
    last_error: z.string().nullable(),
    held_reason: z.string().nullable(),
    draft_started_at: zIsoText,
    queued_at: zIsoText,
    updated_at: zIsoText,
    snapshot: zSnapshotColumn,
    custom_response_id: zSqlInt.nullable(),
    check_waived: zSqlBool,
  })
  .transform(
    (r): OutboxEntry => ({
      id: r.id,
      helpdeskId: r.helpdesk_id,
      ticketNumber: r.ticket_number,
      kind: r.kind,
      content: r.content,
      attachments: r.attachments,
      fingerprint: r.fingerprint,
      state: r.state,
      attempts: r.attempts,
      lastError: r.last_error,
      heldReason: r.held_reason,
      draftStartedAt: r.draft_started_at,
      queuedAt: r.queued_at,
      updatedAt: r.updated_at,
      snapshot: r.snapshot,
      customResponseId: r.custom_response_id,
      checkWaived: r.check_waived,
    }),
  );

export interface OutboxFilter {
  helpdeskId?: string;
  states?: readonly OutboxState[];
}

export class OutboxRepo {
  constructor(
    private readonly db: Database,
    private readonly now: Clock = systemClock,
  ) {}

  /**
   * Queues a message. With `consumeDraft`, the ticket's draft is deleted in the same transaction,
   * so the text is always in exactly one of the two tables.
   */
  enqueue(input: NewOutboxEntry, options: { consumeDraft?: boolean } = {}): OutboxEntry {
    const at = toIso(this.now());
    const id = this.db.transaction(() => {
      const result = this.db
        .prepare(
          `INSERT INTO outbox (helpdesk_id, ticket_number, kind, content, attachments, fingerprint, state, attempts, draft_started_at, queued_at, updated_at,
                              snapshot, custom_response_id)
           VALUES (@helpdeskId, @ticketNumber, @kind, @content, @attachments, @fingerprint, 'queued', 0, @draftStartedAt, @at, @at,
                   @snapshot, @customResponseId)`,
        )
        .run({
          helpdeskId: input.helpdeskId,
          ticketNumber: input.ticketNumber,
          kind: input.kind,
          content: input.content,
          attachments: JSON.stringify(input.attachments ?? []),
          fingerprint: input.fingerprint,
          draftStartedAt: input.draftStartedAt,
          at,
          snapshot: input.snapshot ? JSON.stringify(input.snapshot) : null,
          customResponseId: input.customResponseId ?? null,
        });
      if (options.consumeDraft) {
        this.db.prepare('DELETE FROM drafts WHERE helpdesk_id = ? AND ticket_number = ?').run(input.helpdeskId, input.ticketNumber);
      }
      return Number(result.lastInsertRowid);
    })();
    return this.mustGet(id);
  }

  get(id: number): OutboxEntry | null {
    const row = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id);
    return row === undefined ? null : parse(row);
  }

  /** Entries in queue order (oldest first). */
  list(filter: OutboxFilter = {}): OutboxEntry[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.helpdeskId !== undefined) {
      where.push('helpdesk_id = ?');
      params.push(filter.helpdeskId);
    }
    if (filter.states !== undefined) {
      if (filter.states.length === 0) return [];
      where.push(`state IN (${filter.states.map(() => '?').join(', ')})`);
      params.push(...filter.states);
    }
    const sql = `SELECT * FROM outbox ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
    return this.db.prepare(sql).all(...params).map(parse);
  }

  listForTicket(helpdeskId: string, ticketNumber: number): OutboxEntry[] {
    return this.db.prepare('SELECT * FROM outbox WHERE helpdesk_id = ? AND ticket_number = ? ORDER BY id').all(helpdeskId, ticketNumber).map(parse);
  }

  /** Takes a queued entry for sending and counts the attempt. Null if someone else has it. */
  claim(id: number): OutboxEntry | null {
    return this.transition(id, ['queued'], 'sending', 'attempts = attempts + 1');
  }

  markDelivered(id: number): OutboxEntry | null {
    return this.transition(id, ['sending'], 'delivered', 'last_error = NULL, held_reason = NULL');
  }

  /** A transient failure (offline, timeout known not to have reached the server): try again later. */
  retryLater(id: number, error: string): OutboxEntry | null {
    return this.transition(id, ['sending'], 'queued', 'last_error = @note', error);
  }

  /** Why a queued entry is still waiting (offline, signed out), without changing its state. */
  noteWaiting(id: number, reason: string): OutboxEntry | null {
    return this.transition(id, ['queued'], 'queued', 'last_error = @note', reason);
  }

  /** A permanent failure the person must look at. */
  markFailed(id: number, error: string): OutboxEntry | null {
    return this.transition(id, ['queued', 'sending'], 'failed', 'last_error = @note', error);
  }

  /** Stops automatic sending until the person decides (conflict, uncertain delivery, signed out). */
  hold(id: number, reason: string): OutboxEntry | null {
    return this.transition(id, ['queued', 'sending', 'failed'], 'held', 'held_reason = @note', reason);
  }

  requeue(id: number): OutboxEntry | null {
    return this.transition(id, ['held', 'failed'], 'queued', 'held_reason = NULL');
  }

  /** The person saw what changed and wants it sent: queued again, never held for collisions again. */
  sendAnyway(id: number): OutboxEntry | null {
    return this.transition(id, ['held', 'failed'], 'queued', 'held_reason = NULL, check_waived = 1');
  }

  /**
   * Turns a waiting entry back into the ticket's draft (text, choices, attachments, when it began)
   * and removes the entry, in one transaction so the text is never in both tables or in neither.
   * Null when the entry is not waiting (being sent, delivered, gone) or the ticket already has a
   * newer draft, which must not be overwritten.
   */
  returnToDraft(id: number): Draft | null {
    return this.db.transaction((): Draft | null => {
      const entry = this.get(id);
      if (!entry || !['queued', 'held', 'failed'].includes(entry.state)) return null;
      const inserted = this.db
        .prepare(
          `INSERT INTO drafts (helpdesk_id, ticket_number, kind, content, custom_response_id, attachments, created_at, updated_at, snapshot)
           VALUES (@helpdeskId, @ticketNumber, @kind, @content, @customResponseId, @attachments, @createdAt, @at, @snapshot)
           ON CONFLICT(helpdesk_id, ticket_number) DO NOTHING`,
        )
        .run({
          helpdeskId: entry.helpdeskId,
          ticketNumber: entry.ticketNumber,
          kind: entry.kind,
          content: entry.content,
          customResponseId: entry.customResponseId,
          attachments: JSON.stringify(entry.attachments),
          createdAt: entry.draftStartedAt,
          at: toIso(this.now()),
          snapshot: entry.snapshot ? JSON.stringify(entry.snapshot) : null,
        }).changes;
      if (inserted === 0) return null;
      this.db.prepare('DELETE FROM outbox WHERE id = ?').run(id);
      const row = this.db.prepare('SELECT * FROM drafts WHERE helpdesk_id = ? AND ticket_number = ?').get(entry.helpdeskId, entry.ticketNumber);
      return row === undefined ? null : parseDraftRow(row);
    })();
  }

  /** Forgets delivered entries last touched before `beforeIso`; returns how many went. */
  purgeDelivered(beforeIso: string): number {
    return this.db.prepare("DELETE FROM outbox WHERE state = 'delivered' AND updated_at < ?").run(beforeIso).changes;
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM outbox WHERE id = ?').run(id).changes > 0;
  }

  private transition(id: number, from: readonly OutboxState[], to: OutboxState, extraSet: string, note?: string): OutboxEntry | null {
    // `from` and `extraSet` come only from the methods above, never from callers, so building the
    // SQL text is safe; values go through parameters.
    const allowed = from.map((s) => `'${s}'`).join(', ');
    const changed = this.db
      .prepare(`UPDATE outbox SET state = @to, updated_at = @at, ${extraSet} WHERE id = @id AND state IN (${allowed})`)
      .run({ to, at: toIso(this.now()), id, note: note ?? null }).changes;
    return changed === 0 ? null : this.mustGet(id);
  }

  private mustGet(id: number): OutboxEntry {
    const found = this.get(id);
    if (!found) throw new Error(`outbox entry ${id} vanished inside its own write`);
    return found;
  }
}

function parse(row: unknown): OutboxEntry {
  return parseRow(zOutboxRow, row, 'outbox', `id=${String((row as { id?: unknown }).id)}`);
}
