import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StoreRowError } from '../../../electron/core/store';
import { helpdeskInput, useStores, useTempDirs } from './helpers';

const tempDir = useTempDirs();
const openStore = useStores();

/**
 * These rows imitate a file damaged on disk or written by another build. Our own writes cannot
 * produce them (CHECK constraints and STRICT tables refuse them), so the test writes around the
 * checks the way a hand edit or a buggy older build would.
 */
describe('rows read back from disk are validated', () => {
  it('a draft whose attachments column is not JSON fails with the table, row and column named', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    store.drafts.save({ helpdeskId: h.id, ticketNumber: 42, kind: 'reply', content: 'text' });
    store.db.pragma('ignore_check_constraints = ON');
    store.db.prepare("UPDATE drafts SET attachments = '[{\"name\": \"a.txt\",' WHERE ticket_number = 42").run();
    store.db.pragma('ignore_check_constraints = OFF');

    let caught: unknown;
    try {
      store.drafts.get(h.id, 42);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StoreRowError);
    const error = caught as StoreRowError;
    expect(error.table).toBe('drafts');
    expect(error.rowKey).toBe(`helpdesk_id=${h.id}, ticket_number=42`);
    expect(error.problems).toEqual(['attachments: is not valid JSON']);
    expect(error.message).toMatch(/unreadable row in "drafts".*attachments: is not valid JSON/);
    // Listing fails the same way rather than returning a draft with broken attachments.
    expect(() => store.drafts.list(h.id)).toThrow(StoreRowError);
  });

  it('valid JSON of the wrong shape is rejected too, naming the nested field', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    const { id } = store.outbox.enqueue({ helpdeskId: h.id, ticketNumber: 1, kind: 'reply', content: 'x', fingerprint: 'f', draftStartedAt: '2026-01-01T00:00:00.000Z' });
    store.db.prepare(`UPDATE outbox SET attachments = '[{"name": "a.txt", "size": "big"}]' WHERE id = ?`).run(id);
    expect(() => store.outbox.get(id)).toThrow(StoreRowError);
    expect(() => store.outbox.get(id)).toThrow(/attachments\.0\.size/);
  });

  it('a cached ticket body that no longer matches the reader’s schema is rejected, not returned half-typed', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    const tickets = store.tickets(z.object({ title: z.string(), events: z.array(z.object({ id: z.number() })) }));
    tickets.upsertMany(h.id, [{ ticketNumber: 7, data: { title: 'ok', events: [] }, flags: { closed: false, unread: false, ownerId: null, departmentId: null } }]);
    store.db.prepare(`UPDATE tickets SET data = '{"title": 12}' WHERE ticket_number = 7`).run();
    expect(() => tickets.get(h.id, 7)).toThrow(/"tickets" \(helpdesk_id=.*, ticket_number=7\).*data\.title/);
  });

  it('an out-of-range enum or a bad timestamp is rejected', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    store.db.pragma('ignore_check_constraints = ON');
    store.db.prepare("UPDATE helpdesks SET staff_level = 9, created_at = 'last tuesday' WHERE id = ?").run(h.id);
    store.db.pragma('ignore_check_constraints = OFF');
    let caught: unknown;
    try {
      store.helpdesks.list();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StoreRowError);
    expect((caught as StoreRowError).problems.join('\n')).toMatch(/staff_level/);
    expect((caught as StoreRowError).problems.join('\n')).toMatch(/created_at: is not an ISO timestamp/);
  });

  it('the CHECK constraints refuse bad JSON and unknown states at write time', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    expect(() => store.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'not json', 'x')").run()).toThrow(/CHECK constraint/);
    expect(() =>
      store.db
        .prepare("INSERT INTO outbox (helpdesk_id, ticket_number, kind, content, fingerprint, state, draft_started_at, queued_at, updated_at) VALUES (?, 1, 'reply', 'x', 'f', 'lost', 'a', 'a', 'a')")
        .run(h.id),
    ).toThrow(/CHECK constraint/);
  });
});
