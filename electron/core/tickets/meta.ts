/**
 * Per-helpdesk reference data: who the agent is (id, level, departments), the departments, tags,
 * staff, custom responses, attachment limit, languages and queue counts. Kept in memory and in the
 * settings table, so cached tickets can be shown with their tag colours and permissions while
 * the helpdesk is unreachable or before it has been signed into again after a restart.
 *
 * Cache first: a known copy is answered at once and reloaded in the background when it is older
 * than META_FRESH_MS. Queue counts are not part of a load: they cost up to six requests, so they
 * are recounted in the background after a queue has shown its first page (`countSoon`). Every
 * change reaches the renderer as `meta:changed`.
 */
import { z } from 'zod';
import type { HelpdeskMeta, QueueName } from '../../contract';
import { NetworkError, SessionExpired, type OpenSupportsClient, type TicketPage } from '../opensupports';
import type { HelpdeskRepo, SettingsRepo } from '../store';
import type { TicketsContext } from './context';
import type { Agent } from './permissions';
import type { ViewContext } from './views';

const zLevel = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const zStaffMember = z.object({ id: z.number(), name: z.string(), email: z.string(), level: zLevel, departmentIds: z.array(z.number()) });
const zCount = z.number().nullable();

export const zHelpdeskMeta: z.ZodType<HelpdeskMeta> = z.object({
  helpdeskId: z.string(),
  me: zStaffMember,
  departments: z.array(z.object({ id: z.number(), name: z.string(), private: z.boolean() })),
  tags: z.array(z.object({ id: z.number().nullable(), name: z.string(), color: z.string() })),
  staff: z.array(zStaffMember),
  customResponses: z.array(z.object({ id: z.number(), name: z.string(), language: z.string(), html: z.string() })),
  maxAttachmentBytes: z.number(),
  languages: z.array(z.string()),
  counts: z.object({ mine: zCount, new: zCount, all: zCount }),
});

const settingsKey = (helpdeskId: string) => `tickets.meta.${helpdeskId}`;

/** Departments, staff and custom responses change rarely: a copy this young is not asked for again. */
export const META_FRESH_MS = 60_000;
/** Counting the three queues takes up to six requests: not more often than this. */
export const COUNTS_FRESH_MS = 30_000;
/**
 * Counting waits this long after a first page: three paged counts sent at once would share the
 * helpdesk's request slots with the pages that fill the agent's first screen.
 */
export const COUNTS_DELAY_MS = 1_000;
const NO_COUNTS: HelpdeskMeta['counts'] = { mine: null, new: null, all: null };

/** Exact size of a paged list from its first page and, when there are more, its last one. */
async function countPaged(fetchPage: (page: number) => Promise<TicketPage>): Promise<number> {
  const first = await fetchPage(1);
  if (first.pages <= 1) return first.tickets.length;
  const last = await fetchPage(first.pages);
  // server bug: offsets are always (page-1)*10 (§6.16-2), so pages are 10 long whatever was asked.
  return (first.pages - 1) * 10 + last.tickets.length;
}

export class MetaService {
  private readonly memory = new Map<string, HelpdeskMeta>();
  private readonly loading = new Map<string, Promise<HelpdeskMeta>>();
  /** When each helpdesk's meta was last loaded from its server in this run. */
  private readonly loadedAt = new Map<string, number>();
  private readonly countedAt = new Map<string, number>();
  private readonly counting = new Set<string>();

  constructor(
    private readonly ctx: TicketsContext,
    private readonly settings: SettingsRepo,
    private readonly helpdesks: HelpdeskRepo,
  ) {}

  /**
   * `helpdesk:meta`: the known copy at once (reloaded in the background when older than
   * META_FRESH_MS), or a load when there is none.
   */
  async get(helpdeskId: string): Promise<HelpdeskMeta> {
    this.ctx.registry.get(helpdeskId);
    const known = this.cached(helpdeskId);
    if (known) {
      const at = this.loadedAt.get(helpdeskId);
      if (at === undefined || this.ctx.now() - at >= META_FRESH_MS) this.reloadSoon(helpdeskId);
      return known;
    }
    try {
      return await this.load(helpdeskId);
    } catch (error) {
      const cached = this.cached(helpdeskId);
      if (error instanceof NetworkError && cached) return cached;
      throw error;
    }
  }

  /** The last known meta of the account signed in now, without asking the server. */
  cached(helpdeskId: string): HelpdeskMeta | null {
    let meta = this.memory.get(helpdeskId) ?? null;
    if (!meta) {
      try {
        meta = this.settings.get<HelpdeskMeta | null>(settingsKey(helpdeskId), zHelpdeskMeta.nullable(), null);
      } catch {
        // A copy written by another build that no longer reads back: it is reloaded on next use.
        meta = null;
      }
      if (meta) this.memory.set(helpdeskId, meta);
    }
    // After signing in as someone else, the old profile must not decide what this person may do.
    const signedInAs = this.signedInId(helpdeskId);
    if (meta && signedInAs !== null && signedInAs !== meta.me.id) return null;
    return meta;
  }

  /** The cached meta, or a load when there is none; null when it cannot be had. */
  async ensure(helpdeskId: string): Promise<HelpdeskMeta | null> {
    const cached = this.cached(helpdeskId);
    if (cached) return cached;
    try {
      return await this.load(helpdeskId);
    } catch {
      return null;
    }
  }

  /** Reloads in the background, e.g. after the server named a tag, person or department we do not know. */
  reloadSoon(helpdeskId: string): void {
    this.ctx.background.run('meta reload', () => this.load(helpdeskId));
  }

  agent(helpdeskId: string): Agent | null {
    const meta = this.cached(helpdeskId);
    return meta ? { id: meta.me.id, level: meta.me.level, departmentIds: meta.me.departmentIds } : null;
  }

  viewContext(helpdeskId: string): ViewContext {
    const meta = this.cached(helpdeskId);
    if (meta) return { helpdeskId, agentId: meta.me.id, tags: meta.tags };
    const stored = this.helpdesks.get(helpdeskId)?.userId ?? null;
    const agentId = this.signedInId(helpdeskId) ?? (stored !== null && /^\d+$/.test(stored) ? Number(stored) : null);
    return { helpdeskId, agentId, tags: [] };
  }

  tagIds(helpdeskId: string): Map<string, number> {
    const ids = new Map<string, number>();
    for (const tag of this.cached(helpdeskId)?.tags ?? []) if (tag.id !== null) ids.set(tag.name, tag.id);
    return ids;
  }

  /** Keeps a count current from a queue that was just listed. */
  setCount(helpdeskId: string, queue: QueueName, count: number | null): void {
    const meta = this.memory.get(helpdeskId);
    if (!meta || count === null || meta.counts[queue] === count) return;
    this.remember({ ...meta, counts: { ...meta.counts, [queue]: count } });
  }

  /**
   * Recounts the three queues in the background, unless that was done moments ago. Called once a
   * queue has shown its first page, and started a moment later, so the counts never hold up the list.
   */
  countSoon(helpdeskId: string): void {
    const at = this.countedAt.get(helpdeskId);
    if (this.counting.has(helpdeskId) || (at !== undefined && this.ctx.now() - at < COUNTS_FRESH_MS)) return;
    this.counting.add(helpdeskId);
    this.ctx.background.later('queue counts', COUNTS_DELAY_MS, async () => {
      try {
        const counts = await this.count(helpdeskId);
        this.countedAt.set(helpdeskId, this.ctx.now());
        const meta = this.cached(helpdeskId) ?? (await this.ensure(helpdeskId));
        if (meta) this.remember({ ...meta, counts: { mine: counts.mine ?? meta.counts.mine, new: counts.new ?? meta.counts.new, all: counts.all ?? meta.counts.all } });
      } finally {
        this.counting.delete(helpdeskId);
      }
    });
  }

  forget(helpdeskId: string): void {
    this.memory.delete(helpdeskId);
    this.loading.delete(helpdeskId);
    this.loadedAt.delete(helpdeskId);
    this.countedAt.delete(helpdeskId);
    this.settings.delete(settingsKey(helpdeskId));
  }

  /** One load at a time per helpdesk: concurrent asks share it. */
  load(helpdeskId: string): Promise<HelpdeskMeta> {
    let pending = this.loading.get(helpdeskId);
    if (!pending) {
      pending = this.fetch(helpdeskId).finally(() => this.loading.delete(helpdeskId));
      this.loading.set(helpdeskId, pending);
    }
    return pending;
  }

  private async fetch(helpdeskId: string): Promise<HelpdeskMeta> {
    const call = <T>(fn: (client: OpenSupportsClient) => Promise<T>) => this.ctx.call(helpdeskId, fn);
    const signedInWith = this.ctx.registry.takeFreshProfile(helpdeskId);
    const [profile, settings, staff, responses] = await Promise.all([
      signedInWith ?? call((c) => c.getStaff()),
      call((c) => c.getSettings()),
      call((c) => c.getAllStaff()),
      call((c) => c.getCustomResponses()),
    ]);
    const myId = this.signedInId(helpdeskId);
    // The profile has no id (§3.5): it is the login's userId, gone if a sign-out raced this load.
    if (myId === null) throw new SessionExpired('You are not signed in to this helpdesk.');
    const previous = this.cached(helpdeskId);
    const meta: HelpdeskMeta = {
      helpdeskId,
      me: { id: myId, name: profile.name, email: profile.email, level: profile.level, departmentIds: profile.departments.map((d) => d.id) },
      departments: settings.departments.map((d) => ({ id: d.id, name: d.name, private: d.private })),
      // Levels 1–2 cannot call ticket/get-tags (§6.10); every level gets the list in the settings.
      tags: settings.tags.map((t) => ({ id: t.id, name: t.name, color: t.color })),
      staff: staff.map((s) => ({ id: s.id, name: s.name, email: s.email, level: s.level, departmentIds: s.departments.map((d) => d.id) })),
      customResponses: responses.map((r) => ({ id: r.id, name: r.name, language: r.language, html: r.content })),
      maxAttachmentBytes: Math.floor(settings['max-size'] * 1024 * 1024),
      languages: [...settings.supportedLanguages],
      // Counted separately (countSoon); the last counts of the same person stand until then.
      counts: previous?.counts ?? NO_COUNTS,
    };
    this.loadedAt.set(helpdeskId, this.ctx.now());
    this.remember(meta);
    return meta;
  }

  /** Each queue's size; a failing count is a nicety lost, not an error (null). */
  private async count(helpdeskId: string): Promise<HelpdeskMeta['counts']> {
    const count = (fetchPage: (client: OpenSupportsClient, page: number) => Promise<TicketPage>) =>
      countPaged((page) => this.ctx.call(helpdeskId, (c) => fetchPage(c, page))).catch(() => null);
    const [mine, fresh, all] = await Promise.all([
      count((c, page) => c.getMyTickets({ page })),
      count((c, page) => c.getNewTickets({ page })),
      count((c, page) => c.searchTickets({ page })),
    ]);
    return { mine, new: fresh, all };
  }

  private remember(meta: HelpdeskMeta): void {
    const before = this.memory.get(meta.helpdeskId);
    this.memory.set(meta.helpdeskId, meta);
    this.settings.set(settingsKey(meta.helpdeskId), meta);
    if (!before || JSON.stringify(before) !== JSON.stringify(meta)) this.ctx.events.emit('meta:changed', meta);
  }

  private signedInId(helpdeskId: string): number | null {
    let raw: string | null;
    try {
      raw = this.ctx.registry.clientOf(helpdeskId).userId;
    } catch {
      return null;
    }
    return raw !== null && /^\d+$/.test(raw) ? Number(raw) : null;
  }
}
