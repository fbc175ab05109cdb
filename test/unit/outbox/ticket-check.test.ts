import { describe, expect, it } from 'vitest';
import { countMatchingComments, describeChanges, fingerprint, snapshotFrom, snapshotFromTicket, type StaffIdentity } from '../../../electron/core/outbox';
import type { Ticket, TicketEvent } from '../../../electron/core/opensupports';

/** The collision check and the "is it already there" check, over hand-made tickets. */
const me: StaffIdentity = { staffId: 2, departmentIds: [1, 2] };
const START = new Date(2026, 2, 3, 14, 0, 0); // local time: sentences show local times
let nextId = 100;

type Who = { id: number; name: string; staff: boolean } | null;
const sam: Who = { id: 2, name: 'Sam Agent', staff: true };
const terry: Who = { id: 3, name: 'Terry Lead', staff: true };
const ada: Who = { id: 1, name: 'Ada Admin', staff: true };
const bob: Who = { id: 2, name: 'Bob Customer', staff: false }; // same number as Sam: a different person

function event(type: TicketEvent['type'], author: Who, minutesAfterStart: number, extra: Partial<TicketEvent> = {}): TicketEvent {
  return {
    id: nextId++,
    type,
    content: null,
    author: author ? { ...author, email: `${author.name}@x.test`, profilePic: null } : null,
    date: new Date(START.getTime() + minutesAfterStart * 60_000),
    file: null,
    private: false,
    edited: false,
    ...extra,
  };
}

function ticket(events: TicketEvent[], patch: Partial<Ticket> = {}): Ticket {
  return {
    ticketNumber: 279834,
    title: 'Invoice shows wrong amount',
    content: 'My March invoice was charged twice.',
    department: { id: 2, name: 'Billing' },
    date: START,
    file: null,
    language: 'en',
    unread: false,
    unreadStaff: false,
    closed: false,
    author: { id: 1, name: 'Bob Customer', email: 'bob@x.test', staff: false, profilePic: null, customfields: [], exists: true },
    owner: null,
    events,
    tags: [],
    edited: false,
    editedTitle: false,
    ...patch,
  };
}

const base = () => [event('COMMENT', bob, -30, { content: '<p>Please help</p>' })];
const check = (now: Ticket, before: Ticket | null, draftStartedAt = START.toISOString()) =>
  describeChanges({ ticket: now, snapshot: before ? snapshotFromTicket(before) : null, draftStartedAt, me, now: START });

describe('describeChanges', () => {
  it('finds nothing when nothing happened, or only I acted', () => {
    const events = base();
    const before = ticket(events);
    expect(check(ticket(events), before)).toEqual([]);
    const mine = [...events, event('COMMENT', sam, 1, { content: 'my earlier reply' }), event('CLOSE', sam, 2)];
    expect(check(ticket(mine, { closed: true }), before)).toEqual([]);
  });

  it('names a reply and an internal note by others, with their local times', () => {
    const events = base();
    const before = ticket(events);
    const after = ticket([...events, event('COMMENT', bob, 2, { content: 'any news?' }), event('COMMENT', terry, 5, { content: 'note', private: true })]);
    expect(check(after, before)).toEqual(['Bob Customer replied at 14:02', 'Terry Lead added an internal note at 14:05']);
  });

  it('tells the customer with my staff number apart from me', () => {
    const events = base();
    expect(check(ticket([...events, event('COMMENT', bob, 1)]), ticket(events))).toEqual(['Bob Customer replied at 14:01']);
  });

  it('reports a close by someone else, a takeover and a move out of my departments', () => {
    const events = base();
    const before = ticket(events, { owner: { id: 2, name: 'Sam Agent', email: 's@x.test', profilePic: null } });
    const after = ticket([...events, event('UN_ASSIGN', terry, 1), event('ASSIGN', terry, 1, { content: 'Terry Lead' }), event('DEPARTMENT_CHANGED', terry, 2), event('CLOSE', ada, 3)], {
      owner: { id: 3, name: 'Terry Lead', email: 't@x.test', profilePic: null },
      department: { id: 3, name: 'Technical' },
      closed: true,
    });
    expect(check(after, before)).toEqual(['The ticket was closed by Ada Admin', 'Terry Lead took over the ticket', 'The ticket moved to Technical, which you are not in']);
  });

  it('does not count a move to a department I am in, or an owner who was already there', () => {
    const events = base();
    const owner = { id: 3, name: 'Terry Lead', email: 't@x.test', profilePic: null };
    const before = ticket(events, { owner, department: { id: 1, name: 'Help and Support' } });
    const after = ticket([...events, event('DEPARTMENT_CHANGED', terry, 1)], { owner });
    expect(check(after, before)).toEqual([]);
  });

  it('without a snapshot, judges by event dates and errs towards asking within the starting minute', () => {
    const events = base();
    const startedMidMinute = new Date(START.getTime() + 30_000).toISOString();
    expect(check(ticket(events), null, startedMidMinute)).toEqual([]);
    const sameMinute = ticket([...events, event('COMMENT', bob, 0, { content: 'hm' })]);
    expect(check(sameMinute, null, startedMidMinute)).toEqual(['Bob Customer replied at 14:00']);
    const closedLater = ticket([...events, event('CLOSE', ada, 4)], { closed: true });
    expect(check(closedLater, null, startedMidMinute)).toEqual(['The ticket was closed by Ada Admin']);
  });

  it('caps a long run of replies with a count', () => {
    const events = base();
    const many = [...events, ...Array.from({ length: 8 }, (_, i) => event('COMMENT', bob, i + 1))];
    const changes = check(ticket(many), ticket(events));
    expect(changes).toHaveLength(6);
    expect(changes.at(-1)).toBe('3 more comments arrived after those');
  });

  it('shows the day when the change was not today, and copes with deleted accounts', () => {
    const events = base();
    const yesterday = event('COMMENT', null, -24 * 60);
    yesterday.id = nextId++;
    const changes = check(ticket([...events, yesterday]), ticket(events));
    expect(changes).toEqual(['Someone whose account was deleted replied on 2 Mar at 14:00']);
  });
});

describe('countMatchingComments', () => {
  const html = '<p>We refunded the <b>duplicate</b> charge.</p>';
  const message = { fingerprint: fingerprint(html), internal: false, hasAttachment: false, queuedAt: new Date(START.getTime() + 90_000).toISOString() };

  it('finds my comment with the same text as the server stored it, from the minute before queueing on', () => {
    const t = ticket([...base(), event('COMMENT', sam, 1, { content: '<p>We refunded the <strong>duplicate</strong> charge.</p>' })]);
    expect(countMatchingComments(t, me, message)).toBe(1);
  });

  it('ignores older comments, other people, the other privacy, another text and a missing attachment', () => {
    const same = { content: html };
    const t = ticket([
      ...base(),
      event('COMMENT', sam, -1, same), // before queued time minus a minute
      event('COMMENT', bob, 2, same), // not me
      event('COMMENT', sam, 2, { ...same, private: true }),
      event('COMMENT', sam, 2, { content: '<p>We refunded the charge.</p>' }),
    ]);
    expect(countMatchingComments(t, me, message)).toBe(0);
    expect(countMatchingComments(t, me, { ...message, internal: true })).toBe(1);
    const withFile = ticket([...base(), event('COMMENT', sam, 2, { ...same, file: 't279834_abc_log.txt' })]);
    expect(countMatchingComments(withFile, me, message)).toBe(0);
    expect(countMatchingComments(withFile, me, { ...message, hasAttachment: true })).toBe(1);
  });
});

describe('snapshots', () => {
  it('reads the same state from the server ticket and from a cached or displayed one', () => {
    const t = ticket([...base(), event('ASSIGN', terry, 1), event('COMMENT', bob, 2)], { owner: { id: 3, name: 'Terry Lead', email: 't@x.test', profilePic: null } });
    const fromServer = snapshotFromTicket(t);
    expect(fromServer).toEqual({ ownerId: 3, departmentId: 2, closed: false, commentCount: 2, lastEventId: t.events.at(-1)?.id });
    const shown = { owner: { id: 3 }, department: { id: 2 }, closed: false, events: t.events.map((e) => ({ id: e.id, type: e.type })) };
    expect(snapshotFrom(shown)).toEqual(fromServer);
  });

  it('has no snapshot for a ticket only a list described (its history is unknown)', () => {
    expect(snapshotFrom({ owner: null, department: { id: 1 }, closed: false, events: null })).toBeNull();
    expect(snapshotFrom({ owner: null, department: { id: 1 }, closed: true, events: [] })).toEqual({ ownerId: null, departmentId: 1, closed: true, commentCount: 0, lastEventId: null });
  });
});
