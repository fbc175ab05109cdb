/**
 * The ticket cache as the tickets feature uses it: SQLite underneath (so a restart or an outage
 * still shows what was last seen) with a memory layer on top, because queue views are rebuilt on
 * every change and re-reading thousands of JSON bodies from disk each time would be too slow.
 */
import type { TicketCacheRepo } from '../store';
import { mergeWithCached, unreadFor, type TicketData } from './data';

export class TicketCache {
  private readonly memory = new Map<string, Map<number, TicketData>>();

  constructor(private readonly repo: TicketCacheRepo<TicketData>) {}

  private bucket(helpdeskId: string): Map<number, TicketData> {
    let bucket = this.memory.get(helpdeskId);
    if (!bucket) {
      bucket = new Map();
      this.memory.set(helpdeskId, bucket);
    }
    return bucket;
  }

  get(helpdeskId: string, ticketNumber: number): TicketData | null {
    const bucket = this.bucket(helpdeskId);
    const held = bucket.get(ticketNumber);
    if (held) return held;
    const stored = this.repo.get(helpdeskId, ticketNumber);
    if (!stored) return null;
    bucket.set(ticketNumber, stored.data);
    return stored.data;
  }

  has(helpdeskId: string, ticketNumber: number): boolean {
    return this.get(helpdeskId, ticketNumber) !== null;
  }

  /** Stores fresh copies (keeping conversations a list copy lacks) and returns what is now cached. */
  put(helpdeskId: string, tickets: readonly TicketData[], agentId: number | null): TicketData[] {
    const merged = tickets.map((t) => mergeWithCached(t, this.get(helpdeskId, t.ticketNumber)));
    this.repo.upsertMany(
      helpdeskId,
      merged.map((data) => ({
        ticketNumber: data.ticketNumber,
        data,
        // The unread column is "unread for the agent of this helpdesk", the flag lists show.
        flags: { closed: data.closed, unread: unreadFor(data, agentId), ownerId: data.owner?.id ?? null, departmentId: data.department.id },
      })),
    );
    const bucket = this.bucket(helpdeskId);
    for (const data of merged) bucket.set(data.ticketNumber, data);
    return merged;
  }

  /** The cached queue, in its stored order. */
  queue(helpdeskId: string, queue: string): TicketData[] {
    const bucket = this.bucket(helpdeskId);
    return this.repo.listByQueue(helpdeskId, queue).map((row) => {
      bucket.set(row.ticketNumber, row.data);
      return row.data;
    });
  }

  saveQueue(helpdeskId: string, queue: string, ticketNumbers: readonly number[]): void {
    // A ticket evicted since the queue was built must not make the whole write fail.
    this.repo.replaceQueue(
      helpdeskId,
      queue,
      ticketNumbers.filter((n) => this.has(helpdeskId, n)),
    );
  }

  remove(helpdeskId: string, ticketNumber: number): void {
    this.bucket(helpdeskId).delete(ticketNumber);
    this.repo.delete(helpdeskId, ticketNumber);
  }

  search(helpdeskId: string, text: string, limit: number): TicketData[] {
    return this.repo.search(helpdeskId, text, '$.title', limit).map((row) => row.data);
  }

  /** Forgets the memory layer of a helpdesk; its rows go with the helpdesk (ON DELETE CASCADE). */
  forget(helpdeskId: string): void {
    this.memory.delete(helpdeskId);
  }
}
