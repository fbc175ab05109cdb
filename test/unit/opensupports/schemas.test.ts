import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadRecordings, type KeyedExchange } from '../../contract/recordings';
import * as s from '../../../electron/core/opensupports/schemas';

/** Which schema the client applies to each path's data. */
const SCHEMAS: Record<string, z.ZodType> = {
  '/user/login': s.zLoginData,
  '/user/check-session': s.zCheckSession,
  '/staff/get': s.zStaffProfile,
  '/staff/get-all': s.zStaffListItem.array(),
  '/staff/get-tickets': s.zTicketPage,
  '/staff/get-new-tickets': s.zTicketPage,
  '/staff/get-all-tickets': s.zTicketPage,
  '/staff/search-tickets': s.zTicketPage,
  '/staff/last-events': s.zActivityItem.array(),
  '/ticket/get': s.zTicket,
  '/ticket/search': s.zTicketPage,
  '/ticket/get-custom-responses': s.zCustomResponse.array(),
  '/ticket/get-tags': s.zTag.array(),
  '/system/get-settings': s.zSettings,
  '/system/get-stats': s.zStats,
  '/user/get-users': s.zUserPage,
  '/user/get-user': s.zUserDetail,
  '/user/get': s.zUserSelf,
};

type Envelope = { status: string; data: unknown } | null;
const envelope = (r: KeyedExchange) => r.response as Envelope;
const recorded = [...loadRecordings().values()]
  .filter((r) => envelope(r)?.status === 'success' && envelope(r)?.data !== null && SCHEMAS[r.path])
  .map((r) => ({ ...r, response: envelope(r)! }));

describe('every recorded success parses with the client schema', () => {
  it('covers the recorded paths that carry data', () => {
    expect(new Set(recorded.map((r) => r.path)).size).toBe(Object.keys(SCHEMAS).length);
  });
  for (const r of recorded) {
    it(`${r.key} ${r.path} ${r.note ?? ''}`, () => {
      const result = SCHEMAS[r.path]!.safeParse(r.response!.data);
      if (!result.success) throw new Error(JSON.stringify(result.error.issues.slice(0, 3)));
    });
  }
});

describe('normalisation at the edge', () => {
  const ticketGet = recorded.find((r) => r.path === '/ticket/get' && r.note?.includes('after assign + public'))!;
  const ticket = s.zTicket.parse(ticketGet.response!.data);

  it('turns ids, ticket numbers and flags into numbers and booleans', () => {
    expect(ticket.ticketNumber).toBe(196568);
    expect(ticket.department).toEqual({ id: 1, name: 'Help and Support' });
    expect(ticket.owner?.id).toBe(1);
    expect(ticket.edited).toBe(false);
    const note = ticket.events.find((e) => e.content?.startsWith('Internal'))!;
    expect(note.private).toBe(true);
    expect(note.id).toBe(9);
    expect(ticket.events.filter((e) => e.type === 'COMMENT' && !e.private)).toHaveLength(2);
  });

  it('turns YYYYMMDDHHMM into a UTC Date', () => {
    expect(ticket.date.toISOString()).toBe('2026-12-03T15:32:00.000Z');
    expect(s.parseOsDate('202612031532')?.getTime()).toBe(Date.UTC(2026, 11, 3, 15, 32));
    expect(s.parseOsDate('2026-12-03')).toBeNull();
    expect(s.formatOsDate(new Date(Date.UTC(2027, 0, 2, 3, 4)))).toBe(202701020304);
  });

  it('reads the staff level string as a number 1-3', () => {
    const staff = recorded.find((r) => r.path === '/staff/get')!;
    expect(s.zStaffProfile.parse(staff.response!.data).level).toBe(3);
    expect(s.zStaffProfile.safeParse({ ...(staff.response!.data as object), level: '7' }).success).toBe(false);
  });

  it('maps a deleted event author ([]) to null', () => {
    const event = { ...ticket, events: [{ type: 'CLOSE', content: null, author: [], date: '202612031535', file: null, private: null, edited: null, id: '3' }] };
    const raw = { ...(ticketGet.response!.data as object), events: event.events };
    expect(s.zTicket.parse(raw).events[0]!.author).toBeNull();
  });

  it('ignores a field the server adds later', () => {
    const raw = { ...(ticketGet.response!.data as object), priority: 'high', sla: { due: 1 } };
    expect(s.zTicket.safeParse(raw).success).toBe(true);
  });

  it('fails with the path of a missing field we rely on', () => {
    const { events: _events, ...raw } = ticketGet.response!.data as Record<string, unknown>;
    const result = s.zTicket.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['events']);
  });

  it('rejects a malformed date with the value in the message', () => {
    const raw = { ...(ticketGet.response!.data as object), date: 'yesterday' };
    const result = s.zTicket.safeParse(raw);
    expect(result.error!.issues[0]!.message).toMatch(/yesterday/);
  });
});
