// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import App from '../../../renderer/src/App.vue';
import type { OutboxItemView } from '../../../electron/contract';
import { FakeHost, helpdesk, mountWith, settle, ticket } from './fake-host.mts';
import { getByRole } from './dom.mts';
import { ticketRegion } from './console-helpers.mts';

enableAutoUnmount(afterEach);
beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});

/** Two helpdesks, a draft in each, and two replies in the outbox. */
async function setup() {
  const a = helpdesk({ label: 'Acme Support' });
  const b = helpdesk({ label: 'Beta Desk' });
  const host = new FakeHost([a, b]);
  const [ta] = host.seed(a.id, [ticket(a.id, { title: 'Printer on fire' })]);
  const [tb] = host.seed(b.id, [ticket(b.id, { title: 'Refund please' })]);
  const hourAgo = new Date(Date.now() - 3 * 3600_000).toISOString();
  host.seedDraft({ helpdeskId: a.id, ticketNumber: ta!.ticketNumber }, { html: '<p>Try turning it off</p>', updatedAt: hourAgo });
  host.seedDraft({ helpdeskId: b.id, ticketNumber: tb!.ticketNumber }, { html: '<p>Refund on its way</p>', internal: true });
  const base = { internal: false, attachments: [], queuedAt: hourAgo, updatedAt: hourAgo, ticketTitle: 'Printer on fire', helpdeskId: a.id, helpdeskLabel: 'Acme Support', ticketNumber: ta!.ticketNumber };
  host.outbox = [
    { ...base, id: 1, html: '<p>First</p>', state: 'held', changes: ['Carla Customer replied.'], lastError: null },
    { ...base, id: 2, html: '<p>Second</p>', state: 'failed', changes: [], lastError: 'The helpdesk said no.' },
  ] satisfies OutboxItemView[];
  const mounted = mountWith(App, host);
  await settle();
  return { host, a, b, ta: ta!, tb: tb!, ...mounted };
}

function entries(label: string): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>(`ul[aria-label="${label}"] > li`));
}

describe('drafts and outbox pages', () => {
  it('shows live counts in the sidebar', async () => {
    const { host } = await setup();
    expect(getByRole('button', 'Drafts, 2')).toBeTruthy();
    expect(getByRole('button', 'Outbox, 2')).toBeTruthy();
    host.emit('outbox:changed', []);
    host.emit('drafts:changed', []);
    await settle();
    expect(getByRole('button', 'Drafts, 0')).toBeTruthy();
    expect(getByRole('button', 'Outbox, 0')).toBeTruthy();
  });

  it('lists every draft across helpdesks with label, number, title and age, and opens one', async () => {
    const { b, tb, host } = await setup();
    getByRole('button', 'Drafts, 2').click();
    await settle();
    const rows = entries('Drafts');
    expect(rows).toHaveLength(2);
    // Newest first.
    expect(rows[0]?.textContent).toContain('Beta Desk');
    expect(rows[0]?.textContent).toContain(`#${tb.ticketNumber}`);
    expect(rows[0]?.textContent).toContain('Refund please');
    expect(rows[0]?.textContent).toContain('Internal note');
    expect(rows[1]?.textContent).toContain('Acme Support');
    expect(rows[1]?.textContent).toContain('Try turning it off');
    expect(rows[1]?.querySelector('time')?.textContent).toBe('edited 3 hr. ago');
    getByRole('button', `Open ticket #${tb.ticketNumber} in Beta Desk`).click();
    await settle();
    expect(host.fn['ticket:open']).toHaveBeenLastCalledWith({ helpdeskId: b.id, ticketNumber: tb.ticketNumber });
    expect(ticketRegion()?.querySelector('h2')?.textContent).toContain('Refund please');
    expect(document.querySelector('nav[aria-label="Queues"] h1')?.textContent).toContain('Beta Desk');
  });

  it('discards a draft from the list after confirming', async () => {
    const { host, ta } = await setup();
    getByRole('button', 'Drafts, 2').click();
    await settle();
    getByRole('button', `Discard the draft for #${ta.ticketNumber}`).click();
    await settle();
    getByRole('button', 'Discard draft', getByRole('dialog')).click();
    await settle();
    expect(host.fn['draft:discard']).toHaveBeenCalledWith({ helpdeskId: ta.helpdeskId, ticketNumber: ta.ticketNumber });
    expect(entries('Drafts')).toHaveLength(1);
  });

  it('lists outbox items with state, reasons and actions', async () => {
    const { host } = await setup();
    getByRole('button', 'Outbox, 2').click();
    await settle();
    const [held, failed] = entries('Replies not delivered yet');
    expect(held?.dataset.state).toBe('held');
    expect(held?.textContent).toContain('Held');
    expect(held?.textContent).toContain('Carla Customer replied.');
    expect(['Send anyway', 'Edit', 'Discard'].every((n) => getByRole('button', n, held!))).toBe(true);
    expect(failed?.textContent).toContain('The helpdesk said no.');
    getByRole('button', 'Retry', failed!).click();
    await settle();
    expect(host.fn['outbox:resolve']).toHaveBeenCalledWith({ id: 2, action: 'retry' });
    expect(entries('Replies not delivered yet')).toHaveLength(1);
    getByRole('button', 'Send anyway').click();
    await settle();
    expect(host.fn['outbox:resolve']).toHaveBeenCalledWith({ id: 1, action: 'send-anyway' });
    expect(document.body.textContent).toContain('Nothing waiting: every reply has been delivered.');
  });

  it('Edit turns an outbox item back into a draft and opens its ticket', async () => {
    const { host, ta } = await setup();
    host.drafts.clear();
    getByRole('button', 'Outbox, 2').click();
    await settle();
    getByRole('button', 'Edit', entries('Replies not delivered yet')[0]!).click();
    await settle();
    expect(host.fn['outbox:resolve']).toHaveBeenCalledWith({ id: 1, action: 'edit' });
    expect(ticketRegion()?.querySelector('h2')?.textContent).toContain('Printer on fire');
    expect(host.fn['draft:get']).toHaveBeenLastCalledWith({ helpdeskId: ta.helpdeskId, ticketNumber: ta.ticketNumber });
    expect(document.querySelector('section.composer [role="textbox"]')?.textContent).toBe('First');
  });
});
