/**
 * Shared pieces for reading rows back from disk. Everything that crosses from SQLite into the
 * app goes through a zod schema here: the file may have been written by another build, edited
 * by hand, or damaged, and the types must be true once a row is past this point.
 */
import { z } from 'zod';
import { describeIssues, StoreRowError } from './errors';

/** A TEXT column holding JSON, parsed and then checked against `inner`. */
export function zJsonText<T extends z.ZodType>(inner: T) {
  return z
    .string()
    .transform((text, ctx): unknown => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(inner);
}

/** SQLite has no boolean: flags are stored as 0/1 integers. */
export const zSqlBool = z.union([z.literal(0), z.literal(1)]).transform((v) => v === 1);

export const zSqlInt = z.number().int();

/** Timestamps are ISO 8601 UTC text, so they sort as text and read well in a SQL shell. */
export const zIsoText = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not an ISO timestamp');

export const zAttachmentRef = z.object({
  /** The file name shown to the person and sent to the server. */
  name: z.string().min(1),
  /** Where the bytes are kept on this machine until the message is delivered. */
  path: z.string().min(1),
  size: z.number().int().nonnegative(),
  mimeType: z.string(),
});
export type AttachmentRef = z.output<typeof zAttachmentRef>;

export const zAttachmentList = zJsonText(z.array(zAttachmentRef));

/**
 * What a ticket looked like when the person began a reply, so that at sending time the outbox can
 * tell what changed meanwhile. Event ids grow with time on the server, so "newer than
 * lastEventId" is exact where the minute-resolution event dates are not.
 */
export const zTicketSnapshot = z.object({
  ownerId: z.number().int().nullable(),
  departmentId: z.number().int(),
  closed: z.boolean(),
  commentCount: z.number().int().nonnegative(),
  /** Null when the ticket had no events yet. */
  lastEventId: z.number().int().nullable(),
});
export type TicketSnapshot = z.output<typeof zTicketSnapshot>;

/** A nullable TEXT column holding a snapshot as JSON. */
export const zSnapshotColumn = zJsonText(zTicketSnapshot).nullable();

export const MESSAGE_KINDS = ['reply', 'note'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const zMessageKind = z.enum(MESSAGE_KINDS);

/** Parses one raw row or throws a StoreRowError that says which row and column are wrong. */
export function parseRow<S extends z.ZodType>(schema: S, row: unknown, table: string, rowKey: string): z.output<S> {
  const result = schema.safeParse(row);
  if (!result.success) throw new StoreRowError(table, rowKey, describeIssues(result.error));
  return result.data;
}

export function toIso(date: Date): string {
  return date.toISOString();
}

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
