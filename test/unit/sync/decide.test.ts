import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../electron/core/settings';
import { decide, feedKey, type DecisionInput, type FeedItem, type MineEntry } from '../../../electron/core/sync';
import type { Ticket, TicketEvent } from '../../../electron/core/opensupports';
import type { AppSettings } from '../../../electron/contract';

const ME = { staffId: 3, name: 'Mia Agent' };
const LEO = { id: 2, name: 'Leo Lead', staff: true };
const MIA = { id: 3, name: 'Mia Agent', staff: true };
const ALICE = { id: 7, name: 'Alice User', staff: false };
type Person = typeof LEO;

let eventId = 100;
function ev(type: TicketEvent['type'], by: Person, content: string | null = null, extra: Partial<TicketEvent> = {}): TicketEvent {
  return {
    id: eventId++,
    type,
    content,
    author: { id: by.id, name: by.name, email: `${by.id}@x`, profilePic: null, staff: by.staff },
    date: new Date('2026-03-06T12:00:00Z'),
    file: null,
    private: false,
    edited: false,
    ...extra,
  };
}

function ticket(n: number, o: { owner?: Person | null; author?: Person; events?: TicketEvent[]; closed?: boolean; title?: string; department?: string } = {}): Ticket {
  const author = o.author ?? ALICE;
  return {
    ticketNumber: n,
    title: o.title ?? `Printer &amp; scanner #${n}`,
    content: '<p>It is <b>on fire</b></p>',
    department: { id: 2, name: o.department ?? 'Billing' },
    date: new Date('2026-03-06T11:00:00Z'),
    file: null,
    language: 'en',
    unread: false,
    unreadStaff: true,
    closed: o.closed ?? false,
    author: { id: author.id, name: author.name, email: 'a@x', staff: author.staff, profilePic: null, customfields: [], exists: true },
    owner: o.owner === undefined ? { id: ME.staffId, name: ME.name, email: 'm@x', profilePic: null } : o.owner && { id: o.owner.id, name: o.owner.name, email: 'o@x', profilePic: null },
    events: o.events ?? [],
    tags: [],
    edited: false,
    editedTitle: false,
  };
}

function item(type: TicketEvent['type'], n: number, by: Person): FeedItem {
  return { key: feedKey(type, n, by.staff, by.id), type, ticketNumber: n, author: { id: by.id, staff: by.staff, name: by.name }, edited: false };
}

const owned: MineEntry = { title: 'Old title', owned: true, authored: false, unread: false };

function input(o: Partial<DecisionInput>): DecisionInput {
  return {
    helpdesk: { id: 'hd-1', label: 'Acme Support' },
    me: ME,
    activity: [],
    vanished: [],
    arrived: [],
    ownedOpen: 1,
    settings: DEFAULT_SETTINGS,
    quiet: false,
    newId: () => 'id',
    ...o,
  };
}

const settingsWith = (patch: Partial<AppSettings['notifications']>, rest: Partial<AppSettings> = {}): AppSettings => ({
  ...DEFAULT_SETTINGS,
  ...rest,
  notifications: { ...DEFAULT_SETTINGS.notifications, ...patch },
});

describe('decide: what is worth telling', () => {
  it('an assignment to me by someone else: one "assigned" with the helpdesk, number and plain title', () => {
    const t = ticket(123456, { events: [ev('COMMENT', ALICE, '<p>Help!</p>'), ev('ASSIGN', LEO, 'Mia Agent')] });
    const d = decide(input({ activity: [{ ticketNumber: 123456, items: [item('ASSIGN', 123456, LEO)], ticket: t, before: null }] }));
    expect(d.notifications).toEqual([
      {
        id: expect.stringContaining('hd-1:assigned:123456:'),
        kind: 'assigned',
        helpdeskId: 'hd-1',
        title: 'Acme Support · #123456 Printer & scanner #123456',
        body: 'Assigned to you by Leo Lead: Help!',
        sound: true,
        ticketNumber: 123456,
        queue: 'mine',
      },
    ]);
  });

  it('my own assignment, reply, close: nothing', () => {
    const t = ticket(5, { events: [ev('ASSIGN', MIA, 'Mia Agent'), ev('COMMENT', MIA, 'done'), ev('CLOSE', MIA)] });
    const d = decide(input({ activity: [{ ticketNumber: 5, items: [item('ASSIGN', 5, MIA), item('COMMENT', 5, MIA), item('CLOSE', 5, MIA)], ticket: t, before: null }] }));
    expect(d.candidates).toEqual([]);
  });

  it('an assignment to someone else on a ticket I opened: nothing', () => {
    const t = ticket(6, { author: MIA, owner: LEO, events: [ev('ASSIGN', LEO, 'Leo Lead')] });
    const d = decide(input({ activity: [{ ticketNumber: 6, items: [item('ASSIGN', 6, LEO)], ticket: t, before: { ...owned, owned: false, authored: true } }] }));
    expect(d.candidates).toEqual([]);
  });

  it('a customer reply, a staff comment and an internal note on my ticket, each told apart', () => {
    const t = ticket(7, {
      events: [ev('COMMENT', ALICE, '<p>Still broken &hellip;</p>'), ev('COMMENT', LEO, 'Looked at it'), ev('COMMENT', LEO, '<i>Customer is VIP</i>', { private: true })],
    });
    const d = decide(input({ activity: [{ ticketNumber: 7, items: [item('COMMENT', 7, ALICE), item('COMMENT', 7, LEO), item('COMMENT', 7, LEO)], ticket: t, before: owned }] }));
    expect(d.notifications.map((n) => n.body)).toEqual(['Alice User replied: Still broken …', 'Leo Lead commented: Looked at it', 'Internal note by Leo Lead: Customer is VIP']);
    expect(d.notifications.map((n) => n.sound)).toEqual([true, false, false]);
  });

  it('a comment on a ticket someone else owns: nothing', () => {
    const t = ticket(8, { author: MIA, owner: LEO, events: [ev('COMMENT', ALICE, 'hi')] });
    const d = decide(input({ activity: [{ ticketNumber: 8, items: [item('COMMENT', 8, ALICE)], ticket: t, before: { ...owned, owned: false, authored: true } }] }));
    expect(d.candidates).toEqual([]);
  });

  it('closed, re-opened and moved by someone else', () => {
    const t = ticket(9, { events: [ev('CLOSE', ALICE), ev('RE_OPEN', LEO), ev('DEPARTMENT_CHANGED', LEO, 'Technical')] });
    const d = decide(input({ activity: [{ ticketNumber: 9, items: [item('CLOSE', 9, ALICE), item('RE_OPEN', 9, LEO), item('DEPARTMENT_CHANGED', 9, LEO)], ticket: t, before: owned }] }));
    expect(d.notifications.map((n) => [n.kind, n.body])).toEqual([
      ['status', 'Closed by Alice User.'],
      ['status', 'Re-opened by Leo Lead.'],
      ['status', 'Moved to Technical by Leo Lead.'],
    ]);
  });

  it('a ticket of mine reassigned away (it vanished from the feed): told with who did it', () => {
    const t = ticket(10, { owner: { id: 4, name: 'Noah Agent', staff: true }, events: [ev('UN_ASSIGN', LEO, 'Mia Agent'), ev('ASSIGN', LEO, 'Noah Agent')] });
    const d = decide(input({ vanished: [{ ticketNumber: 10, before: owned, ticket: t }] }));
    expect(d.notifications.map((n) => n.body)).toEqual(['Reassigned to Noah Agent by Leo Lead.']);
  });

  it('a ticket I unassigned myself, or can no longer read: nothing', () => {
    const mine = ticket(11, { owner: null, events: [ev('UN_ASSIGN', MIA, 'Mia Agent')] });
    expect(decide(input({ vanished: [{ ticketNumber: 11, before: owned, ticket: mine }] })).candidates).toEqual([]);
    expect(decide(input({ vanished: [{ ticketNumber: 12, before: owned, ticket: null }] })).candidates).toEqual([]);
  });

  it('history of a ticket that just joined my list is not news', () => {
    const t = ticket(13, { events: [ev('COMMENT', ALICE, 'first'), ev('ASSIGN', LEO, 'Mia Agent')] });
    const d = decide(input({ activity: [{ ticketNumber: 13, items: [item('COMMENT', 13, ALICE), item('ASSIGN', 13, LEO)], ticket: t, before: null }] }));
    expect(d.notifications.map((n) => n.kind)).toEqual(['assigned']);
  });

  it('a new unassigned ticket: "new" with department and author; my own new ticket: nothing', () => {
    const arrived = [ticket(14, { owner: null }), ticket(15, { owner: null, author: MIA })];
    const d = decide(input({ arrived, settings: settingsWith({ newUnassigned: 'on' }) }));
    expect(d.notifications).toMatchObject([{ kind: 'new-unassigned', queue: 'new', ticketNumber: 14, body: 'New in Billing from Alice User: It is on fire' }]);
  });
});

describe('decide: settings', () => {
  const activity = [{ ticketNumber: 7, items: [item('COMMENT', 7, ALICE)], ticket: ticket(7, { events: [ev('COMMENT', ALICE, 'hello')] }), before: owned }];

  it('per-kind switches suppress their kind only', () => {
    expect(decide(input({ activity, settings: settingsWith({ replies: false }) }))).toMatchObject({ notifications: [], suppressed: { disabled: 1 } });
    expect(decide(input({ activity, settings: settingsWith({ assigned: false, statusChanges: false }) })).notifications).toHaveLength(1);
  });

  it('mute and do-not-disturb suppress everything, and say why', () => {
    expect(decide(input({ activity, settings: { ...DEFAULT_SETTINGS, mutedHelpdesks: ['hd-1'] } }))).toMatchObject({ notifications: [], suppressed: { muted: 1 } });
    expect(decide(input({ activity, quiet: true }))).toMatchObject({ notifications: [], suppressed: { quiet: 1 } });
    expect(decide(input({ activity, settings: { ...DEFAULT_SETTINGS, mutedHelpdesks: ['other'] } })).notifications).toHaveLength(1);
  });

  it('new unassigned tickets on "auto": only while I own no open tickets', () => {
    const arrived = [ticket(20, { owner: null })];
    expect(decide(input({ arrived, ownedOpen: 0 })).notifications).toHaveLength(1);
    expect(decide(input({ arrived, ownedOpen: 2 })).notifications).toHaveLength(0);
    expect(decide(input({ arrived, ownedOpen: 2, settings: settingsWith({ newUnassigned: 'on' }) })).notifications).toHaveLength(1);
    expect(decide(input({ arrived, ownedOpen: 0, settings: settingsWith({ newUnassigned: 'off' }) })).notifications).toHaveLength(0);
  });

  it('no sound when sound is off', () => {
    expect(decide(input({ activity, settings: settingsWith({ sound: false }) })).notifications[0]?.sound).toBe(false);
  });
});

describe('decide: bursts', () => {
  it('more than three in one poll become one group per queue', () => {
    const replies = [30, 31, 32].map((n) => ({ ticketNumber: n, items: [item('COMMENT', n, ALICE)], ticket: ticket(n, { events: [ev('COMMENT', ALICE, 'x')] }), before: owned }));
    const closed = { ticketNumber: 33, items: [item('CLOSE', 33, LEO)], ticket: ticket(33, { events: [ev('CLOSE', LEO)] }), before: owned };
    const arrived = [40, 41, 42, 43, 44, 45, 46].map((n) => ticket(n, { owner: null }));
    const d = decide(input({ activity: [...replies, closed], arrived, ownedOpen: 0 }));
    expect(d.notifications).toMatchObject([
      { kind: 'group', ticketNumber: null, queue: 'mine', title: 'Acme Support: 4 updates on your tickets', sound: true },
      { kind: 'group', ticketNumber: null, queue: 'new', title: 'Acme Support: 7 new tickets in Billing', sound: false },
    ]);
    expect(d.notifications[0]?.body).toMatch(/^3 replies, 1 closed · #30 /);
    for (const n of d.notifications) {
      expect(n.body.length).toBeLessThanOrEqual(140);
      expect(n.body).not.toMatch(/[<>]/);
    }
  });

  it('a burst with a single update keeps that one as it is', () => {
    const one = { ticketNumber: 50, items: [item('COMMENT', 50, ALICE)], ticket: ticket(50, { events: [ev('COMMENT', ALICE, 'x')] }), before: owned };
    const arrived = [60, 61, 62].map((n) => ticket(n, { owner: null, department: n === 60 ? 'Sales' : 'Billing' }));
    const d = decide(input({ activity: [one], arrived, ownedOpen: 0 }));
    expect(d.notifications.map((n) => [n.kind, n.title])).toEqual([
      ['reply', 'Acme Support · #50 Printer & scanner #50'],
      ['group', 'Acme Support: 3 new tickets in Sales and Billing'],
    ]);
  });
});
