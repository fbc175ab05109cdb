import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../../sim';
import type { ProtocolError} from '../../electron/core/opensupports';
import { ApiError, NetworkError, OpenSupportsClient, SessionExpired, probeHelpdesk } from '../../electron/core/opensupports';
import { account, countingFetch, newClient, signedIn } from '../support/sim';

/**
 * The client against the simulator over real HTTP on loopback, path by path. The simulator runs
 * the `recorded` seed: the world of the recordings (admin L3 in all departments, Sam L1 in
 * Help and Support + Billing, Terry L2 in Billing + Technical, customers Alice and Bob).
 */
const ADMIN = 'admin@example.test';
const SAM = 'sam.agent@example.test';
const TERRY = 'terry.lead@example.test';
const ALICE = 'alice@example.test';
const LOGIN_TICKET = 196568; // Help and Support, by Alice
const INVOICE_TICKET = 279834; // Billing, by Alice
const TECH_TICKET = 121265; // Technical, by Bob

let sim: RunningSim;
beforeAll(async () => {
  sim = await startSim({ seed: 'recorded' });
});
afterAll(() => sim.close());

describe('signing in', () => {
  it('refuses a wrong password with INVALID_CREDENTIALS', async () => {
    const { client } = newClient(sim);
    const error = await client.login({ email: ADMIN, password: 'wrong-password' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('INVALID_CREDENTIALS');
    expect(client.signedIn).toBe(false);
  });

  it('refuses a customer account on the staff sign-in', async () => {
    const { client } = newClient(sim);
    await expect(client.login({ email: ALICE, password: account(sim, ALICE).password })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('signs in with remember=1 and hands out a remember token', async () => {
    const { client, remembered } = newClient(sim);
    const result = await client.login({ email: ADMIN, password: account(sim, ADMIN).password });
    expect(result.staff).toBe(true);
    expect(result.remember?.token).toMatch(/^[0-9a-f]{40}$/);
    expect(result.remember!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86400_000);
    expect(remembered).toEqual([result.remember]);
    expect(await client.checkSession()).toBe(true);
  });

  it('signs in without a password using the remember token, which rotates and cannot be reused', async () => {
    const first = newClient(sim);
    const { remember } = await first.client.login({ email: ADMIN, password: account(sim, ADMIN).password });
    const second = newClient(sim);
    const restored = await second.client.loginWithRememberToken(remember!);
    expect(restored.remember!.token).not.toBe(remember!.token);
    expect(second.remembered).toEqual([restored.remember]);
    expect((await second.client.getStaff()).name).toBe('Admin Root');
    const third = newClient(sim);
    await expect(third.client.loginWithRememberToken(remember!)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('logs out: the session is gone and the remember token is forgotten locally', async () => {
    const { client, remembered } = await signedIn(sim, ADMIN);
    await client.logout();
    expect(client.signedIn).toBe(false);
    expect(remembered.at(-1)).toBeNull();
    await expect(client.getStaff()).rejects.toBeInstanceOf(SessionExpired);
  });
});

describe('session renewal on NO_PERMISSION', () => {
  it('re-signs in once with the remember token when the server lost the session, then retries', async () => {
    const counter = countingFetch();
    const { client, remembered } = newClient(sim, counter.fetch);
    await client.login({ email: ADMIN, password: account(sim, ADMIN).password });
    // The host purged the PHP session: our cookie now points at nothing.
    client.transport.jar.clear();
    counter.reset();
    const profile = await client.getStaff();
    expect(profile.level).toBe(3);
    expect(counter.count('/user/login')).toBe(1);
    expect(counter.count('/staff/get')).toBe(2);
    expect(remembered).toHaveLength(2); // the login's token, then the rotated one
    expect(remembered[1]!.token).not.toBe(remembered[0]!.token);
  });

  it('renews only once for concurrent calls (the token is single-use)', async () => {
    const counter = countingFetch();
    const { client } = newClient(sim, counter.fetch);
    await client.login({ email: ADMIN, password: account(sim, ADMIN).password });
    client.transport.jar.clear();
    counter.reset();
    await Promise.all([client.getStaff(), client.getAllStaff(), client.getCustomResponses()]);
    expect(counter.count('/user/login')).toBe(1);
  });

  it('does not re-sign in for a genuine refusal, and never loops', async () => {
    const counter = countingFetch();
    const { client } = await signedIn(sim, SAM, counter.fetch);
    counter.reset();
    const error = await client.getTicket(TECH_TICKET).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('NO_PERMISSION');
    expect(counter.count('/user/login')).toBe(0);
    expect(counter.count('/user/check-session')).toBe(1);
    expect(counter.count('/ticket/get')).toBe(1);
  });

  it('says the session expired when there is no remember token', async () => {
    const { client } = newClient(sim);
    await client.login({ email: ADMIN, password: account(sim, ADMIN).password, remember: false });
    client.transport.jar.clear();
    await expect(client.getStaff()).rejects.toBeInstanceOf(SessionExpired);
  });

  it('says the session expired when the remember token was already spent, and drops it', async () => {
    const { client, remembered } = newClient(sim);
    const { remember } = await client.login({ email: ADMIN, password: account(sim, ADMIN).password });
    await newClient(sim).client.loginWithRememberToken(remember!); // someone else spends it
    client.transport.jar.clear();
    const error = await client.getStaff().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionExpired);
    expect((error as Error).message).toMatch(/expired or was revoked/);
    expect(remembered.at(-1)).toBeNull();
  });

  it('restores at startup from a stored remember token without any password', async () => {
    const { remember } = await newClient(sim).client.login({ email: ADMIN, password: account(sim, ADMIN).password });
    const { client } = newClient(sim);
    client.setRememberToken(remember);
    expect((await client.getStaff()).email).toBe(ADMIN);
    expect(client.signedIn).toBe(true);
  });
});

describe('staff paths', () => {
  it('reads my profile, the staff list, settings, custom responses and tags', async () => {
    const { client } = await signedIn(sim, ADMIN);
    const me = await client.getStaff();
    expect(me.departments.map((d) => d.id)).toEqual([1, 2, 3]);
    const other = await client.getStaff(2);
    expect(other.name).toBe('Sam Agent');
    const all = await client.getAllStaff();
    expect(all.map((s) => s.level).sort()).toEqual([1, 2, 3]);
    const settings = await client.getSettings({ allSettings: true });
    expect(settings.departments.map((d) => d.name)).toContain('Billing');
    expect(settings.tags.map((t) => t.name)).toEqual(['urgent', 'needs-info']);
    expect(settings['max-size']).toBe(1);
    expect((await client.getCustomResponses())[0]!.name).toBe('Greeting');
    expect((await client.getTags()).length).toBe(2);
  });

  it('refuses tags to level 1 (staff3 only) with NO_PERMISSION', async () => {
    const { client } = await signedIn(sim, SAM);
    await expect(client.getTags()).rejects.toMatchObject({ code: 'NO_PERMISSION' });
  });

  it('lists new tickets, all tickets and a title search, 10 a page', async () => {
    const { client } = await signedIn(sim, ADMIN);
    const fresh = await client.getNewTickets({ page: 1 });
    expect(fresh.tickets).toHaveLength(10);
    expect(fresh.pages).toBe(2);
    expect(fresh.tickets.every((t) => t.owner === null && !t.closed)).toBe(true);
    const all = await client.getAllTickets({ page: 1, query: 'invoice' });
    expect(all.tickets.map((t) => t.title)).toEqual(expect.arrayContaining([expect.stringMatching(/invoice/i)]));
    const byTitle = await client.searchTicketsByTitle({ query: 'invoice', page: 1 });
    expect(byTitle.tickets.length).toBeGreaterThan(0);
    await expect(client.searchTicketsByTitle({ query: '', page: 1 })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('assigns, refuses a second assignment, reassigns via unassign, and lists my tickets and events', async () => {
    const { client } = await signedIn(sim, ADMIN);
    await client.assignTicket(LOGIN_TICKET);
    await expect(client.assignTicket(LOGIN_TICKET)).rejects.toMatchObject({ code: 'TICKET_ALREADY_ASSIGNED' });
    const mine = await client.getMyTickets({ page: 1 });
    expect(mine.tickets.map((t) => t.ticketNumber)).toContain(LOGIN_TICKET);
    const events = await client.lastEvents(1);
    expect(events[0]).toMatchObject({ type: 'ASSIGN', ticketNumber: LOGIN_TICKET });
    await expect(client.assignTicket(LOGIN_TICKET, 99)).rejects.toMatchObject({ code: 'INVALID_STAFF' });
    await client.unassignTicket(LOGIN_TICKET);
    await expect(client.unassignTicket(LOGIN_TICKET)).rejects.toMatchObject({ code: 'NO_PERMISSION' });
    // Terry is not in Help and Support.
    await expect(client.assignTicket(LOGIN_TICKET, 3)).rejects.toMatchObject({ code: 'INVALID_DEPARTMENT' });
    await client.assignTicket(INVOICE_TICKET, 3);
    const ticket = await client.getTicket(INVOICE_TICKET);
    expect(ticket.owner?.name).toBe('Terry Lead');
    await client.unassignTicket(INVOICE_TICKET);
  });
});

describe('ticket paths', () => {
  it('comments publicly and privately; the customer never sees the internal note', async () => {
    const { client } = await signedIn(sim, ADMIN);
    await client.comment({ ticketNumber: LOGIN_TICKET, content: '<p>Public answer</p>' });
    await client.comment({ ticketNumber: LOGIN_TICKET, content: 'Internal only', private: true });
    await expect(client.comment({ ticketNumber: LOGIN_TICKET, content: '' })).rejects.toMatchObject({ code: 'INVALID_CONTENT' });
    const staffView = await client.getTicket(LOGIN_TICKET);
    const notes = staffView.events.filter((e) => e.type === 'COMMENT' && e.private);
    expect(notes.map((e) => e.content)).toContain('Internal only');
    const customer = newClient(sim).client;
    await customer.login({ email: ALICE, password: account(sim, ALICE).password, staff: false });
    const customerView = await customer.getTicket(LOGIN_TICKET);
    expect(customerView.events.some((e) => e.content === 'Internal only')).toBe(false);
    expect(customerView.events.some((e) => e.content?.includes('Public answer'))).toBe(true);
  });

  it('uploads an attachment with a comment and downloads the same bytes', async () => {
    const { client } = await signedIn(sim, ADMIN);
    const data = new TextEncoder().encode('log line 1\nlog line 2\n');
    await client.comment({ ticketNumber: LOGIN_TICKET, content: 'See the log', file: { name: 'Server Log.txt', data, type: 'text/plain' } });
    const ticket = await client.getTicket(LOGIN_TICKET);
    const withFile = ticket.events.find((e) => e.content === 'See the log')!;
    expect(withFile.file).toMatch(new RegExp(`^t${LOGIN_TICKET}_[0-9a-f]{40}_server_log\\.txt$`));
    const download = await client.download(withFile.file!);
    expect(new TextDecoder().decode(download.bytes)).toBe('log line 1\nlog line 2\n');
    // Another customer may not download it.
    const bob = newClient(sim).client;
    await bob.login({ email: 'bob@example.test', password: account(sim, 'bob@example.test').password, staff: false });
    await expect(bob.download(withFile.file!)).rejects.toMatchObject({ code: 'NO_PERMISSION' });
  });

  it('refuses an oversized attachment with INVALID_FILE', async () => {
    const { client } = await signedIn(sim, ADMIN);
    const big = new Uint8Array(1024 * 1024 + 10).fill(65);
    await expect(client.comment({ ticketNumber: LOGIN_TICKET, content: 'big', file: { name: 'big.txt', data: big, type: 'text/plain' } })).rejects.toMatchObject({
      code: 'INVALID_FILE',
    });
  });

  it('marks seen, edits the title and my latest comment, tags and untags', async () => {
    const { client } = await signedIn(sim, ADMIN);
    await client.assignTicket(INVOICE_TICKET);
    await client.markSeen(INVOICE_TICKET);
    expect((await client.getTicket(INVOICE_TICKET)).unreadStaff).toBe(false);
    await client.editTitle(INVOICE_TICKET, 'Invoice charged twice');
    await client.comment({ ticketNumber: INVOICE_TICKET, content: 'first version' });
    let ticket = await client.getTicket(INVOICE_TICKET);
    expect(ticket.title).toBe('Invoice charged twice');
    expect(ticket.editedTitle).toBe(true);
    const mine = ticket.events.filter((e) => e.type === 'COMMENT').at(-1)!;
    await client.editComment({ ticketNumber: INVOICE_TICKET, eventId: mine.id, content: 'second version' });
    ticket = await client.getTicket(INVOICE_TICKET);
    expect(ticket.events.find((e) => e.id === mine.id)).toMatchObject({ content: 'second version', edited: true });
    await client.addTag(INVOICE_TICKET, 1);
    await expect(client.addTag(INVOICE_TICKET, 1)).rejects.toMatchObject({ code: 'TAG_EXISTS' });
    await expect(client.addTag(INVOICE_TICKET, 99)).rejects.toMatchObject({ code: 'INVALID_TAG' });
    expect((await client.getTicket(INVOICE_TICKET)).tags).toEqual(['urgent']);
    await client.removeTag(INVOICE_TICKET, 1);
    await expect(client.removeTag(INVOICE_TICKET, 1)).rejects.toMatchObject({ code: 'INVALID_TAG' });
    await client.unassignTicket(INVOICE_TICKET);
  });

  it('closes, re-opens and moves a ticket, with readable refusals', async () => {
    const { client } = await signedIn(sim, ADMIN);
    await client.closeTicket(TECH_TICKET);
    expect((await client.getTicket(TECH_TICKET)).closed).toBe(true);
    await client.reopenTicket(TECH_TICKET);
    expect((await client.getTicket(TECH_TICKET)).closed).toBe(false);
    await expect(client.changeDepartment(TECH_TICKET, 3)).rejects.toMatchObject({ code: 'SAME_DEPARTMENT' });
    await expect(client.changeDepartment(TECH_TICKET, 99)).rejects.toMatchObject({ code: 'INVALID_DEPARTMENT' });
    await client.changeDepartment(TECH_TICKET, 2);
    const moved = await client.getTicket(TECH_TICKET);
    expect(moved.department.name).toBe('Billing');
    expect(moved.events.at(-1)).toMatchObject({ type: 'DEPARTMENT_CHANGED', content: 'Billing' });
    await expect(client.closeTicket(999999)).rejects.toMatchObject({ code: 'INVALID_TICKET' });
    await client.changeDepartment(TECH_TICKET, 3);
  });

  it('refuses work outside my departments (level 1)', async () => {
    const { client } = await signedIn(sim, SAM);
    await expect(client.comment({ ticketNumber: TECH_TICKET, content: 'hello' })).rejects.toMatchObject({ code: 'NO_PERMISSION' });
    await expect(client.closeTicket(TECH_TICKET)).rejects.toMatchObject({ code: 'NO_PERMISSION' });
  });
});

describe('ticket/search through the client', () => {
  it('filters by every filter kind', async () => {
    const { client } = await signedIn(sim, ADMIN);
    const open = await client.searchTickets({ closed: false });
    expect(open.tickets.every((t) => !t.closed)).toBe(true);
    const byNumber = await client.searchTickets({ query: String(TECH_TICKET) });
    expect(byNumber.tickets[0]!.ticketNumber).toBe(TECH_TICKET);
    const byAuthor = await client.searchTickets({ authors: [{ id: 1, isStaff: false }] });
    expect(byAuthor.tickets.every((t) => t.author.email === ALICE)).toBe(true);
    const unassigned = await client.searchTickets({ assigned: false });
    expect(unassigned.tickets.every((t) => t.owner === null)).toBe(true);
    const inRange = await client.searchTickets({ dateRange: { from: new Date(Date.UTC(2000, 0, 1)), to: new Date(Date.UTC(2100, 0, 1)) } });
    expect(inRange.tickets.length).toBeGreaterThan(0);
    const none = await client.searchTickets({ dateRange: { from: new Date(Date.UTC(2000, 0, 1)), to: new Date(Date.UTC(2000, 0, 2)) } });
    expect(none.tickets).toHaveLength(0);
    const unread = await client.searchTickets({ unreadStaff: true, orderBy: { value: 'date', asc: true } });
    expect(unread.tickets.every((t) => t.unreadStaff)).toBe(true);
    await client.assignTicket(TECH_TICKET);
    const owned = await client.searchTickets({ owners: [1] });
    expect(owned.tickets.map((t) => t.ticketNumber)).toContain(TECH_TICKET);
    await client.addTag(TECH_TICKET, 2);
    const tagged = await client.searchTickets({ tags: [2] });
    expect(tagged.tickets.map((t) => t.ticketNumber)).toEqual([TECH_TICKET]);
    await client.removeTag(TECH_TICKET, 2);
    await client.unassignTicket(TECH_TICKET);
  });

  it('combines departments with other filters despite the server bug, matching a client-side filter', async () => {
    const { client } = await signedIn(sim, ADMIN);
    const combined = await client.searchTickets({ departments: [2, 3], closed: false });
    const everything = await client.searchTickets({ closed: false });
    const pages = [everything.tickets];
    for (let p = 2; p <= everything.pages; p++) pages.push((await client.searchTickets({ closed: false, page: p })).tickets);
    const expected = pages.flat().filter((t) => t.department.id !== 1);
    expect(combined.tickets.map((t) => t.ticketNumber).sort()).toEqual(expected.map((t) => t.ticketNumber).slice(0, 10).sort());
    expect(combined.tickets.every((t) => t.department.id !== 1 && !t.closed)).toBe(true);
  });

  it('returns filter errors as ApiError with a sentence', async () => {
    const { client } = await signedIn(sim, ADMIN);
    const error = (await client.searchTickets({ departments: [99] }).catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('INVALID_DEPARTMENT_FILTER');
    expect(error.message).toMatch(/department filter/);
  });
});

describe('people and stats', () => {
  it('lists customers, reads one profile, and reads stats', async () => {
    const { client } = await signedIn(sim, ADMIN);
    const users = await client.getUsers({ page: 1, search: 'ali' });
    expect(users.users[0]!.email).toBe(ALICE);
    const alice = await client.getUser(users.users[0]!.id);
    expect(alice.name).toBe('Alice User');
    await expect(client.getUser(99)).rejects.toMatchObject({ code: 'INVALID_USER' });
    const stats = await client.getStats({ departments: [1, 2, 3] });
    expect(stats.created_by_hour).toHaveLength(24);
  });
});

describe('customer side', () => {
  it('signs up, signs in as a customer, opens a ticket and replies on it', async () => {
    const customer = newClient(sim).client;
    const email = `carol${Date.now()}@example.test`;
    const signup = await customer.signup({ name: 'Carol Customer', email, password: 'carol-pass-1' });
    expect(signup.userEmail).toBe(email);
    await customer.login({ email, password: 'carol-pass-1', staff: false });
    expect(customer.isStaffSession).toBe(false);
    await customer.createTicket({ title: 'Printer on fire', content: 'It is smoking.', departmentId: 1 });
    const self = await customer.getSelf();
    const mine = self.tickets.find((t) => t.title === 'Printer on fire')!;
    await customer.comment({ ticketNumber: mine.ticketNumber, content: 'Now it is out.' });
    const full = await customer.getTicket(mine.ticketNumber);
    expect(full.events.at(-1)).toMatchObject({ type: 'COMMENT', content: 'Now it is out.' });
    // Staff see it as unread, unassigned, in Help and Support.
    const { client: staff } = await signedIn(sim, TERRY);
    await expect(staff.getTicket(mine.ticketNumber)).rejects.toMatchObject({ code: 'NO_PERMISSION' });
  });

  it('cannot open a ticket session while mandatory login is on', async () => {
    await expect(newClient(sim).client.checkTicket({ ticketNumber: LOGIN_TICKET, email: ALICE })).rejects.toMatchObject({ code: 'NO_PERMISSION' });
  });
});

describe('compatibility probe against the simulator', () => {
  it('finds the API under /api from the bare site address, warns about http, and reports the version', async () => {
    const result = await probeHelpdesk(sim.origin);
    expect(result.ok).toBe(true);
    expect(result.apiRoot).toBe(sim.apiRoot);
    expect(result.title).toBe('Support Center');
    expect(result.version).toMatch(/4\.11/);
    expect(result.cookieUsable).toBe(true);
    expect(result.warnings.join(' ')).toMatch(/plain http/);
  });

  it('says a path with nothing there is not an OpenSupports API', async () => {
    const result = await probeHelpdesk(`${sim.origin}/nothing/api`);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/no API at|not look like/);
  });
});

describe('network errors against a stopped simulator', () => {
  it('a stopped helpdesk is a NetworkError(refused), and the client recovers when it is back', async () => {
    const temporary = await startSim({ seed: 'empty' });
    const client = new OpenSupportsClient({ apiRoot: temporary.apiRoot, timeoutMs: 2000 });
    await expect(client.getSettings()).resolves.toBeTruthy();
    await temporary.close();
    const error = (await client.getSettings().catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.reason).toBe('refused');
  });

  it('an unknown path under a real API root is a ProtocolError(not-found)', async () => {
    const client = new OpenSupportsClient({ apiRoot: `${sim.origin}/api/staff` });
    const error = (await client.getSettings().catch((e: unknown) => e)) as ProtocolError;
    expect(error.reason).toBe('not-found');
  });
});
