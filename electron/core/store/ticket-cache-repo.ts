/**
 * The ticket cache: what the app last learned from each helpdesk, shown at once and then
 * revalidated. The ticket body is JSON whose shape belongs to the caller (`dataSchema` reads the
 * JSON form back); the store only adds the few columns lists need without parsing every body.
 *
 * Queues ("mine", "new", a search…) are ordered lists of cached ticket numbers. An entry needs its
 * ticket in the cache, and evicting a ticket removes it from every queue.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { describeIssues, StoreRowError } from './errors';
import { parseRow, systemClock, toIso, zIsoText, zJsonText, zSqlBool, zSqlInt, type Clock } from './rows';

export interface TicketListFlags {
  closed: boolean;
  /** Unread by staff. */
  unread: boolean;
  ownerId: number | null;
  departmentId: number | null;
}

export interface CachedTicketInput<T> {
  ticketNumber: number;
  data: T;
  flags: TicketListFlags;
}

export interface CachedTicket<T> extends CachedTicketInput<T> {
  helpdeskId: string;
  /** When this copy was written, i.e. how fresh the cache is. */
  updatedAt: string;
}

const zTicketRowBase = z.object({
  helpdesk_id: z.string(),
  ticket_number: zSqlInt,
  data: z.string(),
  closed: zSqlBool,
  unread: zSqlBool,
  owner_id: zSqlInt.nullable(),
  department_id: zSqlInt.nullable(),
  updated_at: zIsoText,
});

export class TicketCacheRepo<T> {
  private readonly rowSchema;

  constructor(
    private readonly db: Database,
    /** Reads a ticket body back from its JSON form (dates as ISO text, not Date objects). */
    private readonly dataSchema: z.ZodType<T>,
    private readonly now: Clock = systemClock,
  ) {
    this.rowSchema = zTicketRowBase.extend({ data: zJsonText(dataSchema) }).transform(
      (r): CachedTicket<T> => ({
        helpdeskId: r.helpdesk_id,
        ticketNumber: r.ticket_number,
        data: r.data,
        flags: { closed: r.closed, unread: r.unread, ownerId: r.owner_id, departmentId: r.department_id },
        updatedAt: r.updated_at,
      }),
    );
  }

  /** Writes all tickets or none. */
  upsertMany(helpdeskId: string, tickets: readonly CachedTicketInput<T>[]): void {
    // ON CONFLICT DO UPDATE, not INSERT OR REPLACE: a replace deletes the old row first, and the
    // cascade would silently drop the ticket from every queue it was in.
    const upsert = this.db.prepare(
      `INSERT INTO tickets (helpdesk_id, ticket_number, data, closed, unread, owner_id, department_id, updated_at)
       VALUES (@helpdeskId, @ticketNumber, @data, @closed, @unread, @ownerId, @departmentId, @at)
       ON CONFLICT(helpdesk_id, ticket_number) DO UPDATE SET
         data = excluded.data, closed = excluded.closed, unread = excluded.unread,
         owner_id = excluded.owner_id, department_id = excluded.department_id, updated_at = excluded.updated_at`,
    );
    const at = toIso(this.now());
    const rows = tickets.map((t) => ({
      helpdeskId,
      ticketNumber: t.ticketNumber,
      data: this.encode(helpdeskId, t),
      closed: t.flags.closed ? 1 : 0,
      unread: t.flags.unread ? 1 : 0,
      ownerId: t.flags.ownerId,
      departmentId: t.flags.departmentId,
      at,
    }));
    this.db.transaction(() => {
      for (const row of rows) upsert.run(row);
    })();
  }

  get(helpdeskId: string, ticketNumber: number): CachedTicket<T> | null {
    const row = this.db.prepare('SELECT * FROM tickets WHERE helpdesk_id = ? AND ticket_number = ?').get(helpdeskId, ticketNumber);
    return row === undefined ? null : this.parse(row);
  }

  listByQueue(helpdeskId: string, queue: string): CachedTicket<T>[] {
    const rows = this.db
      .prepare(
        `SELECT t.* FROM queue_entries q
         JOIN tickets t ON t.helpdesk_id = q.helpdesk_id AND t.ticket_number = q.ticket_number
         WHERE q.helpdesk_id = ? AND q.queue = ?
         ORDER BY q.position`,
      )
      .all(helpdeskId, queue);
    return rows.map((row) => this.parse(row));
  }

  /** The queue's ticket numbers in order, without parsing any bodies. */
  queueTicketNumbers(helpdeskId: string, queue: string): number[] {
    return this.db.prepare('SELECT ticket_number FROM queue_entries WHERE helpdesk_id = ? AND queue = ? ORDER BY position').pluck().all(helpdeskId, queue) as number[];
  }

  /** Makes the queue exactly `ticketNumbers`, in that order. Every ticket must already be cached. */
  replaceQueue(helpdeskId: string, queue: string, ticketNumbers: readonly number[]): void {
    if (new Set(ticketNumbers).size !== ticketNumbers.length) {
      throw new Error(`queue "${queue}" cannot list the same ticket twice`);
    }
    this.db.transaction(() => {
      const cached = this.db.prepare('SELECT 1 FROM tickets WHERE helpdesk_id = ? AND ticket_number = ?').pluck();
      const missing = ticketNumbers.filter((n) => cached.get(helpdeskId, n) === undefined);
      if (missing.length > 0) {
        throw new Error(`queue "${queue}" names tickets that are not cached: ${missing.join(', ')}`);
      }
      this.db.prepare('DELETE FROM queue_entries WHERE helpdesk_id = ? AND queue = ?').run(helpdeskId, queue);
      const insert = this.db.prepare('INSERT INTO queue_entries (helpdesk_id, queue, ticket_number, position) VALUES (?, ?, ?, ?)');
      ticketNumbers.forEach((n, position) => insert.run(helpdeskId, queue, n, position));
    })();
  }

  /**
   * Finds cached tickets by number prefix (when `text` is digits, with or without a leading "#")
   * or by a text field of the body at `jsonPath` containing `text` (ASCII case-insensitive).
   * An exact number comes first, then the most recently written.
   */
  search(helpdeskId: string, text: string, jsonPath: string, limit: number): CachedTicket<T>[] {
    const trimmed = text.trim();
    if (!trimmed) return [];
    const digits = /^#?(\d+)$/.exec(trimmed)?.[1] ?? null;
    const like = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
    const rows = this.db
      .prepare(
        `SELECT * FROM tickets
         WHERE helpdesk_id = @helpdeskId
           AND ((@digits IS NOT NULL AND CAST(ticket_number AS TEXT) LIKE @numberPrefix ESCAPE '\\')
                OR json_extract(data, @jsonPath) LIKE @contains ESCAPE '\\')
         ORDER BY (ticket_number = @exact) DESC, updated_at DESC, ticket_number
         LIMIT @limit`,
      )
      .all({
        helpdeskId,
        digits,
        numberPrefix: `${like(digits ?? '')}%`,
        jsonPath,
        contains: `%${like(trimmed)}%`,
        exact: digits === null ? -1 : Number(digits),
        limit,
      });
    return rows.map((row) => this.parse(row));
  }

  /** Evicts one ticket (and its queue entries). Drafts for it are kept. */
  delete(helpdeskId: string, ticketNumber: number): boolean {
    return this.db.prepare('DELETE FROM tickets WHERE helpdesk_id = ? AND ticket_number = ?').run(helpdeskId, ticketNumber).changes > 0;
  }

  /** Empties the cache of one helpdesk (tickets and queues), keeping the helpdesk, drafts and outbox. */
  deleteByHelpdesk(helpdeskId: string): number {
    return this.db.prepare('DELETE FROM tickets WHERE helpdesk_id = ?').run(helpdeskId).changes;
  }

  /**
   * Checks the body against the same schema that will read it back, so a body the cache could not
   * return is refused when written rather than discovered on the next launch.
   */
  private encode(helpdeskId: string, ticket: CachedTicketInput<T>): string {
    const rowKey = `helpdesk_id=${helpdeskId}, ticket_number=${ticket.ticketNumber}`;
    const text = JSON.stringify(ticket.data) as string | undefined;
    if (text === undefined) throw new StoreRowError('tickets', rowKey, ['data cannot be stored as JSON']);
    const check = this.dataSchema.safeParse(JSON.parse(text));
    if (!check.success) throw new StoreRowError('tickets', rowKey, describeIssues(check.error, 'data'));
    return text;
  }

  private parse(row: unknown): CachedTicket<T> {
    const r = row as { helpdesk_id?: unknown; ticket_number?: unknown };
    return parseRow(this.rowSchema, row, 'tickets', `helpdesk_id=${String(r.helpdesk_id)}, ticket_number=${String(r.ticket_number)}`);
  }
}
