/**
 * What the person is typing, one draft per ticket, saved before anything else happens to it.
 * Drafts survive cache eviction (they do not reference the tickets table) and go only when the
 * message is queued for sending, discarded by the person, or the helpdesk is removed.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import {
  parseRow,
  systemClock,
  toIso,
  zAttachmentList,
  zIsoText,
  zMessageKind,
  zSnapshotColumn,
  zSqlInt,
  type AttachmentRef,
  type Clock,
  type MessageKind,
  type TicketSnapshot,
} from './rows';

export interface Draft {
  helpdeskId: string;
  ticketNumber: number;
  kind: MessageKind;
  content: string;
  customResponseId: number | null;
  attachments: AttachmentRef[];
  /** When the person started this draft; kept across saves. */
  createdAt: string;
  updatedAt: string;
  /** The ticket as it was when the draft began; null if it was not known then. */
  snapshot: TicketSnapshot | null;
}

export interface DraftInput {
  helpdeskId: string;
  ticketNumber: number;
  kind: MessageKind;
  content: string;
  customResponseId?: number | null;
  attachments?: readonly AttachmentRef[];
  /** Recorded once: a later save never replaces the snapshot of when the draft began. */
  snapshot?: TicketSnapshot | null;
}

export const zDraftRow = z
  .object({
    helpdesk_id: z.string(),
    ticket_number: zSqlInt,
    kind: zMessageKind,
    content: z.string(),
    custom_response_id: zSqlInt.nullable(),
    attachments: zAttachmentList,
    created_at: zIsoText,
    updated_at: zIsoText,
    snapshot: zSnapshotColumn,
  })
  .transform(
    (r): Draft => ({
      helpdeskId: r.helpdesk_id,
      ticketNumber: r.ticket_number,
      kind: r.kind,
      content: r.content,
      customResponseId: r.custom_response_id,
      attachments: r.attachments,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      snapshot: r.snapshot,
    }),
  );

export class DraftRepo {
  constructor(
    private readonly db: Database,
    private readonly now: Clock = systemClock,
  ) {}

  /** Creates or replaces the ticket's draft. Returns once the write is committed (and synced). */
  save(input: DraftInput): Draft {
    const at = toIso(this.now());
    this.db
      .prepare(
        `INSERT INTO drafts (helpdesk_id, ticket_number, kind, content, custom_response_id, attachments, created_at, updated_at, snapshot)
         VALUES (@helpdeskId, @ticketNumber, @kind, @content, @customResponseId, @attachments, @at, @at, @snapshot)
         ON CONFLICT(helpdesk_id, ticket_number) DO UPDATE SET
           kind = excluded.kind, content = excluded.content, custom_response_id = excluded.custom_response_id,
           attachments = excluded.attachments, updated_at = excluded.updated_at,
           snapshot = COALESCE(drafts.snapshot, excluded.snapshot)`,
      )
      .run({
        helpdeskId: input.helpdeskId,
        ticketNumber: input.ticketNumber,
        kind: input.kind,
        content: input.content,
        customResponseId: input.customResponseId ?? null,
        attachments: JSON.stringify(input.attachments ?? []),
        at,
        snapshot: input.snapshot ? JSON.stringify(input.snapshot) : null,
      });
    const saved = this.get(input.helpdeskId, input.ticketNumber);
    if (!saved) throw new Error('a draft vanished inside its own write');
    return saved;
  }

  get(helpdeskId: string, ticketNumber: number): Draft | null {
    const row = this.db.prepare('SELECT * FROM drafts WHERE helpdesk_id = ? AND ticket_number = ?').get(helpdeskId, ticketNumber);
    return row === undefined ? null : parseDraftRow(row);
  }

  /** A helpdesk's drafts, most recently touched first. */
  list(helpdeskId: string): Draft[] {
    return this.db.prepare('SELECT * FROM drafts WHERE helpdesk_id = ? ORDER BY updated_at DESC, ticket_number').all(helpdeskId).map(parseDraftRow);
  }

  /** Every helpdesk's drafts, most recently touched first. */
  listAll(): Draft[] {
    return this.db.prepare('SELECT * FROM drafts ORDER BY updated_at DESC, helpdesk_id, ticket_number').all().map(parseDraftRow);
  }

  delete(helpdeskId: string, ticketNumber: number): boolean {
    return this.db.prepare('DELETE FROM drafts WHERE helpdesk_id = ? AND ticket_number = ?').run(helpdeskId, ticketNumber).changes > 0;
  }
}

/** Reads one raw drafts row (also used by the outbox when an entry becomes a draft again). */
export function parseDraftRow(row: unknown): Draft {
  const r = row as { helpdesk_id?: unknown; ticket_number?: unknown };
  return parseRow(zDraftRow, row, 'drafts', `helpdesk_id=${String(r.helpdesk_id)}, ticket_number=${String(r.ticket_number)}`);
}
