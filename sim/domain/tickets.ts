import type { EventType, StaffRow, TicketRow } from '../db/repo.js';
import { fail } from '../errors.js';
import type { UploadedFile } from '../http/params.js';
import { sanitizeHtml, validContent, validLength } from '../sanitize.js';
import { formatDate } from '../util/dates.js';
import { parseId } from '../util/php.js';
import type { World } from '../world.js';
import { type Caller, type StaffCaller, canManage, isAuthor, isOwner } from './access.js';
import { storeUpload } from './files.js';
import { supportedLanguages } from './settings.js';

/**
 * The ticket rules, shared by the HTTP handlers and the scripting API so that both
 * produce identical events, unread flags and activity. Each function checks in the
 * same order as the server (first failure wins) and throws ApiFail with its code.
 */

export function findTicket(world: World, ticketNumber: string | number | undefined): TicketRow | undefined {
  const n = parseId(ticketNumber);
  return n === null ? undefined : world.repo.ticketByNumber(n);
}

function requireTicket(world: World, ticketNumber: string | number | undefined): TicketRow {
  return findTicket(world, ticketNumber) ?? fail('INVALID_TICKET');
}

function requireStaffRow(world: World, id: number): StaffRow {
  return world.repo.staff(id) ?? fail('NO_PERMISSION');
}

function addEvent(
  world: World,
  ticket: TicketRow,
  type: EventType,
  by: Caller,
  extra: { content?: string | null; file?: string | null; private?: number | null } = {},
): number {
  return world.repo.insert(
    `INSERT INTO ticket_event (ticket_id, type, content, author_user_id, author_staff_id, date, file, private, edited)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
    ticket.id,
    type,
    extra.content ?? null,
    by.kind === 'user' ? by.id : null,
    by.kind === 'staff' ? by.id : null,
    formatDate(world.now()),
    extra.file ?? null,
    extra.private ?? null,
  );
}

function setFlags(world: World, ticketId: number, flags: { unread?: boolean; unreadStaff?: boolean }): void {
  if (flags.unread !== undefined) world.repo.run('UPDATE ticket SET unread = ? WHERE id = ?', flags.unread ? 1 : 0, ticketId);
  if (flags.unreadStaff !== undefined) world.repo.run('UPDATE ticket SET unread_staff = ? WHERE id = ?', flags.unreadStaff ? 1 : 0, ticketId);
}

/** Attachments: staff always may attach; users only when `allow-attachments` is on, otherwise the file is silently dropped (§2.8). */
function acceptUpload(world: World, caller: Caller, file: UploadedFile | undefined, prefix: string): string | null {
  if (!file) return null;
  if (caller.kind === 'user' && world.repo.setting('allow-attachments') !== '1') return null;
  return storeUpload(world, file, prefix);
}

/**
 * Ticket numbers: a random first number and a gap, each next number derived from the
 * ticket count inside 100000–999999 (§6.1). Collisions (possible when the gap shares
 * a factor with 900000) are skipped so numbers stay unique.
 */
export function nextTicketNumber(world: World): number {
  const first = Number(world.repo.setting('ticket-first-number') ?? '100000');
  const gap = Number(world.repo.setting('ticket-gap') ?? '1');
  let n = world.repo.get<{ n: number }>('SELECT COUNT(*) AS n FROM ticket')?.n ?? 0;
  if (n === 0) return first;
  for (;;) {
    const candidate = ((first - 100000 + n * gap) % 900000) + 100000;
    if (!world.repo.ticketByNumber(candidate)) return candidate;
    n++;
  }
}

export interface CreateTicketInput {
  title?: string | undefined;
  content?: string | undefined;
  departmentId?: string | undefined;
  language?: string | undefined;
  file?: UploadedFile | undefined;
}

interface ValidTicketInput {
  title: string;
  content: string;
  departmentId: number | null;
  language: string;
}

/** The parameter checks of /ticket/create, in the server's order (title, content, department, language). */
export function validateNewTicket(world: World, input: CreateTicketInput): ValidTicketInput {
  const { repo } = world;
  if (!validLength(input.title, 1, 200)) fail('INVALID_TITLE');
  if (!validContent(input.content)) fail('INVALID_CONTENT');
  let departmentId: number | null = null;
  if (input.departmentId !== undefined && input.departmentId !== '') {
    departmentId = parseId(input.departmentId);
    if (departmentId === null || !repo.department(departmentId)) fail('INVALID_DEPARTMENT');
  }
  const language = input.language !== undefined && input.language !== '' ? input.language : (repo.setting('language') ?? 'en');
  if (!supportedLanguages(world).includes(language)) fail('INVALID_LANGUAGE');
  return { title: input.title, content: input.content, departmentId, language };
}

/** Opens a ticket authored by the caller (staff cannot open tickets on behalf of users, §4.3). */
export function createTicket(world: World, caller: Caller, input: CreateTicketInput): number {
  const { repo } = world;
  const valid = validateNewTicket(world, input);
  const { title, content, language } = valid;
  let { departmentId } = valid;
  const defaultDepartment = Number(repo.setting('default-department-id') ?? '1');
  if (caller.kind === 'user') {
    if (repo.setting('default-is-locked') === '1' || departmentId === null) departmentId = defaultDepartment;
    if (repo.department(departmentId)?.private === 1) fail('INVALID_DEPARTMENT');
  } else {
    departmentId ??= defaultDepartment;
  }

  return repo.tx(() => {
    const ticketNumber = nextTicketNumber(world);
    const file = acceptUpload(world, caller, input.file, `t${ticketNumber}`);
    const author = caller.kind === 'user' ? repo.user(caller.id) : repo.staff(caller.id);
    repo.insert(
      `INSERT INTO ticket (ticket_number, title, content, department_id, date, file, language, unread, unread_staff, closed,
         author_user_id, author_staff_id, author_name, author_email, owner_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, 1, 0, ?, ?, ?, ?, NULL)`,
      ticketNumber,
      sanitizeHtml(title),
      sanitizeHtml(content),
      departmentId,
      formatDate(world.now()),
      file,
      language,
      caller.kind === 'user' ? caller.id : null,
      caller.kind === 'staff' ? caller.id : null,
      author?.name ?? null,
      author?.email ?? null,
    );
    if (caller.kind === 'user') repo.run('UPDATE user SET tickets = tickets + 1 WHERE id = ?', caller.id);
    return ticketNumber;
  });
}

export interface CommentInput {
  content?: string | undefined;
  private?: boolean | undefined;
  file?: UploadedFile | undefined;
}

export function comment(world: World, caller: Caller, ticketNumber: string | number | undefined, input: CommentInput): number {
  if (!validContent(input.content)) fail('INVALID_CONTENT');
  const ticket = requireTicket(world, ticketNumber);
  if (!canManage(world.repo, caller, ticket)) fail('NO_PERMISSION');
  const content = input.content;
  return world.repo.tx(() => {
    const file = acceptUpload(world, caller, input.file, `t${ticket.ticket_number}`);
    const id = addEvent(world, ticket, 'COMMENT', caller, {
      content: sanitizeHtml(content),
      file,
      // Users can never write internal notes, whatever they send.
      private: caller.kind === 'staff' && input.private ? 1 : 0,
    });
    if (caller.kind === 'staff') {
      // The owner's own reply marks the ticket read for staff; anyone else's marks it unread (§6.2, §8.3).
      setFlags(world, ticket.id, { unread: isAuthor(caller, ticket) ? undefined : true, unreadStaff: !isOwner(caller, ticket) });
    } else {
      setFlags(world, ticket.id, { unreadStaff: true });
    }
    return id;
  });
}

export function assign(world: World, caller: StaffCaller, ticketNumber: string | number | undefined, staffId?: string | number): void {
  const { repo } = world;
  const ticket = requireTicket(world, ticketNumber);
  let target: StaffRow;
  if (staffId !== undefined && staffId !== '') {
    const id = parseId(staffId);
    target = (id === null ? undefined : repo.staff(id)) ?? fail('INVALID_STAFF');
    if (!repo.staffInDepartment(target.id, ticket.department_id)) fail('INVALID_DEPARTMENT');
  } else {
    target = requireStaffRow(world, caller.id);
  }
  if (ticket.owner_id !== null) fail('TICKET_ALREADY_ASSIGNED');
  if (!canManage(repo, caller, ticket)) fail('NO_PERMISSION');
  repo.tx(() => {
    repo.run('UPDATE ticket SET owner_id = ?, staff_hops = staff_hops + 1 WHERE id = ?', target.id, ticket.id);
    if (ticket.author_staff_id !== target.id) setFlags(world, ticket.id, { unread: true });
    addEvent(world, ticket, 'ASSIGN', caller, { content: target.name });
  });
}

function dropOwner(world: World, caller: StaffCaller, ticket: TicketRow): void {
  const former = ticket.owner_id === null ? undefined : world.repo.staff(ticket.owner_id);
  world.repo.run('UPDATE ticket SET owner_id = NULL WHERE id = ?', ticket.id);
  if (!isAuthor(caller, ticket)) setFlags(world, ticket.id, { unread: true });
  addEvent(world, ticket, 'UN_ASSIGN', caller, { content: former?.name ?? null });
}

export function unassign(world: World, caller: StaffCaller, ticketNumber: string | number | undefined): void {
  const ticket = requireTicket(world, ticketNumber);
  // server bug: un-assigning a ticket without owner answers NO_PERMISSION, not a dedicated code (§6.16-12)
  if (ticket.owner_id === null) fail('NO_PERMISSION');
  if (!canManage(world.repo, caller, ticket)) fail('NO_PERMISSION');
  world.repo.tx(() => dropOwner(world, caller, ticket));
}

export function close(world: World, caller: Caller, ticketNumber: string | number | undefined): void {
  const ticket = requireTicket(world, ticketNumber);
  if (!canManage(world.repo, caller, ticket)) fail('NO_PERMISSION');
  const now = formatDate(world.now());
  world.repo.tx(() => {
    // server bug: the current state is not checked, closing a closed ticket appends another CLOSE event (§6.16-10)
    world.repo.run('UPDATE ticket SET closed = 1, first_closed_at = COALESCE(first_closed_at, ?), last_closed_at = ? WHERE id = ?', now, now, ticket.id);
    setFlags(world, ticket.id, { unread: isAuthor(caller, ticket) ? undefined : true, unreadStaff: !isOwner(caller, ticket) });
    addEvent(world, ticket, 'CLOSE', caller);
  });
}

export function reopen(world: World, caller: Caller, ticketNumber: string | number | undefined): void {
  const ticket = requireTicket(world, ticketNumber);
  if (!canManage(world.repo, caller, ticket)) fail('NO_PERMISSION');
  world.repo.tx(() => {
    // server bug: re-opening an open ticket succeeds and appends another RE_OPEN event (§6.16-10)
    world.repo.run('UPDATE ticket SET closed = 0, reopened = CASE WHEN closed = 1 THEN 1 ELSE reopened END WHERE id = ?', ticket.id);
    setFlags(world, ticket.id, caller.kind === 'staff' ? { unread: true } : { unreadStaff: true });
    addEvent(world, ticket, 'RE_OPEN', caller);
  });
}

export function changeDepartment(world: World, caller: StaffCaller, ticketNumber: string | number | undefined, departmentId: string | number | undefined): void {
  const { repo } = world;
  const ticket = requireTicket(world, ticketNumber);
  const id = parseId(departmentId);
  const department = (id === null ? undefined : repo.department(id)) ?? fail('INVALID_DEPARTMENT');
  if (department.private === 1 && ticket.author_staff_id === null) fail('NO_PERMISSION');
  if (!canManage(repo, caller, ticket)) fail('NO_PERMISSION');
  if (ticket.department_id === department.id) fail('SAME_DEPARTMENT');
  repo.tx(() => {
    if (ticket.owner_id !== null && !repo.staffInDepartment(ticket.owner_id, department.id)) dropOwner(world, caller, ticket);
    repo.run('UPDATE ticket SET department_id = ?, department_hops = department_hops + 1 WHERE id = ?', department.id, ticket.id);
    if (!isAuthor(caller, ticket)) setFlags(world, ticket.id, { unread: true });
    addEvent(world, ticket, 'DEPARTMENT_CHANGED', caller, { content: department.name });
  });
}

export function addTag(world: World, caller: StaffCaller, ticketNumber: string | number | undefined, tagId: string | number | undefined): void {
  const { repo } = world;
  const ticket = requireTicket(world, ticketNumber);
  const id = parseId(tagId);
  const tag = (id === null ? undefined : repo.tag(id)) ?? fail('INVALID_TAG');
  if (!canManage(repo, caller, ticket)) fail('NO_PERMISSION');
  if (repo.get('SELECT 1 FROM ticket_tag WHERE ticket_id = ? AND tag_id = ?', ticket.id, tag.id)) fail('TAG_EXISTS');
  repo.run('INSERT INTO ticket_tag (ticket_id, tag_id) VALUES (?, ?)', ticket.id, tag.id);
}

export function removeTag(world: World, caller: StaffCaller, ticketNumber: string | number | undefined, tagId: string | number | undefined): void {
  const { repo } = world;
  const ticket = requireTicket(world, ticketNumber);
  const id = parseId(tagId);
  const tag = (id === null ? undefined : repo.tag(id)) ?? fail('INVALID_TAG');
  if (!canManage(repo, caller, ticket)) fail('NO_PERMISSION');
  if (repo.run('DELETE FROM ticket_tag WHERE ticket_id = ? AND tag_id = ?', ticket.id, tag.id).changes === 0) fail('INVALID_TAG');
}

export function editTitle(world: World, caller: Caller, ticketNumber: string | number | undefined, title: string | undefined): void {
  if (!validLength(title, 1, 200)) fail('INVALID_TITLE');
  const ticket = requireTicket(world, ticketNumber);
  if (!canManage(world.repo, caller, ticket)) fail('NO_PERMISSION');
  // server bug: the new title is stored without HTML sanitising (§6.16-11)
  world.repo.run('UPDATE ticket SET title = ?, edited_title = 1 WHERE id = ?', title, ticket.id);
}

export interface EditCommentInput {
  content?: string | undefined;
  ticketNumber?: string | undefined;
  ticketEventId?: string | undefined;
}

export function editComment(world: World, caller: Caller, input: EditCommentInput): void {
  const { repo } = world;
  if (!validContent(input.content)) fail('INVALID_CONTENT');
  let ticket: TicketRow | undefined;
  if (input.ticketNumber !== undefined && input.ticketNumber !== '') ticket = requireTicket(world, input.ticketNumber);
  const content = sanitizeHtml(input.content);

  if (input.ticketEventId !== undefined && input.ticketEventId !== '') {
    const eventId = parseId(input.ticketEventId);
    const event = (eventId === null ? undefined : repo.event(eventId)) ?? fail('NO_PERMISSION');
    const authorMatches = caller.kind === 'staff' ? event.author_staff_id === caller.id : event.author_user_id === caller.id;
    if (!authorMatches) fail('NO_PERMISSION');
    const eventTicket = repo.ticketById(event.ticket_id) ?? fail('INVALID_TICKET_EVENT');
    if (caller.kind === 'staff' && !canManage(repo, caller, eventTicket)) fail('NO_PERMISSION');
    const latest = repo.get<{ id: number }>("SELECT id FROM ticket_event WHERE ticket_id = ? AND type = 'COMMENT' ORDER BY id DESC LIMIT 1", eventTicket.id);
    if (event.type !== 'COMMENT' || eventTicket.closed === 1 || latest?.id !== event.id) fail('INVALID_TICKET_EVENT');
    repo.run('UPDATE ticket_event SET content = ?, edited = 1 WHERE id = ?', content, event.id);
    return;
  }

  const target = ticket ?? fail('INVALID_TICKET');
  if (!isAuthor(caller, target)) fail('NO_PERMISSION');
  if (caller.kind === 'staff' && !canManage(repo, caller, target)) fail('NO_PERMISSION');
  if (repo.get("SELECT 1 FROM ticket_event WHERE ticket_id = ? AND type = 'COMMENT'", target.id)) fail('TICKET_CONTENT_CANNOT_BE_EDITED');
  repo.run('UPDATE ticket SET content = ?, edited = 1 WHERE id = ?', content, target.id);
}

/** Only the owner clears the staff-side flag and only the author the author-side one (§6.2). */
export function seen(world: World, caller: Caller, ticketNumber: string | number | undefined): void {
  const ticket = requireTicket(world, ticketNumber);
  if (!canManage(world.repo, caller, ticket) && !isAuthor(caller, ticket)) fail('NO_PERMISSION');
  setFlags(world, ticket.id, {
    unreadStaff: isOwner(caller, ticket) ? false : undefined,
    unread: isAuthor(caller, ticket) ? false : undefined,
  });
}
