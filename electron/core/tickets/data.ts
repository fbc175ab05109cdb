/**
 * What the core keeps about one ticket: the server's ticket, normalised once and stored as JSON
 * in the ticket cache. It is agent-neutral (no "unread for me", no permissions): views are derived
 * from it each time, so a changed tag list or department membership applies to cached tickets too.
 */
import { z } from 'zod';
import type { Ticket } from '../opensupports';

const EVENT_TYPES = ['COMMENT', 'ASSIGN', 'UN_ASSIGN', 'CLOSE', 'RE_OPEN', 'DEPARTMENT_CHANGED'] as const;

/** UTC ISO text as toISOString writes it; lastActivityAt relies on comparing it as text. */
const zIsoDate = z.iso.datetime();

export const zPersonData = z.object({
  id: z.number().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  staff: z.boolean(),
});

export const zEventData = z.object({
  id: z.number(),
  type: z.enum(EVENT_TYPES),
  html: z.string().nullable(),
  /** null when the acting account was deleted. */
  author: zPersonData.nullable(),
  at: zIsoDate,
  file: z.string().nullable(),
  internal: z.boolean(),
  edited: z.boolean(),
});

export const zTicketData = z.object({
  ticketNumber: z.number().int(),
  title: z.string(),
  /** The body as HTML when `full`; list paths send it with the tags stripped. */
  html: z.string(),
  /** Came from a path with events and the real HTML body (ticket/get, ticket/search). */
  full: z.boolean(),
  department: z.object({ id: z.number(), name: z.string() }),
  createdAt: zIsoDate,
  file: z.string().nullable(),
  language: z.string(),
  unread: z.boolean(),
  unreadStaff: z.boolean(),
  closed: z.boolean(),
  author: zPersonData,
  owner: z.object({ id: z.number(), name: z.string(), email: z.string() }).nullable(),
  /** null while only a list path has described the ticket. */
  events: z.array(zEventData).nullable(),
  tags: z.array(z.string()),
  edited: z.boolean(),
  editedTitle: z.boolean(),
});

export type PersonData = z.output<typeof zPersonData>;
export type EventData = z.output<typeof zEventData>;
export type TicketData = z.output<typeof zTicketData>;

/** Normalises a server ticket; `full` says whether the path that sent it includes events. */
export function fromServer(ticket: Ticket, full: boolean): TicketData {
  return {
    ticketNumber: ticket.ticketNumber,
    title: ticket.title,
    html: ticket.content,
    full,
    department: { id: ticket.department.id, name: ticket.department.name },
    createdAt: ticket.date.toISOString(),
    file: ticket.file,
    language: ticket.language,
    unread: ticket.unread,
    unreadStaff: ticket.unreadStaff,
    closed: ticket.closed,
    author: { id: ticket.author.id, name: ticket.author.name, email: ticket.author.email, staff: ticket.author.staff },
    owner: ticket.owner ? { id: ticket.owner.id, name: ticket.owner.name, email: ticket.owner.email } : null,
    events: full
      ? ticket.events.map((e) => ({
          id: e.id,
          type: e.type,
          html: e.content,
          author: e.author ? { id: e.author.id, name: e.author.name, email: e.author.email, staff: e.author.staff } : null,
          at: e.date.toISOString(),
          file: e.file,
          internal: e.private,
          edited: e.edited,
        }))
      : null,
    tags: [...ticket.tags],
    edited: ticket.edited,
    editedTitle: ticket.editedTitle,
  };
}

/**
 * A list path's copy has newer flags but no events and a stripped body; keeping the conversation
 * from an earlier full copy means a queue refresh does not empty an opened ticket's history.
 */
export function mergeWithCached(fresh: TicketData, cached: TicketData | null): TicketData {
  if (fresh.full || !cached?.full) return fresh;
  return { ...fresh, full: true, html: cached.html, events: cached.events };
}

export function isAgent(person: PersonData | null, agentId: number | null): boolean {
  return agentId !== null && person !== null && person.staff && person.id === agentId;
}

/** Unread for this agent (§6.2): the staff-side flag, or the author-side one on tickets the agent opened. */
export function unreadFor(ticket: TicketData, agentId: number | null): boolean {
  return isAgent(ticket.author, agentId) ? ticket.unread : ticket.unreadStaff;
}

export function lastActivityAt(ticket: TicketData): string {
  // Every date here came from toISOString (same length, UTC), so text order is time order;
  // this runs for every row of every queue view, where parsing dates showed up in profiles.
  let newest = ticket.createdAt;
  for (const e of ticket.events ?? []) if (e.at > newest) newest = e.at;
  return newest;
}

export function latestComment(ticket: TicketData): EventData | null {
  const events = ticket.events ?? [];
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type === 'COMMENT') return e;
  }
  return null;
}
