import type { Caller, StaffCaller } from './domain/access.js';
import * as tickets from './domain/tickets.js';
import { ApiFail, fail } from './errors.js';
import type { World } from './world.js';

/** A staff id, or an explicit `{staffId}` / `{userId}` for actions users may also take. */
export type ActorRef = number | { staffId: number } | { userId: number };
export type TicketRef = string | number;

/**
 * Scripts "other people" acting on the helpdesk while the client under test watches.
 * Every method runs the same domain rule as the HTTP path, so events, unread flags and
 * last-events come out exactly as if that person had used the API. Failures throw
 * ApiFail with the server's error code.
 */
export interface SimActor {
  assign(ticketNumber: TicketRef, o: { by: number; to?: number }): void;
  unassign(ticketNumber: TicketRef, o: { by: number }): void;
  /** Returns the new event id. */
  comment(ticketNumber: TicketRef, o: { by: ActorRef; content: string; private?: boolean }): number;
  /** Opens a ticket as a user (`userId`) or a staff member (`staffId`); returns its ticket number. */
  createTicket(o: { userId?: number; staffId?: number; title: string; content: string; departmentId?: number; language?: string }): string;
  close(ticketNumber: TicketRef, o: { by: ActorRef }): void;
  reopen(ticketNumber: TicketRef, o: { by: ActorRef }): void;
  changeDepartment(ticketNumber: TicketRef, o: { by: number; departmentId: number }): void;
  addTag(ticketNumber: TicketRef, o: { by: number; tagId: number }): void;
  removeTag(ticketNumber: TicketRef, o: { by: number; tagId: number }): void;
  seen(ticketNumber: TicketRef, o: { by: ActorRef }): void;
  editTitle(ticketNumber: TicketRef, o: { by: ActorRef; title: string }): void;
  /** Changes a setting directly (e.g. `allow-attachments`), as an administrator would in the web panel. */
  setSetting(name: string, value: string): void;
}

export const ACTOR_METHODS = [
  'assign',
  'unassign',
  'comment',
  'createTicket',
  'close',
  'reopen',
  'changeDepartment',
  'addTag',
  'removeTag',
  'seen',
  'editTitle',
  'setSetting',
] as const satisfies readonly (keyof SimActor)[];

export function createActor(world: World): SimActor {
  const staff = (id: number): StaffCaller => {
    const row = world.repo.staff(id) ?? fail('INVALID_STAFF');
    return { kind: 'staff', id: row.id, level: row.level };
  };
  const caller = (ref: ActorRef): Caller => {
    if (typeof ref === 'number') return staff(ref);
    if ('staffId' in ref) return staff(ref.staffId);
    if (!world.repo.user(ref.userId)) fail('INVALID_USER');
    return { kind: 'user', id: ref.userId, ticketNumber: null };
  };
  return {
    assign: (t, o) => tickets.assign(world, staff(o.by), t, o.to),
    unassign: (t, o) => tickets.unassign(world, staff(o.by), t),
    comment: (t, o) => tickets.comment(world, caller(o.by), t, { content: o.content, private: o.private ?? false }),
    createTicket: (o) => {
      const by: Caller = o.staffId !== undefined ? staff(o.staffId) : caller({ userId: o.userId ?? fail('INVALID_USER') });
      const n = tickets.createTicket(world, by, {
        title: o.title,
        content: o.content,
        departmentId: o.departmentId === undefined ? undefined : String(o.departmentId),
        language: o.language,
      });
      return String(n);
    },
    close: (t, o) => tickets.close(world, caller(o.by), t),
    reopen: (t, o) => tickets.reopen(world, caller(o.by), t),
    changeDepartment: (t, o) => tickets.changeDepartment(world, staff(o.by), t, o.departmentId),
    addTag: (t, o) => tickets.addTag(world, staff(o.by), t, o.tagId),
    removeTag: (t, o) => tickets.removeTag(world, staff(o.by), t, o.tagId),
    seen: (t, o) => tickets.seen(world, caller(o.by), t),
    editTitle: (t, o) => tickets.editTitle(world, caller(o.by), t, o.title),
    setSetting: (name, value) => world.repo.setSetting(name, value),
  };
}

/**
 * Dispatches `POST /__sim/<method>` with a JSON array of arguments (a single object
 * is taken as the only argument) to the in-process actor.
 */
export function runScript(actor: SimActor, method: string, args: unknown): unknown {
  if (!(ACTOR_METHODS as readonly string[]).includes(method)) throw new Error(`unknown scripting method: ${method}`);
  const list = Array.isArray(args) ? args : [args];
  const fn = actor[method as keyof SimActor] as (...a: unknown[]) => unknown;
  return fn(...list);
}

type Async<T> = { [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<R> : never };
export type RemoteSimActor = Async<SimActor>;

/** The same scripting API for a simulator running in another process. */
export function remoteActor(origin: string, secret: string): RemoteSimActor {
  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    const res = await fetch(`${origin}/__sim/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sim-secret': secret },
      body: JSON.stringify(args),
    });
    const body = (await res.json()) as { ok: boolean; result?: unknown; error?: string };
    if (!body.ok) throw new ApiFail(body.error ?? `HTTP ${res.status}`);
    return body.result;
  };
  const out: Partial<Record<keyof SimActor, (...a: unknown[]) => Promise<unknown>>> = {};
  for (const m of ACTOR_METHODS) out[m] = (...a: unknown[]) => call(m, a);
  return out as RemoteSimActor;
}
