/**
 * One ticket: opening it cache first, fetching it fresh, marking it seen, and keeping the cache,
 * the queues and the renderer (`ticket:changed`) in step whenever fresh data arrives.
 */
import type { Freshness, TicketAction, TicketDetail } from '../../contract';
import { ApiError, NetworkError } from '../opensupports';
import { UserFacingError } from '../user-error';
import type { TicketsContext } from './context';
import { fromServer, isAgent, type TicketData } from './data';
import type { MetaService } from './meta';
import { canManage, permissionsFor } from './permissions';
import type { QueueService } from './queues';
import { FRESH_MS } from './queues';
import { toDetail } from './views';

export interface TicketRef {
  helpdeskId: string;
  ticketNumber: number;
}

export class TicketService {
  private readonly refreshedAt = new Map<string, number>();

  constructor(
    private readonly ctx: TicketsContext,
    private readonly meta: MetaService,
    private readonly queues: QueueService,
  ) {}

  /** `ticket:open`: the cached copy at once (then `ticket:changed`), or a fetch when nothing is cached. */
  async open(ref: TicketRef): Promise<TicketDetail> {
    const { helpdeskId, ticketNumber } = ref;
    this.ctx.registry.get(helpdeskId);
    const cached = this.ctx.cache.get(helpdeskId, ticketNumber);
    if (!cached) {
      await this.meta.ensure(helpdeskId);
      return this.detail(helpdeskId, await this.fetch(ref, { markSeen: true }), 'fresh');
    }
    const at = this.refreshedAt.get(refKey(ref));
    if (at !== undefined && this.ctx.now() - at < FRESH_MS) return this.detail(helpdeskId, cached, 'fresh');
    this.ctx.background.run(`refresh of ticket ${ticketNumber}`, async () => {
      try {
        // Without the agent's profile `can` is all "no"; it is loaded here, not before answering,
        // so a hanging helpdesk cannot hold back the cached copy.
        await this.meta.ensure(helpdeskId);
        await this.fetch(ref, { markSeen: true });
      } catch (error) {
        // The renderer already shows the cached copy; it learns here that it could not be refreshed.
        if (error instanceof NetworkError) this.ctx.events.emit('ticket:changed', this.detail(helpdeskId, cached, 'offline'));
      }
    });
    return this.detail(helpdeskId, cached, this.ctx.isOffline(helpdeskId) ? 'offline' : 'stale');
  }

  /**
   * Fetches the ticket, stores it, moves it in or out of queues and emits `ticket:changed`.
   * A ticket the agent cannot reach any more is evicted and reported in a sentence.
   */
  async fetch(ref: TicketRef, options: { markSeen?: boolean } = {}): Promise<TicketData> {
    const { helpdeskId, ticketNumber } = ref;
    let ticket: TicketData;
    try {
      ticket = fromServer(await this.ctx.call(helpdeskId, (c) => c.getTicket(ticketNumber)), true);
    } catch (error) {
      // ticket/get answers NO_PERMISSION both for "not yours" and for "no such ticket" (§6.16-12).
      if (error instanceof ApiError && error.code === 'NO_PERMISSION') {
        this.evict(ref);
        throw new UserFacingError(
          'api',
          `Ticket #${ticketNumber} is not in one of your departments (it may have been moved), or it no longer exists.`,
          'NO_PERMISSION',
        );
      }
      throw error;
    }
    const stored = this.remember(helpdeskId, ticket);
    this.refreshedAt.set(refKey(ref), this.ctx.now());
    this.ctx.events.emit('ticket:changed', this.detail(helpdeskId, stored, 'fresh'));
    // The agent can read the ticket while the server is told it was read: one round trip less
    // before it shows (the web panel waits for both).
    if (options.markSeen && this.seenWouldChange(helpdeskId, stored)) {
      this.ctx.background.run(`ticket/seen of ticket ${ticketNumber}`, () => this.markSeen(helpdeskId, ticketNumber));
    }
    return stored;
  }

  /** Caches what is now known of a ticket and moves it in or out of the queues. */
  remember(helpdeskId: string, ticket: TicketData): TicketData {
    const [stored] = this.ctx.cache.put(helpdeskId, [ticket], this.meta.viewContext(helpdeskId).agentId);
    const result = stored ?? ticket;
    this.queues.ticketChanged(helpdeskId, result);
    return result;
  }

  evict(ref: TicketRef): void {
    this.refreshedAt.delete(refKey(ref));
    this.ctx.cache.remove(ref.helpdeskId, ref.ticketNumber);
    this.queues.ticketGone(ref.helpdeskId, ref.ticketNumber);
  }

  detail(helpdeskId: string, ticket: TicketData, freshness: Freshness): TicketDetail {
    return toDetail(ticket, this.meta.viewContext(helpdeskId), this.meta.agent(helpdeskId), freshness);
  }

  /** Why the agent may not do one of `actions` now, as the error to throw; null when all are allowed. */
  refusal(helpdeskId: string, ticket: TicketData, actions: readonly TicketAction[]): UserFacingError | null {
    const agent = this.meta.agent(helpdeskId);
    const { can, why } = permissionsFor(agent, ticket);
    const refused = actions.find((a) => !can[a]);
    if (refused === undefined) return null;
    const message = why[refused] ?? 'You cannot do this on this ticket now.';
    // Outside the agent's reach is the server's NO_PERMISSION; the rest is the ticket's current state.
    if (agent && !canManage(agent, ticket)) return new UserFacingError('api', message, 'NO_PERMISSION');
    return new UserFacingError('conflict', message, 'NOT_ALLOWED_NOW');
  }

  /**
   * Only the owner clears the staff-side flag and only the author the author-side one (§6.2), so
   * ticket/seen is sent only when it changes something.
   */
  private seenWouldChange(helpdeskId: string, ticket: TicketData): boolean {
    const { agentId } = this.meta.viewContext(helpdeskId);
    if (agentId === null) return false;
    return (ticket.owner?.id === agentId && ticket.unreadStaff) || (isAgent(ticket.author, agentId) && ticket.unread);
  }

  private async markSeen(helpdeskId: string, ticketNumber: number): Promise<void> {
    try {
      await this.ctx.call(helpdeskId, (c) => c.markSeen(ticketNumber));
    } catch {
      // The ticket stays highlighted until the next successful open.
      return;
    }
    // What is cached now, which an action may have replaced while ticket/seen was on its way.
    const current = this.ctx.cache.get(helpdeskId, ticketNumber);
    const { agentId } = this.meta.viewContext(helpdeskId);
    if (!current || agentId === null) return;
    const owner = current.owner?.id === agentId;
    const author = isAgent(current.author, agentId);
    const seen = { ...current, unreadStaff: owner ? false : current.unreadStaff, unread: author ? false : current.unread };
    this.ctx.events.emit('ticket:changed', this.detail(helpdeskId, this.remember(helpdeskId, seen), 'fresh'));
  }
}

function refKey(ref: TicketRef): string {
  return `${ref.helpdeskId}\n${ref.ticketNumber}`;
}
