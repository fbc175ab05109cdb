/**
 * The command palette's ticket search across every signed-in helpdesk: the cache answers at once
 * (number or title), and one short server search per helpdesk adds what the cache does not know.
 * A slow or unreachable helpdesk costs at most its timeout and never hides the others' hits.
 */
import type { PaletteHit } from '../../contract';
import type { TicketsContext } from './context';
import { fromServer, type TicketData } from './data';
import type { MetaService } from './meta';

export const PALETTE_MAX_HITS = 30;
export const PALETTE_SERVER_TIMEOUT_MS = 2_500;

export async function paletteSearch(ctx: TicketsContext, meta: MetaService, input: { text: string }): Promise<PaletteHit[]> {
  const text = input.text.trim();
  const helpdesks = ctx.registry.list().filter((h) => h.state !== 'signed-out');
  const number = /^#?(\d+)$/.exec(text)?.[1];
  const exact = number === undefined ? null : Number(number);
  // People type "#123456" as tickets are shown; the server matches numbers only without the "#".
  const serverQuery = number ?? text;

  const hits = new Map<string, PaletteHit & { rank: number }>();
  const add = (helpdeskId: string, label: string, ticket: TicketData, rank: number): void => {
    const key = `${helpdeskId}\n${ticket.ticketNumber}`;
    const hit = { helpdeskId, helpdeskLabel: label, ticketNumber: ticket.ticketNumber, title: ticket.title, closed: ticket.closed };
    const finalRank = ticket.ticketNumber === exact ? 0 : rank;
    const known = hits.get(key);
    // The server's copy is newer than the cache's; keep the better rank of the two.
    hits.set(key, { ...hit, rank: Math.min(finalRank, known?.rank ?? finalRank) });
  };

  for (const h of helpdesks) for (const t of ctx.cache.search(h.id, text, PALETTE_MAX_HITS)) add(h.id, h.label, t, 1);

  await Promise.all(
    helpdesks
      .filter((h) => h.state === 'online')
      .map(async (h) => {
        try {
          // The deadline covers waiting for a free request slot too, not only the request itself.
          const page = await withDeadline(
            ctx.call(h.id, (c) => c.searchTickets({ query: serverQuery, page: 1 }, { timeoutMs: PALETTE_SERVER_TIMEOUT_MS })),
            PALETTE_SERVER_TIMEOUT_MS,
          );
          if (!page) return;
          const stored = ctx.cache.put(h.id, page.tickets.map((t) => fromServer(t, true)), meta.viewContext(h.id).agentId);
          for (const t of stored) add(h.id, h.label, t, 2);
        } catch {
          // The cache's hits for this helpdesk still show; the palette is no place for an error.
        }
      }),
  );

  return [...hits.values()]
    .map((hit, order) => ({ hit, order }))
    .sort((a, b) => a.hit.rank - b.hit.rank || a.order - b.order)
    .slice(0, PALETTE_MAX_HITS)
    .map(({ hit: { rank: _rank, ...hit } }) => hit);
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  // A late answer is dropped; its failure must not surface as an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
