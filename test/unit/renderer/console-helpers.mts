import App from '../../../renderer/src/App.vue';
import type { HelpdeskView, TicketDetail } from '../../../electron/contract';
import { FakeHost, ME, helpdesk, mountWith, settle, ticket } from './fake-host.mts';

/** One helpdesk with the given tickets, the app mounted and settled on My tickets. */
export async function openConsole(build: (helpdeskId: string) => TicketDetail[], over: Partial<HelpdeskView> = {}) {
  const h = helpdesk({ label: 'Acme Support', ...over });
  const host = new FakeHost([h]);
  const tickets = host.seed(h.id, build(h.id));
  const mounted = mountWith(App, host);
  await settle();
  return { host, h, tickets, ...mounted };
}

export const mine = { owner: { id: ME.id, name: ME.name } };

/** `count` tickets assigned to the agent, newest activity first by construction order reversed. */
export function many(helpdeskId: string, count: number): TicketDetail[] {
  return Array.from({ length: count }, (_, i) =>
    ticket(helpdeskId, { ...mine, ticketNumber: 200000 + i, title: `Row ${i}`, lastActivityAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() }),
  );
}

export function listbox(): HTMLElement {
  const el = document.querySelector<HTMLElement>('[role="listbox"]');
  if (!el) throw new Error('no queue list on screen');
  return el;
}

export function options(): HTMLElement[] {
  return Array.from(listbox().querySelectorAll<HTMLElement>('[role="option"]'));
}

export function shownNumbers(): number[] {
  return options().map((o) => Number(o.dataset.ticket));
}

/** jsdom has no layout: give the scroller a scroll position and tell it so. */
export function scrollTo(el: HTMLElement, top: number): void {
  Object.defineProperty(el, 'scrollTop', { value: top, configurable: true, writable: true });
  el.dispatchEvent(new Event('scroll'));
}

export async function clickQueue(name: RegExp): Promise<void> {
  const button = Array.from(document.querySelectorAll<HTMLButtonElement>('nav[aria-label="Queues"] button')).find((b) => name.test(b.getAttribute('aria-label') ?? b.textContent ?? ''));
  if (!button) throw new Error(`no queue button ${String(name)}`);
  button.click();
  await settle();
}

export function ticketRegion(): HTMLElement | null {
  return document.querySelector<HTMLElement>('section.ticket');
}

export { settle };
