import { describe, expect, it } from 'vitest';
import { FEEDS, MineList, loadMarks, serializeMarks, type SyncMarks } from '../../../electron/core/sync';
import { helpdeskInput, useStores, useTempDirs } from '../store/helpers';

const tempDir = useTempDirs();
const openStore = useStores();

describe('WatermarkRepo.setMany', () => {
  it('writes several feeds of one helpdesk together and overwrites them in place', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    store.watermarks.setMany(h.id, { a: '1', b: '2' });
    store.watermarks.setMany(h.id, { b: '3' });
    expect(store.watermarks.list(h.id).map((w) => [w.feed, w.value])).toEqual([
      ['a', '1'],
      ['b', '3'],
    ]);
  });

  it('writes nothing when one of the values cannot be written', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    store.watermarks.setMany(h.id, { a: '1' });
    // A missing value violates NOT NULL in the middle of the batch.
    expect(() => store.watermarks.setMany(h.id, { a: '2', b: null as unknown as string })).toThrow();
    expect(store.watermarks.get(h.id, 'a')).toBe('1');
    expect(store.watermarks.get(h.id, 'b')).toBeNull();
  });

  it('refuses markers for a helpdesk that is not (or no longer) in the store', () => {
    const store = openStore(tempDir());
    expect(() => store.watermarks.setMany('gone', { a: '1' })).toThrow();
  });
});

describe('sync markers', () => {
  it('round-trip through the store', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    const marks: SyncMarks = {
      staffId: 3,
      feed: { complete: false, window: [{ key: 'COMMENT|123456|u|7', ticketNumber: 123456, edited: true }] },
      queue: { mode: 'search', whole: false, known: [1, 2], newestAt: 1_700_000_000_000, pages: 4, count: 37 },
      mine: new MineList([[123456, { title: 'Printer', owned: true, authored: false, unread: true }]]),
    };
    store.watermarks.setMany(h.id, serializeMarks(marks));
    const back = loadMarks(store.watermarks, h.id, 3);
    expect({ ...back, mine: back.mine?.entries() }).toEqual({ ...marks, mine: marks.mine?.entries() });
  });

  it('belong to one staff account: another account on the same helpdesk starts afresh', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    store.watermarks.setMany(h.id, serializeMarks({ staffId: 3, feed: { complete: true, window: [] }, queue: null, mine: new MineList() }));
    expect(loadMarks(store.watermarks, h.id, 4)).toEqual({ staffId: 4, feed: null, queue: null, mine: null });
  });

  it('a damaged marker reads as missing (a first sync, which never notifies)', () => {
    const store = openStore(tempDir());
    const h = store.helpdesks.insert(helpdeskInput());
    store.watermarks.set(h.id, FEEDS.events, '{"v":1,"staffId":3,"complete":false,"window":[["<script>",0]]}');
    store.watermarks.set(h.id, FEEDS.mine, 'not json');
    expect(loadMarks(store.watermarks, h.id, 3)).toMatchObject({ feed: null, mine: null });
  });
});
