import { defineAsyncComponent } from 'vue';

/**
 * The rich-text editor (TipTap and ProseMirror) is the larger part of the renderer's code and is
 * only needed once a ticket is open: it is a chunk of its own, so the first screen does not parse
 * it, and `prefetchRichEditor` loads it while the agent is still looking at the list.
 */
const load = () => import('./RichEditor.vue');

export const RichEditor = defineAsyncComponent(load);

export function prefetchRichEditor(): void {
  void load().catch(() => undefined);
}
