/**
 * A customer's profile and their tickets. The profile path has no tickets (§4.1 get-user); the
 * web panel lists them with a ticket search by author, and so does this.
 */
import type { CustomerView } from '../../contract';
import { ApiError } from '../opensupports';
import { UserFacingError } from '../user-error';
import type { TicketsContext } from './context';
import { fromServer, type TicketData } from './data';
import type { MetaService } from './meta';
import { toRow } from './views';

/** Enough for a profile; a customer with more tickets is better explored with the "all" queue's author filter. */
export const CUSTOMER_MAX_PAGES = 20;

export async function customerProfile(ctx: TicketsContext, meta: MetaService, input: { helpdeskId: string; userId: number }): Promise<CustomerView> {
  const { helpdeskId, userId } = input;
  ctx.registry.get(helpdeskId);
  const search = (page: number) => ctx.call(helpdeskId, (c) => c.searchTickets({ authors: [{ id: userId, isStaff: false }], page }));
  const [user, first] = await Promise.all([ctx.call(helpdeskId, (c) => c.getUser(userId)), search(1)]).catch((error: unknown) => {
    // An unknown author in the search filter is the same fact as an unknown user.
    if (error instanceof ApiError && (error.code === 'INVALID_USER' || error.code === 'INVALID_AUTHOR_FILTER')) {
      throw new UserFacingError('not-found', 'That customer no longer exists on this helpdesk.', error.code);
    }
    throw error;
  });
  const more = Array.from({ length: Math.max(0, Math.min(first.pages, CUSTOMER_MAX_PAGES) - 1) }, (_, i) => search(i + 2));
  const pages = [first, ...(await Promise.all(more))];
  const byNumber = new Map<number, TicketData>();
  for (const page of pages) for (const t of page.tickets) byNumber.set(t.ticketNumber, fromServer(t, true));
  const context = meta.viewContext(helpdeskId);
  const stored = ctx.cache.put(helpdeskId, [...byNumber.values()], context.agentId);
  return {
    helpdeskId,
    userId,
    name: user.name,
    email: user.email,
    signupAt: user.signupDate.toISOString(),
    verified: user.verified,
    disabled: user.disabled,
    tickets: stored.map((t) => toRow(t, context)),
  };
}
