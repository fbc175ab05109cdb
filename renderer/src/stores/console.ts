import { ref } from 'vue';
import { defineStore } from 'pinia';
import type { QueueName } from '../../../electron/contract';

export type Section = 'queues' | 'settings' | 'drafts' | 'outbox' | 'notifications';
export type FocusTarget = 'list' | 'search' | 'reply' | 'note' | 'ticket';

/** Where to go: a ticket, or a queue when there is no single ticket (a grouped notification). */
export interface Destination {
  helpdeskId: string;
  ticketNumber: number | null;
  queue: QueueName | null;
}

/**
 * The console's own state: which part is showing, which overlays are open, and requests to move
 * focus that one component makes and another carries out (a shortcut asks, the reply box obeys).
 */
export const useConsoleStore = defineStore('console', () => {
  const section = ref<Section>('queues');
  const paletteOpen = ref(false);
  const helpOpen = ref(false);
  const focusRequest = ref<{ target: FocusTarget; seq: number } | null>(null);
  /** A place to open, asked for from outside the console (a notification, the Drafts list); the console takes it. */
  const navigation = ref<(Destination & { seq: number }) | null>(null);
  let seq = 0;

  function requestFocus(target: FocusTarget): void {
    focusRequest.value = { target, seq: ++seq };
  }

  function navigate(to: Destination): void {
    navigation.value = { helpdeskId: to.helpdeskId, ticketNumber: to.ticketNumber, queue: to.queue, seq: ++seq };
  }

  return { section, paletteOpen, helpOpen, focusRequest, requestFocus, navigation, navigate };
});
