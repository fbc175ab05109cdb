import { describe, expect, it } from 'vitest';
import { alignFeed, feedKey, toWindow, type FeedItem } from '../../../electron/core/sync';

/** `C101u5` = COMMENT on #101 by user 5; `A102s2` = ASSIGN on #102 by staff 2; `E…` edited. */
function item(spec: string): FeedItem {
  const m = /^(E?)([CAUXRD])(\d+)([su])(\d+)$/.exec(spec);
  if (!m) throw new Error(spec);
  const type = ({ C: 'COMMENT', A: 'ASSIGN', U: 'UN_ASSIGN', X: 'CLOSE', R: 'RE_OPEN', D: 'DEPARTMENT_CHANGED' } as const)[m[2] as 'C'];
  const ticketNumber = Number(m[3]);
  const staff = m[4] === 's';
  const id = Number(m[5]);
  return { key: feedKey(type, ticketNumber, staff, id), type, ticketNumber, author: { id, staff, name: null }, edited: m[1] === 'E' };
}
const feed = (specs: string): FeedItem[] => specs.split(/\s+/).filter(Boolean).map(item);

describe('alignFeed', () => {
  const old = feed('C101u5 X102s2 C103u6 C104u7 R105u8 C106s3 C107u5 C108u9 C109u6 C110u7');
  const window = toWindow(old);

  it('finds nothing new when the feed is unchanged', () => {
    expect(alignFeed(window, false, old, false)).toMatchObject({ fresh: 0, left: [], joined: [] });
  });

  it('counts the new items on top', () => {
    const now = feed('C103u6 C111u4').concat(old.slice(0, 8));
    expect(alignFeed(window, false, now, false)).toMatchObject({ fresh: 2, left: [] });
  });

  it('does not mistake a repeat of the newest key for nothing new', () => {
    // The customer of #101 wrote again: same key as the old top item.
    const now = [item('C101u5'), ...old.slice(0, 9)];
    expect(alignFeed(window, false, now, false)).toMatchObject({ fresh: 1, left: [] });
  });

  it('notices a ticket that left the list (all its items vanish) without calling anything new', () => {
    const now = old.filter((i) => i.ticketNumber !== 103).concat(feed('C120u1'));
    expect(alignFeed(window, false, now, false)).toMatchObject({ fresh: 0, left: [103] });
  });

  it('handles new items and a ticket leaving at the same time', () => {
    const now = feed('C104u7 X106u3').concat(old.filter((i) => i.ticketNumber !== 102)).slice(0, 10);
    expect(alignFeed(window, false, now, false)).toMatchObject({ fresh: 2, left: [102] });
  });

  it('treats a joining ticket’s history, spliced into the old part, as history', () => {
    // #130 was assigned to the agent: ASSIGN on top, two older events of it interleaved below.
    const now = [item('A130s2'), ...old.slice(0, 3), item('C130u9'), ...old.slice(3, 6), item('C130u9')];
    expect(alignFeed(window, false, now, false)).toMatchObject({ fresh: 1, joined: [130], left: [] });
  });

  it('reports an edited comment as a changed ticket, not a new item', () => {
    const now = [item('EC101u5'), ...old.slice(1)];
    expect(alignFeed(window, false, now, false)).toMatchObject({ fresh: 0, edited: [101] });
  });

  it('asks for more pages when a whole page is new', () => {
    const page1 = feed('C201u1 C202u1 C203u1 C204u1 C205u1 C206u1 C207u1 C208u1 C209u1 C210u1');
    expect(alignFeed(window, false, page1, false)).toBeNull();
    const both = page1.concat(feed('C211u1 C212u1'), old.slice(0, 8));
    expect(alignFeed(window, false, both, false)).toMatchObject({ fresh: 12, left: [] });
  });

  it('uses a complete old window: nothing can be older than the whole feed', () => {
    const small = feed('C101u5 C101u5');
    const now = feed('C101u5 C101u5 C101u5');
    expect(alignFeed(toWindow(small), true, now, true)).toMatchObject({ fresh: 1 });
  });

  it('from an empty feed, a joining ticket is new and its older events are its history', () => {
    expect(alignFeed([], true, feed('A300s2 C300u4'), true)).toMatchObject({ fresh: 1, joined: [300] });
    expect(alignFeed([], true, feed('C300u4 A300s2'), true)).toMatchObject({ fresh: 2, joined: [300] });
  });

  it('does not read a page of unknown items as "every old ticket left" while more pages exist', () => {
    const older = feed('C150u1 C151u1 C152u1 C153u1 C154u1 C155u1 C156u1 C157u1 C158u1 C159u1');
    expect(alignFeed(window, false, older, false)).toBeNull();
    expect(alignFeed(window, false, older.slice(0, 4), true)).toMatchObject({ fresh: 0, left: expect.arrayContaining([101, 110]) });
  });

  it('needs more than one coincidental match to trust a split', () => {
    // Only the last item matches the old top; with more pages to read, that is not enough evidence.
    const page = feed('C201u1 C202u1 C203u1 C204u1 C205u1 C206u1 C207u1 C208u1 C209u1 C101u5');
    expect(alignFeed(window, false, page, false)).toBeNull();
  });

  it('explains a feed whose every old ticket left as no news', () => {
    const now = feed('C400u1 C401u1 C402u1');
    expect(alignFeed(window, false, now, true)).toMatchObject({ fresh: 0 });
  });
});
