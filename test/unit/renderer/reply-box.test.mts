// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount, type VueWrapper } from '@vue/test-utils';
import type { TicketDetail } from '../../../electron/contract';
import RichEditor from '../../../renderer/src/components/ticket/RichEditor.vue';
import { fail, ticket } from './fake-host.mts';
import { descriptionOf, getByRole, queryButton } from './dom.mts';
import { clickQueue, mine, openConsole, options, settle, ticketRegion } from './console-helpers.mts';

enableAutoUnmount(afterEach);
beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});

async function openReply(over: Partial<TicketDetail> = {}) {
  const ctx = await openConsole((id) => [ticket(id, { ...mine, ticketNumber: 123456, language: 'es', ...over })]);
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

function type(wrapper: VueWrapper, html: string): void {
  const editor = wrapper.findAllComponents(RichEditor).find((c) => c.element.closest?.('section.composer'));
  (editor?.vm as unknown as { setHTML: (h: string) => void }).setHTML(html);
}

function radio(name: string): HTMLInputElement {
  const label = Array.from(composer().querySelectorAll('label')).find((l) => l.textContent?.trim() === name);
  const input = label?.querySelector('input');
  if (!(input instanceof HTMLInputElement)) throw new Error(`no radio ${name}`);
  return input;
}

function choose(input: HTMLInputElement): void {
  input.checked = true;
  input.dispatchEvent(new Event('change'));
}

function attach(name: string, bytes: number): void {
  const input = composer().querySelector<HTMLInputElement>('input[type="file"]')!;
  const file = new File([new Uint8Array(bytes)], name, { type: 'application/pdf' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change'));
}

describe('reply box', () => {
  it('sends a public reply by default, with a clearly labelled editor and toolbar', async () => {
    const { host, wrapper } = await openReply();
    expect(composer().getAttribute('aria-label')).toBe('Reply to the customer');
    expect(radio('Public reply').checked).toBe(true);
    expect(composer().querySelector('[role="textbox"]')?.getAttribute('aria-label')).toBe('Reply');
    const toolbar = composer().querySelector('[role="toolbar"]');
    expect(toolbar?.getAttribute('aria-label')).toBe('Formatting');
    for (const name of ['Bold', 'Italic', 'Bulleted list', 'Numbered list', 'Code', 'Link']) expect(getByRole('button', name, toolbar ?? document)).toBeTruthy();
    type(wrapper, '<p>Hello <strong>there</strong></p>');
    getByRole('button', 'Send reply').click();
    await settle();
    // The last keystrokes are saved, then the saved draft is sent.
    expect(host.fn['draft:save']).toHaveBeenLastCalledWith(expect.objectContaining({ ticketNumber: 123456, internal: false, html: '<p>Hello <strong>there</strong></p>' }));
    expect(host.fn['reply:send']).toHaveBeenCalledWith(expect.objectContaining({ ticketNumber: 123456 }));
    expect(host.fn['draft:save'].mock.invocationCallOrder.at(-1)).toBeLessThan(host.fn['reply:send'].mock.invocationCallOrder[0]!);
    // Delivered: the box empties and the reply shows in the timeline, from the ticket in the result.
    expect(composer().querySelector('[role="textbox"]')?.textContent).toBe('');
    expect(ticketRegion()?.querySelector('ol.timeline')?.textContent).toContain('Hello there');
  });

  it('switches to an internal note that looks and reads different, and sends it as internal', async () => {
    const { host, wrapper } = await openReply();
    choose(radio('Internal note'));
    await settle();
    expect(composer().classList.contains('mode-note')).toBe(true);
    expect(composer().getAttribute('aria-label')).toBe('Internal note for staff');
    expect(composer().textContent).toContain('Only staff can see internal notes.');
    expect(composer().querySelector('[role="textbox"]')?.getAttribute('aria-label')).toBe('Internal note');
    type(wrapper, '<p>Between us</p>');
    getByRole('button', 'Add internal note').click();
    await settle();
    expect(host.fn['draft:save']).toHaveBeenLastCalledWith(expect.objectContaining({ internal: true, html: '<p>Between us</p>' }));
    expect(host.fn['reply:send']).toHaveBeenCalledTimes(1);
    const note = Array.from(document.querySelectorAll<HTMLElement>('ol.timeline > li')).at(-1);
    expect(note?.dataset.kind).toBe('internal');
  });

  it('says what is missing instead of sending nothing', async () => {
    const { host } = await openReply();
    getByRole('button', 'Send reply').click();
    await settle();
    expect(host.fn['reply:send']).not.toHaveBeenCalled();
    expect(composer().querySelector('[role="alert"]')?.textContent).toContain('Write your reply first.');
  });

  it('refuses a file over the helpdesk limit, naming both sizes', async () => {
    const { host, wrapper } = await openReply();
    attach('scan.pdf', 3 * 1024 * 1024);
    await settle();
    expect(composer().querySelector('[role="alert"]')?.textContent).toBe("Can't attach “scan.pdf”: it is 3 MB, and this helpdesk accepts files up to 1 MB.");
    expect(composer().querySelector('.file')).toBeNull();
    type(wrapper, '<p>See attached</p>');
    getByRole('button', 'Send reply').click();
    await settle();
    expect(host.fn['draft:attach']).not.toHaveBeenCalled();
    expect(host.fn['reply:send'].mock.results[0]?.type).toBe('return');
    expect((await host.fn['reply:send'].mock.results[0]?.value)?.item.attachments).toEqual([]);
  });

  it('sends a file within the limit as base64, and lets it be removed', async () => {
    const { host, wrapper } = await openReply();
    attach('small.pdf', 5);
    await new Promise((r) => setTimeout(r, 20));
    await settle();
    expect(host.fn['draft:attach']).toHaveBeenCalledWith(expect.objectContaining({ ticketNumber: 123456, attachment: { name: 'small.pdf', type: 'application/pdf', dataBase64: 'AAAAAAA=' } }));
    expect(composer().querySelector('.file')?.textContent).toContain('small.pdf');
    // One file per reply: the attach button makes way for the file.
    expect(queryButton('Attach file', composer())).toBeNull();
    getByRole('button', 'Remove small.pdf').click();
    await settle();
    expect(host.fn['draft:detach']).toHaveBeenCalledWith(expect.objectContaining({ attachmentId: expect.any(String) }));
    expect(composer().querySelector('.file')).toBeNull();
    attach('again.pdf', 5);
    await new Promise((r) => setTimeout(r, 20));
    await settle();
    type(wrapper, '<p>Attached</p>');
    getByRole('button', 'Send reply').click();
    await settle();
    const sent = await host.fn['reply:send'].mock.results[0]?.value;
    expect(sent?.item.attachments.map((a: { name: string }) => a.name)).toEqual(['again.pdf']);
  });

  it('keeps what was typed when sending fails, and says why', async () => {
    const { host, wrapper } = await openReply();
    host.fn['reply:send'].mockRejectedValueOnce(fail('conflict', 'The ticket was deleted.'));
    type(wrapper, '<p>Important</p>');
    getByRole('button', 'Send reply').click();
    await settle();
    expect(composer().querySelector('[role="alert"]')?.textContent).toContain("Couldn't send: The ticket was deleted. Your text is still here.");
    expect(composer().querySelector('[role="textbox"]')?.textContent).toBe('Important');
  });

  it('lists custom responses in the ticket language first and inserts the chosen one', async () => {
    const { host } = await openReply();
    const select = Array.from(composer().querySelectorAll('select')).find((s) => s.closest('label')?.textContent?.includes('Custom responses'))!;
    const groups = Array.from(select.querySelectorAll('optgroup')).map((g) => [g.label, Array.from(g.querySelectorAll('option')).map((o) => o.textContent?.trim())]);
    expect(groups).toEqual([
      ['In Spanish', ['Gracias']],
      ['Other languages', ['Thanks (English)']],
    ]);
    select.value = '2';
    select.dispatchEvent(new Event('change'));
    await settle();
    expect(composer().querySelector('[role="textbox"]')?.textContent).toContain('¡Gracias por escribirnos!');
    // The choice is part of the draft, saved at once.
    expect(host.fn['draft:save']).toHaveBeenLastCalledWith(expect.objectContaining({ customResponseId: 2 }));
  });

  it('disables sending where the agent may not reply, saying why', async () => {
    await openReply({ can: { ...ticket('x').can, comment: false }, why: { comment: 'Closed tickets take internal notes only.' } });
    // The box opens on what is allowed.
    expect(radio('Internal note').checked).toBe(true);
    choose(radio('Public reply'));
    await settle();
    const send = getByRole('button', 'Send reply');
    expect(send.getAttribute('aria-disabled')).toBe('true');
    expect(descriptionOf(send)).toBe('Closed tickets take internal notes only.');
  });

  it('keeps a draft per ticket while moving between tickets, saving it on the way out', async () => {
    const { wrapper, host } = await openConsole((id) => [ticket(id, { ...mine, title: 'First' }), ticket(id, { ...mine, title: 'Second' })]);
    options()[0]?.click();
    await settle();
    type(wrapper, '<p>Half-written</p>');
    await settle();
    expect(host.fn['draft:save']).not.toHaveBeenCalled();
    options()[1]?.click();
    await settle();
    // Switching ticket saves at once, without waiting for the autosave's second.
    expect(host.fn['draft:save']).toHaveBeenCalledTimes(1);
    expect(host.fn['draft:save']).toHaveBeenCalledWith(expect.objectContaining({ html: '<p>Half-written</p>' }));
    expect(composer().querySelector('[role="textbox"]')?.textContent).toBe('');
    options()[0]?.click();
    await settle();
    expect(composer().querySelector('[role="textbox"]')?.textContent).toBe('Half-written');
  });
});
