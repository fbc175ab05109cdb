import { describe, expect, it } from 'vitest';
import { zTicket } from '../../../electron/core/opensupports';
import { fromServer, mergeWithCached } from '../../../electron/core/tickets/data';
import { NEUTRAL_TAG_COLOR, toDetail, toRow, type ViewContext } from '../../../electron/core/tickets/views';
import { event, sam, staffPerson, ticket } from './fixtures';

const ctx: ViewContext = { helpdeskId: 'h1', agentId: sam.id, tags: [{ id: 1, name: 'urgent', color: '#ff0000' }] };

/** A ticket as /ticket/get sends it (strings for ids, raw flags, YYYYMMDDHHMM dates). */
const wire = {
  ticketNumber: '196568',
  title: 'Cannot log in',
  content: '<p>Since <b>yesterday</b></p>',
  department: { id: '1', name: 'Help and Support' },
  date: '202612031532',
  file: 't196568_0123456789abcdef0123456789abcdef01234567_screen.png',
  language: 'en',
  unread: false,
  unreadStaff: true,
  closed: false,
  author: { id: '1', name: 'Alice User', staff: false, profilePic: null, email: 'alice@example.test', customfields: [] },
  owner: { id: '2', name: 'Sam Agent', email: 'sam@example.test', profilePic: '' },
  events: [
    { type: 'COMMENT', content: '<p>Any update?</p>', author: { id: '1', name: 'Alice User', email: 'alice@example.test', profilePic: null, staff: false }, date: '202612031600', file: null, private: '0', edited: null, id: '1' },
    { type: 'ASSIGN', content: 'Sam Agent', author: { id: '2', name: 'Sam Agent', email: 'sam@example.test', profilePic: '', staff: true }, date: '202612031605', file: null, private: null, edited: null, id: '2' },
    { type: 'COMMENT', content: '<p>Note</p>', author: [], date: '202612031610', file: null, private: '1', edited: '1', id: '3' },
  ],
  tags: ['urgent', 'retired-tag'],
  edited: null,
  editedTitle: '1',
};

describe('mapping server tickets to views', () => {
  it('keeps the HTML as is, converts dates to ISO, maps tags by name with a neutral colour for unknown ones', () => {
    const data = fromServer(zTicket.parse(wire), true);
    const detail = toDetail(data, ctx, sam, 'fresh');
    expect(detail).toMatchObject({
      helpdeskId: 'h1',
      ticketNumber: 196568,
      html: '<p>Since <b>yesterday</b></p>',
      createdAt: '2026-12-03T15:32:00.000Z',
      lastActivityAt: '2026-12-03T16:10:00.000Z',
      department: { id: 1, name: 'Help and Support' },
      owner: { id: 2, name: 'Sam Agent' },
      author: { id: 1, name: 'Alice User', email: 'alice@example.test', staff: false },
      unread: true,
      edited: false,
      editedTitle: true,
      freshness: 'fresh',
      file: wire.file,
    });
    expect(detail.tags).toEqual([
      { id: 1, name: 'urgent', color: '#ff0000' },
      { id: null, name: 'retired-tag', color: NEUTRAL_TAG_COLOR },
    ]);
    expect(detail.events).toEqual([
      { id: 1, type: 'COMMENT', html: '<p>Any update?</p>', author: { id: 1, name: 'Alice User', email: 'alice@example.test', staff: false }, at: '2026-12-03T16:00:00.000Z', file: null, internal: false, edited: false, mine: false },
      { id: 2, type: 'ASSIGN', html: 'Sam Agent', author: { id: 2, name: 'Sam Agent', email: 'sam@example.test', staff: true }, at: '2026-12-03T16:05:00.000Z', file: null, internal: false, edited: false, mine: true },
      { id: 3, type: 'COMMENT', html: '<p>Note</p>', author: null, at: '2026-12-03T16:10:00.000Z', file: null, internal: true, edited: true, mine: false },
    ]);
  });

  it('reads "unread" from the author-side flag on tickets the agent opened (§6.2)', () => {
    expect(toRow(ticket({ unread: false, unreadStaff: true }), ctx).unread).toBe(true);
    const own = ticket({ author: staffPerson(sam.id), unread: false, unreadStaff: true });
    expect(toRow(own, ctx).unread).toBe(false);
    expect(toRow({ ...own, unread: true }, ctx).unread).toBe(true);
  });

  it('uses the creation date as last activity when no events are known', () => {
    expect(toRow(ticket({ events: null, full: false }), ctx).lastActivityAt).toBe('2026-12-03T15:32:00.000Z');
    expect(toRow(ticket({ events: [event({ at: '2026-12-05T09:00:00.000Z' })] }), ctx).lastActivityAt).toBe('2026-12-05T09:00:00.000Z');
  });

  it('shows a deleted author with no id and no name rather than failing', () => {
    const row = toRow(ticket({ author: { id: null, name: null, email: null, staff: false } }), ctx);
    expect(row.author).toEqual({ id: null, name: '', email: null, staff: false });
  });

  it('keeps the conversation of a full copy when a list sends the ticket again without events', () => {
    const full = ticket({ events: [event()], html: '<p>HTML</p>' });
    const listed = ticket({ full: false, events: null, html: 'HTML', closed: true, title: 'Renamed' });
    const merged = mergeWithCached(listed, full);
    expect(merged).toMatchObject({ full: true, html: '<p>HTML</p>', closed: true, title: 'Renamed' });
    expect(merged.events).toEqual(full.events);
    expect(mergeWithCached(listed, null)).toBe(listed);
    const fresher = ticket({ events: [] });
    expect(mergeWithCached(fresher, full)).toBe(fresher);
  });
});
