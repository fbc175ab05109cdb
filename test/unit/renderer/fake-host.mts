import { vi } from 'vitest';
import { shallowRef } from 'vue';
import { createPinia, type Pinia } from 'pinia';
import { mount, type ComponentMountingOptions } from '@vue/test-utils';
import type { Component } from 'vue';
import {
  METHOD_NAMES,
  type AppInfo,
  type AppSettings,
  type DraftView,
  type OutboxItemView,
  type OutboxState,
  type BridgeError,
  type CustomerView,
  type EventName,
  type EventPayloads,
  type HelpdeskMeta,
  type HelpdeskView,
  type MethodName,
  type MethodResults,
  type ProbeView,
  type QueueName,
  type QueueView,
  type SearchFilters,
  type StaffdeskApi,
  type TicketDetail,
  type TicketEventView,
  type TicketRow,
} from '../../../electron/contract';
import { BRIDGE_KEY, BridgeCallError, type Bridge, type HostStatus } from '../../../renderer/src/bridge';
import { createAppI18n, type SupportedLocale } from '../../../renderer/src/i18n';

let seq = 0;
export function helpdesk(over: Partial<HelpdeskView> = {}): HelpdeskView {
  seq++;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    label: `Helpdesk ${seq}`,
    apiRoot: `https://help${seq}.example.com/api`,
    state: 'online',
    stateMessage: null,
    user: { name: 'Jane Doe', email: 'jane@example.com', level: 2 },
    credentialPersistence: 'keychain',
    unread: 0,
    warnings: [],
    ...over,
  };
}

export function probeOk(over: Partial<ProbeView> = {}): ProbeView {
  return { ok: true, apiRoot: 'https://help.acme.test/api', title: 'Acme Support', version: 'OpenSupports 4.x (4.11-compatible API)', warnings: [], error: null, ...over };
}

export function fail(kind: BridgeError['kind'], message: string, code?: string): BridgeCallError {
  return new BridgeCallError(kind, message, code);
}

type Handlers = { [M in MethodName]: (...args: Parameters<StaffdeskApi[M]>) => Promise<MethodResults[M]> };

// ── ticket data builders ──────────────────────────────────────────────────────

export const ME = { id: 1, name: 'Ada Admin', email: 'ada@acme.test', level: 3 as const, departmentIds: [1, 2] };
export const TERRY = { id: 2, name: 'Terry Lead', email: 'terry@acme.test', level: 2 as const, departmentIds: [1] };
export const BILLY = { id: 3, name: 'Billy Biller', email: 'billy@acme.test', level: 1 as const, departmentIds: [2] };

export function meta(helpdeskId: string, over: Partial<HelpdeskMeta> = {}): HelpdeskMeta {
  return {
    helpdeskId,
    me: ME,
    departments: [
      { id: 1, name: 'Support', private: false },
      { id: 2, name: 'Billing', private: false },
    ],
    tags: [
      { id: 1, name: 'urgent', color: '#e5484d' },
      { id: 2, name: 'vip', color: '#8e4ec6' },
      { id: 3, name: 'bug', color: '#0091ff' },
    ],
    staff: [ME, TERRY, BILLY],
    customResponses: [
      { id: 1, name: 'Thanks', language: 'en', html: '<p>Thanks for writing in!</p>' },
      { id: 2, name: 'Gracias', language: 'es', html: '<p>¡Gracias por escribirnos!</p>' },
    ],
    maxAttachmentBytes: 1024 * 1024,
    languages: ['en', 'es'],
    counts: { mine: 2, new: 1, all: 3 },
    ...over,
  };
}

const ALL_ALLOWED: TicketDetail['can'] = {
  comment: true,
  internalNote: true,
  attach: true,
  assignSelf: true,
  assignOther: true,
  unassign: true,
  changeDepartment: true,
  close: true,
  reopen: true,
  tag: true,
  editTitle: true,
  editBody: false,
  editLastComment: false,
};

let ticketSeq = 0;
export function ticket(helpdeskId: string, over: Partial<TicketDetail> = {}): TicketDetail {
  ticketSeq++;
  const at = new Date(Date.UTC(2026, 10, 1, 9, 0) + ticketSeq * 60_000).toISOString();
  return {
    helpdeskId,
    ticketNumber: 100000 + ticketSeq,
    title: `Ticket ${ticketSeq}`,
    tags: [],
    department: { id: 1, name: 'Support' },
    author: { id: 10 + ticketSeq, name: 'Carla Customer', email: 'carla@example.com', staff: false },
    owner: null,
    closed: false,
    unread: false,
    language: 'en',
    createdAt: at,
    lastActivityAt: at,
    html: '<p>Hello, my printer is on fire.</p>',
    file: null,
    edited: false,
    editedTitle: false,
    events: [],
    freshness: 'fresh',
    can: { ...ALL_ALLOWED },
    why: {},
    editableEventId: null,
    ...over,
  };
}

export function event(over: Partial<TicketEventView> & Pick<TicketEventView, 'type'>): TicketEventView {
  return { id: ++ticketSeq, html: null, author: { id: ME.id, name: ME.name, email: ME.email, staff: true }, at: '2026-11-02T10:00:00.000Z', file: null, internal: false, edited: false, mine: true, ...over };
}

export function toRow(d: TicketDetail): TicketRow {
  const { helpdeskId, ticketNumber, title, tags, department, author, owner, closed, unread, language, createdAt, lastActivityAt } = d;
  return { helpdeskId, ticketNumber, title, tags, department, author, owner, closed, unread, language, createdAt, lastActivityAt };
}

function inQueue(queue: QueueName, t: TicketDetail, me: number): boolean {
  if (queue === 'mine') return t.owner?.id === me && !t.closed;
  if (queue === 'new') return !t.owner && !t.closed;
  return true;
}

function matchesFilters(t: TicketDetail, f: SearchFilters | undefined): boolean {
  if (!f) return true;
  const text = f.text?.toLowerCase();
  if (text && !t.title.toLowerCase().includes(text) && !String(t.ticketNumber).includes(text)) return false;
  if (f.status === 'open' && t.closed) return false;
  if (f.status === 'closed' && !t.closed) return false;
  if (f.departments?.length && !f.departments.includes(t.department.id)) return false;
  if (f.owners?.length && !(t.owner && f.owners.includes(t.owner.id))) return false;
  if (f.assignment === 'assigned' && !t.owner) return false;
  if (f.assignment === 'unassigned' && t.owner) return false;
  if (f.unreadOnly && !t.unread) return false;
  return true;
}

export function defaultSettings(): AppSettings {
  return {
    pollIntervalSeconds: 60,
    notifications: { assigned: true, replies: true, statusChanges: false, newUnassigned: 'auto', sound: true },
    doNotDisturb: { enabled: false, from: '18:00', to: '09:00', days: [1, 2, 3, 4, 5] },
    mutedHelpdesks: [],
  };
}

export interface HelpdeskData {
  meta: HelpdeskMeta;
  tickets: TicketDetail[];
}

/**
 * An in-memory main side: every method is a vi.fn with a sensible default that tests replace
 * with `host.fn['helpdesks:add'].mockRejectedValueOnce(...)` and the like.
 */
export class FakeHost {
  helpdesks: HelpdeskView[];
  info: AppInfo = { name: 'Staffdesk', version: '0.1.0', keychainProblem: null, storeNotice: null };
  readonly status = shallowRef<HostStatus>('connected');
  readonly everConnected = shallowRef(true);
  private listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  readonly fn: { [M in MethodName]: ReturnType<typeof vi.fn<Handlers[M]>> };
  /** Tickets and meta per helpdesk id; helpdesks without an entry get an empty one. */
  readonly data = new Map<string, HelpdeskData>();
  /** Rows per page for queue:open and each queue:loadMore. */
  pageSize = 50;
  /** As the core reports an unfinished queue: the server's page count × 10, not the exact total. */
  totalFromPages = false;
  private loaded = new Map<string, number>();
  /** Drafts by `helpdeskId#ticketNumber`, as the core keeps them. */
  readonly drafts = new Map<string, DraftView>();
  outbox: OutboxItemView[] = [];
  settings: AppSettings = defaultSettings();
  /**
   * What reply:send (and a send-anyway or retry) ends in. null: delivered when the helpdesk is
   * online, queued when it is not, as the real outbox does.
   */
  sendOutcome: { state: OutboxState; changes?: string[]; lastError?: string | null } | null = null;
  /** What a send-anyway or retry ends in; null as for `sendOutcome`. */
  resolveOutcome: FakeHost['sendOutcome'] = null;
  /** A fixed clock for drafts and outbox items, so relative times read the same in every run. */
  now = () => new Date().toISOString();
  private outboxSeq = 0;
  private fileSeq = 0;

  constructor(list: HelpdeskView[] = []) {
    this.helpdesks = list;
    const notImplemented = (method: MethodName) => vi.fn(async () => Promise.reject(fail('internal', `${method} is not part of this fake`)));
    const extra = Object.fromEntries(METHOD_NAMES.map((m) => [m, notImplemented(m)])) as unknown as FakeHost['fn'];
    const update = (id: string, change: Partial<HelpdeskView>) => {
      const found = this.helpdesks.find((h) => h.id === id);
      if (!found) return Promise.reject(fail('not-found', 'That helpdesk is not on this computer any more.'));
      Object.assign(found, change);
      return Promise.resolve({ ...found });
    };
    this.fn = {
      'app:info': vi.fn<Handlers['app:info']>(async () => ({ ...this.info })),
      'helpdesks:list': vi.fn<Handlers['helpdesks:list']>(async () => this.helpdesks.map((h) => ({ ...h }))),
      'helpdesks:probe': vi.fn<Handlers['helpdesks:probe']>(async () => probeOk()),
      'helpdesks:add': vi.fn<Handlers['helpdesks:add']>(async (input) => {
        const view = helpdesk({ label: input.label ?? 'Acme Support', apiRoot: input.url, user: { name: 'Jane Doe', email: input.email, level: 3 } });
        this.helpdesks.push(view);
        return { ...view };
      }),
      'helpdesks:signIn': vi.fn<Handlers['helpdesks:signIn']>(async (input) =>
        update(input.id, { state: 'online', stateMessage: null, user: { name: 'Jane Doe', email: input.email, level: 2 } }),
      ),
      'helpdesks:signOut': vi.fn<Handlers['helpdesks:signOut']>(async (input) =>
        update(input.id, { state: 'signed-out', stateMessage: 'You signed out.', credentialPersistence: 'none' }),
      ),
      'helpdesks:rename': vi.fn<Handlers['helpdesks:rename']>(async (input) => update(input.id, { label: input.label })),
      'helpdesks:remove': vi.fn<Handlers['helpdesks:remove']>(async (input) => {
        this.helpdesks = this.helpdesks.filter((h) => h.id !== input.id);
        return { removed: input.id };
      }),
      'helpdesks:reconnect': vi.fn<Handlers['helpdesks:reconnect']>(async (input) => update(input.id, { state: 'online', stateMessage: null })),
      'helpdesk:meta': vi.fn<Handlers['helpdesk:meta']>(async ({ helpdeskId }) => {
        const d = this.of(helpdeskId);
        // Counted from the seeded tickets, as the core counts the server's queues.
        const count = (q: QueueName) => (d.tickets.length ? d.tickets.filter((t) => inQueue(q, t, d.meta.me.id)).length : d.meta.counts[q]);
        return structuredClone({ ...d.meta, counts: { mine: count('mine'), new: count('new'), all: count('all') } });
      }),
      'queue:open': vi.fn<Handlers['queue:open']>(async (req) => {
        this.loaded.set(this.queueKey(req.helpdeskId, req.queue), this.pageSize);
        return this.queueView(req.helpdeskId, req.queue, req.filters);
      }),
      'queue:loadMore': vi.fn<Handlers['queue:loadMore']>(async (req) => {
        const k = this.queueKey(req.helpdeskId, req.queue);
        this.loaded.set(k, (this.loaded.get(k) ?? this.pageSize) + this.pageSize);
        return this.queueView(req.helpdeskId, req.queue, req.filters);
      }),
      'queue:allHelpdesks': vi.fn<Handlers['queue:allHelpdesks']>(async () => {
        this.loaded.set('all-helpdesks', this.pageSize);
        return this.mergedView();
      }),
      'queue:allHelpdesksLoadMore': vi.fn<Handlers['queue:allHelpdesksLoadMore']>(async () => {
        this.loaded.set('all-helpdesks', (this.loaded.get('all-helpdesks') ?? this.pageSize) + this.pageSize);
        return this.mergedView();
      }),
      'ticket:open': vi.fn<Handlers['ticket:open']>(async (ref) => structuredClone(this.find(ref))),
      'ticket:comment': vi.fn<Handlers['ticket:comment']>(async (req) =>
        this.change(req, (t) => {
          t.events.push(event({ type: 'COMMENT', html: req.html, internal: req.internal, file: req.attachment ? `t${t.ticketNumber}_${'0'.repeat(40)}_${req.attachment.name}` : null }));
        }),
      ),
      'ticket:assign': vi.fn<Handlers['ticket:assign']>(async (req) =>
        this.change(req, (t, m) => {
          const who = m.staff.find((s) => s.id === (req.staffId ?? m.me.id)) ?? m.me;
          t.owner = { id: who.id, name: who.name };
          t.events.push(event({ type: 'ASSIGN', html: who.name }));
        }),
      ),
      'ticket:unassign': vi.fn<Handlers['ticket:unassign']>(async (req) =>
        this.change(req, (t) => {
          t.events.push(event({ type: 'UN_ASSIGN', html: t.owner?.name ?? null }));
          t.owner = null;
        }),
      ),
      'ticket:changeDepartment': vi.fn<Handlers['ticket:changeDepartment']>(async (req) =>
        this.change(req, (t, m) => {
          const dep = m.departments.find((d) => d.id === req.departmentId);
          if (dep) t.department = { id: dep.id, name: dep.name };
          t.events.push(event({ type: 'DEPARTMENT_CHANGED', html: dep?.name ?? null }));
        }),
      ),
      'ticket:close': vi.fn<Handlers['ticket:close']>(async (req) =>
        this.change(req, (t) => {
          t.closed = true;
          t.events.push(event({ type: 'CLOSE' }));
        }),
      ),
      'ticket:reopen': vi.fn<Handlers['ticket:reopen']>(async (req) =>
        this.change(req, (t) => {
          t.closed = false;
          t.events.push(event({ type: 'RE_OPEN' }));
        }),
      ),
      'ticket:addTag': vi.fn<Handlers['ticket:addTag']>(async (req) =>
        this.change(req, (t, m) => {
          const tag = m.tags.find((x) => x.id === req.tagId);
          if (tag && !t.tags.some((x) => x.id === tag.id)) t.tags.push(tag);
        }),
      ),
      'ticket:removeTag': vi.fn<Handlers['ticket:removeTag']>(async (req) =>
        this.change(req, (t) => {
          t.tags = t.tags.filter((x) => x.id !== req.tagId);
        }),
      ),
      'ticket:editTitle': vi.fn<Handlers['ticket:editTitle']>(async (req) =>
        this.change(req, (t) => {
          t.title = req.title;
          t.editedTitle = true;
        }),
      ),
      'ticket:editComment': vi.fn<Handlers['ticket:editComment']>(async (req) =>
        this.change(req, (t) => {
          const e = req.eventId ? t.events.find((x) => x.id === req.eventId) : null;
          if (e) {
            e.html = req.html;
            e.edited = true;
          } else {
            t.html = req.html;
            t.edited = true;
          }
        }),
      ),
      'ticket:download': vi.fn<Handlers['ticket:download']>(async ({ fileName }) => ({ fileName, displayName: fileName.replace(/^.*_/, ''), contentType: 'text/plain', dataBase64: btoa('hello') })),
      // A 1×1 PNG's signature is enough for the sanitizer's inline-image check.
      'image:fetch': vi.fn<Handlers['image:fetch']>(async () => ({ dataUrl: 'data:image/png;base64,iVBORw0KGgo=' })),
      'customer:get': vi.fn<Handlers['customer:get']>(async ({ helpdeskId, userId }): Promise<CustomerView> => {
        const tickets = this.of(helpdeskId).tickets.filter((t) => t.author.id === userId && !t.author.staff);
        const first = tickets[0];
        if (!first) throw fail('not-found', 'No such customer.');
        return { helpdeskId, userId, name: first.author.name, email: first.author.email ?? '', signupAt: '2025-03-01T12:00:00.000Z', verified: true, disabled: false, tickets: tickets.map(toRow) };
      }),
      'palette:search': vi.fn<Handlers['palette:search']>(async ({ text }) => {
        const q = text.toLowerCase();
        return [...this.data.entries()].flatMap(([id, d]) =>
          d.tickets
            .filter((t) => t.title.toLowerCase().includes(q) || String(t.ticketNumber).includes(q))
            .map((t) => ({ helpdeskId: id, helpdeskLabel: this.helpdesks.find((h) => h.id === id)?.label ?? id, ticketNumber: t.ticketNumber, title: t.title, closed: t.closed })),
        );
      }),
      'settings:get': vi.fn<Handlers['settings:get']>(async () => structuredClone(this.settings)),
      'settings:set': vi.fn<Handlers['settings:set']>(async (patch) => {
        const s = this.settings;
        this.settings = {
          pollIntervalSeconds: patch.pollIntervalSeconds ?? s.pollIntervalSeconds,
          notifications: { ...s.notifications, ...patch.notifications },
          doNotDisturb: { ...s.doNotDisturb, ...patch.doNotDisturb },
          mutedHelpdesks: patch.mutedHelpdesks ?? s.mutedHelpdesks,
        };
        return structuredClone(this.settings);
      }),
      'sync:now': vi.fn<Handlers['sync:now']>(async () => ({ started: this.helpdesks.length })),
      'draft:get': vi.fn<Handlers['draft:get']>(async (ref) => {
        const d = this.drafts.get(this.draftKey(ref));
        return d ? structuredClone(d) : null;
      }),
      'draft:save': vi.fn<Handlers['draft:save']>(async (req) => {
        const k = this.draftKey(req);
        const existing = this.drafts.get(k);
        const view = this.draftView(req, { ...existing, html: req.html, internal: req.internal, customResponseId: req.customResponseId ?? null });
        if (!req.html && !view.attachments.length) {
          if (this.drafts.delete(k)) this.emitDrafts();
          return view;
        }
        this.drafts.set(k, view);
        if (!existing) this.emitDrafts();
        return structuredClone(view);
      }),
      'draft:attach': vi.fn<Handlers['draft:attach']>(async (req) => {
        const k = this.draftKey(req);
        const existing = this.drafts.get(k);
        const file = { id: `00000000-0000-4000-9000-${String(++this.fileSeq).padStart(12, '0')}`, name: req.attachment.name, type: req.attachment.type ?? 'application/octet-stream', size: Math.floor((req.attachment.dataBase64.length * 3) / 4) };
        const view = this.draftView(req, { ...existing, attachments: [...(existing?.attachments ?? []), file] });
        this.drafts.set(k, view);
        this.emitDrafts();
        return structuredClone(view);
      }),
      'draft:detach': vi.fn<Handlers['draft:detach']>(async (req) => {
        const k = this.draftKey(req);
        const existing = this.drafts.get(k);
        if (!existing) throw fail('not-found', 'That attachment is no longer on this draft.');
        const view = { ...existing, attachments: existing.attachments.filter((a) => a.id !== req.attachmentId) };
        if (!view.html && !view.attachments.length) this.drafts.delete(k);
        else this.drafts.set(k, view);
        this.emitDrafts();
        return structuredClone(view);
      }),
      'draft:discard': vi.fn<Handlers['draft:discard']>(async (ref) => {
        const discarded = this.drafts.delete(this.draftKey(ref));
        if (discarded) this.emitDrafts();
        return { discarded };
      }),
      'drafts:list': vi.fn<Handlers['drafts:list']>(async () => structuredClone([...this.drafts.values()])),
      'reply:send': vi.fn<Handlers['reply:send']>(async (ref) => {
        const k = this.draftKey(ref);
        const draft = this.drafts.get(k);
        if (!draft) throw fail('not-found', 'There is nothing to send on this ticket.');
        this.drafts.delete(k);
        const item: OutboxItemView = {
          id: ++this.outboxSeq,
          helpdeskId: draft.helpdeskId,
          helpdeskLabel: draft.helpdeskLabel,
          ticketNumber: draft.ticketNumber,
          ticketTitle: draft.ticketTitle,
          internal: draft.internal,
          html: draft.html,
          attachments: draft.attachments,
          state: 'queued',
          changes: [],
          lastError: null,
          queuedAt: this.now(),
          updatedAt: this.now(),
        };
        this.outbox.push(item);
        const ticket = this.settleItem(item);
        this.emitDrafts();
        this.emit('outbox:changed', this.outbox);
        return { state: item.state, item: structuredClone(item), ticket };
      }),
      'outbox:list': vi.fn<Handlers['outbox:list']>(async () => structuredClone(this.outbox)),
      'outbox:resolve': vi.fn<Handlers['outbox:resolve']>(async ({ id, action }) => {
        const item = this.outbox.find((i) => i.id === id);
        if (!item || item.state === 'delivered') throw fail('not-found', 'That reply is no longer in the outbox.');
        if (action === 'discard') this.outbox = this.outbox.filter((i) => i.id !== id);
        else if (action === 'edit') {
          const k = this.draftKey(item);
          if (this.drafts.has(k)) throw fail('conflict', 'You have started another reply on this ticket. Send or discard it first, then edit this one.');
          this.outbox = this.outbox.filter((i) => i.id !== id);
          this.drafts.set(k, this.draftView(item, { html: item.html, internal: item.internal, attachments: item.attachments }));
          this.emitDrafts();
        } else {
          this.settleItem(item, this.resolveOutcome);
        }
        this.emit('outbox:changed', this.outbox);
        return structuredClone(this.outbox);
      }),
    } as Partial<FakeHost['fn']> as FakeHost['fn'];
    this.fn = { ...extra, ...this.fn };
  }

  draftKey(ref: { helpdeskId: string; ticketNumber: number }): string {
    return `${ref.helpdeskId}#${ref.ticketNumber}`;
  }

  private draftView(ref: { helpdeskId: string; ticketNumber: number }, over: Partial<DraftView>): DraftView {
    const at = this.now();
    const title = this.of(ref.helpdeskId).tickets.find((t) => t.ticketNumber === ref.ticketNumber)?.title ?? null;
    return {
      helpdeskId: ref.helpdeskId,
      helpdeskLabel: this.helpdesks.find((h) => h.id === ref.helpdeskId)?.label ?? ref.helpdeskId,
      ticketNumber: ref.ticketNumber,
      ticketTitle: title,
      html: '',
      internal: false,
      customResponseId: null,
      attachments: [],
      createdAt: at,
      ...over,
      updatedAt: at,
    };
  }

  /** Puts a draft in place as if written in an earlier session. */
  seedDraft(ref: { helpdeskId: string; ticketNumber: number }, over: Partial<DraftView> = {}): DraftView {
    const view = { ...this.draftView(ref, { html: '<p>Saved earlier</p>' }), ...over };
    this.drafts.set(this.draftKey(ref), view);
    return view;
  }

  /** Moves an item to the wanted outcome; delivered ones become a comment on the ticket. */
  private settleItem(item: OutboxItemView, wanted = this.sendOutcome): TicketDetail | null {
    const online = this.helpdesks.find((h) => h.id === item.helpdeskId)?.state === 'online';
    const outcome = wanted ?? { state: online ? 'delivered' : 'queued' };
    item.state = outcome.state;
    item.changes = outcome.changes ?? [];
    item.lastError = outcome.lastError ?? null;
    item.updatedAt = this.now();
    if (item.state !== 'delivered') return null;
    this.outbox = this.outbox.filter((i) => i.id !== item.id);
    return this.change(item, (t) => {
      t.events.push(event({ type: 'COMMENT', html: item.html, internal: item.internal, file: item.attachments[0] ? `t${t.ticketNumber}_${'0'.repeat(40)}_${item.attachments[0].name}` : null }));
    });
  }

  private emitDrafts(): void {
    this.emit('drafts:changed', [...this.drafts.values()]);
  }

  of(helpdeskId: string): HelpdeskData {
    let d = this.data.get(helpdeskId);
    if (!d) {
      d = { meta: meta(helpdeskId), tickets: [] };
      this.data.set(helpdeskId, d);
    }
    return d;
  }

  /** Puts tickets (built with `ticket()`) into a helpdesk, returning them. */
  seed(helpdeskId: string, tickets: TicketDetail[], metaOver: Partial<HelpdeskMeta> = {}): TicketDetail[] {
    const d = this.of(helpdeskId);
    d.meta = { ...d.meta, ...metaOver };
    d.tickets.push(...tickets);
    return tickets;
  }

  find(ref: { helpdeskId: string; ticketNumber: number }): TicketDetail {
    const t = this.of(ref.helpdeskId).tickets.find((x) => x.ticketNumber === ref.ticketNumber);
    if (!t) throw fail('not-found', `Ticket #${ref.ticketNumber} does not exist.`);
    return t;
  }

  private change(ref: { helpdeskId: string; ticketNumber: number }, apply: (t: TicketDetail, m: HelpdeskMeta) => void): TicketDetail {
    const t = this.find(ref);
    apply(t, this.of(ref.helpdeskId).meta);
    t.lastActivityAt = new Date(Date.parse(t.lastActivityAt) + 60_000).toISOString();
    return structuredClone(t);
  }

  private queueKey(helpdeskId: string, queue: QueueName): string {
    return `${helpdeskId}/${queue}`;
  }

  queueView(helpdeskId: string, queue: QueueName, filters?: SearchFilters): QueueView {
    const d = this.of(helpdeskId);
    const all = d.tickets.filter((t) => inQueue(queue, t, d.meta.me.id) && (queue !== 'all' || matchesFilters(t, filters)));
    const n = this.loaded.get(this.queueKey(helpdeskId, queue)) ?? this.pageSize;
    const rows = all.slice(0, n).map(toRow);
    const total = this.totalFromPages ? Math.ceil(all.length / 10) * 10 : all.length;
    return { helpdeskId, queue, filters: filters ?? null, rows, total, complete: rows.length >= all.length, freshness: 'fresh', refreshing: false, error: null };
  }

  /** "My tickets" of every helpdesk, `pageSize` more rows per load, as the core reads each helpdesk's pages. */
  mergedView(): QueueView {
    const all = [...this.data.values()].flatMap((d) => d.tickets.filter((t) => inQueue('mine', t, d.meta.me.id)).map(toRow));
    const rows = all.slice(0, this.loaded.get('all-helpdesks') ?? this.pageSize);
    return { helpdeskId: null, queue: 'all-helpdesks', filters: null, rows, total: all.length, complete: rows.length >= all.length, freshness: 'fresh', refreshing: false, error: null };
  }

  get api(): StaffdeskApi {
    const calls: Record<string, unknown> = {
      on: <E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void) => {
        const set = this.listeners.get(name) ?? new Set();
        this.listeners.set(name, set);
        const l = listener as (payload: unknown) => void;
        set.add(l);
        return () => set.delete(l);
      },
    };
    for (const [name, f] of Object.entries(this.fn)) calls[name] = f;
    return calls as unknown as StaffdeskApi;
  }

  get bridge(): Bridge {
    return { api: this.api, transport: 'websocket', status: this.status, everConnected: this.everConnected, close: () => undefined };
  }

  emitChanged(list: HelpdeskView[] = this.helpdesks): void {
    this.helpdesks = list;
    this.emit('helpdesks:changed', list.map((h) => ({ ...h })));
  }

  emit<E extends EventName>(name: E, payload: EventPayloads[E]): void {
    for (const l of this.listeners.get(name) ?? []) l(structuredClone(payload));
  }

  listenerCount(name: EventName): number {
    return this.listeners.get(name)?.size ?? 0;
  }
}

export interface Mounted {
  pinia: Pinia;
}

/** Mounts with what main.ts installs: Pinia, vue-i18n and the bridge. */
export function mountWith<C extends Component>(component: C, host: FakeHost, options: { locale?: SupportedLocale; props?: Record<string, unknown>; attach?: boolean } = {}) {
  const pinia = createPinia();
  const i18n = createAppI18n(options.locale ?? 'en');
  const mountOptions = {
    props: options.props,
    attachTo: options.attach === false ? undefined : document.body.appendChild(document.createElement('div')),
    global: { plugins: [pinia, i18n], provide: { [BRIDGE_KEY as symbol]: host.bridge } },
  } as ComponentMountingOptions<C>;
  return { wrapper: mount(component, mountOptions), pinia };
}

/**
 * Lets every pending promise and Vue update settle, including work put off until after the next
 * frame (the reply editor is built a frame after its ticket shows).
 */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}
