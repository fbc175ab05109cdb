/**
 * What the signed-in agent may do with a ticket, and a sentence for each thing they may not
 * (reference §6.4–6.9). The server decides by department membership and authorship, not by level
 * (§6.7–6.8): level only matters for administration, which is not a ticket action. Some checks
 * here are stricter than the server on purpose: close/re-open are refused in the wrong state
 * because the server would append duplicate events (§6.16-10).
 */
import type { TicketAction } from '../../contract';
import { isAgent, latestComment, type TicketData } from './data';

export interface Agent {
  id: number;
  level: 1 | 2 | 3;
  departmentIds: readonly number[];
}

export interface Permissions {
  can: Record<TicketAction, boolean>;
  why: Partial<Record<TicketAction, string>>;
  editableEventId: number | null;
}

export const TICKET_ACTIONS: readonly TicketAction[] = [
  'comment',
  'internalNote',
  'attach',
  'assignSelf',
  'assignOther',
  'unassign',
  'changeDepartment',
  'close',
  'reopen',
  'tag',
  'editTitle',
  'editBody',
  'editLastComment',
];

/** The can-manage rule (§6.7): a member of the ticket's department, or the staff member who opened it. */
export function canManage(agent: Agent, ticket: TicketData): boolean {
  return agent.departmentIds.includes(ticket.department.id) || isAgent(ticket.author, agent.id);
}

export function permissionsFor(agent: Agent | null, ticket: TicketData): Permissions {
  const why: Partial<Record<TicketAction, string>> = {};
  const can = {} as Record<TicketAction, boolean>;
  const decide = (action: TicketAction, reason: string | null): void => {
    can[action] = reason === null;
    if (reason !== null) why[action] = reason;
  };

  if (!agent) {
    const reason = 'Staffdesk has not loaded your profile on this helpdesk yet. Try again once it can be reached.';
    for (const action of TICKET_ACTIONS) decide(action, reason);
    return { can, why, editableEventId: null };
  }
  if (!canManage(agent, ticket)) {
    const reason = `This ticket is in the ${ticket.department.name} department, and you are not a member of it.`;
    for (const action of TICKET_ACTIONS) decide(action, reason);
    return { can, why, editableEventId: null };
  }

  for (const action of ['comment', 'internalNote', 'attach', 'assignOther', 'changeDepartment', 'tag', 'editTitle'] as const) decide(action, null);

  const ownedByMe = ticket.owner?.id === agent.id;
  decide('assignSelf', ticket.owner === null ? null : ownedByMe ? 'You already own this ticket.' : `${ticket.owner.name} owns this ticket. Unassign it first, or reassign it.`);
  decide('unassign', ticket.owner === null ? 'Nobody owns this ticket.' : null);
  decide('close', ticket.closed ? 'The ticket is already closed.' : null);
  decide('reopen', ticket.closed ? null : 'The ticket is already open.');

  const conversationUnknown = 'Staffdesk has not loaded this ticket’s conversation yet.';
  const comments = ticket.events?.filter((e) => e.type === 'COMMENT') ?? null;
  if (!isAgent(ticket.author, agent.id)) decide('editBody', 'Only the ticket’s author can edit its text.');
  else if (comments === null) decide('editBody', conversationUnknown);
  else decide('editBody', comments.length > 0 ? 'The ticket’s text cannot be edited once it has comments.' : null);

  let editableEventId: number | null = null;
  const latest = latestComment(ticket);
  if (ticket.events === null) decide('editLastComment', conversationUnknown);
  else if (latest === null) decide('editLastComment', 'There is no comment to edit yet.');
  else if (!isAgent(latest.author, agent.id)) decide('editLastComment', 'Only your own comment can be edited, and only while it is the latest one on the ticket.');
  else if (ticket.closed) decide('editLastComment', 'Comments on a closed ticket cannot be edited.');
  else {
    decide('editLastComment', null);
    editableEventId = latest.id;
  }
  return { can, why, editableEventId };
}
