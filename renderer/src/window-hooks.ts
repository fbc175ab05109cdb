import { onBeforeUnmount, onMounted, watchEffect } from 'vue';
import type { StaffdeskApi } from '../../electron/contract';

export const APP_TITLE = 'Staffdesk';
/** Focus can flap (alt-tab, devtools); the core polls on its own schedule anyway. */
export const SYNC_FOCUS_MS = 10_000;

export function titleFor(unread: number): string {
  return unread > 0 ? `(${unread}) ${APP_TITLE}` : APP_TITLE;
}

/** "(N) Staffdesk" in the tab or task bar, N being the unread tickets across every helpdesk. */
export function useWindowTitle(total: () => number): void {
  watchEffect(() => {
    document.title = titleFor(total());
  });
}

/**
 * Asks the core to poll now when the agent comes back to the window, so what they look at is
 * current, but at most once every SYNC_FOCUS_MS: `focus` and `visibilitychange` often fire together.
 */
export function useSyncOnFocus(api: StaffdeskApi, now: () => number = () => Date.now()): void {
  let last = -Infinity;
  const sync = () => {
    const t = now();
    if (t - last < SYNC_FOCUS_MS) return;
    last = t;
    api['sync:now']({}).catch(() => {
      // A failed poll shows up as the helpdesk's state; nothing to say here.
    });
  };
  const onVisibility = () => {
    if (document.visibilityState === 'visible') sync();
  };
  onMounted(() => {
    window.addEventListener('focus', sync);
    document.addEventListener('visibilitychange', onVisibility);
  });
  onBeforeUnmount(() => {
    window.removeEventListener('focus', sync);
    document.removeEventListener('visibilitychange', onVisibility);
  });
}
