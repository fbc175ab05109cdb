import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useStores, useTempDirs, helpdeskInput } from '../store/helpers';

/** TicketCacheRepo.search, the thin repository method behind the palette's cache hits. */
const tempDir = useTempDirs();
const openStore = useStores();

const zBody = z.object({ title: z.string() });
const flags = { closed: false, unread: false, ownerId: null, departmentId: 1 };

function seeded() {
  const store = openStore(tempDir());
  const a = store.helpdesks.insert(helpdeskInput());
  const b = store.helpdesks.insert(helpdeskInput({ apiRoot: 'https://other.test/api' }));
  const repo = store.tickets(zBody);
  repo.upsertMany(a.id, [
    { ticketNumber: 196568, data: { title: 'Cannot log in' }, flags },
    { ticketNumber: 279834, data: { title: 'Invoice shows wrong amount' }, flags },
    { ticketNumber: 196000, data: { title: '100% CPU on login_page' }, flags },
    { ticketNumber: 529632, data: { title: 'Need a VAT INVOICE' }, flags },
  ]);
  repo.upsertMany(b.id, [{ ticketNumber: 196568, data: { title: 'Invoice elsewhere' }, flags }]);
  return { repo, a: a.id, b: b.id };
}

describe('ticket cache search', () => {
  it('finds by number prefix (with or without #), the exact number first', () => {
    const { repo, a } = seeded();
    expect(repo.search(a, '196', '$.title', 10).map((t) => t.ticketNumber).sort()).toEqual([196000, 196568]);
    expect(repo.search(a, '#196568', '$.title', 10).map((t) => t.ticketNumber)).toEqual([196568]);
    expect(repo.search(a, '196000', '$.title', 10)[0]?.ticketNumber).toBe(196000);
  });

  it('finds by title text, ignoring ASCII case, with LIKE wildcards taken literally', () => {
    const { repo, a, b } = seeded();
    expect(repo.search(a, 'invoice', '$.title', 10).map((t) => t.ticketNumber).sort()).toEqual([279834, 529632]);
    expect(repo.search(a, '100%', '$.title', 10).map((t) => t.ticketNumber)).toEqual([196000]);
    expect(repo.search(a, 'login_', '$.title', 10).map((t) => t.ticketNumber)).toEqual([196000]);
    expect(repo.search(a, '%', '$.title', 10).map((t) => t.ticketNumber)).toEqual([196000]);
    // One helpdesk's cache only.
    expect(repo.search(b, 'invoice', '$.title', 10).map((t) => t.data.title)).toEqual(['Invoice elsewhere']);
  });

  it('honours the limit and ignores blank text', () => {
    const { repo, a } = seeded();
    expect(repo.search(a, 'i', '$.title', 2)).toHaveLength(2);
    expect(repo.search(a, '   ', '$.title', 10)).toEqual([]);
  });
});
