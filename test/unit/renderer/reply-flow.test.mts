// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount, type VueWrapper } from '@vue/test-utils';
import type { DraftView, HelpdeskView } from '../../../electron/contract';
import RichEditor from '../../../renderer/src/components/ticket/RichEditor.vue';
import { ticket } from './fake-host.mts';
import { getByRole, queryButton } from './dom.mts';
import { clickQueue, mine, openConsole, options, settle, ticketRegion } from './console-helpers.mts';

enableAutoUnmount(afterEach);
beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});

async function openReply(over: Partial<HelpdeskView> = {}) {
  const ctx = await openConsole((id) => [ticket(id, { ...mine, ticketNumber: 123456, title: 'Printer on fire', lastActivityAt: '2026-12-01T10:00:00.000Z' }), ticket(id, { ...mine, ticketNumber: 123457, title: 'Second one' })], over);
  await clickQueue(/^All tickets/);
  options()[0]?.click();
  await settle();
  return ctx;
}

function composer(): HTMLElement {
  const el = document.querySelector<HTMLElement>('section.composer');
  if (!el) throw new Error('no reply box');
  return el;
}

function editorText(): string {
  return composer().querySelector('[role="textbox"]')?.textContent ?? '';
}

function type(wrapper: VueWrapper, html: string): void {
  const editor = wrapper.findAllComponents(RichEditor).find((c) => c.element.closest?.('section.composer'));
  (editor?.vm as unknown as { setHTML: (h: string) => void }).setHTML(html);
}

function pending(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('ol.timeline > li[data-kind="pending"]'));
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('reply box on drafts', () => {
  it('shows the conversation before building the editor, which then takes the draft and a focus asked for meanwhile', async () => {
    const ctx = await openConsole((id) => [ticket(id, { ...mine, ticketNumber: 123456 })]);
    ctx.host.seedDraft({ helpdeskId: ctx.h.id, ticketNumber: 123456 }, { html: '<p>Typed before lunch</p>', internal: false });
    await clickQueue(/^All tickets/);
    options()[0]?.click();
    // The ticket is on screen and its draft read, but the editor waits for the next frame.
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
    expect(document.querySelector('ol.timeline article')).not.toBeNull();
    expect(ctx.host.fn['draft:get']).toHaveBeenCalled();
    expect(composer().querySelector('[role="textbox"]')).toBeNull();
    // "r" before the editor exists: the focus is kept for it.
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'r', bubbles: true }));
    await settle();
    const box = composer().querySelector('[role="textbox"]');
    expect(box?.textContent).toBe('Typed before lunch');
    expect(box?.contains(document.activeElement)).toBe(true);
    expect(ctx.host.fn['draft:save']).not.toHaveBeenCalled();
  });

  it('fills the editor from draft:get and saves nothing before it has answered', async () => {
    const ctx = await openConsole((id) => [ticket(id, { ...mine, ticketNumber: 123456 })]);
    ctx.host.seedDraft({ helpdeskId: ctx.h.id, ticketNumber: 123456 }, { html: '<p>From yesterday</p>', internal: true });
    let answer: (d: DraftView | null) => void = () => undefined;
    ctx.host.fn['draft:get'].mockImplementationOnce(() => new Promise((r) => (answer = r)));
    await clickQueue(/^All tickets/);
    options()[0]?.click();
    await settle();
    // Still asking: the editor is read-only and typing into it (programmatically) saves nothing.
    expect(composer().querySelector('[role="textbox"]')?.getAttribute('contenteditable')).toBe('false');
    type(ctx.wrapper, '<p>x</p>');
    composer().dispatchEvent(new FocusEvent('focusout'));
    await wait(1100);
    expect(ctx.host.fn['draft:save']).not.toHaveBeenCalled();
    answer(structuredClone(ctx.host.drafts.get(`${ctx.h.id}#123456`)!));
    await settle();
    expect(editorText()).toBe('From yesterday');
    expect(composer().classList.contains('mode-note')).toBe(true);
    expect(ctx.host.fn['draft:save']).not.toHaveBeenCalled();
  });

  it('autosaves at most once a second while typing, and at once on blur', async () => {
    const { host, wrapper } = await openReply();
    for (let i = 1; i <= 6; i++) {
      type(wrapper, `<p>typing ${i}</p>`);
      await wait(60);
    }
    expect(host.fn['draft:save']).not.toHaveBeenCalled();
    await wait(1000);
    expect(host.fn['draft:save']).toHaveBeenCalledTimes(1);
    expect(host.fn['draft:save']).toHaveBeenLastCalledWith(expect.objectContaining({ ticketNumber: 123456, html: '<p>typing 6</p>', internal: false, customResponseId: null }));
    type(wrapper, '<p>typing more</p>');
    composer().dispatchEvent(new FocusEvent('focusout'));
    await settle();
    expect(host.fn['draft:save']).toHaveBeenCalledTimes(2);
    expect(host.fn['draft:save']).toHaveBeenLastCalledWith(expect.objectContaining({ html: '<p>typing more</p>' }));
    // The sidebar count follows.
    expect(getByRole('button', /^Drafts, 1$/)).toBeTruthy();
  });

  it('saves on switching ticket and when the page is hidden', async () => {
    const { host, wrapper } = await openReply();
    type(wrapper, '<p>before hiding</p>');
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(host.fn['draft:save']).toHaveBeenCalledTimes(1);
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    type(wrapper, '<p>before switching</p>');
    options()[1]?.click();
    await settle();
    expect(host.fn['draft:save']).toHaveBeenCalledTimes(2);
    expect(host.fn['draft:save']).toHaveBeenLastCalledWith(expect.objectContaining({ ticketNumber: 123456, html: '<p>before switching</p>' }));
  });

  it('delivered: the timeline updates from the result and the box empties', async () => {
    const { host, wrapper } = await openReply();
    type(wrapper, '<p>All fixed</p>');
    getByRole('button', 'Send reply').click();
    await settle();
    expect(host.fn['ticket:open']).toHaveBeenCalledTimes(1);
    expect(ticketRegion()?.querySelector('ol.timeline')?.textContent).toContain('All fixed');
    expect(editorText()).toBe('');
    expect(pending()).toHaveLength(0);
  });

  it('queued while offline: says so up front, then shows the reply as pending in the thread', async () => {
    const { host, wrapper } = await openReply({ state: 'offline', stateMessage: 'No network.' });
    expect(composer().textContent).toContain('Offline — replies will be queued');
    type(wrapper, '<p>When you can</p>');
    getByRole('button', 'Send reply').click();
    await settle();
    expect(host.fn['reply:send']).toHaveBeenCalledTimes(1);
    expect(editorText()).toBe('');
    const [item] = pending();
    expect(item?.dataset.state).toBe('queued');
    expect(item?.textContent).toContain('Pending — will be sent when Acme Support is reachable');
    expect(item?.textContent).toContain('When you can');
    expect(item?.querySelector('article')?.getAttribute('aria-label')).toBe('Your reply, not delivered yet');
    expect(getByRole('button', /^Outbox, 1$/)).toBeTruthy();
  });

  it('held: lists what changed and resolves with Send anyway, Edit or Discard', async () => {
    const { host, wrapper } = await openReply();
    host.sendOutcome = { state: 'held', changes: ['Terry Lead replied 2 minutes ago.', 'The ticket was closed.'] };
    type(wrapper, '<p>Careful</p>');
    getByRole('button', 'Send reply').click();
    await settle();
    const decision = composer().querySelector<HTMLElement>('.decision');
    expect(decision?.textContent).toContain('Held: the ticket changed since you started writing.');
    expect(Array.from(decision?.querySelectorAll('li') ?? []).map((li) => li.textContent?.trim())).toEqual(['Terry Lead replied 2 minutes ago.', 'The ticket was closed.']);
    // Its text stays, read-only, and the thread marks it held.
    expect(editorText()).toBe('Careful');
    expect(composer().querySelector('[role="textbox"]')?.getAttribute('contenteditable')).toBe('false');
    expect(pending()[0]?.dataset.state).toBe('held');

    // Edit: back to a draft, editable again.
    getByRole('button', 'Edit', decision!).click();
    await settle();
    expect(host.fn['outbox:resolve']).toHaveBeenLastCalledWith({ id: 1, action: 'edit' });
    expect(composer().querySelector('.decision')).toBeNull();
    expect(editorText()).toBe('Careful');
    expect(composer().querySelector('[role="textbox"]')?.getAttribute('contenteditable')).toBe('true');

    // Held again, then Send anyway delivers it.
    getByRole('button', 'Send reply').click();
    await settle();
    getByRole('button', 'Send anyway').click();
    await settle();
    expect(host.fn['outbox:resolve']).toHaveBeenLastCalledWith({ id: 2, action: 'send-anyway' });
    expect(editorText()).toBe('');
    expect(pending()).toHaveLength(0);
    expect(ticketRegion()?.querySelector('ol.timeline')?.textContent).toContain('Careful');

    // Held a third time, then discarded.
    type(wrapper, '<p>Never mind</p>');
    getByRole('button', 'Send reply').click();
    await settle();
    getByRole('button', 'Discard', composer()).click();
    await settle();
    expect(host.fn['outbox:resolve']).toHaveBeenLastCalledWith({ id: 3, action: 'discard' });
    expect(editorText()).toBe('');
    expect(pending()).toHaveLength(0);
  });

  it('failed: gives the reason, keeps the text, and Retry sends it', async () => {
    const { host, wrapper } = await openReply();
    host.sendOutcome = { state: 'failed', lastError: 'The helpdesk refused the attachment type.' };
    type(wrapper, '<p>Try this</p>');
    getByRole('button', 'Send reply').click();
    await settle();
    const decision = composer().querySelector<HTMLElement>('.decision');
    expect(decision?.textContent).toContain('Not sent.');
    expect(decision?.textContent).toContain('The helpdesk refused the attachment type.');
    expect(editorText()).toBe('Try this');
    expect(pending()[0]?.textContent).toContain('Not sent: The helpdesk refused the attachment type.');
    expect(queryButton('Edit', decision!)).not.toBeNull();
    expect(queryButton('Discard', decision!)).not.toBeNull();
    getByRole('button', 'Retry').click();
    await settle();
    expect(host.fn['outbox:resolve']).toHaveBeenLastCalledWith({ id: 1, action: 'retry' });
    expect(editorText()).toBe('');
    expect(ticketRegion()?.querySelector('ol.timeline')?.textContent).toContain('Try this');
  });

  it('shows pending items that arrive by outbox:changed, and drops them once delivered', async () => {
    const { host, h } = await openReply();
    const item = {
      id: 9, helpdeskId: h.id, helpdeskLabel: 'Acme Support', ticketNumber: 123456, ticketTitle: 'Printer on fire', internal: true, html: '<p>Queued note</p>',
      attachments: [], state: 'sending' as const, changes: [], lastError: null, queuedAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
    };
    host.emit('outbox:changed', [item]);
    await settle();
    expect(pending()).toHaveLength(1);
    expect(pending()[0]?.textContent).toContain('Sending…');
    expect(pending()[0]?.classList.contains('internal')).toBe(true);
    // The last item in the thread: after every delivered message.
    expect(document.querySelector('ol.timeline > li:last-child')?.getAttribute('data-kind')).toBe('pending');
    host.emit('outbox:changed', [{ ...item, state: 'delivered' }]);
    await settle();
    expect(pending()).toHaveLength(0);
  });

  it('discarding a draft asks first', async () => {
    const { host, wrapper } = await openReply();
    type(wrapper, '<p>Maybe not</p>');
    composer().dispatchEvent(new FocusEvent('focusout'));
    await settle();
    getByRole('button', 'Discard draft', composer()).click();
    await settle();
    const dialog = getByRole('dialog', 'Discard this draft?');
    expect(host.fn['draft:discard']).not.toHaveBeenCalled();
    getByRole('button', 'Discard draft', dialog).click();
    await settle();
    expect(host.fn['draft:discard']).toHaveBeenCalledWith({ helpdeskId: expect.any(String), ticketNumber: 123456 });
    expect(editorText()).toBe('');
    expect(host.drafts.size).toBe(0);
  });
});
