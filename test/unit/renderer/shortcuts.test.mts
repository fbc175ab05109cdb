// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import App from '../../../renderer/src/App.vue';
import { commandFor, isTypingTarget } from '../../../renderer/src/shortcuts';
import { FakeHost, helpdesk, mountWith, ticket } from './fake-host.mts';
import { getByRole, key } from './dom.mts';
import { clickQueue, listbox, mine, openConsole, options, settle, ticketRegion } from './console-helpers.mts';

enableAutoUnmount(afterEach);
beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});

async function three() {
  return openConsole((id) => [
    ticket(id, { ...mine, ticketNumber: 400001, title: 'Alpha', lastActivityAt: '2026-11-03T00:00:00.000Z' }),
    ticket(id, { ...mine, ticketNumber: 400002, title: 'Beta', lastActivityAt: '2026-11-02T00:00:00.000Z' }),
    ticket(id, { ...mine, ticketNumber: 400003, title: 'Gamma', lastActivityAt: '2026-11-01T00:00:00.000Z' }),
  ]);
}

/** TipTap moves focus into the editor on the next animation frame. */
const frame = () => new Promise((r) => setTimeout(r, 50));
const active = () => document.getElementById(listbox().getAttribute('aria-activedescendant') ?? '')?.dataset.ticket;
const press = async (k: string, init: KeyboardEventInit = {}, target: EventTarget = document.activeElement ?? document.body) => {
  const e = key(target, k, init);
  await settle();
  return e;
};

describe('keyboard: the list', () => {
  it('j and k move through the list, Enter opens, Esc goes back to the list', async () => {
    const { host } = await three();
    expect(active()).toBe('400001');
    await press('j');
    expect(active()).toBe('400002');
    expect(document.activeElement).toBe(listbox());
    await press('j');
    await press('j');
    expect(active()).toBe('400003');
    await press('k');
    expect(active()).toBe('400002');
    await press('Enter');
    expect(host.fn['ticket:open']).toHaveBeenLastCalledWith(expect.objectContaining({ ticketNumber: 400002 }));
    expect(ticketRegion()?.querySelector('h2')?.textContent).toContain('Beta');
    // With a ticket open, moving is reading.
    await press('j', {}, document.body);
    expect(ticketRegion()?.querySelector('h2')?.textContent).toContain('Gamma');
    await press('Escape', {}, document.body);
    expect(ticketRegion()).toBeNull();
    expect(document.activeElement).toBe(listbox());
  });

  it('j past the last row loaded waits for the next rows and goes on, reading ticket after ticket', async () => {
    const { host } = await openConsole((id) =>
      Array.from({ length: 60 }, (_, i) => ticket(id, { ...mine, ticketNumber: 500000 + i, title: `Row ${i}`, lastActivityAt: new Date(Date.UTC(2026, 10, 1) - i * 60_000).toISOString() })),
    );
    listbox().focus();
    await press('End');
    expect(active()).toBe('500049');
    expect(host.fn['queue:loadMore']).not.toHaveBeenCalled();
    await press('Enter');
    expect(ticketRegion()?.querySelector('h2')?.textContent).toContain('Row 49');
    await press('j', {}, document.body);
    expect(host.fn['queue:loadMore']).toHaveBeenCalledTimes(1);
    expect(active()).toBe('500050');
    expect(ticketRegion()?.querySelector('h2')?.textContent).toContain('Row 50');
  });

  it('arrow keys, Home and End work inside the list too', async () => {
    await three();
    listbox().focus();
    await press('ArrowDown');
    expect(active()).toBe('400002');
    await press('End');
    expect(active()).toBe('400003');
    await press('Home');
    expect(active()).toBe('400001');
  });
});

describe('keyboard: the open ticket', () => {
  async function openFirst() {
    const ctx = await three();
    options()[0]?.click();
    await settle();
    return ctx;
  }

  it('r focuses the public reply, n the internal note', async () => {
    await openFirst();
    await press('r', {}, document.body);
    await frame();
    const box = document.querySelector('section.composer');
    expect(box?.classList.contains('mode-reply')).toBe(true);
    expect(box?.contains(document.activeElement)).toBe(true);
    (document.activeElement as HTMLElement).blur();
    await press('n', {}, document.body);
    await frame();
    expect(document.querySelector('section.composer')?.classList.contains('mode-note')).toBe(true);
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Internal note');
  });

  it('a assigns to me and c closes; refused ones say why instead', async () => {
    const { host, h } = await openConsole((id) => [ticket(id, { ticketNumber: 400010, title: 'Unowned' })]);
    await clickQueue(/^New tickets/);
    options()[0]?.click();
    await settle();
    await press('a', {}, document.body);
    expect(host.fn['ticket:assign']).toHaveBeenCalledWith({ helpdeskId: h.id, ticketNumber: 400010 });
    await press('c', {}, document.body);
    expect(host.fn['ticket:close']).toHaveBeenCalledWith({ helpdeskId: h.id, ticketNumber: 400010 });
    expect(ticketRegion()?.querySelector('.status')?.textContent).toContain('Closed');

    const refused = host.find({ helpdeskId: h.id, ticketNumber: 400010 });
    refused.closed = false;
    refused.can = { ...refused.can, close: false };
    refused.why = { close: 'You are not in this department.' };
    host.emit('ticket:changed', refused);
    await settle();
    host.fn['ticket:close'].mockClear();
    await press('c', {}, document.body);
    expect(host.fn['ticket:close']).not.toHaveBeenCalled();
    expect(ticketRegion()?.querySelector('.messages')?.textContent).toContain('You are not in this department.');
  });

  it('letters do nothing while typing in a field or the editor; Esc leaves the field first', async () => {
    const { host } = await openFirst();
    await press('r', {}, document.body);
    await frame();
    const editor = document.activeElement as HTMLElement;
    expect(editor.closest('section.composer')).not.toBeNull();
    for (const k of ['j', 'k', 'a', 'c', 'n', '?', '/']) await press(k, {}, editor);
    expect(host.fn['ticket:assign']).not.toHaveBeenCalled();
    expect(host.fn['ticket:close']).not.toHaveBeenCalled();
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    expect(ticketRegion()?.querySelector('h2')?.textContent).toContain('Alpha');
    await press('Escape', {}, editor);
    // Still on the ticket: the first Esc only left the editor.
    expect(ticketRegion()).not.toBeNull();
    expect(document.activeElement?.closest('section.composer')).toBeNull();
  });
});

describe('keyboard: search, palette and help', () => {
  it('/ goes to All tickets and focuses the search field', async () => {
    const { host } = await three();
    await press('/', {}, document.body);
    await settle();
    expect(host.fn['queue:open']).toHaveBeenLastCalledWith(expect.objectContaining({ queue: 'all' }));
    expect(document.activeElement?.getAttribute('type')).toBe('search');
    // Typing a slash in the field is just a slash.
    const e = await press('j');
    expect(e.defaultPrevented).toBe(false);
  });

  it('Ctrl+K opens the palette: a dialog with a combobox that finds tickets in every helpdesk and lists actions', async () => {
    const a = helpdesk({ label: 'Acme Support' });
    const b = helpdesk({ label: 'Globex' });
    const host = new FakeHost([a, b]);
    host.seed(a.id, [ticket(a.id, { ...mine, ticketNumber: 500001, title: 'Printer on fire' })]);
    host.seed(b.id, [ticket(b.id, { ...mine, ticketNumber: 500002, title: 'Printer jammed' })]);
    mountWith(App, host);
    await settle();
    const e = await press('k', { ctrlKey: true, code: 'KeyK' }, document.body);
    expect(e.defaultPrevented).toBe(true);
    const dialog = getByRole('dialog', 'Command palette');
    const box = dialog.querySelector<HTMLInputElement>('[role="combobox"]')!;
    expect(document.activeElement).toBe(box);
    expect(dialog.textContent).toContain('Go to New tickets');
    expect(dialog.textContent).toContain('Add helpdesk');
    box.value = 'printer';
    box.dispatchEvent(new Event('input'));
    await new Promise((r) => setTimeout(r, 250));
    await settle();
    expect(host.fn['palette:search']).toHaveBeenCalledTimes(1);
    expect(host.fn['palette:search']).toHaveBeenCalledWith({ text: 'printer' });
    const hits = Array.from(dialog.querySelectorAll('[role="option"]')).map((o) => o.textContent ?? '');
    expect(hits[0]).toContain('#500001');
    expect(hits[1]).toContain('Globex');
    await press('ArrowDown', {}, box);
    expect(document.getElementById(box.getAttribute('aria-activedescendant') ?? '')?.textContent).toContain('#500002');
    await press('Enter', {}, box);
    await settle();
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    // The ticket lives in the other helpdesk: the console switches there and opens it.
    expect(document.querySelector('nav[aria-label="Queues"] h1')?.textContent?.trim()).toBe('Globex');
    expect(host.fn['ticket:open']).toHaveBeenLastCalledWith({ helpdeskId: b.id, ticketNumber: 500002 });
  });

  it('the palette runs actions too, and Esc closes it', async () => {
    const { host } = await three();
    await press('k', { ctrlKey: true, code: 'KeyK' }, document.body);
    const box = document.querySelector<HTMLInputElement>('[role="combobox"]')!;
    box.value = 'new tickets';
    box.dispatchEvent(new Event('input'));
    await settle();
    await press('Enter', {}, box);
    expect(host.fn['queue:open']).toHaveBeenLastCalledWith(expect.objectContaining({ queue: 'new' }));
    await press('k', { ctrlKey: true, code: 'KeyK' }, document.body);
    expect(document.querySelector('[role="dialog"]')).not.toBeNull();
    await press('Escape', {}, document.querySelector('[role="combobox"]')!);
    expect(document.querySelector('[role="dialog"]')).toBeNull();
  });

  it('? lists every shortcut in a dialog', async () => {
    await three();
    await press('?', { shiftKey: true }, document.body);
    const dialog = getByRole('dialog', 'Keyboard shortcuts');
    for (const text of ['Next ticket in the list', 'Previous ticket in the list', 'Open the ticket', 'Reply to the customer', 'Write an internal note', 'Assign the ticket to me', 'Close the ticket', 'Search all tickets', 'Command palette', 'Close the panel or go back to the list']) {
      expect(dialog.textContent).toContain(text);
    }
    // Nothing else reacts while it is open.
    await press('j', {}, document.body);
    expect(active()).toBe('400001');
    await press('Escape', {}, document.activeElement!);
    expect(document.querySelector('[role="dialog"]')).toBeNull();
  });
});

describe('shortcut rules', () => {
  const ev = (k: string, target: EventTarget | null = document.body, mods: Partial<KeyboardEvent> = {}) =>
    ({ key: k, code: '', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, target, ...mods }) as KeyboardEvent;

  it('knows typing targets', () => {
    const input = document.createElement('input');
    const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' });
    const editable = document.createElement('div');
    editable.setAttribute('contenteditable', 'true');
    const inner = document.createElement('p');
    editable.append(inner);
    document.body.append(input, checkbox, editable);
    expect(isTypingTarget(input)).toBe(true);
    expect(isTypingTarget(checkbox)).toBe(false);
    expect(isTypingTarget(inner)).toBe(true);
    expect(isTypingTarget(document.createElement('textarea'))).toBe(true);
    expect(isTypingTarget(document.body)).toBe(false);
  });

  it('maps keys to commands, leaving chords to the system', () => {
    expect(commandFor(ev('j'), false)).toBe('next');
    expect(commandFor(ev('j', document.body, { ctrlKey: true }), false)).toBeNull();
    expect(commandFor(ev('k', document.body, { ctrlKey: true }), false)).toBe('palette');
    expect(commandFor(ev('k', document.body, { metaKey: true }), true)).toBe('palette');
    expect(commandFor(ev('k', document.body, { metaKey: true }), false)).toBeNull();
    expect(commandFor(ev('Enter', document.createElement('button')), false)).toBeNull();
    expect(commandFor(ev('?', document.body, { shiftKey: true }), false)).toBe('help');
    expect(commandFor(ev('Escape', document.createElement('input')), false)).toBe('back');
  });
});
