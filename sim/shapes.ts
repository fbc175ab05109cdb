import type { CustomResponseRow, DepartmentRow, EventRow, StaffRow, TagRow, TicketRow, UserRow } from './db/repo.js';
import { stripTags } from './sanitize.js';
import type { World } from './world.js';

/**
 * Serialisation into the server's exact JSON: ids, counters and raw flags as strings,
 * computed flags as booleans, keys in the server's order (§3).
 */

const str = (n: number | null): string | null => (n === null ? null : String(n));
/** Raw database flags pass through as "1"/"0"/null (§3.0). */
const rawFlag = (n: number | null): string | null => (n === null ? null : String(n));

export interface TicketAuthorJson {
  id: string | null;
  name: string | null;
  staff: boolean;
  profilePic?: string | null;
  email: string | null;
  customfields?: never[];
}
export interface EventAuthorJson {
  id: string;
  name: string;
  email: string;
  profilePic: string | null;
  staff: boolean;
}
export interface EventJson {
  type: string;
  content: string | null;
  author: EventAuthorJson | never[];
  date: string;
  file: string | null;
  private: string | null;
  edited: string | null;
  id: string;
}
export interface TicketJson {
  ticketNumber: string;
  title: string;
  content: string;
  department: { id: string; name: string };
  date: string;
  file: string | null;
  language: string;
  unread: boolean;
  unreadStaff: boolean;
  closed: boolean;
  author: TicketAuthorJson;
  owner: { id: string; name: string; email: string; profilePic: string | null } | null;
  events: EventJson[];
  tags: string[];
  edited: string | null;
  editedTitle: string | null;
}

function byIds<T extends { id: number }>(world: World, table: 'staff' | 'user', ids: Set<number>): Map<number, T> {
  if (ids.size === 0) return new Map();
  const rows = world.repo.all<T>(`SELECT * FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`, JSON.stringify([...ids]));
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Builds ticket objects for a page of rows with a fixed number of queries
 * (events, tags and people are loaded in batches, not per ticket).
 * `full` adds events; minimized lists strip HTML from the body instead (§3.1).
 */
export function ticketsJson(world: World, rows: readonly TicketRow[], opts: { full: boolean; staffViewer: boolean }): TicketJson[] {
  if (rows.length === 0) return [];
  const { repo } = world;
  const idsJson = JSON.stringify(rows.map((r) => r.id));
  const departments = new Map(repo.departments().map((d) => [d.id, d.name]));
  const events = opts.full
    ? repo.all<EventRow>('SELECT * FROM ticket_event WHERE ticket_id IN (SELECT value FROM json_each(?)) ORDER BY id', idsJson)
    : [];
  const staffIds = new Set<number>();
  const userIds = new Set<number>();
  for (const r of rows) {
    if (r.author_staff_id !== null) staffIds.add(r.author_staff_id);
    if (r.owner_id !== null) staffIds.add(r.owner_id);
    if (r.author_user_id !== null) userIds.add(r.author_user_id);
  }
  for (const e of events) {
    if (e.author_staff_id !== null) staffIds.add(e.author_staff_id);
    if (e.author_user_id !== null) userIds.add(e.author_user_id);
  }
  const staff = byIds<StaffRow>(world, 'staff', staffIds);
  const users = byIds<UserRow>(world, 'user', userIds);
  const tags = repo.all<{ ticket_id: number; name: string }>(
    'SELECT tt.ticket_id, t.name FROM ticket_tag tt JOIN tag t ON t.id = tt.tag_id WHERE tt.ticket_id IN (SELECT value FROM json_each(?)) ORDER BY tt.rowid',
    idsJson,
  );
  const tagsByTicket = new Map<number, string[]>();
  for (const t of tags) tagsByTicket.set(t.ticket_id, [...(tagsByTicket.get(t.ticket_id) ?? []), t.name]);
  const eventsByTicket = new Map<number, EventJson[]>();
  for (const e of events) {
    if (e.private === 1 && !opts.staffViewer) continue;
    const list = eventsByTicket.get(e.ticket_id) ?? [];
    list.push(eventJson(e, staff, users));
    eventsByTicket.set(e.ticket_id, list);
  }

  return rows.map((r) => {
    const owner = r.owner_id === null ? undefined : staff.get(r.owner_id);
    return {
      ticketNumber: String(r.ticket_number),
      title: r.title,
      content: opts.full ? r.content : stripTags(r.content),
      department: { id: String(r.department_id), name: departments.get(r.department_id) ?? '' },
      date: r.date,
      file: r.file,
      language: r.language,
      unread: r.unread === 1,
      unreadStaff: r.unread_staff === 1,
      closed: r.closed === 1,
      author: ticketAuthorJson(r, staff, users),
      owner: owner ? { id: String(owner.id), name: owner.name, email: owner.email, profilePic: owner.profile_pic } : null,
      events: eventsByTicket.get(r.id) ?? [],
      tags: tagsByTicket.get(r.id) ?? [],
      edited: rawFlag(r.edited),
      editedTitle: rawFlag(r.edited_title),
    };
  });
}

function ticketAuthorJson(r: TicketRow, staff: Map<number, StaffRow>, users: Map<number, UserRow>): TicketAuthorJson {
  const s = r.author_staff_id === null ? undefined : staff.get(r.author_staff_id);
  if (s) return { id: String(s.id), name: s.name, staff: true, profilePic: s.profile_pic, email: s.email, customfields: [] };
  const u = r.author_user_id === null ? undefined : users.get(r.author_user_id);
  if (u) return { id: String(u.id), name: u.name, staff: false, profilePic: null, email: u.email, customfields: [] };
  // The author account is gone: the typed name/e-mail remain (null for deleted staff).
  return { id: null, staff: false, name: r.author_name, email: r.author_email };
}

function eventJson(e: EventRow, staff: Map<number, StaffRow>, users: Map<number, UserRow>): EventJson {
  let author: EventAuthorJson | never[] = [];
  const s = e.author_staff_id === null ? undefined : staff.get(e.author_staff_id);
  const u = e.author_user_id === null ? undefined : users.get(e.author_user_id);
  if (s) author = { id: String(s.id), name: s.name, email: s.email, profilePic: s.profile_pic, staff: true };
  else if (u) author = { id: String(u.id), name: u.name, email: u.email, profilePic: null, staff: false };
  return {
    type: e.type,
    content: e.content,
    author,
    date: e.date,
    file: e.file,
    private: rawFlag(e.private),
    edited: rawFlag(e.edited),
    id: String(e.id),
  };
}

export function staffProfileJson(s: StaffRow, departments: readonly DepartmentRow[]) {
  return {
    name: s.name,
    email: s.email,
    profilePic: s.profile_pic,
    level: String(s.level),
    staff: true as const,
    departments: departments.map((d) => ({ id: String(d.id), name: d.name, private: String(d.private) })),
    sendEmailOnNewTicket: String(s.send_email_on_new_ticket),
  };
}

export function tagJson(t: TagRow) {
  return { id: String(t.id), name: t.name, color: t.color };
}

export function customResponseJson(c: CustomResponseRow) {
  return { id: String(c.id), name: c.name, language: c.language, content: c.content };
}

export function userListItemJson(u: UserRow) {
  return {
    id: String(u.id),
    name: u.name,
    verified: u.verified === 1,
    tickets: String(u.tickets),
    email: u.email,
    signupDate: u.signup_date,
    disabled: u.disabled === 1,
  };
}

export { str as idString };
