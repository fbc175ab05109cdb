import { computed, nextTick, onBeforeUnmount, onMounted, onUnmounted, ref, type Ref } from 'vue';

const open = ref(0);

/** Global shortcuts must stand still while a modal dialog has the person's attention. */
export const modalOpen = computed(() => open.value > 0);

export function trackModal(): () => void {
  open.value++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    open.value--;
  };
}

const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [href], [tabindex]:not([tabindex="-1"])';

/**
 * What every modal dialog here does: counts itself open, takes the rest of the page out of the
 * accessibility tree and the tab order, keeps Tab inside, and gives focus back to whatever opened
 * it (or to <main> when that is gone) after it closes.
 */
export function useModalDialog(options: {
  /** The element teleported to <body>; its siblings become inert. */
  root: Ref<HTMLElement | null>;
  dialog: Ref<HTMLElement | null>;
  initialFocus: () => HTMLElement | null | undefined;
  onEscape: () => void;
}): { onKeydown: (event: KeyboardEvent) => void } {
  let opener: Element | null = null;
  let releaseModal: () => void = () => undefined;
  const hidden: Element[] = [];

  onMounted(() => {
    opener = document.activeElement;
    releaseModal = trackModal();
    for (const el of Array.from(document.body.children)) {
      if (el === options.root.value || el.hasAttribute('inert') || el.tagName === 'SCRIPT') continue;
      el.setAttribute('inert', '');
      el.setAttribute('aria-hidden', 'true');
      hidden.push(el);
    }
    void nextTick(() => options.initialFocus()?.focus());
  });

  onBeforeUnmount(() => {
    for (const el of hidden) {
      el.removeAttribute('inert');
      el.removeAttribute('aria-hidden');
    }
    releaseModal();
  });

  // After the page has re-rendered: the opener may be gone (a removed helpdesk), then focus lands on main.
  onUnmounted(() => {
    void nextTick(() => {
      const back = opener instanceof HTMLElement && opener.isConnected && opener !== document.body ? opener : document.querySelector<HTMLElement>('main');
      back?.focus();
    });
  });

  function onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      options.onEscape();
      return;
    }
    if (event.key !== 'Tab') return;
    const items = Array.from(options.dialog.value?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    const active = document.activeElement;
    if (event.shiftKey && (active === first || !options.dialog.value?.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !options.dialog.value?.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }

  return { onKeydown };
}
