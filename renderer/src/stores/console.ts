import { ref } from 'vue';
import { defineStore } from 'pinia';

export type Section = 'queues' | 'settings';
export type FocusTarget = 'list' | 'search' | 'reply' | 'note' | 'ticket';

/**
 * The console's own state: which part is showing, which overlays are open, and requests to move
 * focus that one component makes and another carries out (a shortcut asks, the reply box obeys).
 */
export const useConsoleStore = defineStore('console', () => {
  const section = ref<Section>('queues');
  const paletteOpen = ref(false);
  const helpOpen = ref(false);
  const focusRequest = ref<{ target: FocusTarget; seq: number } | null>(null);
  let seq = 0;

  function requestFocus(target: FocusTarget): void {
    focusRequest.value = { target, seq: ++seq };
  }

  return { section, paletteOpen, helpOpen, focusRequest, requestFocus };
});
