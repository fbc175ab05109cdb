import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, OpenSupportsClient, probeHelpdesk, type StaffProfile, type Settings } from '../../electron/core/opensupports';

/**
 * The client's conformance suite against a real OpenSupports helpdesk (or the simulator).
 * Needs OPENSUPPORTS_URL, OPENSUPPORTS_EMAIL, OPENSUPPORTS_PASSWORD naming a level-3 staff
 * account on a disposable instance. It adapts to what it finds, creates one ticket of its own
 * (closed again at the end) and leaves the instance usable.
 */
const url = process.env['OPENSUPPORTS_URL'] ?? '';
const email = process.env['OPENSUPPORTS_EMAIL'] ?? '';
const password = process.env['OPENSUPPORTS_PASSWORD'] ?? '';
const stamp = `staffdesk-live-${Date.now().toString(36)}`;

let client: OpenSupportsClient;
let apiRoot: string;
let me: StaffProfile;
let settings: Settings;
let ticketNumber = 0;

beforeAll(async () => {
  const probe = await probeHelpdesk(url);
  if (!probe.ok || !probe.apiRoot) throw new Error(`probe failed: ${probe.error}`);
  apiRoot = probe.apiRoot;
  client = new OpenSupportsClient({ apiRoot, timeoutMs: 60_000 });
  await client.login({ email, password, remember: true });
  me = await client.getStaff();
  settings = await client.getSettings();
}, 120_000);

afterAll(async () => {
  if (ticketNumber) await client.closeTicket(ticketNumber).catch(() => undefined);
  await client?.logout().catch(() => undefined);
});

describe(`live conformance against ${url || '(no URL)'}`, () => {
  it('signs in as level-3 staff with a remember token that rotates', async () => {
    expect(me.level).toBe(3);
    const other = new OpenSupportsClient({ apiRoot });
    const first = await other.login({ email, password, remember: true });
    expect(first.remember?.token).toMatch(/^[0-9a-f]{40}$/);
    const third = new OpenSupportsClient({ apiRoot });
    const rotated = await third.loginWithRememberToken(first.remember!);
    expect(rotated.remember?.token).not.toBe(first.remember!.token);
    await expect(new OpenSupportsClient({ apiRoot }).loginWithRememberToken(first.remember!)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await third.checkSession()).toBe(true);
    await third.logout();
    await other.logout();
  });

  it('reads settings, staff, custom responses and tags', async () => {
    expect(settings.departments.length).toBeGreaterThan(0);
    const staff = await client.getAllStaff();
    expect(staff.some((s) => s.email === me.email)).toBe(true);
    await client.getCustomResponses();
    const tags = await client.getTags();
    expect(tags.map((t) => t.id).sort()).toEqual(settings.tags.map((t) => t.id).sort());
  });

  it('creates a ticket in one of my departments and finds it', async () => {
    const department = me.departments[0];
    expect(department, 'the staff account must belong to a department').toBeTruthy();
    await client.createTicket({ title: `${stamp} conformance`, content: 'Created by the Staffdesk live conformance suite.', departmentId: department!.id });
    const found = await client.searchTickets({ query: stamp });
    expect(found.tickets).toHaveLength(1);
    ticketNumber = found.tickets[0]!.ticketNumber;
    const mine = await client.getMyTickets({ page: 1 });
    expect(mine.pages).toBeGreaterThan(0);
  });

  it('runs the ticket workflow: assign, comment, note, attach, edit, tag, move, close, re-open', async () => {
    await client.assignTicket(ticketNumber);
    await expect(client.assignTicket(ticketNumber)).rejects.toMatchObject({ code: 'TICKET_ALREADY_ASSIGNED' });
    await client.comment({ ticketNumber, content: `${stamp} public` });
    await client.comment({ ticketNumber, content: `${stamp} note`, private: true });
    await client.comment({ ticketNumber, content: `${stamp} file`, file: { name: 'conformance.txt', data: new TextEncoder().encode(stamp), type: 'text/plain' } });
    let ticket = await client.getTicket(ticketNumber);
    const fileEvent = ticket.events.find((e) => e.file);
    expect(fileEvent).toBeTruthy();
    expect(new TextDecoder().decode((await client.download(fileEvent!.file!)).bytes)).toBe(stamp);
    expect(ticket.events.find((e) => e.content === `${stamp} note`)?.private).toBe(true);
    const last = ticket.events.filter((e) => e.type === 'COMMENT').at(-1)!;
    await client.editComment({ ticketNumber, eventId: last.id, content: `${stamp} file (edited)` });
    await client.editTitle(ticketNumber, `${stamp} conformance (edited)`);
    await client.markSeen(ticketNumber);
    if (settings.tags[0]) {
      await client.addTag(ticketNumber, settings.tags[0].id);
      await client.removeTag(ticketNumber, settings.tags[0].id);
    }
    const otherDepartment = me.departments[1];
    if (otherDepartment) {
      await client.changeDepartment(ticketNumber, otherDepartment.id);
      await client.changeDepartment(ticketNumber, me.departments[0]!.id);
    }
    await client.closeTicket(ticketNumber);
    await client.reopenTicket(ticketNumber);
    ticket = await client.getTicket(ticketNumber);
    expect(ticket.editedTitle).toBe(true);
    expect(ticket.events.map((e) => e.type)).toEqual(expect.arrayContaining(['ASSIGN', 'COMMENT', 'CLOSE', 'RE_OPEN']));
    await client.unassignTicket(ticketNumber);
  });

  it('lists queues and the activity feed, and searches with the workarounds', async () => {
    await client.getNewTickets({ page: 1 });
    await client.getAllTickets({ page: 1 });
    expect(Array.isArray(await client.lastEvents(1))).toBe(true);
    const departments = me.departments.map((d) => d.id);
    const combined = await client.searchTickets({ departments, closed: false });
    expect(combined.tickets.every((t) => departments.includes(t.department.id) && !t.closed)).toBe(true);
  });

  it('reads customers and stats', async () => {
    const users = await client.getUsers({ page: 1 });
    if (users.users[0]) await client.getUser(users.users[0].id);
    const stats = await client.getStats();
    expect(stats.created_by_hour).toHaveLength(24);
  });

  it('maps refusals to ApiError codes', async () => {
    const error = await client.getTicket(100000 + Math.floor(Math.random() * 10)).catch((e: unknown) => e);
    if (error instanceof ApiError) expect(error.code).toBe('NO_PERMISSION');
  });
});
