import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BridgeResult, TicketDetail } from '../../electron/contract';
import type { OpenSupportsClient } from '../../electron/core/opensupports';
import { openStore } from '../../electron/core/store';
import { zHelpdeskMeta } from '../../electron/core/tickets/meta';
import { startSim, type RunningSim } from '../../sim';
import { signedIn } from '../support/sim';
import { ADMIN, DEPT, SAM, STAFF, T, TAG, TERRY, useCores, type Harness } from './tickets-harness';

/**
 * Opening tickets and acting on them through the core, against the recorded-seed simulator:
 * each action's effect on the ticket, the cache and the queues, each refusal (by `can` before
 * the server is called, or the server's own with a sentence), attachments and downloads.
 */
const newCore = useCores();
let sim: RunningSim;
/** The server's truth, read with a separate admin session. */
let server: OpenSupportsClient;
beforeEach(async () => {
  sim = await startSim({ seed: 'recorded' });
  server = (await signedIn(sim, ADMIN)).client;
});
afterEach(async () => {
  await sim.close();
});

function refused<T>(result: BridgeResult<T>): { kind: string; message: string; code?: string } {
  if (result.ok) throw new Error('expected a refusal, got success');
  return result.error;
}

async function agent(email: string): Promise<{ h: Harness; id: string }> {
  const h = await newCore();
  const id = await h.signIn(sim, email);
  await h.ok('helpdesk:meta', { helpdeskId: id });
  return { h, id };
}

describe('opening a ticket', () => {
  it('fetches a ticket that is not cached and does not mark it seen when the agent does not own it', async () => {
    const { h, id } = await agent(SAM);
    const detail = await h.ok('ticket:open', { helpdeskId: id, ticketNumber: T.login });
    expect(detail).toMatchObject({ ticketNumber: T.login, freshness: 'fresh', unread: true, html: 'Since yesterday I get an error when logging in.' });
    expect(detail.events.map((e) => [e.type, e.html, e.mine])).toEqual([['COMMENT', 'Any update on this? Still cannot log in.', false]]);
    await h.core.idle();
    expect(h.trace.count('/ticket/seen')).toBe(0);
    expect((await server.getTicket(T.login)).unreadStaff).toBe(true);
  });

  it('marks the owner’s ticket seen: the cached copy first, then ticket:changed with the fresh one', async () => {
    const { h, id } = await agent(SAM);
    await h.ok('ticket:open', { helpdeskId: id, ticketNumber: T.invoice });
    sim.act.assign(T.invoice, { by: STAFF.admin, to: STAFF.sam });
    h.advance(60_000);
    const since = h.events.length;
    const cached = await h.ok('ticket:open', { helpdeskId: id, ticketNumber: T.invoice });
    expect(cached).toMatchObject({ freshness: 'stale', owner: null, unread: true });
    const fresh = await h.waitFor('ticket:changed', (d) => d.ticketNumber === T.invoice && !d.unread, { since });
    expect(fresh).toMatchObject({ freshness: 'fresh', owner: { id: STAFF.sam, name: 'Sam Agent' }, unread: false });
    expect(fresh.events.at(-1)).toMatchObject({ type: 'ASSIGN', html: 'Sam Agent', mine: false });
    expect(h.trace.count('/ticket/seen')).toBe(1);
    expect((await server.getTicket(T.invoice)).unreadStaff).toBe(false);
  });

  it('shows the owner’s unread ticket as soon as ticket/get answers, and marks it seen after', async () => {
    sim.act.assign(T.invoice, { by: STAFF.admin, to: STAFF.sam });
    const { h, id } = await agent(SAM);
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    h.trace.afterResponse = (request) => (request.path.endsWith('/ticket/seen') ? held : undefined);
    const since = h.events.length;
    // With ticket/seen held back, the open still answers: it no longer waits for it.
    const opened = await h.ok('ticket:open', { helpdeskId: id, ticketNumber: T.invoice });
    expect(opened).toMatchObject({ freshness: 'fresh', owner: { id: STAFF.sam }, unread: true });
    expect(h.trace.count('/ticket/get')).toBe(1);
    release();
    const seen = await h.waitFor('ticket:changed', (d) => d.ticketNumber === T.invoice && !d.unread, { since });
    expect(seen).toMatchObject({ freshness: 'fresh', owner: { id: STAFF.sam } });
    expect(h.trace.count('/ticket/seen')).toBe(1);
    expect((await server.getTicket(T.invoice)).unreadStaff).toBe(false);
  });

  it('says so when the ticket does not exist or is outside the agent’s departments', async () => {
    const { h, id } = await agent(SAM);
    const missing = refused(await h.call('ticket:open', { helpdeskId: id, ticketNumber: 123456 }));
    expect(missing).toMatchObject({ kind: 'api', code: 'NO_PERMISSION' });
    expect(missing.message).toMatch(/not in one of your departments .* or it no longer exists/);
    expect(refused(await h.call('ticket:open', { helpdeskId: id, ticketNumber: T.crash })).code).toBe('NO_PERMISSION');
  });
});

describe('can and why by level', () => {
  it('gives levels 1, 2 and 3 the same rights on a ticket of their department', async () => {
    const details: TicketDetail[] = [];
    for (const email of [SAM, TERRY, ADMIN]) {
      const { h, id } = await agent(email);
      details.push(await h.ok('ticket:open', { helpdeskId: id, ticketNumber: T.invoice }));
    }
    const [l1, l2, l3] = details as [TicketDetail, TicketDetail, TicketDetail];
    expect(l1.can).toEqual(l2.can);
    expect(l2.can).toEqual(l3.can);
    expect(l1.can).toMatchObject({ comment: true, internalNote: true, attach: true, assignSelf: true, assignOther: true, unassign: false, close: true, reopen: false, tag: true, editTitle: true, editBody: false, editLastComment: false });
    expect(l1.why).toEqual({
      unassign: 'Nobody owns this ticket.',
      reopen: 'The ticket is already open.',
      editBody: 'Only the ticket’s author can edit its text.',
      editLastComment: 'There is no comment to edit yet.',
    });
  });

  it('lets a level-1 agent manage a ticket they opened in a department they are not in', async () => {
    const { h, id } = await agent(SAM);
    const own = Number(sim.act.createTicket({ staffId: STAFF.sam, title: 'Laptop for new hire', content: 'Needs setup.', departmentId: DEPT.technical }));
    const detail = await h.ok('ticket:open', { helpdeskId: id, ticketNumber: own });
    expect(detail.can).toMatchObject({ comment: true, close: true, editBody: true, assignSelf: true });
    expect(detail.author).toMatchObject({ id: STAFF.sam, staff: true });
  });
});

describe('actions', () => {
  it('comments and writes internal notes, each shown as the agent’s own', async () => {
    const { h, id } = await agent(SAM);
    const after = await h.ok('ticket:comment', { helpdeskId: id, ticketNumber: T.invoice, html: '<p>We are on it.</p>', internal: false });
    const noted = await h.ok('ticket:comment', { helpdeskId: id, ticketNumber: T.invoice, html: '<p>Refund pending approval.</p>', internal: true });
    expect(after.events.at(-1)).toMatchObject({ type: 'COMMENT', html: '<p>We are on it.</p>', internal: false, mine: true });
    expect(noted.events.at(-1)).toMatchObject({ type: 'COMMENT', html: '<p>Refund pending approval.</p>', internal: true, mine: true });
    expect(noted).toMatchObject({ freshness: 'fresh', can: { editLastComment: true, editBody: false }, editableEventId: noted.events.at(-1)?.id });
    const events = (await server.getTicket(T.invoice)).events;
    expect(events.map((e) => [e.type, e.private])).toEqual([
      ['COMMENT', false],
      ['COMMENT', true],
    ]);
  });

  it('attaches a file (sent as multipart) and downloads it again under its own name', async () => {
    const { h, id } = await agent(SAM);
    const text = 'Steps to reproduce:\n1. Open the invoice\n';
    const detail = await h.ok('ticket:comment', {
      helpdeskId: id,
      ticketNumber: T.invoice,
      html: '<p>Notes attached.</p>',
      internal: false,
      attachment: { name: 'Repro Steps.txt', type: 'text/plain', dataBase64: Buffer.from(text).toString('base64') },
    });
    const file = detail.events.at(-1)?.file;
    expect(file).toMatch(new RegExp(`^t${T.invoice}_[0-9a-f]{40}_repro_steps\\.txt$`));
    const download = await h.ok('ticket:download', { helpdeskId: id, fileName: file });
    expect(download).toMatchObject({ fileName: file, displayName: 'repro_steps.txt', contentType: 'text/plain' });
    expect(Buffer.from(download.dataBase64, 'base64').toString()).toBe(text);
    const gone = refused(await h.call('ticket:download', { helpdeskId: id, fileName: `t${T.invoice}_${'0'.repeat(40)}_nothing.txt` }));
    expect(gone).toMatchObject({ kind: 'not-found', code: 'INVALID_FILE' });
  });

  it('refuses an attachment larger than the helpdesk accepts before sending anything, naming both sizes', async () => {
    const { h, id } = await agent(SAM);
    const tooBig = Buffer.alloc(1024 * 1024 + 1, 'a');
    const error = refused(
      await h.call('ticket:comment', {
        helpdeskId: id,
        ticketNumber: T.invoice,
        html: '<p>Log attached.</p>',
        internal: false,
        attachment: { name: 'server.log', type: 'text/plain', dataBase64: tooBig.toString('base64') },
      }),
    );
    expect(error).toMatchObject({ kind: 'invalid-input', code: 'ATTACHMENT_TOO_LARGE' });
    expect(error.message).toBe('“server.log” is 1,048,577 bytes, but this helpdesk accepts attachments up to 1,048,576 bytes (1 MB).');
    expect(h.trace.count('/ticket/comment')).toBe(0);
    expect((await server.getTicket(T.invoice)).events).toEqual([]);
  });

  it('assigning to myself moves the ticket from "new" to "mine"; unassigning moves it back', async () => {
    const { h, id } = await agent(SAM);
    await h.ok('queue:open', { helpdeskId: id, queue: 'new' });
    await h.ok('queue:open', { helpdeskId: id, queue: 'mine' });
    await h.core.idle();
    const since = h.events.length;
    const assigned = await h.ok('ticket:assign', { helpdeskId: id, ticketNumber: T.invoice });
    expect(assigned).toMatchObject({ owner: { id: STAFF.sam, name: 'Sam Agent' }, can: { assignSelf: false, unassign: true } });
    const mine = await h.waitFor('queue:changed', (v) => v.queue === 'mine' && v.rows.some((r) => r.ticketNumber === T.invoice), { since });
    expect(mine.rows.map((r) => r.ticketNumber)).toEqual([T.invoice]);
    const fresh = await h.waitFor('queue:changed', (v) => v.queue === 'new' && !v.rows.some((r) => r.ticketNumber === T.invoice), { since });
    expect(fresh.rows).toHaveLength(7);
    expect(h.events.slice(since).some((e) => e.event === 'ticket:changed')).toBe(true);

    const back = await h.ok('ticket:unassign', { helpdeskId: id, ticketNumber: T.invoice });
    expect(back.owner).toBeNull();
    expect(back.events.map((e) => e.type)).toEqual(['ASSIGN', 'UN_ASSIGN']);
    const newAgain = await h.ok('queue:open', { helpdeskId: id, queue: 'new' });
    expect(newAgain.rows.map((r) => r.ticketNumber)).toContain(T.invoice);
  });

  it('says who owns a ticket someone else assigned a moment ago', async () => {
    const { h, id } = await agent(SAM);
    await h.ok('ticket:open', { helpdeskId: id, ticketNumber: T.invoice });
    sim.act.assign(T.invoice, { by: STAFF.admin });
    const error = refused(await h.call('ticket:assign', { helpdeskId: id, ticketNumber: T.invoice }));
    expect(error).toMatchObject({ kind: 'api', code: 'TICKET_ALREADY_ASSIGNED', message: 'Admin Root already owns this ticket: it was assigned a moment ago.' });
    // The ticket was refreshed on the way: its copy now shows the owner.
    const now = await h.ok('ticket:open', { helpdeskId: id, ticketNumber: T.invoice });
    expect(now.owner).toMatchObject({ name: 'Admin Root' });
  });

  it('refuses assigning to someone outside the ticket’s department without calling the server', async () => {
    const { h, id } = await agent(ADMIN);
    const error = refused(await h.call('ticket:assign', { helpdeskId: id, ticketNumber: T.crash, staffId: STAFF.sam }));
    expect(error).toMatchObject({ kind: 'api', code: 'INVALID_DEPARTMENT', message: 'Sam Agent is not a member of Technical, the ticket’s department, so it cannot be assigned to them.' });
    expect(h.trace.count('/staff/assign-ticket')).toBe(0);
  });

  it('explains the server’s refusal when the staff list was out of date, and reloads it', async () => {
    const first = await agent(ADMIN);
    await first.h.core.stop();
    // Make the kept staff list claim Sam is in Technical, as if he had left it since it was loaded.
    const store = openStore(first.h.dataDir);
    const key = `tickets.meta.${first.id}`;
    const meta = store.settings.get(key, zHelpdeskMeta.nullable(), null);
    if (!meta) throw new Error('the meta was not kept');
    store.settings.set(key, { ...meta, staff: meta.staff.map((s) => (s.id === STAFF.sam ? { ...s, departmentIds: [1, 2, 3] } : s)) });
    store.close();
    const h = await newCore({ dataDir: first.h.dataDir });
    await h.core.start();
    const error = refused(await h.call('ticket:assign', { helpdeskId: first.id, ticketNumber: T.crash, staffId: STAFF.sam }));
    expect(error).toMatchObject({ kind: 'api', code: 'INVALID_DEPARTMENT', message: 'Sam Agent is not a member of Technical, the ticket’s department, so it cannot be assigned to them.' });
    expect(h.trace.count('/staff/assign-ticket')).toBe(1);
    await h.core.idle();
    expect(h.trace.count('/staff/get-all')).toBe(1);
    const unknown = refused(await h.call('ticket:assign', { helpdeskId: first.id, ticketNumber: T.crash, staffId: 99 }));
    expect(unknown).toMatchObject({ code: 'INVALID_STAFF', message: 'Staff member #99 no longer exists on this helpdesk.' });
  });

  it('reassigns an owned ticket with un-assign then assign', async () => {
    const { h, id } = await agent(ADMIN);
    sim.act.assign(T.invoice, { by: STAFF.admin, to: STAFF.sam });
    const detail = await h.ok('ticket:assign', { helpdeskId: id, ticketNumber: T.invoice, staffId: STAFF.terry });
    expect(detail.owner).toEqual({ id: STAFF.terry, name: 'Terry Lead' });
    expect(detail.events.map((e) => [e.type, e.html])).toEqual([
      ['ASSIGN', 'Sam Agent'],
      ['UN_ASSIGN', 'Sam Agent'],
      ['ASSIGN', 'Terry Lead'],
    ]);
    expect(h.trace.count('/staff/un-assign-ticket')).toBe(1);
    expect(h.trace.count('/staff/assign-ticket')).toBe(1);
    const same = refused(await h.call('ticket:assign', { helpdeskId: id, ticketNumber: T.invoice, staffId: STAFF.terry }));
    expect(same).toMatchObject({ kind: 'conflict', message: 'Terry Lead already owns this ticket.' });
  });

  it('says so when the un-assign worked but the assign did not', async () => {
    const { h, id } = await agent(ADMIN);
    sim.act.assign(T.invoice, { by: STAFF.admin, to: STAFF.sam });
    await h.ok('ticket:open', { helpdeskId: id, ticketNumber: T.invoice });
    // Someone else grabs the ticket between our two calls.
    h.trace.afterResponse = ({ path }) => {
      if (path.endsWith('/staff/un-assign-ticket')) sim.act.assign(T.invoice, { by: STAFF.sam });
    };
    const error = refused(await h.call('ticket:assign', { helpdeskId: id, ticketNumber: T.invoice, staffId: STAFF.terry }));
    h.trace.afterResponse = null;
    expect(error).toMatchObject({ kind: 'api', code: 'TICKET_ALREADY_ASSIGNED' });
    expect(error.message).toBe('The ticket was unassigned from Sam Agent, but assigning it to Terry Lead failed: Sam Agent already owns this ticket: it was assigned a moment ago.');
  });

  it('refuses closing a closed ticket from fresh data, without calling ticket/close (§6.16-10)', async () => {
    const { h, id } = await agent(SAM);
    await h.ok('ticket:open', { helpdeskId: id, ticketNumber: T.invoice });
    sim.act.close(T.invoice, { by: STAFF.admin });
    const error = refused(await h.call('ticket:close', { helpdeskId: id, ticketNumber: T.invoice }));
    expect(error).toMatchObject({ kind: 'conflict', code: 'NOT_ALLOWED_NOW', message: 'The ticket is already closed.' });
    expect(h.trace.count('/ticket/close')).toBe(0);
    const reopened = await h.ok('ticket:reopen', { helpdeskId: id, ticketNumber: T.invoice });
    expect(reopened).toMatchObject({ closed: false, can: { close: true, reopen: false } });
    expect(refused(await h.call('ticket:reopen', { helpdeskId: id, ticketNumber: T.invoice })).message).toBe('The ticket is already open.');
    const closed = await h.ok('ticket:close', { helpdeskId: id, ticketNumber: T.invoice });
    expect(closed.closed).toBe(true);
    expect((await server.getTicket(T.invoice)).events.map((e) => e.type)).toEqual(['CLOSE', 'RE_OPEN', 'CLOSE']);
  });

  it('refuses a level-1 agent outside the department: the ticket moved away since it was cached', async () => {
    const { h, id } = await agent(SAM);
    await h.ok('queue:open', { helpdeskId: id, queue: 'new' });
    await h.core.idle();
    sim.act.changeDepartment(T.invoice, { by: STAFF.admin, departmentId: DEPT.technical });
    const since = h.events.length;
    const error = refused(await h.call('ticket:comment', { helpdeskId: id, ticketNumber: T.invoice, html: '<p>Hi</p>', internal: false }));
    expect(error).toMatchObject({ kind: 'api', code: 'NO_PERMISSION' });
    expect(error.message).toMatch(/not in one of your departments \(it may have been moved\)/);
    const queue = await h.waitFor('queue:changed', (v) => v.queue === 'new', { since });
    expect(queue.rows.map((r) => r.ticketNumber)).not.toContain(T.invoice);
    expect((await server.getTicket(T.invoice)).events.map((e) => e.type)).toEqual(['DEPARTMENT_CHANGED']);
  });

  it('moving my own ticket out of my departments leaves a detail that says I cannot act on it any more', async () => {
    const { h, id } = await agent(SAM);
    sim.act.assign(T.invoice, { by: STAFF.sam });
    await h.ok('queue:open', { helpdeskId: id, queue: 'mine' });
    await h.core.idle();
    const moved = await h.ok('ticket:changeDepartment', { helpdeskId: id, ticketNumber: T.invoice, departmentId: DEPT.technical });
    expect(moved).toMatchObject({ department: { id: DEPT.technical, name: 'Technical' }, owner: null, freshness: 'stale' });
    expect(Object.values(moved.can).some(Boolean)).toBe(false);
    expect(moved.why.comment).toBe('This ticket is in the Technical department, and you are not a member of it.');
    const mine = await h.ok('queue:open', { helpdeskId: id, queue: 'mine' });
    expect(mine.rows).toEqual([]);
    const truth = await server.getTicket(T.invoice);
    expect(truth.department.id).toBe(DEPT.technical);
    expect(truth.owner).toBeNull();
  });

  it('changes department when the agent stays in reach, and refuses the same department locally', async () => {
    const { h, id } = await agent(ADMIN);
    const moved = await h.ok('ticket:changeDepartment', { helpdeskId: id, ticketNumber: T.invoice, departmentId: DEPT.technical });
    expect(moved).toMatchObject({ department: { id: DEPT.technical, name: 'Technical' }, freshness: 'fresh' });
    expect(moved.events.at(-1)).toMatchObject({ type: 'DEPARTMENT_CHANGED', html: 'Technical', mine: true });
    const same = refused(await h.call('ticket:changeDepartment', { helpdeskId: id, ticketNumber: T.invoice, departmentId: DEPT.technical }));
    expect(same).toMatchObject({ kind: 'conflict', code: 'SAME_DEPARTMENT', message: 'The ticket is already in Technical.' });
    expect(h.trace.count('/ticket/change-department')).toBe(1);
  });

  it('adds and removes tags, and names the tag when the server refuses', async () => {
    const { h, id } = await agent(SAM);
    const tagged = await h.ok('ticket:addTag', { helpdeskId: id, ticketNumber: T.invoice, tagId: TAG.urgent });
    expect(tagged.tags).toEqual([{ id: TAG.urgent, name: 'urgent', color: '#ff0000' }]);
    sim.act.addTag(T.invoice, { by: STAFF.admin, tagId: TAG.needsInfo });
    const twice = refused(await h.call('ticket:addTag', { helpdeskId: id, ticketNumber: T.invoice, tagId: TAG.needsInfo }));
    expect(twice).toMatchObject({ code: 'TAG_EXISTS', message: 'The ticket already has the tag “needs-info”.' });
    const untagged = await h.ok('ticket:removeTag', { helpdeskId: id, ticketNumber: T.invoice, tagId: TAG.urgent });
    expect(untagged.tags.map((t) => t.name)).toEqual(['needs-info']);
    const absent = refused(await h.call('ticket:removeTag', { helpdeskId: id, ticketNumber: T.invoice, tagId: TAG.urgent }));
    expect(absent).toMatchObject({ code: 'INVALID_TAG', message: 'The tag “urgent” no longer exists, or the ticket does not have it.' });
  });

  it('edits the title, the body of my own ticket while it has no comments, and my latest comment', async () => {
    const { h, id } = await agent(SAM);
    const renamed = await h.ok('ticket:editTitle', { helpdeskId: id, ticketNumber: T.invoice, title: 'Invoice charged twice (March)' });
    expect(renamed).toMatchObject({ title: 'Invoice charged twice (March)', editedTitle: true });

    const own = Number(sim.act.createTicket({ staffId: STAFF.sam, title: 'VPN access', content: 'Please grant VPN.', departmentId: DEPT.billing }));
    const body = await h.ok('ticket:editComment', { helpdeskId: id, ticketNumber: own, html: '<p>Please grant VPN for two people.</p>' });
    expect(body).toMatchObject({ html: '<p>Please grant VPN for two people.</p>', edited: true });

    const commented = await h.ok('ticket:comment', { helpdeskId: id, ticketNumber: own, html: '<p>First draft</p>', internal: false });
    const eventId = commented.editableEventId;
    expect(eventId).toBe(commented.events.at(-1)?.id);
    const edited = await h.ok('ticket:editComment', { helpdeskId: id, ticketNumber: own, eventId, html: '<p>Second draft</p>' });
    expect(edited.events.at(-1)).toMatchObject({ id: eventId, html: '<p>Second draft</p>', edited: true });

    const bodyAgain = refused(await h.call('ticket:editComment', { helpdeskId: id, ticketNumber: own, html: '<p>Too late</p>' }));
    expect(bodyAgain).toMatchObject({ kind: 'conflict', message: 'The ticket’s text cannot be edited once it has comments.' });
    sim.act.comment(own, { by: STAFF.admin, content: 'Approved.', private: true });
    const notLatest = refused(await h.call('ticket:editComment', { helpdeskId: id, ticketNumber: own, eventId, html: '<p>Third</p>' }));
    expect(notLatest.message).toMatch(/only while it is the latest one/);
    expect(h.trace.count('/ticket/edit-comment')).toBe(2);
    const notAuthor = refused(await h.call('ticket:editComment', { helpdeskId: id, ticketNumber: T.invoice, html: '<p>Not mine</p>' }));
    expect(notAuthor.message).toBe('Only the ticket’s author can edit its text.');
  });
});
