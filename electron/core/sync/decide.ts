/**
 * Which notifications a poll produces. Pure: the engine hands in what it saw (fresh feed items
 * with the tickets fetched for them, tickets that left the agent's list, new unassigned
 * tickets) and the settings; out come the notifications, already filtered and grouped.
 *
 * The agent's own actions never notify, from this client or any other: every event's author
 * (id + staff flag) is compared with the signed-in staff id.
 */
import type { AppSettings, NotificationView } from '../../contract';
import type { Ticket, TicketEvent } from '../opensupports';
import type { FeedItem } from './feed';
import { isMe, type MineEntry } from './mine';
import { EXCERPT_LENGTH, plainText, truncate } from './text';

export interface TicketActivity {
  ticketNumber: number;
  /** The fresh feed items of this ticket, oldest first. */
  items: FeedItem[];
  /** The ticket as fetched after the change; null when it was not fetched (a burst beyond the fetch budget) or cannot be read. */
  ticket: Ticket | null;
  /** The engine's entry for it before this poll, null when it was not in the agent's open list. */
  before: MineEntry | null;
}

export interface VanishedTicket {
  ticketNumber: number;
  before: MineEntry;
  /** The ticket now; null when the agent can no longer read it. */
  ticket: Ticket | null;
}

export interface DecisionInput {
  helpdesk: { id: string; label: string };
  me: { staffId: number; name: string | null };
  activity: readonly TicketActivity[];
  vanished: readonly VanishedTicket[];
  /** New unassigned tickets (already known to be new to the queue). */
  arrived: readonly Ticket[];
  /** Open tickets the agent owns after this poll, for newUnassigned 'auto'. */
  ownedOpen: number;
  settings: AppSettings;
  /** Do-not-disturb is in effect now. */
  quiet: boolean;
  /** More notifications than this in one poll are grouped. */
  groupThreshold?: number;
  newId?: () => string;
}

export type CandidateKind = 'assigned' | 'reply' | 'status' | 'new-unassigned';

/** One thing worth telling the agent, before settings and grouping. */
export interface Candidate {
  kind: CandidateKind;
  ticketNumber: number;
  ticketTitle: string;
  /** What happened, for group summaries ("reply", "internal note", "closed", …). */
  label: Label;
  body: string;
  department: string | null;
  eventId: number | null;
}

export interface Decision {
  candidates: Candidate[];
  notifications: NotificationView[];
  suppressed: { disabled: number; muted: number; quiet: number };
}

type Label = 'assigned to you' | 'reply' | 'comment' | 'internal note' | 'closed' | 're-opened' | 'moved' | 'reassigned' | 'unassigned' | 'new';

const PLURAL: Record<Label, string> = {
  'assigned to you': 'assigned to you',
  reply: 'replies',
  comment: 'comments',
  'internal note': 'internal notes',
  closed: 'closed',
  're-opened': 're-opened',
  moved: 'moved',
  reassigned: 'reassigned',
  unassigned: 'unassigned',
  new: 'new',
};

export const GROUP_THRESHOLD = 3;
const TITLE_LENGTH = 120;

let counter = 0;
const defaultId = (): string => `${Date.now().toString(36)}-${(counter++).toString(36)}`;

function personName(name: string | null | undefined): string {
  const plain = plainText(name);
  return plain || 'Someone';
}

function sameAuthor(e: TicketEvent, item: FeedItem): boolean {
  if (!e.author) return item.author.id === null;
  return e.author.id === item.author.id && e.author.staff === item.author.staff;
}

/**
 * Pairs each fresh item with its event in the fetched ticket. Feed items have no id, but both
 * lists are chronological, so the k-th of n fresh items of one type and author is the
 * (len - n + k)-th such event.
 */
function pairEvents(items: readonly FeedItem[], ticket: Ticket | null): (TicketEvent | null)[] {
  if (!ticket) return items.map(() => null);
  const groups = new Map<string, number[]>();
  items.forEach((item, k) => {
    const list = groups.get(item.key) ?? [];
    list.push(k);
    groups.set(item.key, list);
  });
  const paired: (TicketEvent | null)[] = items.map(() => null);
  for (const indexes of groups.values()) {
    const first = items[indexes[0] as number] as FeedItem;
    const events = ticket.events.filter((e) => e.type === first.type && sameAuthor(e, first));
    indexes.forEach((itemIndex, k) => {
      paired[itemIndex] = events[events.length - indexes.length + k] ?? null;
    });
  }
  return paired;
}

function latestText(ticket: Ticket): string {
  for (let k = ticket.events.length - 1; k >= 0; k--) {
    const e = ticket.events[k];
    if (e?.type === 'COMMENT' && e.content) return e.content;
  }
  return ticket.content;
}

function withExcerpt(lead: string, html: string | null | undefined): string {
  const text = plainText(html);
  return truncate(text ? `${lead}: ${text}` : `${lead}.`, EXCERPT_LENGTH);
}

function activityCandidates(a: TicketActivity, me: DecisionInput['me']): Candidate[] {
  const t = a.ticket;
  const title = plainText(t?.title ?? a.before?.title ?? '') || `Ticket #${a.ticketNumber}`;
  const department = t?.department.name ?? null;
  const out: Candidate[] = [];
  const push = (kind: CandidateKind, label: Label, body: string, eventId: number | null): void => {
    out.push({ kind, ticketNumber: a.ticketNumber, ticketTitle: title, label, body, department, eventId });
  };
  const events = pairEvents(a.items, t);
  const ownerIsMe = t ? t.owner?.id === me.staffId : (a.before?.owned ?? false);
  const ownedBefore = a.before?.owned ?? false;
  const relevantNow = t ? ownerIsMe || (t.owner === null && isMe(t.author, me.staffId)) : ownedBefore;

  let start = 0;
  const lastAssign = a.items.map((i) => i.type).lastIndexOf('ASSIGN');
  if (lastAssign >= 0) {
    const item = a.items[lastAssign] as FeedItem;
    const event = events[lastAssign] ?? null;
    // The owner id says "now the agent's"; the event's content (the new owner's name) says this
    // assignment is the one that made it so. Without the ticket, the list state is the best guess.
    const namedMe = event === null || me.name === null || plainText(event.content) === plainText(me.name);
    const toMe = t ? ownerIsMe && namedMe : !ownedBefore;
    if (toMe) {
      // What happened before the ticket joined the agent's list is history, not news.
      if (a.before === null) start = lastAssign + 1;
      if (!isMe(item.author, me.staffId)) {
        push('assigned', 'assigned to you', withExcerpt(`Assigned to you by ${personName(item.author.name)}`, t ? latestText(t) : null), event?.id ?? null);
      }
    }
  }

  for (let k = start; k < a.items.length; k++) {
    const item = a.items[k] as FeedItem;
    if (isMe(item.author, me.staffId)) continue;
    const event = events[k] ?? null;
    const who = personName(item.author.name ?? event?.author?.name);
    switch (item.type) {
      case 'COMMENT': {
        if (!relevantNow) break;
        if (event?.private) push('reply', 'internal note', withExcerpt(`Internal note by ${who}`, event.content), event.id);
        else if (item.author.staff) push('reply', 'comment', withExcerpt(`${who} commented`, event?.content), event?.id ?? null);
        else push('reply', 'reply', withExcerpt(`${who} replied`, event?.content), event?.id ?? null);
        break;
      }
      case 'CLOSE':
        if (relevantNow || ownedBefore) push('status', 'closed', `Closed by ${who}.`, event?.id ?? null);
        break;
      case 'RE_OPEN':
        if (relevantNow || ownedBefore) push('status', 're-opened', `Re-opened by ${who}.`, event?.id ?? null);
        break;
      case 'DEPARTMENT_CHANGED': {
        if (!(relevantNow || ownedBefore)) break;
        const to = plainText(event?.content);
        push('status', 'moved', to ? `Moved to ${to} by ${who}.` : `Moved to another department by ${who}.`, event?.id ?? null);
        break;
      }
      case 'UN_ASSIGN': {
        const wasMine = ownedBefore || (me.name !== null && event !== null && plainText(event.content) === plainText(me.name));
        if (!wasMine || ownerIsMe) break;
        if (t?.owner) push('status', 'reassigned', `Reassigned to ${personName(t.owner.name)} by ${who}.`, event?.id ?? null);
        else push('status', 'unassigned', `Unassigned from you by ${who}.`, event?.id ?? null);
        break;
      }
      case 'ASSIGN':
        // An assignment to someone else on a ticket the agent opened: not the agent's work.
        break;
    }
  }
  return out;
}

function vanishedCandidate(v: VanishedTicket, me: DecisionInput['me']): Candidate | null {
  const t = v.ticket;
  // Unreadable now: it moved to a department the agent is not in, and the server no longer shows
  // who moved it, so it cannot be told apart from the agent's own move. Counted, not announced.
  if (!t || !v.before.owned || t.owner?.id === me.staffId) return null;
  let un: TicketEvent | null = null;
  for (let k = t.events.length - 1; k >= 0 && !un; k--) if (t.events[k]?.type === 'UN_ASSIGN') un = t.events[k] ?? null;
  if (!un || !un.author || isMe(un.author, me.staffId)) return null;
  const who = personName(un.author.name);
  const title = plainText(t.title) || plainText(v.before.title) || `Ticket #${v.ticketNumber}`;
  const body = t.owner ? `Reassigned to ${personName(t.owner.name)} by ${who}.` : `Unassigned from you by ${who}.`;
  return { kind: 'status', ticketNumber: v.ticketNumber, ticketTitle: title, label: t.owner ? 'reassigned' : 'unassigned', body, department: t.department.name, eventId: un.id };
}

function arrivedCandidate(t: Ticket, me: DecisionInput['me']): Candidate | null {
  if (isMe(t.author, me.staffId)) return null;
  const from = t.author.name ? ` from ${personName(t.author.name)}` : '';
  return {
    kind: 'new-unassigned',
    ticketNumber: t.ticketNumber,
    ticketTitle: plainText(t.title) || `Ticket #${t.ticketNumber}`,
    label: 'new',
    body: withExcerpt(`New in ${plainText(t.department.name)}${from}`, t.content),
    department: plainText(t.department.name),
    eventId: null,
  };
}

/** Everything worth telling, before settings. */
export function candidatesOf(input: Pick<DecisionInput, 'me' | 'activity' | 'vanished' | 'arrived'>): Candidate[] {
  const out: Candidate[] = [];
  for (const a of input.activity) out.push(...activityCandidates(a, input.me));
  for (const v of input.vanished) {
    const c = vanishedCandidate(v, input.me);
    if (c) out.push(c);
  }
  for (const t of input.arrived) {
    const c = arrivedCandidate(t, input.me);
    if (c) out.push(c);
  }
  return out;
}

export function kindEnabled(kind: CandidateKind, settings: AppSettings, ownedOpen: number): boolean {
  const n = settings.notifications;
  switch (kind) {
    case 'assigned':
      return n.assigned;
    case 'reply':
      return n.replies;
    case 'status':
      return n.statusChanges;
    case 'new-unassigned':
      return n.newUnassigned === 'on' || (n.newUnassigned === 'auto' && ownedOpen === 0);
  }
}

function countPhrase(candidates: readonly Candidate[]): string {
  const counts = new Map<Label, number>();
  for (const c of candidates) counts.set(c.label, (counts.get(c.label) ?? 0) + 1);
  return [...counts.entries()].map(([label, n]) => `${n} ${n === 1 ? label : PLURAL[label]}`).join(', ');
}

function ticketList(candidates: readonly Candidate[]): string {
  const seen = new Set<number>();
  const parts: string[] = [];
  for (const c of candidates) {
    if (seen.has(c.ticketNumber)) continue;
    seen.add(c.ticketNumber);
    parts.push(`#${c.ticketNumber} ${c.ticketTitle}`);
  }
  return parts.join(', ');
}

function departmentPhrase(candidates: readonly Candidate[]): string {
  const names = [...new Set(candidates.map((c) => c.department).filter((d): d is string => !!d))];
  if (names.length === 1) return ` in ${names[0]}`;
  if (names.length === 2) return ` in ${names[0]} and ${names[1]}`;
  if (names.length > 2) return ` in ${names.length} departments`;
  return '';
}

export function decide(input: DecisionInput): Decision {
  const candidates = candidatesOf(input);
  const suppressed = { disabled: 0, muted: 0, quiet: 0 };
  const muted = input.settings.mutedHelpdesks.includes(input.helpdesk.id);
  const shown = candidates.filter((c) => {
    if (!kindEnabled(c.kind, input.settings, input.ownedOpen)) suppressed.disabled++;
    else if (muted) suppressed.muted++;
    else if (input.quiet) suppressed.quiet++;
    else return true;
    return false;
  });
  const newId = input.newId ?? defaultId;
  const label = plainText(input.helpdesk.label) || 'Helpdesk';
  const sound = input.settings.notifications.sound;
  const single = (c: Candidate): NotificationView => ({
    id: `${input.helpdesk.id}:${c.kind}:${c.ticketNumber}:${c.eventId ?? newId()}`,
    kind: c.kind,
    helpdeskId: input.helpdesk.id,
    title: truncate(`${label} · #${c.ticketNumber} ${c.ticketTitle}`, TITLE_LENGTH),
    body: c.body,
    sound,
    ticketNumber: c.ticketNumber,
    queue: c.kind === 'new-unassigned' ? 'new' : 'mine',
  });
  const group = (list: readonly Candidate[], fresh: boolean): NotificationView => ({
    id: `${input.helpdesk.id}:group:${newId()}`,
    kind: 'group',
    helpdeskId: input.helpdesk.id,
    title: truncate(fresh ? `${label}: ${list.length} new tickets${departmentPhrase(list)}` : `${label}: ${list.length} updates on your tickets`, TITLE_LENGTH),
    body: truncate(fresh ? ticketList(list) : `${countPhrase(list)} · ${ticketList(list)}`, EXCERPT_LENGTH),
    sound,
    ticketNumber: null,
    queue: fresh ? 'new' : 'mine',
  });

  let notifications: NotificationView[];
  if (shown.length <= (input.groupThreshold ?? GROUP_THRESHOLD)) {
    notifications = shown.map(single);
  } else {
    const updates = shown.filter((c) => c.kind !== 'new-unassigned');
    const arrivals = shown.filter((c) => c.kind === 'new-unassigned');
    notifications = [];
    if (updates.length === 1) notifications.push(single(updates[0] as Candidate));
    else if (updates.length > 1) notifications.push(group(updates, false));
    if (arrivals.length === 1) notifications.push(single(arrivals[0] as Candidate));
    else if (arrivals.length > 1) notifications.push(group(arrivals, true));
  }
  // One sound per poll is enough to draw attention; a chord of them is noise.
  notifications = notifications.map((n, k) => ({ ...n, sound: n.sound && k === 0 }));
  return { candidates, notifications, suppressed };
}
