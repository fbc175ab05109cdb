// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import App from '../../../renderer/src/App.vue';
import type { NotificationView } from '../../../electron/contract';
import { FakeHost, helpdesk, mountWith, settle, ticket } from './fake-host.mts';
import { getByRole } from './dom.mts';
import { ticketRegion } from './console-helpers.mts';

/** A stand-in for the browser's Notification: records what was shown and how permission was asked. */
class FakeNotification {
  static permission: NotificationPermission = 'default';
  static requestPermission = vi.fn(async () => {
    FakeNotification.permission = 'granted';
    return FakeNotification.permission;
  });
  static shown: FakeNotification[] = [];
  onclick: (() => void) | null = null;
  close = vi.fn();
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this);
  }
}

enableAutoUnmount(afterEach);
beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
  document.title = '';
  FakeNotification.permission = 'default';
  FakeNotification.shown = [];
  FakeNotification.requestPermission.mockClear();
  vi.stubGlobal('Notification', FakeNotification);
});
afterEach(() => {
  vi.unstubAllGlobals();
  delete window.staffdesk;
});

async function setup(list = [helpdesk({ label: 'Acme Support' })]) {
  const host = new FakeHost(list);
  const h = list[0]!;
  const tickets = host.seed(h.id, [ticket(h.id, { title: 'Printer on fire' }), ticket(h.id, { title: 'Other' })]);
  const mounted = mountWith(App, host);
  await settle();
  return { host, h, tickets, ...mounted };
}

function note(over: Partial<NotificationView> & Pick<NotificationView, 'helpdeskId'>): NotificationView {
  return { id: 'n1', kind: 'reply', title: 'Acme Support · #100001 Printer on fire', body: 'Carla replied: it is still burning', sound: true, ticketNumber: null, queue: null, ...over };
}

function check(name: string): HTMLInputElement {
  const label = Array.from(document.querySelectorAll('label')).find((l) => l.textContent?.trim() === name);
  const input = label?.querySelector('input');
  if (!(input instanceof HTMLInputElement)) throw new Error(`no control ${name}`);
  return input;
}

function toggle(input: HTMLInputElement, checked = !input.checked): void {
  input.checked = checked;
  input.dispatchEvent(new Event('change'));
}

describe('notifications in the browser host', () => {
  it('never asks for permission on load; the banner and the settings ask on a click', async () => {
    await setup();
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    const banner = getByRole('button', 'Turn on desktop notifications');
    banner.click();
    await settle();
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    // Answered: the banner does not come back.
    expect(document.body.textContent).not.toContain('Get a desktop notification when a ticket needs you.');
    getByRole('button', 'Notifications').click();
    await settle();
    expect(document.body.textContent).toContain('Desktop notifications are on for this page.');
  });

  it('"Not now" hides the banner for good', async () => {
    await setup();
    getByRole('button', 'Not now').click();
    await settle();
    expect(localStorage.getItem('staffdesk:notification-banner-dismissed')).toBe('1');
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
  });

  it('shows a Web Notification and a toast; clicking it focuses the window and opens the ticket', async () => {
    FakeNotification.permission = 'granted';
    const { host, h, tickets } = await setup();
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => undefined);
    host.emit('notification:show', note({ helpdeskId: h.id, ticketNumber: tickets[0]!.ticketNumber, sound: false }));
    await settle();
    const [shown] = FakeNotification.shown;
    expect(shown?.title).toBe('Acme Support · #100001 Printer on fire');
    expect(shown?.options).toEqual({ body: 'Carla replied: it is still burning', tag: 'n1', silent: true });
    const toasts = document.querySelector('[role="status"][aria-label="Notifications"]');
    expect(toasts?.textContent).toContain('Carla replied: it is still burning');
    shown?.onclick?.();
    await settle();
    expect(focus).toHaveBeenCalled();
    expect(shown?.close).toHaveBeenCalled();
    expect(ticketRegion()?.querySelector('h2')?.textContent).toContain('Printer on fire');
  });

  it('opens the queue for a group notification, from the toast too', async () => {
    const { host, h } = await setup();
    host.emit('notification:show', note({ id: 'g1', kind: 'group', helpdeskId: h.id, title: 'Acme Support: 7 new tickets', body: '', queue: 'new' }));
    await settle();
    // Permission not given: no OS notification, the toast still says it.
    expect(FakeNotification.shown).toHaveLength(0);
    getByRole('button', 'Open', document.querySelector<HTMLElement>('[aria-label="Notifications"]')!).click();
    await settle();
    expect(host.fn['queue:open']).toHaveBeenLastCalledWith(expect.objectContaining({ helpdeskId: h.id, queue: 'new' }));
    expect(document.querySelector('[aria-label="Notifications"]')?.textContent).not.toContain('7 new tickets');
  });

  it('leaves OS notifications to the desktop shell', async () => {
    FakeNotification.permission = 'granted';
    window.staffdesk = {} as NonNullable<typeof window.staffdesk>;
    const { host, h } = await setup();
    host.emit('notification:show', note({ helpdeskId: h.id }));
    await settle();
    expect(FakeNotification.shown).toHaveLength(0);
    expect(document.body.textContent).not.toContain('Get a desktop notification');
  });
});

describe('notification settings', () => {
  it('saves each change at once with settings:set, and follows settings:changed', async () => {
    const { host, h } = await setup();
    getByRole('button', 'Notifications').click();
    await settle();
    toggle(check('Status changes on my tickets'), true);
    await settle();
    expect(host.fn['settings:set']).toHaveBeenLastCalledWith({ notifications: { statusChanges: true } });
    toggle(check('Off'), true);
    await settle();
    expect(host.fn['settings:set']).toHaveBeenLastCalledWith({ notifications: { newUnassigned: 'off' } });
    expect(document.body.textContent).toContain('Automatic: on while you own no tickets');
    toggle(check('Play a sound'), false);
    await settle();
    expect(host.fn['settings:set']).toHaveBeenLastCalledWith({ notifications: { sound: false } });
    toggle(check('Quiet hours: no notifications'), true);
    await settle();
    expect(host.fn['settings:set']).toHaveBeenLastCalledWith({ doNotDisturb: { enabled: true } });
    const saturday = document.querySelector<HTMLInputElement>('input[aria-label="Saturday"]')!;
    toggle(saturday, true);
    await settle();
    expect(host.fn['settings:set']).toHaveBeenLastCalledWith({ doNotDisturb: { days: [1, 2, 3, 4, 5, 6] } });
    toggle(document.querySelector<HTMLInputElement>(`input[aria-label="Mute notifications from Acme Support"]`)!, true);
    await settle();
    expect(host.fn['settings:set']).toHaveBeenLastCalledWith({ mutedHelpdesks: [h.id] });

    const poll = document.querySelector<HTMLInputElement>('input[type="number"]')!;
    poll.value = '2';
    poll.dispatchEvent(new Event('input'));
    poll.dispatchEvent(new Event('change'));
    await settle();
    expect(poll.getAttribute('aria-invalid')).toBe('true');
    expect(host.fn['settings:set']).not.toHaveBeenCalledWith({ pollIntervalSeconds: 2 });
    poll.value = '120';
    poll.dispatchEvent(new Event('input'));
    poll.dispatchEvent(new Event('change'));
    await settle();
    expect(host.fn['settings:set']).toHaveBeenLastCalledWith({ pollIntervalSeconds: 120 });

    host.emit('settings:changed', { ...host.settings, notifications: { ...host.settings.notifications, assigned: false } });
    await settle();
    expect(check('Tickets assigned to me').checked).toBe(false);
  });

  it('puts the current helpdesk’s mute switch on its settings page', async () => {
    const { host, h } = await setup();
    getByRole('button', 'Settings and account').click();
    await settle();
    toggle(check('Mute notifications from this helpdesk'), true);
    await settle();
    expect(host.fn['settings:set']).toHaveBeenLastCalledWith({ mutedHelpdesks: [h.id] });
  });
});

describe('window', () => {
  it('puts the unread total in the title', async () => {
    const a = helpdesk({ label: 'A', unread: 2 });
    const b = helpdesk({ label: 'B', unread: 3 });
    const { host } = await setup([a, b]);
    expect(document.title).toBe('(5) Staffdesk');
    host.emitChanged([{ ...a, unread: 0 }, { ...b, unread: 0 }]);
    await settle();
    expect(document.title).toBe('Staffdesk');
  });

  it('asks for a sync when the window comes back, at most every 10 seconds', async () => {
    const { host } = await setup();
    const now = vi.spyOn(Date, 'now');
    now.mockReturnValue(1_000_000);
    window.dispatchEvent(new Event('focus'));
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    expect(host.fn['sync:now']).toHaveBeenCalledTimes(1);
    expect(host.fn['sync:now']).toHaveBeenCalledWith({});
    now.mockReturnValue(1_009_000);
    window.dispatchEvent(new Event('focus'));
    expect(host.fn['sync:now']).toHaveBeenCalledTimes(1);
    now.mockReturnValue(1_011_000);
    window.dispatchEvent(new Event('focus'));
    expect(host.fn['sync:now']).toHaveBeenCalledTimes(2);
    now.mockRestore();
  });
});
