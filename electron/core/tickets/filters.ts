/**
 * The "all" queue's filters: one canonical form per meaning (so the same search is cached once),
 * the mapping onto the client's /ticket/search filters, and a local check of whether a ticket
 * belongs to a filtered queue, used after an action to move it in or out without re-listing.
 */
import { createHash } from 'node:crypto';
import type { QueueName, SearchFilters } from '../../contract';
import type { SearchFilters as ClientSearchFilters } from '../opensupports';
import { isAgent, type TicketData } from './data';
import { canManage, type Agent } from './permissions';

export interface NormalFilters {
  text: string | null;
  status: 'open' | 'closed' | 'any';
  departments: number[];
  tags: number[];
  owners: number[];
  authors: { id: number; isStaff: boolean }[];
  assignment: 'assigned' | 'unassigned' | 'any';
  unreadOnly: boolean;
  /** Creation date bounds (ISO), inclusive: the server's dateRange filters by when a ticket was opened, never by activity. */
  from: string | null;
  to: string | null;
}

const sortedUnique = (values: readonly number[] | undefined): number[] => [...new Set(values ?? [])].sort((a, b) => a - b);

export function normalizeFilters(filters: SearchFilters | undefined): NormalFilters {
  const authors = new Map<string, { id: number; isStaff: boolean }>();
  for (const a of filters?.authors ?? []) authors.set(`${a.isStaff ? 's' : 'u'}${a.id}`, { id: a.id, isStaff: a.isStaff });
  return {
    text: filters?.text?.trim() || null,
    status: filters?.status ?? 'any',
    departments: sortedUnique(filters?.departments),
    tags: sortedUnique(filters?.tags),
    owners: sortedUnique(filters?.owners),
    authors: [...authors.values()].sort((a, b) => Number(a.isStaff) - Number(b.isStaff) || a.id - b.id),
    assignment: filters?.assignment ?? 'any',
    unreadOnly: filters?.unreadOnly ?? false,
    from: filters?.from ?? null,
    to: filters?.to ?? null,
  };
}

export function isDefaultFilters(f: NormalFilters): boolean {
  return (
    f.text === null &&
    f.status === 'any' &&
    f.departments.length === 0 &&
    f.tags.length === 0 &&
    f.owners.length === 0 &&
    f.authors.length === 0 &&
    f.assignment === 'any' &&
    !f.unreadOnly &&
    f.from === null &&
    f.to === null
  );
}

/** The filters echoed back in a QueueView, in the contract's shape. */
export function toContractFilters(f: NormalFilters): SearchFilters {
  return {
    ...(f.text !== null ? { text: f.text } : {}),
    status: f.status,
    departments: [...f.departments],
    tags: [...f.tags],
    owners: [...f.owners],
    authors: f.authors.map((a) => ({ ...a })),
    assignment: f.assignment,
    unreadOnly: f.unreadOnly,
    ...(f.from !== null ? { from: f.from } : {}),
    ...(f.to !== null ? { to: f.to } : {}),
  };
}

/**
 * The name a queue is cached under. Searches are keyed by a digest of their canonical filters,
 * so the same search opened twice (or after a restart) finds its cached rows.
 */
export function queueKey(queue: QueueName, filters: NormalFilters | null): string {
  if (queue !== 'all' || filters === null || isDefaultFilters(filters)) return queue;
  return `all:${createHash('sha256').update(JSON.stringify(filters)).digest('hex').slice(0, 24)}`;
}

const EARLIEST = new Date(Date.UTC(1970, 0, 1));
const LATEST = new Date(Date.UTC(9999, 11, 31, 23, 59));

/**
 * The creation-date range as the server applies it: its dates have no seconds (§3.0), so each
 * bound counts by its whole minute. Used for the request and for local membership alike, so a
 * ticket the server lists is never dropped by the core (or the other way round) at a bound.
 */
function createdRange(f: NormalFilters): { from: Date; to: Date } | null {
  if (f.from === null && f.to === null) return null;
  return { from: f.from ? toMinute(f.from) : EARLIEST, to: f.to ? toMinute(f.to) : LATEST };
}

function toMinute(iso: string): Date {
  const d = new Date(iso);
  d.setUTCSeconds(0, 0);
  return d;
}

export function toClientSearch(f: NormalFilters): ClientSearchFilters {
  const out: ClientSearchFilters = {};
  if (f.text !== null) out.query = f.text;
  if (f.status !== 'any') out.closed = f.status === 'closed';
  // The server has one staff-side flag; "unread for me" on tickets I opened cannot be asked for.
  if (f.unreadOnly) out.unreadStaff = true;
  if (f.assignment !== 'any') out.assigned = f.assignment === 'assigned';
  if (f.tags.length) out.tags = [...f.tags];
  if (f.departments.length) out.departments = [...f.departments];
  if (f.owners.length) out.owners = [...f.owners];
  if (f.authors.length) out.authors = f.authors.map((a) => ({ ...a }));
  const created = createdRange(f);
  if (created) out.dateRange = created;
  return out;
}

export interface MembershipContext {
  agent: Agent;
  /** Tag name → id, from the helpdesk's tag list. */
  tagIds: ReadonlyMap<string, number>;
}

/**
 * Whether a ticket belongs to a queue, judged from its fresh data: true, false, or null when it
 * cannot be told locally (a text search, an unknown tag) and the queue should keep it as it is.
 */
export function belongsTo(queue: QueueName, filters: NormalFilters | null, ticket: TicketData, ctx: MembershipContext): boolean | null {
  const { agent } = ctx;
  if (queue === 'mine') return !ticket.closed && (ticket.owner?.id === agent.id || isAgent(ticket.author, agent.id));
  if (queue === 'new') return !ticket.closed && ticket.owner === null && agent.departmentIds.includes(ticket.department.id);
  // Without a departments filter the server searches "my departments or opened by me" (§4.3).
  if (!canManage(agent, ticket)) return false;
  const f = filters ?? normalizeFilters(undefined);
  if (f.status !== 'any' && ticket.closed !== (f.status === 'closed')) return false;
  if (f.departments.length && !f.departments.includes(ticket.department.id)) return false;
  if (f.owners.length && (ticket.owner === null || !f.owners.includes(ticket.owner.id))) return false;
  if (f.assignment !== 'any' && (ticket.owner !== null) !== (f.assignment === 'assigned')) return false;
  if (f.unreadOnly && !ticket.unreadStaff) return false;
  if (f.authors.length && !f.authors.some((a) => a.id === ticket.author.id && a.isStaff === ticket.author.staff)) return false;
  // Creation, not last activity: a reply today does not bring an old ticket into a range.
  const range = createdRange(f);
  const created = toMinute(ticket.createdAt).getTime();
  if (range && (created < range.from.getTime() || created > range.to.getTime())) return false;
  if (f.tags.length) {
    const ids = ticket.tags.map((name) => ctx.tagIds.get(name));
    if (!ids.some((id) => id !== undefined && f.tags.includes(id))) return ids.includes(undefined) ? null : false;
  }
  return f.text === null ? true : null;
}
