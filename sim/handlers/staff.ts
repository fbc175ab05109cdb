import { requireStaff } from '../auth.js';
import { storeUpload } from '../domain/files.js';
import { allTickets, lastEvents, myTickets, newTickets, searchTicketsByTitle } from '../domain/lists.js';
import * as tickets from '../domain/tickets.js';
import { fail } from '../errors.js';
import type { Handler } from '../http/context.js';
import { validLength } from '../sanitize.js';
import { staffProfileJson, ticketsJson } from '../shapes.js';
import { parseId, parseIntInRange, parseJsonField, validEmail } from '../util/php.js';
import { hashPassword } from '../util/password.js';
import { optionalPageSize, requiredPage } from './common.js';

const get: Handler = (ctx) => {
  const caller = requireStaff(ctx, 1);
  const { repo } = ctx.world;
  // Only level 3 may look at someone else; everyone else silently gets themself (recorded).
  const requested = parseId(ctx.params.get('staffId'));
  const other = caller.level >= 3 && requested !== null ? repo.staff(requested) : undefined;
  const s = other ?? repo.staff(caller.id) ?? fail('NO_PERMISSION');
  return staffProfileJson(s, repo.staffDepartments(s.id));
};

const getAll: Handler = (ctx) => {
  requireStaff(ctx, 1);
  const { repo } = ctx.world;
  const owners = repo.departmentOwners();
  const counts = new Map(
    repo
      .all<{ owner_id: number; assigned: number; closed: number }>(
        'SELECT owner_id, COUNT(*) AS assigned, SUM(closed) AS closed FROM ticket WHERE owner_id IS NOT NULL GROUP BY owner_id',
      )
      .map((r) => [r.owner_id, r]),
  );
  return repo.allStaff().map((s) => ({
    id: String(s.id),
    name: s.name,
    email: s.email,
    profilePic: s.profile_pic,
    level: String(s.level),
    departments: repo.staffDepartments(s.id).map((d) => ({ id: String(d.id), name: d.name, owners: String(owners.get(d.id) ?? 0) })),
    assignedTickets: counts.get(s.id)?.assigned ?? 0,
    closedTickets: counts.get(s.id)?.closed ?? 0,
    lastLogin: s.last_login,
  }));
};

const assignTicket: Handler = (ctx) => {
  const caller = requireStaff(ctx, 1);
  tickets.assign(ctx.world, caller, ctx.params.get('ticketNumber'), ctx.params.get('staffId'));
  return null;
};

const unassignTicket: Handler = (ctx) => {
  const caller = requireStaff(ctx, 1);
  tickets.unassign(ctx.world, caller, ctx.params.get('ticketNumber'));
  return null;
};

const getTickets: Handler = (ctx) => {
  const caller = requireStaff(ctx, 1);
  const p = ctx.params;
  const page = requiredPage(p);
  const pageSize = optionalPageSize(p);
  const result = myTickets(ctx.world, caller.id, { page, pageSize, includeClosed: p.flag('closed'), departmentId: parseId(p.get('departmentId')) });
  return { tickets: ticketsJson(ctx.world, result.rows, { full: false, staffViewer: true }), page: p.get('page'), pages: result.pages };
};

const getNewTickets: Handler = (ctx) => {
  const caller = requireStaff(ctx, 1);
  const p = ctx.params;
  const page = requiredPage(p);
  const pageSize = optionalPageSize(p);
  const result = newTickets(ctx.world, caller.id, { page, pageSize, departmentId: parseId(p.get('departmentId')) });
  return { tickets: ticketsJson(ctx.world, result.rows, { full: false, staffViewer: true }), page: p.get('page'), pages: result.pages };
};

const getAllTickets: Handler = (ctx) => {
  const caller = requireStaff(ctx, 1);
  const p = ctx.params;
  const page = requiredPage(p);
  // `closed` is multiplied by 1 here, not read for truthiness (§2.3.2).
  const includeClosed = Number(p.get('closed') ?? '0') === 1;
  const result = allTickets(ctx.world, caller.id, { page, query: p.get('query') ?? '', includeClosed });
  return { tickets: ticketsJson(ctx.world, result.rows, { full: false, staffViewer: true }), pages: result.pages };
};

const searchTickets: Handler = (ctx) => {
  const caller = requireStaff(ctx, 1);
  const p = ctx.params;
  const query = p.get('query');
  if (query === undefined || query.trim() === '') fail('INVALID_QUERY');
  const page = requiredPage(p);
  const result = searchTicketsByTitle(ctx.world, caller.id, { page, query });
  return { tickets: ticketsJson(ctx.world, result.rows, { full: true, staffViewer: true }), pages: result.pages };
};

const getLastEvents: Handler = (ctx) => {
  const caller = requireStaff(ctx, 1);
  return lastEvents(ctx.world, caller.id, requiredPage(ctx.params));
};

const edit: Handler = (ctx) => {
  const caller = requireStaff(ctx, 1);
  const { repo } = ctx.world;
  const p = ctx.params;
  const email = p.given('email')?.toLowerCase();
  if (email !== undefined && !validEmail(email)) fail('INVALID_EMAIL');
  const password = p.given('password');
  if (password !== undefined && !validLength(password, 6, 200)) fail('INVALID_PASSWORD');
  const levelRaw = p.given('level');
  const level = levelRaw === undefined ? undefined : (parseIntInRange(levelRaw, 1, 3) ?? fail('INVALID_LEVEL'));
  const staffIdRaw = p.get('staffId');
  let targetId = caller.id;
  if (staffIdRaw !== undefined) {
    const id = parseId(staffIdRaw);
    if (id !== caller.id) {
      if (caller.level < 3) fail('NO_PERMISSION');
      if (id === null || !repo.staff(id)) fail('INVALID_STAFF');
      targetId = id;
    }
  }
  const editingSelf = targetId === caller.id;
  if (email !== undefined) {
    const taken = repo.userByEmail(email) !== undefined || (repo.staffByEmail(email)?.id ?? targetId) !== targetId;
    if (taken) fail('INVALID_EMAIL');
  }
  const file = p.file('file');
  repo.tx(() => {
    if (email !== undefined) repo.run('UPDATE staff SET email = ? WHERE id = ?', email, targetId);
    if (password !== undefined) repo.run('UPDATE staff SET password = ? WHERE id = ?', hashPassword(password), targetId);
    if (level !== undefined && !editingSelf && caller.level >= 3) repo.run('UPDATE staff SET level = ? WHERE id = ?', level, targetId);
    const departments = parseJsonField(p.get('departments'));
    if (caller.level >= 3 && Array.isArray(departments)) {
      const wanted = departments.map((d) => parseId(d as string | number)).filter((d): d is number => d !== null && repo.department(d) !== undefined);
      repo.run('DELETE FROM staff_department WHERE staff_id = ?', targetId);
      for (const d of new Set(wanted)) repo.run('INSERT INTO staff_department (staff_id, department_id) VALUES (?, ?)', targetId, d);
      // Tickets in departments the member left lose them as owner, without an event (§4.2).
      repo.run(
        'UPDATE ticket SET owner_id = NULL WHERE owner_id = ? AND department_id NOT IN (SELECT department_id FROM staff_department WHERE staff_id = ?)',
        targetId,
        targetId,
      );
    }
    const sendEmail = p.get('sendEmailOnNewTicket');
    if (editingSelf && (sendEmail === '0' || sendEmail === '1')) repo.run('UPDATE staff SET send_email_on_new_ticket = ? WHERE id = ?', Number(sendEmail), targetId);
    if (file) repo.run('UPDATE staff SET profile_pic = ? WHERE id = ?', storeUpload(ctx.world, file, 'p'), targetId);
  });
  return null;
};

export const staffRoutes: Record<string, Handler> = {
  '/staff/get': get,
  '/staff/get-all': getAll,
  '/staff/assign-ticket': assignTicket,
  '/staff/un-assign-ticket': unassignTicket,
  '/staff/get-tickets': getTickets,
  '/staff/get-new-tickets': getNewTickets,
  '/staff/get-all-tickets': getAllTickets,
  '/staff/search-tickets': searchTickets,
  '/staff/last-events': getLastEvents,
  '/staff/edit': edit,
};
