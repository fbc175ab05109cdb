import type { Repo, TicketRow } from '../db/repo.js';

export interface StaffCaller {
  kind: 'staff';
  id: number;
  level: number;
}
export interface UserCaller {
  kind: 'user';
  id: number;
  /** Ticket sessions (/ticket/check) are locked to one ticket. */
  ticketNumber: number | null;
}
/** Who is acting: a logged-in session over HTTP, or a scripted "other person". */
export type Caller = StaffCaller | UserCaller;

export function isAuthor(caller: Caller, ticket: TicketRow): boolean {
  return caller.kind === 'staff' ? ticket.author_staff_id === caller.id : ticket.author_user_id === caller.id;
}

export function isOwner(caller: Caller, ticket: TicketRow): boolean {
  return caller.kind === 'staff' && ticket.owner_id === caller.id;
}

/**
 * The can-manage rule (§6.7): staff reach tickets of their departments plus the ones
 * they opened, whatever their level; users reach their own tickets only.
 */
export function canManage(repo: Repo, caller: Caller, ticket: TicketRow): boolean {
  if (caller.kind === 'staff') {
    return ticket.author_staff_id === caller.id || repo.staffInDepartment(caller.id, ticket.department_id);
  }
  if (caller.ticketNumber !== null && caller.ticketNumber !== ticket.ticket_number) return false;
  return ticket.author_user_id === caller.id;
}
