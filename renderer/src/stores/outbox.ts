import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import type { OutboxItemView, SendResult } from '../../../electron/contract';
import { useBridge } from '../bridge';
import type { TicketRef } from './ticket';

export type ResolveAction = 'send-anyway' | 'edit' | 'discard' | 'retry';

/**
 * Replies that have been sent from Staffdesk but are not yet on the helpdesk: queued while it is
 * unreachable, being sent, held because the ticket changed, or failed. Delivered ones drop out.
 */
export const useOutboxStore = defineStore('outbox', () => {
  const api = useBridge().api;
  const items = ref<OutboxItemView[]>([]);
  /** Item ids with a resolve call under way, so a button is not pressed twice. */
  const busy = ref<number[]>([]);
  let unsubscribe: (() => void) | null = null;

  const pending = computed(() => items.value.filter((i) => i.state !== 'delivered').sort((a, b) => Date.parse(a.queuedAt) - Date.parse(b.queuedAt)));
  const count = computed(() => pending.value.length);

  function start(): void {
    unsubscribe ??= api.on('outbox:changed', (list) => (items.value = list));
    void refresh();
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  async function refresh(): Promise<void> {
    try {
      items.value = await api['outbox:list']();
    } catch {
      // Shown again on the next outbox:changed; the thread simply has no pending items meanwhile.
    }
  }

  function upsert(item: OutboxItemView): void {
    items.value = items.value.some((i) => i.id === item.id) ? items.value.map((i) => (i.id === item.id ? item : i)) : [...items.value, item];
  }

  function forTicket(ref: TicketRef | null): OutboxItemView[] {
    if (!ref) return [];
    return pending.value.filter((i) => i.helpdeskId === ref.helpdeskId && i.ticketNumber === ref.ticketNumber);
  }

  async function send(ref: TicketRef): Promise<SendResult> {
    const result = await api['reply:send']({ helpdeskId: ref.helpdeskId, ticketNumber: ref.ticketNumber });
    upsert(result.item);
    return result;
  }

  async function resolve(id: number, action: ResolveAction): Promise<OutboxItemView[]> {
    busy.value = [...busy.value, id];
    try {
      const list = await api['outbox:resolve']({ id, action });
      items.value = list;
      return list;
    } finally {
      busy.value = busy.value.filter((x) => x !== id);
    }
  }

  function isBusy(id: number): boolean {
    return busy.value.includes(id);
  }

  return { items, pending, count, start, stop, refresh, forTicket, send, resolve, isBusy };
});
