import type { TicketRow } from '../db/repo.js';
import { fail } from '../errors.js';
import type { Params } from '../http/params.js';
import { isNumeric, parseIntInRange, parseJsonField } from '../util/php.js';
import type { World } from '../world.js';
import type { StaffCaller } from './access.js';
import { likeContains, likePrefix, pagesFor } from './sql.js';

/** Parsed and validated `/ticket/search` filters (§4.3). */
export interface SearchFilters {
  page: number;
  pageSize: number;
  tags?: number[];
  closed?: 0 | 1;
  unreadStaff?: 0 | 1;
  dateRange?: [number, number];
  departments?: number[];
  authors?: { id: number; isStaff: boolean }[];
  owners?: number[];
  assigned?: 0 | 1;
  query?: string;
  orderBy?: { value: 'closed' | 'owner_id' | 'unread_staff' | 'date'; asc: boolean };
  supervisor: boolean;
}

/** A JSON list of ids; ids may be JSON numbers or digit strings. */
function idList(v: unknown): number[] | null {
  if (!Array.isArray(v)) return null;
  const ok = v.every((x) => (typeof x === 'number' && Number.isInteger(x) && x >= 0) || (typeof x === 'string' && /^\d+$/.test(x)));
  return ok ? v.map(Number) : null;
}

/** Strict "0"/"1" filters: these are validated, not read with PHP truthiness (§2.3.2). */
function zeroOne(params: Params, name: string, code: string): 0 | 1 | undefined {
  const v = params.get(name);
  if (v === undefined) return undefined;
  if (v !== '0' && v !== '1') fail(code);
  return v === '1' ? 1 : 0;
}

function existing(world: World, table: 'tag' | 'department' | 'staff' | 'user', ids: number[]): boolean {
  if (ids.length === 0) return true;
  const n = world.repo.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`, JSON.stringify([...new Set(ids)]))?.n ?? 0;
  return n === new Set(ids).size;
}

/** Validates the parameters in the server's order: the first bad one decides the error. */
export function parseSearchFilters(world: World, params: Params): SearchFilters {
  const f: SearchFilters = { page: 1, pageSize: 10, supervisor: false };
  const page = params.get('page');
  if (page !== undefined) {
    if (!isNumeric(page) || Number(page) <= 0) fail('INVALID_PAGE');
    f.page = Number(page);
  }
  if (params.has('tags')) {
    const tags = idList(parseJsonField(params.get('tags')));
    if (!tags || !existing(world, 'tag', tags)) fail('INVALID_TAG_FILTER');
    f.tags = tags;
  }
  f.closed = zeroOne(params, 'closed', 'INVALID_CLOSED_FILTER');
  f.unreadStaff = zeroOne(params, 'unreadStaff', 'INVALID_UNREAD_STAFF_FILTER');
  if (params.has('dateRange')) {
    const range = parseJsonField(params.get('dateRange'));
    if (!Array.isArray(range) || range.length !== 2 || !range.every((x) => typeof x === 'number' && Number.isInteger(x)) || (range[0] as number) > (range[1] as number)) {
      fail('INVALID_DATE_RANGE_FILTER');
    }
    f.dateRange = [range[0] as number, range[1] as number];
  }
  if (params.has('departments')) {
    const departments = idList(parseJsonField(params.get('departments')));
    if (!departments || !existing(world, 'department', departments)) fail('INVALID_DEPARTMENT_FILTER');
    f.departments = departments;
  }
  if (params.has('authors')) {
    const raw = parseJsonField(params.get('authors'));
    const authors: { id: number; isStaff: boolean }[] = [];
    if (!Array.isArray(raw)) fail('INVALID_AUTHOR_FILTER');
    for (const a of raw) {
      if (typeof a !== 'object' || a === null) fail('INVALID_AUTHOR_FILTER');
      const { id, isStaff } = a as { id?: unknown; isStaff?: unknown };
      const numId = typeof id === 'number' ? id : typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : NaN;
      const staffFlag = isStaff === 1 || isStaff === '1' || isStaff === true ? true : isStaff === 0 || isStaff === '0' || isStaff === false ? false : null;
      if (!Number.isInteger(numId) || staffFlag === null) fail('INVALID_AUTHOR_FILTER');
      if (!existing(world, staffFlag ? 'staff' : 'user', [numId])) fail('INVALID_AUTHOR_FILTER');
      authors.push({ id: numId, isStaff: staffFlag });
    }
    f.authors = authors;
  }
  if (params.has('owners')) {
    const owners = idList(parseJsonField(params.get('owners')));
    if (!owners || !existing(world, 'staff', owners)) fail('INVALID_OWNER_FILTER');
    f.owners = owners;
  }
  f.assigned = zeroOne(params, 'assigned', 'INVALID_ASSIGNED_FILTER');
  const query = params.get('query');
  if (query !== undefined) {
    if (query.trim() === '') fail('INVALID_QUERY_FILTER');
    f.query = query;
  }
  if (params.has('orderBy')) {
    const o = parseJsonField(params.get('orderBy'));
    const value = (o as { value?: unknown } | null)?.value;
    const asc = (o as { asc?: unknown } | null)?.asc;
    if (
      typeof o !== 'object' || o === null ||
      (value !== 'closed' && value !== 'owner_id' && value !== 'unread_staff' && value !== 'date') ||
      (asc !== 0 && asc !== 1)
    ) {
      fail('INVALID_ORDER_BY');
    }
    f.orderBy = { value, asc: asc === 1 };
  }
  const pageSize = params.get('pageSize');
  if (pageSize !== undefined) {
    const n = parseIntInRange(pageSize, 5, 50);
    if (n === null) fail('INVALID_PAGE_SIZE');
    f.pageSize = n;
  }
  f.supervisor = params.flag('supervisor');
  return f;
}

export function searchTickets(world: World, caller: StaffCaller, f: SearchFilters): { rows: TicketRow[]; pages: number } {
  const hasEarlierFilter = f.tags !== undefined || f.closed !== undefined || f.assigned !== undefined || f.unreadStaff !== undefined || f.dateRange !== undefined;
  if (f.departments && f.departments.length > 0 && hasEarlierFilter) {
    // server bug: explicit departments combined with tags/closed/assigned/unreadStaff/dateRange builds invalid SQL (§4.3, §6.16-1)
    const clause = f.departments.map((d) => `ticket.department_id = ${d}`).join(' or ');
    fail(
      `SQLSTATE[42000]: Syntax error or access violation: 1064 You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near '( ${clause} ) GROUP BY ticket.id )...' at line 1`,
    );
  }

  const where: string[] = [];
  const params: (string | number)[] = [];
  if (f.tags && f.tags.length > 0) {
    where.push('EXISTS (SELECT 1 FROM ticket_tag tt WHERE tt.ticket_id = t.id AND tt.tag_id IN (SELECT value FROM json_each(?)))');
    params.push(JSON.stringify(f.tags));
  }
  if (f.closed !== undefined) {
    where.push('t.closed = ?');
    params.push(f.closed);
  }
  if (f.unreadStaff !== undefined) {
    where.push('t.unread_staff = ?');
    params.push(f.unreadStaff);
  }
  if (f.dateRange) {
    where.push('CAST(t.date AS INTEGER) BETWEEN ? AND ?');
    params.push(f.dateRange[0], f.dateRange[1]);
  }

  const myDepartments = world.repo.staffDepartmentIds(caller.id);
  // server bug: supervisor=1 removes the department restriction for any staff caller (§6.16-3)
  if (!f.supervisor && myDepartments.length > 0) {
    const mine = 'SELECT department_id FROM staff_department WHERE staff_id = ?';
    if (f.departments && f.departments.length > 0) {
      where.push(`t.department_id IN (SELECT value FROM json_each(?)) AND (t.department_id IN (${mine}) OR t.author_staff_id = ?)`);
      params.push(JSON.stringify(f.departments), caller.id, caller.id);
    } else {
      where.push(`(t.department_id IN (${mine}) OR t.author_staff_id = ?)`);
      params.push(caller.id, caller.id);
    }
  } else if (f.departments && f.departments.length > 0) {
    where.push('t.department_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(f.departments));
  }

  if (f.authors && f.authors.length > 0) {
    where.push('(t.author_user_id IN (SELECT value FROM json_each(?)) OR t.author_staff_id IN (SELECT value FROM json_each(?)))');
    params.push(JSON.stringify(f.authors.filter((a) => !a.isStaff).map((a) => a.id)), JSON.stringify(f.authors.filter((a) => a.isStaff).map((a) => a.id)));
  }
  if (f.owners && f.owners.length > 0) {
    where.push('t.owner_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(f.owners));
  }
  if (f.assigned !== undefined) where.push(f.assigned === 1 ? 't.owner_id IS NOT NULL' : 't.owner_id IS NULL');

  const order: string[] = [];
  const orderParams: string[] = [];
  if (f.query !== undefined) {
    const contains = likeContains(f.query);
    where.push(
      `(CAST(t.ticket_number AS TEXT) LIKE ? ESCAPE '\\' OR t.title LIKE ? ESCAPE '\\' OR t.content LIKE ? ESCAPE '\\'
        OR t.id IN (SELECT e.ticket_id FROM ticket_event e WHERE e.type = 'COMMENT' AND e.content LIKE ? ESCAPE '\\'))`,
    );
    params.push(contains, contains, contains, contains);
    // Relevance: ticket number, then title prefix, then title, then body, then comments.
    order.push(
      `CASE WHEN CAST(t.ticket_number AS TEXT) LIKE ? ESCAPE '\\' THEN 0 WHEN t.title LIKE ? ESCAPE '\\' THEN 1
            WHEN t.title LIKE ? ESCAPE '\\' THEN 2 WHEN t.content LIKE ? ESCAPE '\\' THEN 3 ELSE 4 END`,
    );
    orderParams.push(contains, likePrefix(f.query), contains, contains);
  }
  if (f.orderBy) {
    const column = f.orderBy.value === 'date' ? 'CAST(t.date AS INTEGER)' : `t.${f.orderBy.value}`;
    order.push(`${column} ${f.orderBy.asc ? 'ASC' : 'DESC'}`);
  }
  // Always appended: open first, unassigned first (by owner id), staff-read first, newest, newest id.
  order.push('t.closed ASC', 't.owner_id ASC', 't.unread_staff ASC', 't.date DESC', 't.id DESC');

  const sqlWhere = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  // server bug: the offset is (page-1)*10 whatever pageSize says, while pages uses pageSize (§6.16-2)
  const offset = Math.floor(f.page - 1) * 10;
  // The window count gives the total in the same pass as the page; only a page past the end needs a second query.
  let page: { id: number; total?: number }[];
  let total: number;
  if (order.length === 5) {
    // Default order only: walking the matching index in order stops after one page instead of sorting everything.
    total = world.repo.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ticket t ${sqlWhere}`, ...params)?.n ?? 0;
    page = world.repo.all<{ id: number }>(
      `SELECT t.id FROM ticket t INDEXED BY ticket_default_order ${sqlWhere} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`,
      ...params,
      f.pageSize,
      offset,
    );
  } else {
    // Relevance or a custom order needs a sort anyway; the window count saves a second pass over the filters.
    page = world.repo.all<{ id: number; total: number }>(
      `SELECT t.id, COUNT(*) OVER () AS total FROM ticket t ${sqlWhere} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`,
      ...params,
      ...orderParams,
      f.pageSize,
      offset,
    );
    total = page[0]?.total ?? world.repo.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ticket t ${sqlWhere}`, ...params)?.n ?? 0;
  }
  const byId = new Map(
    world.repo.all<TicketRow>('SELECT * FROM ticket WHERE id IN (SELECT value FROM json_each(?))', JSON.stringify(page.map((r) => r.id))).map((r) => [r.id, r]),
  );
  const rows = page.map((r) => byId.get(r.id)).filter((r): r is TicketRow => r !== undefined);
  return { rows, pages: pagesFor(total, f.pageSize) };
}
