import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import type { AttachmentView, DraftView, MethodArgs } from '../../../electron/contract';
import { useBridge } from '../bridge';
import type { TicketRef } from './ticket';

export type DraftContent = Omit<MethodArgs<'draft:save'>[0], 'helpdeskId' | 'ticketNumber'>;
export type NewAttachment = MethodArgs<'draft:attach'>[0]['attachment'];

/**
 * Reply drafts as the main side keeps them (they survive a restart), across every helpdesk.
 * The list is for the Drafts view and the sidebar count; the reply box reads and writes its own
 * ticket's draft through the calls here.
 */
export const useDraftsStore = defineStore('drafts', () => {
  const api = useBridge().api;
  const list = ref<DraftView[]>([]);
  const loaded = ref(false);
  let unsubscribe: (() => void) | null = null;

  const count = computed(() => list.value.length);
  /** Newest first: the one just left is the one most likely to be picked up again. */
  const sorted = computed(() => [...list.value].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt)));

  function setList(drafts: DraftView[]): void {
    list.value = drafts;
    loaded.value = true;
  }

  function start(): void {
    // Subscribing before asking means a change racing the first list is not missed.
    unsubscribe ??= api.on('drafts:changed', setList);
    void refresh();
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  async function refresh(): Promise<void> {
    try {
      setList(await api['drafts:list']());
    } catch {
      // The count is a convenience; the reply box still reads each draft on its own.
    }
  }

  function upsert(view: DraftView): void {
    const same = (d: DraftView) => d.helpdeskId === view.helpdeskId && d.ticketNumber === view.ticketNumber;
    list.value = list.value.some(same) ? list.value.map((d) => (same(d) ? view : d)) : [...list.value, view];
  }

  function forget(ref: TicketRef): void {
    list.value = list.value.filter((d) => !(d.helpdeskId === ref.helpdeskId && d.ticketNumber === ref.ticketNumber));
  }

  function get(ref: TicketRef): Promise<DraftView | null> {
    return api['draft:get']({ helpdeskId: ref.helpdeskId, ticketNumber: ref.ticketNumber });
  }

  async function save(ref: TicketRef, content: DraftContent): Promise<DraftView> {
    const view = await api['draft:save']({ helpdeskId: ref.helpdeskId, ticketNumber: ref.ticketNumber, ...content });
    // An empty save deletes the draft on the main side; the list follows without waiting for the event.
    if (!content.html && !view.attachments.length) forget(ref);
    else upsert(view);
    return view;
  }

  async function attach(ref: TicketRef, attachment: NewAttachment): Promise<DraftView> {
    const view = await api['draft:attach']({ helpdeskId: ref.helpdeskId, ticketNumber: ref.ticketNumber, attachment });
    upsert(view);
    return view;
  }

  async function detach(ref: TicketRef, file: AttachmentView): Promise<DraftView> {
    const view = await api['draft:detach']({ helpdeskId: ref.helpdeskId, ticketNumber: ref.ticketNumber, attachmentId: file.id });
    upsert(view);
    return view;
  }

  async function discard(ref: TicketRef): Promise<void> {
    await api['draft:discard']({ helpdeskId: ref.helpdeskId, ticketNumber: ref.ticketNumber });
    forget(ref);
  }

  return { list, sorted, loaded, count, start, stop, refresh, get, save, attach, detach, discard, forget };
});
