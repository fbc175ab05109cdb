import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import type { NotificationView } from '../../../electron/contract';
import { useBridge } from '../bridge';
import { useConsoleStore } from './console';
import { useHelpdesksStore } from './helpdesks';

/** Set once the agent answered the "turn on desktop notifications" banner, either way. */
export const BANNER_KEY = 'staffdesk:notification-banner-dismissed';
/** Long enough to read a title and a sentence; the toast also has its own close button. */
export const TOAST_MS = 12_000;
const MAX_TOASTS = 4;

export type WebPermission = NotificationPermission | 'unsupported';

function readFlag(): boolean {
  try {
    return localStorage.getItem(BANNER_KEY) === '1';
  } catch {
    return false;
  }
}

function writeFlag(): void {
  try {
    localStorage.setItem(BANNER_KEY, '1');
  } catch {
    // Without storage the banner may come back next time; that is only a small annoyance.
  }
}

/** The Web Notification API, only in the browser host: the desktop shell shows native ones itself. */
function webNotifications(): typeof Notification | null {
  if (typeof window === 'undefined' || window.staffdesk) return null;
  return typeof window.Notification === 'function' ? window.Notification : null;
}

/**
 * Notifications from the core. Every one becomes an in-app toast, so nothing is lost when OS
 * notifications are off; in the browser host it also becomes a Web Notification once the agent has
 * allowed them. Permission is only ever asked for from a click: browsers ignore or penalise prompts
 * that nobody asked for.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const api = useBridge().api;
  const consoleStore = useConsoleStore();
  const helpdesks = useHelpdesksStore();
  const toasts = ref<NotificationView[]>([]);
  const permission = ref<WebPermission>(webNotifications()?.permission ?? 'unsupported');
  const bannerDismissed = ref(readFlag());
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let unsubscribe: (() => void) | null = null;

  const supported = computed(() => permission.value !== 'unsupported');
  const showBanner = computed(() => permission.value === 'default' && !bannerDismissed.value);

  function start(): void {
    unsubscribe ??= api.on('notification:show', show);
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = null;
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  }

  function show(n: NotificationView): void {
    toasts.value = [...toasts.value.filter((x) => x.id !== n.id), n].slice(-MAX_TOASTS);
    const old = timers.get(n.id);
    if (old) clearTimeout(old);
    timers.set(
      n.id,
      setTimeout(() => dismiss(n.id), TOAST_MS),
    );
    const Web = webNotifications();
    if (!Web || Web.permission !== 'granted') return;
    try {
      const note = new Web(n.title, { body: n.body, tag: n.id, silent: !n.sound });
      note.onclick = () => {
        window.focus();
        note.close();
        open(n);
      };
    } catch {
      // Some browsers only allow notifications from a service worker; the toast already shows it.
    }
  }

  function dismiss(id: string): void {
    toasts.value = toasts.value.filter((x) => x.id !== id);
    const timer = timers.get(id);
    if (timer) clearTimeout(timer);
    timers.delete(id);
  }

  /** The same route as the desktop shell's app:navigate: the ticket, or the queue of a group. */
  function open(n: NotificationView): void {
    dismiss(n.id);
    helpdesks.closeAdd();
    helpdesks.select(n.helpdeskId);
    consoleStore.navigate({ helpdeskId: n.helpdeskId, ticketNumber: n.ticketNumber, queue: n.ticketNumber ? n.queue : (n.queue ?? 'new') });
  }

  async function requestPermission(): Promise<void> {
    const Web = webNotifications();
    if (!Web) return;
    dismissBanner();
    try {
      permission.value = await Web.requestPermission();
    } catch {
      permission.value = Web.permission;
    }
  }

  function dismissBanner(): void {
    bannerDismissed.value = true;
    writeFlag();
  }

  return { toasts, permission, supported, showBanner, start, stop, show, dismiss, open, requestPermission, dismissBanner };
});
