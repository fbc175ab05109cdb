import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DraftView } from '../../../electron/contract';
import { createDrafts } from '../../../electron/core/drafts';
import type { TicketSnapshot } from '../../../electron/core/store';
import { helpdeskInput, steppingClock, useStores, useTempDirs } from '../store/helpers';

/** Drafts against a real SQLite file and a real attachments folder; no network is involved. */
const tempDir = useTempDirs();
const openStore = useStores();

const snapshot: TicketSnapshot = { ownerId: null, departmentId: 2, closed: false, commentCount: 1, lastEventId: 17 };
const b64 = (text: string) => Buffer.from(text).toString('base64');

function setup() {
  const dir = tempDir();
  const store = openStore(dir, { now: steppingClock() });
  const h = store.helpdesks.insert(helpdeskInput({ label: 'Acme' }));
  const events: DraftView[][] = [];
  const snapshots: string[] = [];
  const drafts = createDrafts({
    store,
    dataDir: dir,
    ticketTitleOf: (_id, n) => (n === 5 ? 'Printer on fire' : null),
    snapshotOf: (id, n) => {
      snapshots.push(`${id}#${n}`);
      return snapshot;
    },
    onChanged: (list) => events.push(list),
  });
  return { dir, store, h, drafts, events, snapshots, ref: { helpdeskId: h.id, ticketNumber: 5 } };
}

describe('drafts', () => {
  it('saves a reply with the ticket as it was when writing began, and tells the list only when a draft appears', () => {
    const { store, drafts, events, ref, snapshots } = setup();
    const first = drafts.save({ ...ref, html: '<p>Hel</p>', internal: false });
    expect(first).toMatchObject({ helpdeskLabel: 'Acme', ticketTitle: 'Printer on fire', html: '<p>Hel</p>', internal: false, customResponseId: null, attachments: [] });
    expect(store.drafts.get(ref.helpdeskId, 5)?.snapshot).toEqual(snapshot);
    const second = drafts.save({ ...ref, html: '<p>Hello</p>', internal: true, customResponseId: 3 });
    expect(second).toMatchObject({ html: '<p>Hello</p>', internal: true, customResponseId: 3, createdAt: first.createdAt });
    expect(events).toHaveLength(1);
    expect(snapshots).toHaveLength(1); // looked up once, when the draft began
  });

  it('does not write when nothing changed (autosave on blur)', () => {
    const { drafts, ref } = setup();
    const saved = drafts.save({ ...ref, html: '<p>Same</p>', internal: false });
    const again = drafts.save({ ...ref, html: '<p>Same</p>', internal: false });
    expect(again.updatedAt).toBe(saved.updatedAt);
  });

  it('treats clearing the editor as discarding, and stores nothing for an empty editor', () => {
    const { store, drafts, events, ref } = setup();
    expect(drafts.save({ ...ref, html: '<p></p>', internal: false }).html).toBe('<p></p>');
    expect(store.drafts.get(ref.helpdeskId, 5)).toBeNull();
    drafts.save({ ...ref, html: '<p>text</p>', internal: false });
    drafts.save({ ...ref, html: '<p><br></p>', internal: false });
    expect(store.drafts.get(ref.helpdeskId, 5)).toBeNull();
    expect(events.map((list) => list.length)).toEqual([1, 0]);
    expect(drafts.get(ref)).toBeNull();
  });

  it('keeps an attachment in the data folder, on disk before the row names it, and removes it with the draft', async () => {
    const { dir, drafts, ref, store } = setup();
    drafts.save({ ...ref, html: '<p>see attached</p>', internal: false });
    const view = await drafts.attach({ ...ref, attachment: { name: 'C:\\logs\\server.log', type: 'text/plain', dataBase64: b64('line 1\nline 2\n') } });
    expect(view.html).toBe('<p>see attached</p>');
    const [attachment] = view.attachments;
    expect(attachment).toMatchObject({ name: 'server.log', type: 'text/plain', size: 14 });
    const file = join(dir, 'attachments', attachment?.id ?? '');
    expect(readFileSync(file, 'utf8')).toBe('line 1\nline 2\n');
    expect(store.drafts.get(ref.helpdeskId, 5)?.attachments[0]?.path).toBe(file);

    expect(await drafts.discard(ref)).toEqual({ discarded: true });
    expect(existsSync(file)).toBe(false);
    expect(await drafts.discard(ref)).toEqual({ discarded: false });
  });

  it('takes one attachment per reply, as OpenSupports does, and detaches it again', async () => {
    const { dir, drafts, ref } = setup();
    const view = await drafts.attach({ ...ref, attachment: { name: 'a.txt', dataBase64: b64('a') } });
    expect(view.attachments[0]?.type).toBe('application/octet-stream');
    await expect(drafts.attach({ ...ref, attachment: { name: 'b.txt', dataBase64: b64('b') } })).rejects.toMatchObject({ kind: 'invalid-input', message: /one attachment.*“a\.txt”/ });
    expect(readdirSync(join(dir, 'attachments'))).toHaveLength(1);
    // An attachment-only draft disappears when its attachment does.
    const after = await drafts.detach({ ...ref, attachmentId: view.attachments[0]?.id ?? '' });
    expect(after.attachments).toEqual([]);
    expect(drafts.get(ref)).toBeNull();
    expect(readdirSync(join(dir, 'attachments'))).toHaveLength(0);
    await expect(drafts.detach({ ...ref, attachmentId: view.attachments[0]?.id ?? '' })).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('refuses damaged attachment data and leaves no file behind', async () => {
    const { dir, drafts, ref } = setup();
    await expect(drafts.attach({ ...ref, attachment: { name: 'x.bin', dataBase64: 'not base64!' } })).rejects.toMatchObject({ kind: 'invalid-input' });
    expect(existsSync(join(dir, 'attachments')) ? readdirSync(join(dir, 'attachments')) : []).toEqual([]);
  });

  it('refuses to begin a draft on a helpdesk the app no longer has', async () => {
    const { drafts } = setup();
    const gone = { helpdeskId: '7d0c8a52-3f0e-4c1e-9a55-0d6f1b2c3d4e', ticketNumber: 1 };
    expect(() => drafts.save({ ...gone, html: 'text', internal: false })).toThrow(expect.objectContaining({ kind: 'not-found' }));
    await expect(drafts.attach({ ...gone, attachment: { name: 'a', dataBase64: b64('a') } })).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('lists every helpdesk’s drafts, newest first', () => {
    const { drafts, store, h } = setup();
    const other = store.helpdesks.insert(helpdeskInput({ label: 'Globex' }));
    drafts.save({ helpdeskId: h.id, ticketNumber: 1, html: 'one', internal: false });
    drafts.save({ helpdeskId: other.id, ticketNumber: 1, html: 'two', internal: true });
    expect(drafts.list().map((d) => [d.helpdeskLabel, d.html, d.internal])).toEqual([
      ['Globex', 'two', true],
      ['Acme', 'one', false],
    ]);
  });

  it('collects files nothing refers to (a crash between writing the file and the row), keeping the rest', async () => {
    const { dir, drafts, ref, store } = setup();
    const kept = await drafts.attach({ ...ref, attachment: { name: 'kept.txt', dataBase64: b64('kept') } });
    const queuedRef = { helpdeskId: ref.helpdeskId, ticketNumber: 6 };
    drafts.save({ ...queuedRef, html: 'queued reply', internal: false });
    const queued = await drafts.attach({ ...queuedRef, attachment: { name: 'queued.txt', dataBase64: b64('queued') } });
    const draft = store.drafts.get(ref.helpdeskId, 6);
    if (!draft) throw new Error('no draft');
    store.outbox.enqueue({ ...draft, fingerprint: 'fp', draftStartedAt: draft.createdAt }, { consumeDraft: true });
    writeFileSync(join(dir, 'attachments', '0b3c6a4e-1111-4222-8333-944455556666'), 'orphan');

    expect(await drafts.collectGarbage()).toBe(1);
    expect(readdirSync(join(dir, 'attachments')).sort()).toEqual([kept.attachments[0]?.id, queued.attachments[0]?.id].sort());
  });

  it('never collects a file that is still being attached', async () => {
    const { dir, drafts, ref } = setup();
    drafts.save({ ...ref, html: 'big one', internal: false });
    const attaching = drafts.attach({ ...ref, attachment: { name: 'big.bin', dataBase64: Buffer.alloc(24 * 1024 * 1024, 7).toString('base64') } });
    const folder = join(dir, 'attachments');
    while (!existsSync(folder) || readdirSync(folder).length === 0) await new Promise((r) => setImmediate(r));
    expect(await drafts.collectGarbage()).toBe(0);
    const view = await attaching;
    expect(readdirSync(folder)).toEqual([view.attachments[0]?.id]);
  });
});
