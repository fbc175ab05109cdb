import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { helpdeskInput, useStores, useTempDirs } from './helpers';

const tempDir = useTempDirs();
const openStore = useStores();

const HELPDESK_SCOPED = ['tickets', 'queue_entries', 'drafts', 'outbox', 'watermarks'] as const;

describe('removing a helpdesk', () => {
  it('deletes every cached row that belonged to it and nothing of any other helpdesk', () => {
    const store = openStore(tempDir());
    const tickets = store.tickets(z.object({ title: z.string() }));
    const [gone, kept] = [store.helpdesks.insert(helpdeskInput({ label: 'Gone' })), store.helpdesks.insert(helpdeskInput({ label: 'Kept' }))];
    for (const h of [gone, kept]) {
      tickets.upsertMany(h.id, [1, 2, 3].map((n) => ({ ticketNumber: n, data: { title: `t${n}` }, flags: { closed: false, unread: false, ownerId: null, departmentId: null } })));
      tickets.replaceQueue(h.id, 'mine', [1, 2]);
      tickets.replaceQueue(h.id, 'new', [3]);
      store.drafts.save({ helpdeskId: h.id, ticketNumber: 1, kind: 'reply', content: 'draft' });
      store.outbox.enqueue({ helpdeskId: h.id, ticketNumber: 2, kind: 'note', content: 'queued', fingerprint: 'f', draftStartedAt: new Date().toISOString() });
      store.watermarks.set(h.id, 'last-events', '10');
    }
    const count = (table: string, id: string) => store.db.prepare(`SELECT COUNT(*) FROM ${table} WHERE helpdesk_id = ?`).pluck().get(id) as number;
    for (const table of HELPDESK_SCOPED) expect(count(table, gone.id), table).toBeGreaterThan(0);

    expect(store.helpdesks.delete(gone.id)).toBe(true);

    for (const table of HELPDESK_SCOPED) {
      expect(count(table, gone.id), `${table} rows left for the removed helpdesk`).toBe(0);
      expect(count(table, kept.id), `${table} rows of the other helpdesk`).toBeGreaterThan(0);
    }
  });

  it('covers every table that has a helpdesk_id column, so a new table cannot forget its cascade', () => {
    const store = openStore(tempDir());
    const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    for (const table of tables) {
      const columns = store.db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[];
      if (!columns.includes('helpdesk_id')) continue;
      const fks = store.db.prepare('SELECT "table", "from", on_delete FROM pragma_foreign_key_list(?)').all(table) as { table: string; from: string; on_delete: string }[];
      expect(fks, `${table} must reference helpdesks(id) ON DELETE CASCADE`).toContainEqual({ table: 'helpdesks', from: 'helpdesk_id', on_delete: 'CASCADE' });
    }
  });
});
