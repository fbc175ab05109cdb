import type { EventData, TicketData } from '../../../electron/core/tickets/data';
import type { Agent } from '../../../electron/core/tickets/permissions';

/** A ticket in Billing (2) opened by customer Alice (1), unassigned, open, with no comments. */
export function ticket(overrides: Partial<TicketData> = {}): TicketData {
  return {
    ticketNumber: 279834,
    title: 'Invoice shows wrong amount',
    html: '<p>My March invoice was charged twice.</p>',
    full: true,
    department: { id: 2, name: 'Billing' },
    createdAt: '2026-12-03T15:32:00.000Z',
    file: null,
    language: 'en',
    unread: false,
    unreadStaff: true,
    closed: false,
    author: { id: 1, name: 'Alice User', email: 'alice@example.test', staff: false },
    owner: null,
    events: [],
    tags: [],
    edited: false,
    editedTitle: false,
    ...overrides,
  };
}

let nextEventId = 100;
export function event(overrides: Partial<EventData> = {}): EventData {
  return {
    id: nextEventId++,
    type: 'COMMENT',
    html: '<p>Hello</p>',
    author: { id: 1, name: 'Alice User', email: 'alice@example.test', staff: false },
    at: '2026-12-03T16:00:00.000Z',
    file: null,
    internal: false,
    edited: false,
    ...overrides,
  };
}

export const staffPerson = (id: number, name = `Staff ${id}`) => ({ id, name, email: `staff${id}@example.test`, staff: true });

/** Sam: level 1 in Help and Support (1) and Billing (2). */
export const sam: Agent = { id: 2, level: 1, departmentIds: [1, 2] };
/** Terry: level 2 in Billing (2) and Technical (3). */
export const terry: Agent = { id: 3, level: 2, departmentIds: [2, 3] };
/** The administrator: level 3 in every department. */
export const admin: Agent = { id: 1, level: 3, departmentIds: [1, 2, 3] };
