import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { DownloadView, TagView, TicketAction, TicketDetail } from '../../../electron/contract';
import { useBridge } from '../bridge';
import { useMetaStore } from './meta';
import { useQueuesStore } from './queues';

export interface TicketRef {
  helpdeskId: string;
  ticketNumber: number;
}

export type ActionKey = 'comment' | 'assign' | 'unassign' | 'department' | 'close' | 'reopen' | 'tag' | 'title' | 'edit';

/** A change the server refused: what was tried, on what, why, and whether the screen was put back. */
export interface ActionFailure {
  action: ActionKey | 'addTag' | 'removeTag';
  subject: string | null;
  error: unknown;
  undone: boolean;
}

/** Applied at once and reversed on failure: only for changes that are cheap to show and to undo. */
interface Optimistic {
  apply: (d: TicketDetail) => TicketDetail;
  undo: (d: TicketDetail) => TicketDetail;
}

const sameRef = (a: TicketRef | null, b: TicketRef | null) => !!a && !!b && a.helpdeskId === b.helpdeskId && a.ticketNumber === b.ticketNumber;

export const useTicketStore = defineStore('ticket', () => {
  const api = useBridge().api;
  const meta = useMetaStore();
  const queues = useQueuesStore();

  const current = ref<TicketRef | null>(null);
  /** The last ticket loaded; only shown while it is the one asked for (see `shown`). */
  const loaded = shallowRef<TicketDetail | null>(null);
  const loading = ref(false);
  const loadError = shallowRef<unknown>(null);
  const busy = ref<Partial<Record<ActionKey, boolean>>>({});
  const failure = shallowRef<ActionFailure | null>(null);
  /** A sentence for an action the agent asked for but may not do (e.g. by shortcut). */
  const refusal = ref<string | null>(null);
  const imagesShown = ref<string[]>([]);
  let seq = 0;
  let unsubscribe: (() => void) | null = null;

  const key = computed(() => (current.value ? `${current.value.helpdeskId}#${current.value.ticketNumber}` : null));
  const showImages = computed(() => !!key.value && imagesShown.value.includes(key.value));
  /** Only the opened ticket's own detail counts, never the one before it still on screen. */
  const shown = computed(() => (loaded.value && sameRef(current.value, loaded.value) ? loaded.value : null));

  function start(): void {
    unsubscribe ??= api.on('ticket:changed', (d) => {
      if (sameRef(current.value, d)) loaded.value = d;
      queues.patchRow(d);
    });
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  async function open(ref: TicketRef): Promise<void> {
    const mine = ++seq;
    if (!sameRef(current.value, ref)) {
      failure.value = null;
      refusal.value = null;
    }
    current.value = { helpdeskId: ref.helpdeskId, ticketNumber: ref.ticketNumber };
    loading.value = true;
    loadError.value = null;
    void meta.load(ref.helpdeskId);
    try {
      const d = await api['ticket:open'](current.value);
      if (mine !== seq) return;
      loaded.value = d;
      queues.patchRow(d);
    } catch (e) {
      if (mine === seq) loadError.value = e;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  function close(): void {
    seq++;
    current.value = null;
    loaded.value = null;
    loading.value = false;
    loadError.value = null;
    failure.value = null;
    refusal.value = null;
  }

  function reload(): Promise<void> {
    return current.value ? open(current.value) : Promise.resolve();
  }

  function can(action: TicketAction): boolean {
    return !!shown.value?.can[action];
  }

  function why(action: TicketAction): string | null {
    const d = shown.value;
    if (!d || d.can[action]) return null;
    return d.why[action] ?? null;
  }

  async function perform(action: ActionFailure['action'], busyKey: ActionKey, subject: string | null, call: (ref: TicketRef) => Promise<TicketDetail>, optimistic?: Optimistic): Promise<boolean> {
    const ref = current.value;
    if (!ref || busy.value[busyKey]) return false;
    busy.value = { ...busy.value, [busyKey]: true };
    failure.value = null;
    refusal.value = null;
    if (optimistic && shown.value) loaded.value = optimistic.apply(shown.value);
    try {
      const result = await call(ref);
      if (sameRef(current.value, result)) loaded.value = result;
      queues.patchRow(result);
      return true;
    } catch (error) {
      const stillHere = sameRef(current.value, ref);
      if (optimistic && stillHere && shown.value) loaded.value = optimistic.undo(shown.value);
      if (stillHere) failure.value = { action, subject, error, undone: !!optimistic };
      return false;
    } finally {
      busy.value = { ...busy.value, [busyKey]: false };
    }
  }

  function assignSelf(): Promise<boolean> {
    return perform('assign', 'assign', null, (ref) => api['ticket:assign']({ ...ref }));
  }

  /** The server refuses to assign an owned ticket, so a hand-over is un-assign, then assign. */
  function assignTo(staffId: number, name: string): Promise<boolean> {
    const owned = !!shown.value?.owner;
    return perform('assign', 'assign', name, async (ref) => {
      if (owned) await api['ticket:unassign']({ ...ref });
      return api['ticket:assign']({ ...ref, staffId });
    });
  }

  function unassign(): Promise<boolean> {
    return perform('unassign', 'unassign', shown.value?.owner?.name ?? null, (ref) => api['ticket:unassign']({ ...ref }));
  }

  function changeDepartment(departmentId: number, name: string): Promise<boolean> {
    return perform('department', 'department', name, (ref) => api['ticket:changeDepartment']({ ...ref, departmentId }));
  }

  function closeTicket(): Promise<boolean> {
    return perform('close', 'close', null, (ref) => api['ticket:close']({ ...ref }), {
      apply: (d) => ({ ...d, closed: true }),
      undo: (d) => ({ ...d, closed: false }),
    });
  }

  function reopen(): Promise<boolean> {
    return perform('reopen', 'reopen', null, (ref) => api['ticket:reopen']({ ...ref }), {
      apply: (d) => ({ ...d, closed: false }),
      undo: (d) => ({ ...d, closed: true }),
    });
  }

  function addTag(tag: TagView): Promise<boolean> {
    if (tag.id === null) return Promise.resolve(false);
    const tagId = tag.id;
    return perform('addTag', 'tag', tag.name, (ref) => api['ticket:addTag']({ ...ref, tagId }), {
      apply: (d) => (d.tags.some((t) => t.name === tag.name) ? d : { ...d, tags: [...d.tags, tag] }),
      undo: (d) => ({ ...d, tags: d.tags.filter((t) => t.name !== tag.name) }),
    });
  }

  function removeTag(tag: TagView): Promise<boolean> {
    const resolved = tag.id ?? (current.value ? meta.tagByName(current.value.helpdeskId, tag.name)?.id : null) ?? null;
    if (resolved === null) return Promise.resolve(false);
    const index = shown.value?.tags.findIndex((t) => t.name === tag.name) ?? -1;
    return perform('removeTag', 'tag', tag.name, (ref) => api['ticket:removeTag']({ ...ref, tagId: resolved }), {
      apply: (d) => ({ ...d, tags: d.tags.filter((t) => t.name !== tag.name) }),
      undo: (d) => {
        if (d.tags.some((t) => t.name === tag.name)) return d;
        const tags = [...d.tags];
        tags.splice(index < 0 ? tags.length : Math.min(index, tags.length), 0, tag);
        return { ...d, tags };
      },
    });
  }

  function editTitle(title: string): Promise<boolean> {
    return perform('title', 'title', null, (ref) => api['ticket:editTitle']({ ...ref, title }));
  }

  /** `eventId` undefined edits the ticket's own first message. */
  function editComment(eventId: number | undefined, html: string): Promise<boolean> {
    return perform('edit', 'edit', null, (ref) => api['ticket:editComment']({ ...ref, html, ...(eventId ? { eventId } : {}) }));
  }

  function download(fileName: string): Promise<DownloadView> {
    const helpdeskId = current.value?.helpdeskId;
    if (!helpdeskId) return Promise.reject(new Error('No ticket is open.'));
    return api['ticket:download']({ helpdeskId, fileName });
  }

  /** A remote image of the open ticket, fetched by the core: resolves to a data: URL. */
  async function fetchImage(url: string): Promise<string> {
    const ref = current.value;
    if (!ref) throw new Error('No ticket is open.');
    return (await api['image:fetch']({ helpdeskId: ref.helpdeskId, ticketNumber: ref.ticketNumber, url })).dataUrl;
  }

  function setShowImages(on: boolean): void {
    const k = key.value;
    if (!k) return;
    imagesShown.value = on ? [...new Set([...imagesShown.value, k])] : imagesShown.value.filter((x) => x !== k);
  }

  function refuse(sentence: string): void {
    failure.value = null;
    refusal.value = sentence;
  }

  function dismissMessages(): void {
    failure.value = null;
    refusal.value = null;
  }

  /** A fresher copy that arrived some other way (a reply delivered at once carries its ticket). */
  function applyDetail(d: TicketDetail): void {
    if (sameRef(current.value, d)) loaded.value = d;
    queues.patchRow(d);
  }

  return {
    current,
    detail: shown,
    loading,
    loadError,
    busy,
    failure,
    refusal,
    showImages,
    start,
    stop,
    open,
    close,
    reload,
    can,
    why,
    assignSelf,
    assignTo,
    unassign,
    changeDepartment,
    closeTicket,
    reopen,
    addTag,
    removeTag,
    editTitle,
    editComment,
    download,
    fetchImage,
    setShowImages,
    refuse,
    dismissMessages,
    applyDetail,
  };
});
