import type { EventRow, TicketRow } from '../db/repo.js';
import { fail } from '../errors.js';
import type { World } from '../world.js';
import { likeContains, likePrefix, offsetFor, pagesFor } from './sql.js';

/**
 * The staff ticket queues of §4.2/§5. Each returns one page of rows plus the total,
 * using two indexed queries (count + page) so large seeds stay fast.
 */

export interface Page {
  rows: TicketRow[];
  pages: number;
}

const MY_DEPARTMENTS = 'SELECT department_id FROM staff_department WHERE staff_id = ?';

/** "My tickets": owned by me or opened by me (§4.2 /staff/get-tickets). */
export function myTickets(world: World, staffId: number, o: { page: number; pageSize: number; includeClosed: boolean; departmentId: number | null }): Page {
  const where = ['(t.owner_id = ? OR t.author_staff_id = ?)'];
  const params: (number | string)[] = [staffId, staffId];
  // The unary + keeps SQLite on the owner/author indexes instead of the far less selective closed flag.
  if (!o.includeClosed) where.push('+t.closed = 0');
  if (o.departmentId) {
    where.push('+t.department_id = ?');
    params.push(o.departmentId);
  }
  const sqlWhere = where.join(' AND ');
  const offset = offsetFor(o.page, o.pageSize);
  const total = world.repo.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ticket t WHERE ${sqlWhere}`, ...params)?.n ?? 0;
  // In id order a plain table walk stops after one page; going through the indexes would sort the whole list.
  const rows = world.repo.all<TicketRow>(`SELECT t.* FROM ticket t NOT INDEXED WHERE ${sqlWhere} ORDER BY t.id LIMIT ? OFFSET ?`, ...params, o.pageSize, offset);
  return { rows, pages: pagesFor(total, o.pageSize) };
}

/** Open, unassigned tickets in my departments, staff-unread first (§4.2 /staff/get-new-tickets). */
export function newTickets(world: World, staffId: number, o: { page: number; pageSize: number; departmentId: number | null }): Page {
  const where = ['t.closed = 0', 't.owner_id IS NULL', `t.department_id IN (${MY_DEPARTMENTS})`];
  const params: number[] = [staffId];
  if (o.departmentId) {
    where.push('t.department_id = ?');
    params.push(o.departmentId);
  }
  const sqlWhere = where.join(' AND ');
  const total = world.repo.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ticket t WHERE ${sqlWhere}`, ...params)?.n ?? 0;
  // server bug: the offset is always (page-1)*10, whatever pageSize says (§6.16-2)
  const offset = offsetFor(o.page, 10);
  const rows = world.repo.all<TicketRow>(
    `SELECT t.* FROM ticket t WHERE ${sqlWhere} ORDER BY t.unread_staff DESC, t.id LIMIT ? OFFSET ?`,
    ...params,
    o.pageSize,
    offset,
  );
  return { rows, pages: pagesFor(total, o.pageSize) };
}

/** All tickets of my departments whose title contains the query; prefix matches first, then newest (§4.2). */
export function allTickets(world: World, staffId: number, o: { page: number; query: string; includeClosed: boolean }): Page {
  const where = [`t.department_id IN (${MY_DEPARTMENTS})`, "t.title LIKE ? ESCAPE '\\'"];
  const params: (number | string)[] = [staffId, likeContains(o.query)];
  if (!o.includeClosed) where.push('t.closed = 0');
  const sqlWhere = where.join(' AND ');
  const offset = offsetFor(o.page, 10);
  const total = world.repo.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ticket t WHERE ${sqlWhere}`, ...params)?.n ?? 0;
  const rows = world.repo.all<TicketRow>(
    `SELECT t.* FROM ticket t WHERE ${sqlWhere} ORDER BY (t.title LIKE ? ESCAPE '\\') DESC, t.id DESC LIMIT 10 OFFSET ?`,
    ...params,
    likePrefix(o.query),
    offset,
  );
  return { rows, pages: pagesFor(total, 10) };
}

/** Title search over my departments, open and closed; prefix matches first (§4.2 /staff/search-tickets). */
export function searchTicketsByTitle(world: World, staffId: number, o: { page: number; query: string }): Page {
  if (world.repo.staffDepartmentIds(staffId).length === 0) {
    // server bug: a staff member without departments produces an empty IN () list and a database error (§6.16-4)
    fail(
      "SQLSTATE[42000]: Syntax error or access violation: 1064 You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near ')' at line 1",
    );
  }
  const sqlWhere = `t.department_id IN (${MY_DEPARTMENTS}) AND t.title LIKE ? ESCAPE '\\'`;
  const params: (number | string)[] = [staffId, likeContains(o.query)];
  const offset = offsetFor(o.page, 10);
  const total = world.repo.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ticket t WHERE ${sqlWhere}`, ...params)?.n ?? 0;
  const rows = world.repo.all<TicketRow>(
    `SELECT t.* FROM ticket t WHERE ${sqlWhere} ORDER BY (t.title LIKE ? ESCAPE '\\') DESC, t.id LIMIT 10 OFFSET ?`,
    ...params,
    likePrefix(o.query),
    offset,
  );
  return { rows, pages: pagesFor(total, 10) };
}

export interface ActivityJson {
  type: string;
  ticketNumber: string;
  author: { name: string | null; staff: boolean; id: string | null; customfields: never[] };
  edited: string | null;
}

/** Every event on my personal list, newest first, 10 per page and no total (§4.2 /staff/last-events). */
export function lastEvents(world: World, staffId: number, page: number): ActivityJson[] {
  const offset = offsetFor(page, 10);
  // Walking events newest-first and testing list membership stops after one page, instead of sorting the whole feed.
  const rows = world.repo.all<
    EventRow & { ticket_number: number; ticket_author_name: string | null; staff_name: string | null; user_name: string | null }
  >(
    `SELECT e.*, t.ticket_number, t.author_name AS ticket_author_name, s.name AS staff_name, u.name AS user_name
     FROM ticket_event e NOT INDEXED
     JOIN ticket t ON t.id = e.ticket_id
     LEFT JOIN staff s ON s.id = e.author_staff_id
     LEFT JOIN user u ON u.id = e.author_user_id
     WHERE t.id IN (SELECT id FROM ticket WHERE owner_id = ? UNION SELECT id FROM ticket WHERE author_staff_id = ?)
     ORDER BY e.id DESC LIMIT 10 OFFSET ?`,
    staffId,
    staffId,
    offset,
  );
  return rows.map((r) => {
    const isStaff = r.author_staff_id !== null && r.staff_name !== null;
    const exists = isStaff || (r.author_user_id !== null && r.user_name !== null);
    return {
      type: r.type,
      ticketNumber: String(r.ticket_number),
      author: {
        name: isStaff ? r.staff_name : (r.user_name ?? r.ticket_author_name),
        staff: isStaff,
        id: exists ? String(isStaff ? r.author_staff_id : r.author_user_id) : null,
        customfields: [],
      },
      edited: r.edited === null ? null : String(r.edited),
    };
  });
}
