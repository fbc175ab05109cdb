/**
 * Turns cached ticket data into the contract's views for one agent on one helpdesk. HTML is passed
 * through as the server stored it: the renderer sanitizes it before display.
 */
import type { Freshness, PersonView, TagView, TicketDetail, TicketEventView, TicketRow } from '../../contract';
import { isAgent, lastActivityAt, unreadFor, type EventData, type PersonData, type TicketData } from './data';
import { permissionsFor, type Agent } from './permissions';

/** The colour of a tag the helpdesk's list does not know (renamed or deleted since). */
export const NEUTRAL_TAG_COLOR = '#868e96';

export interface ViewContext {
  helpdeskId: string;
  /** The signed-in staff id, when known. */
  agentId: number | null;
  tags: readonly TagView[];
}

export function tagViews(names: readonly string[], known: readonly TagView[]): TagView[] {
  return names.map((name) => known.find((t) => t.name === name) ?? { id: null, name, color: NEUTRAL_TAG_COLOR });
}

function person(p: PersonData): PersonView {
  return { id: p.id, name: p.name ?? '', email: p.email, staff: p.staff };
}

export function toRow(ticket: TicketData, ctx: ViewContext): TicketRow {
  return {
    helpdeskId: ctx.helpdeskId,
    ticketNumber: ticket.ticketNumber,
    title: ticket.title,
    tags: tagViews(ticket.tags, ctx.tags),
    department: { ...ticket.department },
    author: person(ticket.author),
    owner: ticket.owner ? { id: ticket.owner.id, name: ticket.owner.name } : null,
    closed: ticket.closed,
    unread: unreadFor(ticket, ctx.agentId),
    language: ticket.language,
    createdAt: ticket.createdAt,
    lastActivityAt: lastActivityAt(ticket),
  };
}

export function toEvent(event: EventData, ctx: ViewContext): TicketEventView {
  return {
    id: event.id,
    type: event.type,
    html: event.html,
    author: event.author ? person(event.author) : null,
    at: event.at,
    file: event.file,
    internal: event.internal,
    edited: event.edited,
    mine: isAgent(event.author, ctx.agentId),
  };
}

export function toDetail(ticket: TicketData, ctx: ViewContext, agent: Agent | null, freshness: Freshness): TicketDetail {
  const { can, why, editableEventId } = permissionsFor(agent, ticket);
  return {
    ...toRow(ticket, ctx),
    html: ticket.html,
    file: ticket.file,
    edited: ticket.edited,
    editedTitle: ticket.editedTitle,
    events: (ticket.events ?? []).map((e) => toEvent(e, ctx)),
    freshness,
    can,
    why,
    editableEventId,
  };
}
