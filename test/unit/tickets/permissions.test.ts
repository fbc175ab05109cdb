import { describe, expect, it } from 'vitest';
import { permissionsFor, TICKET_ACTIONS } from '../../../electron/core/tickets/permissions';
import { admin, event, sam, staffPerson, terry, ticket } from './fixtures';

const allowed = (p: ReturnType<typeof permissionsFor>) => TICKET_ACTIONS.filter((a) => p.can[a]);

describe('can / why', () => {
  it('gives a department member every ordinary action on an open, unowned ticket, whatever the level', () => {
    for (const agent of [sam, terry, admin]) {
      const p = permissionsFor(agent, ticket());
      expect(allowed(p)).toEqual(['comment', 'internalNote', 'attach', 'assignSelf', 'assignOther', 'changeDepartment', 'close', 'tag', 'editTitle']);
      // Each refused action says why.
      expect(Object.keys(p.why).sort()).toEqual(['editBody', 'editLastComment', 'reopen', 'unassign']);
      expect(p.why.reopen).toBe('The ticket is already open.');
      expect(p.why.unassign).toBe('Nobody owns this ticket.');
      expect(p.why.editBody).toBe('Only the ticket’s author can edit its text.');
      expect(p.why.editLastComment).toBe('There is no comment to edit yet.');
    }
  });

  it('refuses everything outside the agent’s departments, at level 1, 2 and 3 alike', () => {
    const technical = ticket({ department: { id: 3, name: 'Technical' } });
    const l1 = permissionsFor(sam, technical);
    expect(allowed(l1)).toEqual([]);
    expect(l1.why.comment).toBe('This ticket is in the Technical department, and you are not a member of it.');
    expect(Object.keys(l1.why)).toHaveLength(TICKET_ACTIONS.length);
    const l2 = permissionsFor(terry, ticket({ department: { id: 1, name: 'Help and Support' } }));
    expect(allowed(l2)).toEqual([]);
    const l3 = permissionsFor({ ...admin, departmentIds: [1, 2] }, technical);
    expect(allowed(l3)).toEqual([]);
    expect(permissionsFor(terry, technical).can.comment).toBe(true);
  });

  it('lets the staff author manage a ticket outside their departments (the can-manage rule)', () => {
    const own = ticket({ department: { id: 3, name: 'Technical' }, author: staffPerson(sam.id, 'Sam Agent') });
    const p = permissionsFor(sam, own);
    expect(p.can.comment).toBe(true);
    expect(p.can.close).toBe(true);
    expect(p.can.editBody).toBe(true);
  });

  it('self-assigns only an unowned ticket and unassigns only an owned one; reassigning stays possible', () => {
    const mine = permissionsFor(sam, ticket({ owner: { id: sam.id, name: 'Sam Agent', email: 's@x' } }));
    expect(mine.can.assignSelf).toBe(false);
    expect(mine.why.assignSelf).toBe('You already own this ticket.');
    expect(mine.can.unassign).toBe(true);
    expect(mine.can.assignOther).toBe(true);
    const theirs = permissionsFor(sam, ticket({ owner: { id: 1, name: 'Admin Root', email: 'a@x' } }));
    expect(theirs.why.assignSelf).toBe('Admin Root owns this ticket. Unassign it first, or reassign it.');
    expect(theirs.can.unassign).toBe(true);
  });

  it('closes only an open ticket and re-opens only a closed one (the server would duplicate events)', () => {
    const closed = permissionsFor(sam, ticket({ closed: true }));
    expect(closed.can.close).toBe(false);
    expect(closed.why.close).toBe('The ticket is already closed.');
    expect(closed.can.reopen).toBe(true);
    // A closed ticket can still be commented on, tagged, moved and assigned (§6.5).
    expect(closed.can.comment && closed.can.tag && closed.can.changeDepartment && closed.can.assignSelf).toBe(true);
  });

  it('edits the body only as its author, and only while there are no comments', () => {
    const own = { author: staffPerson(sam.id) };
    expect(permissionsFor(sam, ticket(own)).can.editBody).toBe(true);
    const commented = permissionsFor(sam, ticket({ ...own, events: [event()] }));
    expect(commented.why.editBody).toBe('The ticket’s text cannot be edited once it has comments.');
    // Other events are not comments.
    expect(permissionsFor(sam, ticket({ ...own, events: [event({ type: 'ASSIGN', html: 'Sam Agent', author: staffPerson(1) })] })).can.editBody).toBe(true);
    const unknown = permissionsFor(sam, ticket({ ...own, events: null, full: false }));
    expect(unknown.why.editBody).toMatch(/not loaded/);
  });

  it('edits the latest comment only when it is mine (private notes count) and the ticket is open', () => {
    const mineLast = ticket({ events: [event({ author: staffPerson(1) }), event({ author: staffPerson(sam.id) }), event({ type: 'ASSIGN', author: staffPerson(1) })] });
    const p = permissionsFor(sam, mineLast);
    expect(p.can.editLastComment).toBe(true);
    expect(p.editableEventId).toBe(mineLast.events?.[1]?.id);
    const noteAfter = ticket({ events: [event({ author: staffPerson(sam.id) }), event({ author: staffPerson(1), internal: true })] });
    const refused = permissionsFor(sam, noteAfter);
    expect(refused.can.editLastComment).toBe(false);
    expect(refused.editableEventId).toBeNull();
    expect(refused.why.editLastComment).toMatch(/only while it is the latest one/);
    const closed = permissionsFor(sam, { ...mineLast, closed: true });
    expect(closed.why.editLastComment).toBe('Comments on a closed ticket cannot be edited.');
    // A customer with the same id as the agent is not the agent: ids are per account kind.
    const customerSameId = ticket({ events: [event({ author: { id: sam.id, name: 'Bob', email: null, staff: false } })] });
    expect(permissionsFor(sam, customerSameId).can.editLastComment).toBe(false);
  });

  it('refuses everything, saying why, while the agent’s profile is unknown', () => {
    const p = permissionsFor(null, ticket());
    expect(allowed(p)).toEqual([]);
    expect(p.why.comment).toMatch(/has not loaded your profile/);
  });
});
