import type { Params } from './encoding';
import { formatOsDate, type TicketPage } from './schemas';

export interface SearchFilters {
  page?: number;
  /** Text in title, body, comments, or a ticket number. */
  query?: string;
  /** true = closed only, false = open only, absent = both. */
  closed?: boolean;
  unreadStaff?: boolean;
  /** true = with an owner, false = unassigned. */
  assigned?: boolean;
  tags?: number[];
  departments?: number[];
  owners?: number[];
  authors?: { id: number; isStaff: boolean }[];
  dateRange?: { from: Date; to: Date };
  orderBy?: { value: 'closed' | 'owner_id' | 'unread_staff' | 'date'; asc: boolean };
}

/** The server's page size; the only one its offsets are right for (§6.16-2). */
export const SEARCH_PAGE_SIZE = 10;
/** Upper bound of server pages read to emulate one filtered page when working around §6.16-1. */
export const WORKAROUND_MAX_PAGES = 200;

type SearchCall = (params: Params) => Promise<TicketPage>;

export function searchParams(filters: SearchFilters, page: number): Params {
  return {
    page,
    query: filters.query?.trim() ? filters.query.trim() : undefined,
    // Strict "0"/"1" filters (§2.3.2): booleans encode as 1/0.
    closed: filters.closed,
    unreadStaff: filters.unreadStaff,
    assigned: filters.assigned,
    tags: filters.tags?.length ? filters.tags : undefined,
    departments: filters.departments?.length ? filters.departments : undefined,
    owners: filters.owners?.length ? filters.owners : undefined,
    authors: filters.authors?.length ? filters.authors.map((a) => ({ id: a.id, isStaff: a.isStaff ? 1 : 0 })) : undefined,
    dateRange: filters.dateRange ? [formatOsDate(filters.dateRange.from), formatOsDate(filters.dateRange.to)] : undefined,
    orderBy: filters.orderBy ? { value: filters.orderBy.value, asc: filters.orderBy.asc ? 1 : 0 } : undefined,
  };
}

/** Filters that, combined with a non-empty `departments`, make the server emit invalid SQL. */
export function triggersDepartmentBug(filters: SearchFilters): boolean {
  if (!filters.departments?.length) return false;
  return (
    filters.closed !== undefined ||
    filters.unreadStaff !== undefined ||
    filters.assigned !== undefined ||
    Boolean(filters.tags?.length) ||
    filters.dateRange !== undefined
  );
}

export async function searchWithWorkarounds(call: SearchCall, filters: SearchFilters): Promise<TicketPage & { page: number }> {
  const page = Math.max(1, Math.floor(filters.page ?? 1));
  if (!triggersDepartmentBug(filters)) {
    const result = await call(searchParams(filters, page));
    return { ...result, page };
  }
  // server bug: departments + closed/tags/assigned/unreadStaff/dateRange fails with SQLSTATE[42000] (§6.16-1).
  // Without `departments` the server searches "my departments or created by me", a superset of any
  // department filter the caller may use, so the other filters go to the server and the departments
  // are applied here, over every server page, then re-paged.
  const wanted = new Set(filters.departments);
  const serverFilters: SearchFilters = { ...filters, departments: undefined };
  const matches: TicketPage['tickets'] = [];
  const seen = new Set<number>();
  for (let serverPage = 1; serverPage <= WORKAROUND_MAX_PAGES; serverPage++) {
    const result = await call(searchParams(serverFilters, serverPage));
    for (const ticket of result.tickets) {
      // Pages can shift while we read them; a ticket seen twice counts once.
      if (wanted.has(ticket.department.id) && !seen.has(ticket.ticketNumber)) {
        seen.add(ticket.ticketNumber);
        matches.push(ticket);
      }
    }
    if (serverPage >= result.pages || result.tickets.length === 0) break;
  }
  const start = (page - 1) * SEARCH_PAGE_SIZE;
  return { tickets: matches.slice(start, start + SEARCH_PAGE_SIZE), pages: Math.ceil(matches.length / SEARCH_PAGE_SIZE), page };
}
