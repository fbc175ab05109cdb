import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, MIGRATIONS, openDatabase, type AttachmentRef, type TicketSnapshot } from '../../../electron/core/store';
import { helpdeskInput, steppingClock, useStores, useTempDirs } from '../store/helpers';

/** What the outbox and drafts added to the store: migration 2 and the thin repository methods. */
const tempDir = useTempDirs();
const openStore = useStores();

const snapshot: TicketSnapshot = { ownerId: 2, departmentId: 1, closed: false, commentCount: 3, lastEventId: 41 };
const attachment: AttachmentRef = { name: 'log.txt', path: '/data/attachments/4b6f0c1e-8d0a-4c55-9a65-1f1c3e6e2a10', size: 12, mimeType: 'text/plain' };

describe('migration 2', () => {
  it('adds the snapshot and send-anyway columns to a version-1 file without touching its rows', () => {
    const dir = tempDir();
    const v1 = openDatabase(dir, { migrations: MIGRATIONS.slice(0, 1) });
    v1.db.exec(`
      INSERT INTO helpdesks VALUES ('h', 'Acme', 'https://a.test/api', NULL, NULL, NULL, NULL, 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
      INSERT INTO drafts (helpdesk_id, ticket_number, kind, content, created_at, updated_at) VALUES ('h', 5, 'reply', 'old draft', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
      INSERT INTO outbox (helpdesk_id, ticket_number, kind, content, fingerprint, state, draft_started_at, queued_at, updated_at)
        VALUES ('h', 5, 'note', 'old item', 'fp', 'queued', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
    `);
    v1.close();

    const store = openStore(dir);
    expect(store.drafts.get('h', 5)).toMatchObject({ content: 'old draft', snapshot: null });
    expect(store.outbox.list()[0]).toMatchObject({ content: 'old item', snapshot: null, customResponseId: null, checkWaived: false });
  });

  it('refuses a snapshot that is not JSON', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    expect(() =>
      store.db
        .prepare("INSERT INTO drafts (helpdesk_id, ticket_number, kind, content, created_at, updated_at, snapshot) VALUES (?, 1, 'reply', 'x', 'a', 'a', 'not json')")
        .run(h.id),
    ).toThrow(/CHECK constraint/);
  });

  it('reads a damaged snapshot back as a row error naming the column', () => {
    const dir = tempDir();
    const store = openStore(dir);
    const h = store.helpdesks.insert(helpdeskInput());
    store.drafts.save({ helpdeskId: h.id, ticketNumber: 1, kind: 'reply', content: 'x', snapshot });
    store.close();
    const raw = new BetterSqlite3(join(dir, DATABASE_FILE));
    raw.prepare(`UPDATE drafts SET snapshot = '{"ownerId":"two"}'`).run();
    raw.close();
    expect(() => openStore(dir).drafts.get(h.id, 1)).toThrow(/"drafts".*snapshot/);
  });
});

describe('draft repository additions', () => {
  it('records the snapshot once: a later save neither drops nor replaces it, and a missing one is filled in', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    expect(store.drafts.save({ helpdeskId: h.id, ticketNumber: 1, kind: 'reply', content: 'a' }).snapshot).toBeNull();
    expect(store.drafts.save({ helpdeskId: h.id, ticketNumber: 1, kind: 'reply', content: 'ab', snapshot }).snapshot).toEqual(snapshot);
    const later = { ...snapshot, closed: true, lastEventId: 50 };
    expect(store.drafts.save({ helpdeskId: h.id, ticketNumber: 1, kind: 'reply', content: 'abc', snapshot: later }).snapshot).toEqual(snapshot);
    expect(store.drafts.save({ helpdeskId: h.id, ticketNumber: 1, kind: 'reply', content: 'abcd' }).snapshot).toEqual(snapshot);
  });

  it('lists every helpdesk’s drafts, most recently touched first', () => {
    const store = openStore(tempDir(), { now: steppingClock() });
    const a = store.helpdesks.insert(helpdeskInput());
    const b = store.helpdesks.insert(helpdeskInput({ label: 'Other' }));
    store.drafts.save({ helpdeskId: a.id, ticketNumber: 1, kind: 'reply', content: 'first' });
    store.drafts.save({ helpdeskId: b.id, ticketNumber: 1, kind: 'reply', content: 'second' });
    store.drafts.save({ helpdeskId: a.id, ticketNumber: 2, kind: 'note', content: 'third' });
    expect(store.drafts.listAll().map((d) => d.content)).toEqual(['third', 'second', 'first']);
  });
});

describe('outbox repository additions', () => {
  function queue(store: ReturnType<typeof openStore>, helpdeskId: string) {
    store.drafts.save({ helpdeskId, ticketNumber: 9, kind: 'note', content: '<p>Hi</p>', customResponseId: 4, attachments: [attachment], snapshot });
    const draft = store.drafts.get(helpdeskId, 9);
    if (!draft) throw new Error('draft not saved');
    return store.outbox.enqueue(
      {
        helpdeskId,
        ticketNumber: 9,
        kind: draft.kind,
        content: draft.content,
        attachments: draft.attachments,
        fingerprint: 'fp',
        draftStartedAt: draft.createdAt,
        snapshot: draft.snapshot,
        customResponseId: draft.customResponseId,
      },
      { consumeDraft: true },
    );
  }

  it('carries the snapshot and the chosen custom response from the draft into the entry', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    const entry = queue(store, h.id);
    expect(entry).toMatchObject({ snapshot, customResponseId: 4, checkWaived: false, state: 'queued' });
    expect(store.drafts.get(h.id, 9)).toBeNull();
  });

  it('send-anyway requeues a held or failed entry for good, and nothing else', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    const { id } = queue(store, h.id);
    expect(store.outbox.sendAnyway(id)).toBeNull();
    store.outbox.hold(id, 'Bob replied at 14:02');
    expect(store.outbox.sendAnyway(id)).toMatchObject({ state: 'queued', checkWaived: true, heldReason: null });
    store.outbox.markFailed(id, 'refused');
    expect(store.outbox.sendAnyway(id)).toMatchObject({ state: 'queued', checkWaived: true });
  });

  it('returns a waiting entry to a draft with its text, attachments, start time and snapshot, in one step', () => {
    const store = openStore(tempDir(), { now: steppingClock() });
    const h = store.helpdesks.insert(helpdeskInput());
    const entry = queue(store, h.id);
    store.outbox.hold(entry.id, 'changed');
    const draft = store.outbox.returnToDraft(entry.id);
    expect(draft).toMatchObject({ kind: 'note', content: '<p>Hi</p>', customResponseId: 4, attachments: [attachment], snapshot, createdAt: entry.draftStartedAt });
    expect(store.outbox.get(entry.id)).toBeNull();
  });

  it('does not return an entry to a draft while it is being sent, or over a newer draft', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    const entry = queue(store, h.id);
    store.outbox.claim(entry.id);
    expect(store.outbox.returnToDraft(entry.id)).toBeNull();
    store.outbox.retryLater(entry.id, 'offline');
    store.drafts.save({ helpdeskId: h.id, ticketNumber: 9, kind: 'reply', content: 'a newer draft' });
    expect(store.outbox.returnToDraft(entry.id)).toBeNull();
    expect(store.outbox.get(entry.id)?.state).toBe('queued');
    expect(store.drafts.get(h.id, 9)?.content).toBe('a newer draft');
    expect(store.outbox.returnToDraft(12345)).toBeNull();
  });

  it('purges delivered entries older than a moment, and only those', () => {
    let now = Date.UTC(2026, 0, 1);
    const store = openStore(tempDir(), { now: () => new Date(now) });
    const h = store.helpdesks.insert(helpdeskInput());
    const old = queue(store, h.id);
    store.outbox.claim(old.id);
    store.outbox.markDelivered(old.id);
    now += 10 * 86_400_000;
    const waiting = queue(store, h.id);
    const fresh = queue(store, h.id);
    store.outbox.claim(fresh.id);
    store.outbox.markDelivered(fresh.id);
    expect(store.outbox.purgeDelivered(new Date(now - 86_400_000).toISOString())).toBe(1);
    expect(store.outbox.list().map((e) => e.id)).toEqual([waiting.id, fresh.id]);
  });
});
