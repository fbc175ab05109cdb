import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AttachmentRef } from '../../../electron/core/store';
import { StoreRowError } from '../../../electron/core/store';
import { helpdeskInput, steppingClock, useStores, useTempDirs } from './helpers';

const tempDir = useTempDirs();
const openStore = useStores();

const zTicketBody = z.object({ title: z.string(), date: z.iso.datetime() });
type TicketBody = z.output<typeof zTicketBody>;
const flags = { closed: false, unread: true, ownerId: null, departmentId: 1 };
function body(n: number): { ticketNumber: number; data: TicketBody; flags: typeof flags } {
  return { ticketNumber: n, data: { title: `Ticket ${n}`, date: '2026-01-01T10:00:00.000Z' }, flags };
}

const attachment: AttachmentRef = { name: 'log.txt', path: '/tmp/staffdesk/att/1', size: 12, mimeType: 'text/plain' };

describe('helpdesk repository', () => {
  it('inserts in order, lists by position, and stores no secret-shaped column', () => {
    const store = openStore(tempDir());
    const a = store.helpdesks.insert(helpdeskInput({ label: 'A' }));
    const b = store.helpdesks.insert(helpdeskInput({ label: 'B', apiRoot: 'https://b.test/api' }));
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect([a.position, b.position]).toEqual([0, 1]);
    expect(store.helpdesks.list().map((h) => h.label)).toEqual(['A', 'B']);
    expect(store.helpdesks.get(a.id)).toEqual(a);
    expect(store.helpdesks.get('missing')).toBeNull();
    const columns = store.db.prepare("SELECT name FROM pragma_table_info('helpdesks')").pluck().all() as string[];
    expect(columns.filter((c) => /token|cookie|pass|secret|session|csrf/i.test(c))).toEqual([]);
  });

  it('keeps the user id as the string the server returned, and allows an identity not known yet', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput({ id: 'fixed-id', userEmail: null, staffName: null, staffLevel: null, userId: null }));
    expect(h).toMatchObject({ id: 'fixed-id', userEmail: null, userId: null, staffName: null, staffLevel: null });
    const updated = store.helpdesks.updateIdentity('fixed-id', { userEmail: 'a@b.test', userId: '0012', staffName: 'A', staffLevel: 3 });
    expect(updated).toMatchObject({ userEmail: 'a@b.test', userId: '0012', staffName: 'A', staffLevel: 3 });
    expect(typeof updated?.userId).toBe('string');
  });

  it('updates only the given fields and reports a missing helpdesk as null', () => {
    const store = openStore(tempDir(), { now: steppingClock() });
    const h = store.helpdesks.insert(helpdeskInput());
    const renamed = store.helpdesks.updateLabel(h.id, 'Renamed');
    expect(renamed).toMatchObject({ label: 'Renamed', userEmail: h.userEmail, apiRoot: h.apiRoot, createdAt: h.createdAt });
    expect(renamed && renamed.updatedAt > h.updatedAt).toBe(true);
    expect(store.helpdesks.update(h.id, { staffName: 'New name', position: 5 })).toMatchObject({ staffName: 'New name', position: 5, label: 'Renamed' });
    expect(store.helpdesks.update('missing', { label: 'x' })).toBeNull();
    expect(store.helpdesks.updateLabel('missing', 'x')).toBeNull();
  });

  it('reorders with a full permutation and refuses a partial or repeated one', () => {
    const store = openStore(tempDir());
    const [a, b, c] = ['A', 'B', 'C'].map((label) => store.helpdesks.insert(helpdeskInput({ label })));
    if (!a || !b || !c) throw new Error('setup');
    expect(store.helpdesks.reorder([c.id, a.id, b.id]).map((h) => h.label)).toEqual(['C', 'A', 'B']);
    expect(() => store.helpdesks.reorder([a.id, b.id])).toThrow(/every helpdesk id exactly once/);
    expect(() => store.helpdesks.reorder([a.id, a.id, b.id])).toThrow(/every helpdesk id exactly once/);
    expect(store.helpdesks.list().map((h) => h.label)).toEqual(['C', 'A', 'B']);
  });

  it('deletes and reports whether anything was there', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    expect(store.helpdesks.delete(h.id)).toBe(true);
    expect(store.helpdesks.delete(h.id)).toBe(false);
    expect(store.helpdesks.list()).toEqual([]);
  });
});

describe('settings repository', () => {
  const zPrefs = z.object({ sound: z.boolean(), pollSeconds: z.number().int().positive() });

  it('returns the fallback until set, then the stored value, typed by the schema', () => {
    const store = openStore(tempDir());
    const fallback = { sound: true, pollSeconds: 60 };
    expect(store.settings.get('prefs', zPrefs, fallback)).toBe(fallback);
    store.settings.set('prefs', { sound: false, pollSeconds: 30 });
    expect(store.settings.get('prefs', zPrefs, fallback)).toEqual({ sound: false, pollSeconds: 30 });
    store.settings.set('prefs', { sound: true, pollSeconds: 15 });
    expect(store.settings.get('prefs', zPrefs, fallback)).toEqual({ sound: true, pollSeconds: 15 });
    expect(store.settings.delete('prefs')).toBe(true);
    expect(store.settings.get('prefs', zPrefs, fallback)).toBe(fallback);
  });

  it('refuses a value that is not JSON, and reports a stored value of the wrong shape instead of reverting it', () => {
    const store = openStore(tempDir());
    expect(() => store.settings.set('nothing', undefined)).toThrow(StoreRowError);
    store.settings.set('prefs', { sound: 'loud' });
    expect(() => store.settings.get('prefs', zPrefs, { sound: true, pollSeconds: 60 })).toThrow(StoreRowError);
    expect(() => store.settings.get('prefs', zPrefs, { sound: true, pollSeconds: 60 })).toThrow(/"settings" \(key=prefs\).*sound/);
  });
});

describe('ticket cache repository', () => {
  it('upserts many tickets and reads them back through the caller’s schema', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    const tickets = store.tickets(zTicketBody);
    tickets.upsertMany(h.id, [body(101), body(102)]);
    expect(tickets.get(h.id, 101)).toMatchObject({ helpdeskId: h.id, ticketNumber: 101, data: { title: 'Ticket 101' }, flags });
    tickets.upsertMany(h.id, [{ ...body(101), data: { title: 'Renamed', date: '2026-01-02T00:00:00.000Z' }, flags: { ...flags, closed: true, ownerId: 4 } }]);
    expect(tickets.get(h.id, 101)).toMatchObject({ data: { title: 'Renamed' }, flags: { closed: true, unread: true, ownerId: 4, departmentId: 1 } });
    expect(tickets.get(h.id, 999)).toBeNull();
  });

  it('writes a batch all or nothing, and refuses a body its schema could not read back', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    const tickets = store.tickets(zTicketBody);
    const bad = { ticketNumber: 3, data: { title: 'x', date: 'yesterday' }, flags };
    expect(() => tickets.upsertMany(h.id, [body(1), body(2), bad])).toThrow(/ticket_number=3.*data\.date/);
    expect(tickets.get(h.id, 1)).toBeNull();
    // A batch that fails inside SQLite (no such helpdesk) leaves nothing behind either.
    expect(() => tickets.upsertMany('no-such-helpdesk', [body(1)])).toThrow(/FOREIGN KEY/);
  });

  it('keeps queues ordered, replaces them whole, and keeps membership when a ticket is refreshed', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    const tickets = store.tickets(zTicketBody);
    tickets.upsertMany(h.id, [body(1), body(2), body(3)]);
    tickets.replaceQueue(h.id, 'mine', [3, 1]);
    tickets.replaceQueue(h.id, 'new', [2]);
    expect(tickets.listByQueue(h.id, 'mine').map((t) => t.ticketNumber)).toEqual([3, 1]);
    // Refreshing a ticket must not drop it from its queues (an INSERT OR REPLACE would).
    tickets.upsertMany(h.id, [body(3)]);
    expect(tickets.queueTicketNumbers(h.id, 'mine')).toEqual([3, 1]);
    tickets.replaceQueue(h.id, 'mine', [1, 2]);
    expect(tickets.listByQueue(h.id, 'mine').map((t) => t.ticketNumber)).toEqual([1, 2]);
    expect(tickets.queueTicketNumbers(h.id, 'new')).toEqual([2]);
    expect(tickets.listByQueue(h.id, 'unknown')).toEqual([]);
  });

  it('refuses a queue naming uncached or repeated tickets, leaving the old queue intact', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    const tickets = store.tickets(zTicketBody);
    tickets.upsertMany(h.id, [body(1)]);
    tickets.replaceQueue(h.id, 'mine', [1]);
    expect(() => tickets.replaceQueue(h.id, 'mine', [1, 77])).toThrow(/not cached: 77/);
    expect(() => tickets.replaceQueue(h.id, 'mine', [1, 1])).toThrow(/same ticket twice/);
    expect(tickets.queueTicketNumbers(h.id, 'mine')).toEqual([1]);
  });

  it('evicting a ticket removes it from queues but keeps its draft; deleteByHelpdesk empties only that helpdesk', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    const other = store.helpdesks.insert(helpdeskInput({ label: 'Other' }));
    const tickets = store.tickets(zTicketBody);
    tickets.upsertMany(h.id, [body(1), body(2)]);
    tickets.upsertMany(other.id, [body(1)]);
    tickets.replaceQueue(h.id, 'mine', [1, 2]);
    store.drafts.save({ helpdeskId: h.id, ticketNumber: 1, kind: 'reply', content: 'half-written' });
    expect(tickets.delete(h.id, 1)).toBe(true);
    expect(tickets.queueTicketNumbers(h.id, 'mine')).toEqual([2]);
    expect(store.drafts.get(h.id, 1)?.content).toBe('half-written');
    expect(tickets.deleteByHelpdesk(h.id)).toBe(1);
    expect(tickets.queueTicketNumbers(h.id, 'mine')).toEqual([]);
    expect(tickets.get(other.id, 1)).not.toBeNull();
    expect(store.helpdesks.get(h.id)).not.toBeNull();
  });
});

describe('draft repository', () => {
  it('saves, replaces (keeping when it was started), lists and deletes', () => {
    const store = openStore(tempDir(), { now: steppingClock() });
    const h = store.helpdesks.insert(helpdeskInput());
    const first = store.drafts.save({ helpdeskId: h.id, ticketNumber: 5, kind: 'reply', content: 'Hel' });
    expect(first).toMatchObject({ kind: 'reply', content: 'Hel', customResponseId: null, attachments: [] });
    const second = store.drafts.save({ helpdeskId: h.id, ticketNumber: 5, kind: 'note', content: 'Hello', customResponseId: 3, attachments: [attachment] });
    expect(second).toMatchObject({ kind: 'note', content: 'Hello', customResponseId: 3, attachments: [attachment], createdAt: first.createdAt });
    expect(second.updatedAt > first.updatedAt).toBe(true);
    store.drafts.save({ helpdeskId: h.id, ticketNumber: 6, kind: 'reply', content: 'later' });
    expect(store.drafts.list(h.id).map((d) => d.ticketNumber)).toEqual([6, 5]);
    expect(store.drafts.delete(h.id, 5)).toBe(true);
    expect(store.drafts.get(h.id, 5)).toBeNull();
    expect(store.drafts.delete(h.id, 5)).toBe(false);
  });

  it('keeps text exactly, including emoji, newlines and quotes', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    const content = 'Line 1\nLine "2" — naïve 😀\r\n\u0000end';
    store.drafts.save({ helpdeskId: h.id, ticketNumber: 1, kind: 'reply', content });
    expect(store.drafts.get(h.id, 1)?.content).toBe(content);
  });
});

describe('outbox repository', () => {
  function newEntry(helpdeskId: string, ticketNumber = 9) {
    return { helpdeskId, ticketNumber, kind: 'reply' as const, content: 'Thanks!', attachments: [attachment], fingerprint: 'fp-1', draftStartedAt: '2026-01-01T09:00:00.000Z' };
  }

  it('queues with consumeDraft moving the text out of drafts in one step', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    store.drafts.save({ helpdeskId: h.id, ticketNumber: 9, kind: 'reply', content: 'Thanks!' });
    const entry = store.outbox.enqueue(newEntry(h.id), { consumeDraft: true });
    expect(entry).toMatchObject({ state: 'queued', attempts: 0, lastError: null, heldReason: null, attachments: [attachment], fingerprint: 'fp-1' });
    expect(store.drafts.get(h.id, 9)).toBeNull();
    // Without the option the draft stays.
    store.drafts.save({ helpdeskId: h.id, ticketNumber: 9, kind: 'reply', content: 'again' });
    store.outbox.enqueue(newEntry(h.id));
    expect(store.drafts.get(h.id, 9)?.content).toBe('again');
  });

  it('moves through states only from the states that allow it', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    const { id } = store.outbox.enqueue(newEntry(h.id));
    expect(store.outbox.markDelivered(id)).toBeNull(); // not claimed yet
    expect(store.outbox.claim(id)).toMatchObject({ state: 'sending', attempts: 1 });
    expect(store.outbox.claim(id)).toBeNull(); // a second sender cannot take it
    expect(store.outbox.retryLater(id, 'offline')).toMatchObject({ state: 'queued', lastError: 'offline' });
    expect(store.outbox.claim(id)).toMatchObject({ state: 'sending', attempts: 2 });
    expect(store.outbox.hold(id, 'The ticket changed while you were writing.')).toMatchObject({ state: 'held', heldReason: 'The ticket changed while you were writing.' });
    expect(store.outbox.claim(id)).toBeNull();
    expect(store.outbox.requeue(id)).toMatchObject({ state: 'queued', heldReason: null });
    expect(store.outbox.markFailed(id, 'Ticket closed')).toMatchObject({ state: 'failed', lastError: 'Ticket closed' });
    expect(store.outbox.requeue(id)).toMatchObject({ state: 'queued' });
    store.outbox.claim(id);
    expect(store.outbox.markDelivered(id)).toMatchObject({ state: 'delivered', lastError: null });
    expect(store.outbox.requeue(id)).toBeNull();
    expect(store.outbox.hold(id, 'x')).toBeNull();
    expect(store.outbox.claim(999)).toBeNull();
  });

  it('lists in queue order with filters, per ticket, and never reuses an id', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    const other = store.helpdesks.insert(helpdeskInput({ label: 'Other' }));
    const a = store.outbox.enqueue(newEntry(h.id, 1));
    const b = store.outbox.enqueue(newEntry(other.id, 1));
    const c = store.outbox.enqueue(newEntry(h.id, 2));
    store.outbox.claim(c.id);
    expect(store.outbox.list().map((e) => e.id)).toEqual([a.id, b.id, c.id]);
    expect(store.outbox.list({ helpdeskId: h.id }).map((e) => e.id)).toEqual([a.id, c.id]);
    expect(store.outbox.list({ states: ['sending'] }).map((e) => e.id)).toEqual([c.id]);
    expect(store.outbox.list({ helpdeskId: h.id, states: ['queued', 'held'] }).map((e) => e.id)).toEqual([a.id]);
    expect(store.outbox.list({ states: [] })).toEqual([]);
    expect(store.outbox.listForTicket(h.id, 2).map((e) => e.id)).toEqual([c.id]);
    expect(store.outbox.delete(c.id)).toBe(true);
    const d = store.outbox.enqueue(newEntry(h.id, 3));
    expect(d.id).toBeGreaterThan(c.id);
  });
});

describe('watermark repository', () => {
  it('gets, sets, overwrites, lists and deletes per helpdesk and feed', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    const other = store.helpdesks.insert(helpdeskInput({ label: 'Other' }));
    expect(store.watermarks.get(h.id, 'last-events')).toBeNull();
    store.watermarks.set(h.id, 'last-events', '120');
    store.watermarks.set(h.id, 'last-events', '121');
    store.watermarks.set(h.id, 'new-tickets', '7');
    store.watermarks.set(other.id, 'last-events', '5');
    expect(store.watermarks.get(h.id, 'last-events')).toBe('121');
    expect(store.watermarks.list(h.id).map((w) => [w.feed, w.value])).toEqual([
      ['last-events', '121'],
      ['new-tickets', '7'],
    ]);
    expect(store.watermarks.delete(h.id, 'new-tickets')).toBe(true);
    expect(store.watermarks.get(other.id, 'last-events')).toBe('5');
  });
});
