import type { Caller, StaffCaller, UserCaller } from './domain/access.js';
import { fail } from './errors.js';
import type { RequestContext } from './http/context.js';

/**
 * The permission check (§2.7): the cookie's session must hold a token, and the
 * csrf pair sent as form fields must equal it with strict string equality. The
 * level is re-read from the database on every call, so demotions apply at once.
 */
export function callerOf(ctx: RequestContext): Caller | null {
  const s = ctx.session;
  if (!s || s.token === null || s.userId === null) return null;
  const userId = ctx.params.get('csrf_userid');
  const token = ctx.params.get('csrf_token');
  if (userId === undefined || token === undefined || userId !== s.userId || token !== s.token) return null;
  const id = Number(s.userId);
  if (s.staff) {
    const staff = ctx.world.repo.staff(id);
    return staff ? { kind: 'staff', id, level: staff.level } : null;
  }
  if (!ctx.world.repo.user(id)) return null;
  return { kind: 'user', id, ticketNumber: s.ticketNumber === null ? null : Number(s.ticketNumber) };
}

export function requireUser(ctx: RequestContext): Caller {
  return callerOf(ctx) ?? fail('NO_PERMISSION');
}

export function requireStaff(ctx: RequestContext, level: 1 | 2 | 3): StaffCaller {
  const c = callerOf(ctx);
  if (!c || c.kind !== 'staff' || c.level < level) fail('NO_PERMISSION');
  return c;
}

export function requireRegularUser(ctx: RequestContext): UserCaller {
  const c = callerOf(ctx);
  if (!c || c.kind !== 'user') fail('NO_PERMISSION');
  return c;
}
