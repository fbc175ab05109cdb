/**
 * Schemas for what the server sends, normalising at the edge (reference §3.0): string ids,
 * levels and counters become numbers, raw "1"/"0"/null flags become booleans, and
 * YYYYMMDDHHMM UTC dates become Date. Unknown extra fields are dropped, never fatal;
 * a missing field we rely on fails with its path.
 */
import { z } from 'zod';

const numericString = /^-?\d+(\.\d+)?$/;

/** An id or counter that arrives as "12" or 12. */
export const zId = z.union([z.number(), z.string().regex(numericString, 'expected a number')]).transform((v) => Number(v));

/** A raw database flag: "1" | "0" | null, sometimes a real boolean or number. */
export const zFlag = z
  .union([z.boolean(), z.number(), z.string(), z.null()])
  .optional()
  .transform((v) => v === true || v === 1 || v === '1');

export function parseOsDate(value: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi));
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatOsDate(date: Date): number {
  const pad = (n: number) => String(n).padStart(2, '0');
  return Number(`${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}`);
}

export const zOsDate = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const date = parseOsDate(String(v));
  if (!date) {
    ctx.addIssue({ code: 'custom', message: `expected a YYYYMMDDHHMM date, got "${String(v)}"` });
    return z.NEVER;
  }
  return date;
});

const zNullableString = z.string().nullable().optional().transform((v) => v ?? null);

export const zCustomFieldValue = z.object({
  id: zId,
  customfield: z.string(),
  value: z.string().nullable(),
  customfieldoption: z.object({ id: zId, name: z.string() }).nullable().optional(),
});

export const zDepartmentRef = z.object({ id: zId, name: z.string() });

export const zTicketAuthor = z
  .object({
    id: zId.nullable(),
    name: zNullableString,
    email: zNullableString,
    staff: zFlag,
    profilePic: zNullableString,
    customfields: z.array(zCustomFieldValue).optional().transform((v) => v ?? []),
  })
  .transform((a) => ({ ...a, exists: a.id !== null }));

export const zStaffRef = z.object({
  id: zId,
  name: z.string(),
  email: z.string(),
  profilePic: zNullableString,
});

const EVENT_TYPES = ['COMMENT', 'ASSIGN', 'UN_ASSIGN', 'CLOSE', 'RE_OPEN', 'DEPARTMENT_CHANGED'] as const;
export const zEventType = z.enum(EVENT_TYPES);

/** A deleted author arrives as an empty array (reference §3.2). */
const zEventAuthor = z.union([
  z.object({ id: zId, name: z.string(), email: z.string().nullable(), profilePic: zNullableString, staff: zFlag }),
  z.array(z.unknown()).max(0).transform(() => null),
]);

export const zTicketEvent = z.object({
  id: zId,
  type: zEventType,
  content: zNullableString,
  author: zEventAuthor,
  date: zOsDate,
  file: zNullableString,
  private: zFlag,
  edited: zFlag,
});

export const zTicket = z.object({
  ticketNumber: zId,
  title: z.string(),
  content: z.string(),
  department: zDepartmentRef,
  date: zOsDate,
  file: zNullableString,
  language: z.string(),
  unread: zFlag,
  unreadStaff: zFlag,
  closed: zFlag,
  author: zTicketAuthor,
  owner: zStaffRef.nullable(),
  events: z.array(zTicketEvent),
  tags: z.array(z.string()),
  edited: zFlag,
  editedTitle: zFlag,
});

export const zTicketPage = z.object({
  tickets: z.array(zTicket),
  pages: zId,
  page: zId.optional(),
});

export const zLoginData = z.object({
  userId: z.union([z.string(), z.number()]).transform(String),
  userEmail: z.string(),
  staff: zFlag,
  token: z.string().min(1),
  rememberToken: zNullableString,
  rememberExpiration: zOsDate.nullable().optional().transform((v) => v ?? null),
});

export const zCheckSession = z.object({ sessionActive: z.boolean() });

export const zLevel = zId.pipe(z.union([z.literal(1), z.literal(2), z.literal(3)]));

export const zStaffProfile = z.object({
  name: z.string(),
  email: z.string(),
  profilePic: zNullableString,
  level: zLevel,
  staff: zFlag,
  departments: z.array(z.object({ id: zId, name: z.string(), private: zFlag })),
  sendEmailOnNewTicket: zFlag,
});

export const zStaffListItem = z.object({
  id: zId,
  name: z.string(),
  email: z.string(),
  profilePic: zNullableString,
  level: zLevel,
  departments: z.array(z.object({ id: zId, name: z.string() })),
  assignedTickets: zId,
  closedTickets: zId,
  lastLogin: zOsDate.nullable().optional().transform((v) => v ?? null),
});

export const zActivityItem = z.object({
  type: zEventType,
  ticketNumber: zId,
  author: z.object({ name: zNullableString, staff: zFlag, id: zId.nullable() }),
  edited: zFlag,
});

export const zTag = z.object({ id: zId, name: z.string(), color: z.string() });

export const zCustomResponse = z.object({ id: zId, name: z.string(), language: z.string(), content: z.string() });

export const zSettings = z.object({
  language: z.string(),
  title: z.string(),
  'allow-attachments': zFlag,
  'max-size': zId,
  'maintenance-mode': zFlag,
  registration: zFlag,
  'mandatory-login': zFlag,
  departments: z.array(z.object({ id: zId, name: z.string(), owners: zId.optional(), private: zFlag })),
  supportedLanguages: z.array(z.string()),
  allowedLanguages: z.array(z.string()),
  tags: z.array(zTag),
  'default-department-id': zId.optional(),
  'default-is-locked': zFlag,
  url: z.string().optional(),
});

export const zStats = z.object({
  created: z.number(),
  open: z.number(),
  closed: z.number(),
  instant: z.number(),
  reopened: z.number(),
  created_by_hour: z.array(z.number()),
  created_by_weekday: z.array(z.number()),
  average_first_reply: z.number(),
  average_first_closed: z.number(),
  average_last_closed: z.number(),
  average_department_hops: z.number(),
  average_staff_hops: z.number(),
});

export const zUserListItem = z.object({
  id: zId,
  name: z.string(),
  verified: z.boolean(),
  tickets: zId,
  email: z.string(),
  signupDate: zOsDate,
  disabled: zFlag,
});

export const zUserPage = z.object({ users: z.array(zUserListItem), pages: zId, page: zId });

export const zUserDetail = z.object({
  name: z.string(),
  email: z.string(),
  signupDate: zOsDate,
  verified: zFlag,
  disabled: zFlag,
  customfields: z.array(zCustomFieldValue),
});

export const zUserSelf = z.object({
  name: z.string(),
  email: z.string(),
  staff: zFlag,
  verified: zFlag,
  tickets: z.array(zTicket),
});

export const zSignup = z.object({ userId: zId, userEmail: z.string() });

export const zTicketSession = z.object({ token: z.string(), userId: z.union([z.string(), z.number()]).transform(String), ticketNumber: zId });

/** Some paths answer with data: null; anything else there is tolerated and ignored. */
export const zNothing = z.unknown().transform(() => undefined);

export type Ticket = z.output<typeof zTicket>;
export type TicketEvent = z.output<typeof zTicketEvent>;
export type TicketEventType = z.output<typeof zEventType>;
export type TicketAuthor = z.output<typeof zTicketAuthor>;
export type StaffRef = z.output<typeof zStaffRef>;
export type TicketPage = z.output<typeof zTicketPage>;
export type LoginData = z.output<typeof zLoginData>;
export type StaffProfile = z.output<typeof zStaffProfile>;
export type StaffListItem = z.output<typeof zStaffListItem>;
export type ActivityItem = z.output<typeof zActivityItem>;
export type Tag = z.output<typeof zTag>;
export type CustomResponse = z.output<typeof zCustomResponse>;
export type Settings = z.output<typeof zSettings>;
export type Stats = z.output<typeof zStats>;
export type UserListItem = z.output<typeof zUserListItem>;
export type UserPage = z.output<typeof zUserPage>;
export type UserDetail = z.output<typeof zUserDetail>;
export type UserSelf = z.output<typeof zUserSelf>;
export type TicketSession = z.output<typeof zTicketSession>;
