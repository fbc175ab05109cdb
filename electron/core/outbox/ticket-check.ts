/**
 * What the outbox reads from a freshly fetched ticket before it sends: whether our reply is
 * already there (a lost answer), and what changed since the person began writing (the "traffic
 * cop"). Pure functions over the client's normalised Ticket, so they are tested without a server.
 */
import type { Ticket, TicketEvent } from '../opensupports';
import type { TicketSnapshot } from '../store';
import { fingerprint } from './fingerprint';

/** The signed-in staff member, as far as the checks need it. */
export interface StaffIdentity {
  staffId: number;
  departmentIds: readonly number[];
}

/** Server dates have minute resolution, so "at or after" needs this much slack (reference §3.0). */
export const DATE_SLACK_MS = 60_000;

/** Sentences are capped so a busy ticket does not bury the decision under a wall of text. */
const MAX_REPLY_SENTENCES = 5;

export const TICKET_NOT_VISIBLE = 'You can no longer open this ticket: it was moved to a department you are not in, or deleted.';

export function snapshotFromTicket(ticket: Ticket): TicketSnapshot {
  return {
    ownerId: ticket.owner?.id ?? null,
    departmentId: ticket.department.id,
    closed: ticket.closed,
    commentCount: ticket.events.filter((e) => e.type === 'COMMENT').length,
    lastEventId: ticket.events.reduce<number | null>((max, e) => (max === null || e.id > max ? e.id : max), null),
  };
}

/** The parts of a cached or displayed ticket a snapshot needs (TicketDetail, the ticket cache's data). */
export interface SnapshotSource {
  owner: { id: number } | null;
  department: { id: number };
  closed: boolean;
  /** null when only a list has described the ticket: then its history is unknown. */
  events: readonly { id: number; type: string }[] | null;
}

/**
 * The snapshot of a ticket as the app shows it (what the person saw when they began writing).
 * Null without a known history: a snapshot claiming "no events" would make every old comment
 * look new, whereas no snapshot falls back to comparing dates.
 */
export function snapshotFrom(source: SnapshotSource): TicketSnapshot | null {
  if (source.events === null) return null;
  return {
    ownerId: source.owner?.id ?? null,
    departmentId: source.department.id,
    closed: source.closed,
    commentCount: source.events.filter((e) => e.type === 'COMMENT').length,
    lastEventId: source.events.reduce<number | null>((max, e) => (max === null || e.id > max ? e.id : max), null),
  };
}

export interface SentMessage {
  fingerprint: string;
  internal: boolean;
  hasAttachment: boolean;
  /** ISO time the message entered the outbox. */
  queuedAt: string;
}

/**
 * How many comments on the ticket look like this message sent by me: same text fingerprint, same
 * private flag, an attachment if it had one, dated no earlier than a minute before it was queued.
 */
export function countMatchingComments(ticket: Ticket, me: StaffIdentity, message: SentMessage): number {
  const since = Date.parse(message.queuedAt) - DATE_SLACK_MS;
  return ticket.events.filter(
    (e) =>
      e.type === 'COMMENT' &&
      e.author !== null &&
      e.author.staff &&
      e.author.id === me.staffId &&
      e.private === message.internal &&
      (e.file !== null) === message.hasAttachment &&
      e.date.getTime() >= since &&
      fingerprint(e.content ?? '') === message.fingerprint,
  ).length;
}

export interface ChangeCheckInput {
  ticket: Ticket;
  /** The ticket when the draft began; null when it was not known then. */
  snapshot: TicketSnapshot | null;
  /** ISO time the draft began, used only when there is no snapshot. */
  draftStartedAt: string;
  me: StaffIdentity;
  /** For writing times as the person reads them. */
  now: Date;
}

/**
 * One sentence per change since the draft began that could make the reply wrong or unwelcome:
 * closed by someone else, taken over by someone else, moved to a department I am not in, and
 * comments by anyone but me. Empty when the reply can go.
 */
export function describeChanges(input: ChangeCheckInput): string[] {
  const { ticket, snapshot, me } = input;
  const newer = newerEvents(ticket, snapshot, input.draftStartedAt);
  const byOther = (e: TicketEvent) => !(e.author !== null && e.author.staff && e.author.id === me.staffId);
  const changes: string[] = [];

  const wasClosed = snapshot ? snapshot.closed : false;
  if (ticket.closed && !wasClosed) {
    const close = newer.filter((e) => e.type === 'CLOSE').at(-1);
    // Without a snapshot only a close we can see happening after the draft began counts.
    if (close ? byOther(close) : snapshot !== null) changes.push(close?.author ? `The ticket was closed by ${nameOf(close)}` : 'The ticket was closed');
  }

  const owner = ticket.owner;
  if (owner && owner.id !== me.staffId) {
    const ownerChanged = snapshot ? owner.id !== snapshot.ownerId : newer.some((e) => e.type === 'ASSIGN');
    if (ownerChanged) changes.push(`${clean(owner.name)} took over the ticket`);
  }

  if (!me.departmentIds.includes(ticket.department.id)) {
    const moved = snapshot ? ticket.department.id !== snapshot.departmentId : newer.some((e) => e.type === 'DEPARTMENT_CHANGED');
    if (moved) changes.push(`The ticket moved to ${clean(ticket.department.name)}, which you are not in`);
  }

  const comments = newer.filter((e) => e.type === 'COMMENT' && byOther(e));
  for (const comment of comments.slice(0, MAX_REPLY_SENTENCES)) {
    const verb = comment.private ? 'added an internal note' : 'replied';
    changes.push(`${nameOf(comment)} ${verb} ${when(comment.date, input.now)}`);
  }
  if (comments.length > MAX_REPLY_SENTENCES) {
    const more = comments.length - MAX_REPLY_SENTENCES;
    changes.push(`${more} more ${more === 1 ? 'comment' : 'comments'} arrived after those`);
  }
  return changes;
}

function newerEvents(ticket: Ticket, snapshot: TicketSnapshot | null, draftStartedAt: string): TicketEvent[] {
  if (snapshot) {
    const last = snapshot.lastEventId;
    return last === null ? ticket.events : ticket.events.filter((e) => e.id > last);
  }
  // Event dates are whole minutes: an event in the minute the draft began may have come before or
  // after it. Counting it as newer errs on the side of asking the person.
  const started = Date.parse(draftStartedAt);
  const startMinute = started - (started % 60_000);
  return ticket.events.filter((e) => e.date.getTime() >= startMinute);
}

function nameOf(event: TicketEvent): string {
  return event.author ? clean(event.author.name) : 'Someone whose account was deleted';
}

/** Names come from the server: one line, no runs of spaces, never empty. */
function clean(name: string): string {
  return name.replace(/\s+/g, ' ').trim() || 'Someone';
}

/** "at 14:02" today, "on 3 Mar at 14:02" otherwise, in the person's local time. */
function when(date: Date, now: Date): string {
  const time = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  if (date.toDateString() === now.toDateString()) return `at ${time}`;
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' }).format(date);
  return `on ${day} at ${time}`;
}
