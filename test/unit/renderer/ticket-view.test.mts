// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import type { TicketDetail } from '../../../electron/contract';
import { BILLY, ME, TERRY, event, fail, ticket } from './fake-host.mts';
import { accessibleName, descriptionOf, getByRole, queryButton } from './dom.mts';
import { clickQueue, mine, openConsole, options, settle, ticketRegion } from './console-helpers.mts';
import RichEditor from '../../../renderer/src/components/ticket/RichEditor.vue';

enableAutoUnmount(afterEach);
beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});

const person = (name: string, staff = true) => ({ id: 5, name, email: `${name.split(' ')[0]?.toLowerCase()}@acme.test`, staff });

async function openTicket(over: Partial<TicketDetail> = {}) {
  const ctx = await openConsole((id) => [ticket(id, { ...mine, ticketNumber: 123456, title: 'Printer on fire', ...over })]);
  // All tickets lists it whoever owns it.
  await clickQueue(/^All tickets/);
  options()[0]?.click();
  await settle();
  return { ...ctx, detail: ctx.tickets[0] as TicketDetail };
}

const timelineItems = () => Array.from(document.querySelectorAll<HTMLElement>('ol.timeline > li'));

describe('ticket view: header', () => {
  it('shows number, title, status, department, owner, customer, language and tags', async () => {
    await openTicket({ tags: [{ id: 2, name: 'vip', color: '#8e4ec6' }], language: 'es' });
    const region = ticketRegion();
    expect(region?.querySelector('h2')?.textContent).toContain('Printer on fire');
    expect(region?.textContent).toContain('#123456');
    expect(region?.textContent).toContain('Open');
    expect(region?.textContent).toContain('Ada Admin (you)');
    expect(region?.textContent).toContain('Spanish');
    expect(getByRole('button', 'Remove tag vip')).toBeTruthy();
    expect(getByRole('button', 'Show the profile of Carla Customer')).toBeTruthy();
    // The row of the open ticket is marked selected in the list.
    expect(options()[0]?.getAttribute('aria-selected')).toBe('true');
  });

  it('edits the title inline when allowed', async () => {
    const { host } = await openTicket();
    getByRole('button', 'Edit title').click();
    await settle();
    const input = document.querySelector<HTMLInputElement>('input.title-input')!;
    input.value = 'Printer on fire (again)';
    input.dispatchEvent(new Event('input'));
    input.form?.requestSubmit();
    await settle();
    expect(host.fn['ticket:editTitle']).toHaveBeenCalledWith(expect.objectContaining({ ticketNumber: 123456, title: 'Printer on fire (again)' }));
    expect(ticketRegion()?.querySelector('h2')?.textContent).toContain('Printer on fire (again)');
    expect(ticketRegion()?.querySelector('h2')?.textContent).toContain('(edited)');
  });

  it('moves the ticket with the department select', async () => {
    const { host } = await openTicket();
    const select = Array.from(document.querySelectorAll<HTMLSelectElement>('section.ticket select')).find((s) => s.getAttribute('aria-labelledby'))!;
    expect(document.getElementById(select.getAttribute('aria-labelledby') ?? '')?.textContent?.trim()).toBe('Department');
    select.value = '2';
    select.dispatchEvent(new Event('change'));
    await settle();
    expect(host.fn['ticket:changeDepartment']).toHaveBeenCalledWith(expect.objectContaining({ departmentId: 2 }));
    expect(timelineItems().at(-1)?.textContent).toContain('Ada Admin moved it to Billing');
  });

  it('offers staff of the ticket department only, and hands over by un-assign then assign', async () => {
    const { host } = await openTicket({ owner: { id: TERRY.id, name: TERRY.name }, department: { id: 2, name: 'Billing' } });
    getByRole('button', 'Change').click();
    await settle();
    const panel = document.querySelector('[role="group"][aria-label="Change"]');
    expect(panel?.textContent).toContain(BILLY.name);
    expect(panel?.textContent).not.toContain(TERRY.name);
    Array.from(panel?.querySelectorAll('button') ?? []).find((b) => b.textContent?.includes(BILLY.name))?.click();
    await settle();
    expect(host.fn['ticket:unassign']).toHaveBeenCalledTimes(1);
    expect(host.fn['ticket:assign']).toHaveBeenCalledWith(expect.objectContaining({ staffId: BILLY.id }));
    expect(host.fn['ticket:unassign'].mock.invocationCallOrder[0]).toBeLessThan(host.fn['ticket:assign'].mock.invocationCallOrder[0] ?? 0);
    expect(ticketRegion()?.textContent).toContain('Billy Biller');
  });

  it('closes optimistically and puts the status back with a readable message when refused', async () => {
    const { host } = await openTicket();
    let reject: (e: unknown) => void = () => undefined;
    host.fn['ticket:close'].mockImplementationOnce(() => new Promise((_, r) => (reject = r)));
    getByRole('button', 'Close ticket').click();
    await settle();
    expect(ticketRegion()?.querySelector('.status')?.textContent).toContain('Closed');
    expect(getByRole('button', 'Re-open')).toBeTruthy();
    reject(fail('api', 'You are not allowed to do this on this helpdesk.', 'NO_PERMISSION'));
    await settle();
    expect(ticketRegion()?.querySelector('.status')?.textContent).toContain('Open');
    const alert = ticketRegion()?.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain("Couldn't close the ticket.");
    expect(alert?.textContent).toContain('The change was undone.');
  });
});

describe('ticket view: can and why', () => {
  it('disables a refused action with the reason as hover text and accessible description, and never calls it', async () => {
    const why = 'Only staff of Billing can close this ticket.';
    const { host } = await openTicket({ can: { ...ticket('x').can, close: false, assignSelf: false }, why: { close: why, assignSelf: 'Already assigned to you.' }, owner: null });
    const close = getByRole('button', 'Close ticket');
    expect(close.getAttribute('aria-disabled')).toBe('true');
    expect(close.getAttribute('title')).toBe(why);
    expect(descriptionOf(close)).toBe(why);
    close.click();
    await settle();
    expect(host.fn['ticket:close']).not.toHaveBeenCalled();
    expect(descriptionOf(getByRole('button', 'Assign to me'))).toBe('Already assigned to you.');
  });

  it('hides tag editing when tags may not change, saying why', async () => {
    await openTicket({ tags: [{ id: 1, name: 'urgent', color: '#f00' }], can: { ...ticket('x').can, tag: false }, why: { tag: 'Tags are for level 2 and up.' } });
    expect(queryButton('Remove tag urgent')).toBeNull();
    expect(queryButton(/Add tag/)).toBeNull();
    expect(ticketRegion()?.textContent).toContain('Tags are for level 2 and up.');
  });
});

describe('ticket view: tags', () => {
  it('adds a tag at once and rolls it back with a message when the bridge rejects', async () => {
    const { host } = await openTicket();
    let reject: (e: unknown) => void = () => undefined;
    host.fn['ticket:addTag'].mockImplementationOnce(() => new Promise((_, r) => (reject = r)));
    getByRole('button', /Add tag/).click();
    await settle();
    Array.from(document.querySelectorAll<HTMLButtonElement>('[role="group"][aria-label="Add tag"] button')).find((b) => b.textContent?.includes('vip'))?.click();
    await settle();
    expect(getByRole('button', 'Remove tag vip')).toBeTruthy();
    expect(host.fn['ticket:addTag']).toHaveBeenCalledWith(expect.objectContaining({ tagId: 2 }));
    reject(fail('network', 'timeout'));
    await settle();
    expect(queryButton('Remove tag vip')).toBeNull();
    const alert = ticketRegion()?.querySelector('[role="alert"]')?.textContent ?? '';
    expect(alert).toContain('Couldn’t add the tag “vip”.'.replace('’', "'"));
    expect(alert).toContain('The change was undone.');
    getByRole('button', 'Dismiss').click();
    await settle();
    expect(ticketRegion()?.querySelector('[role="alert"]')?.textContent?.trim()).toBe('');
  });

  it('removes a tag at once and applies the returned ticket', async () => {
    const { host } = await openTicket({ tags: [{ id: 1, name: 'urgent', color: '#f00' }, { id: 3, name: 'bug', color: '#00f' }] });
    host.find({ helpdeskId: host.helpdesks[0]!.id, ticketNumber: 123456 }).tags = [{ id: 1, name: 'urgent', color: '#f00' }, { id: 3, name: 'bug', color: '#00f' }];
    getByRole('button', 'Remove tag urgent').click();
    await settle();
    expect(host.fn['ticket:removeTag']).toHaveBeenCalledWith(expect.objectContaining({ tagId: 1 }));
    expect(queryButton('Remove tag urgent')).toBeNull();
    expect(getByRole('button', 'Remove tag bug')).toBeTruthy();
    // The list row follows at once.
    expect(accessibleName(options()[0]!)).toContain('tags: bug, last activity');
  });
});

describe('ticket view: timeline', () => {
  it('reads status events as sentences, in order', async () => {
    await openTicket({
      events: [
        event({ type: 'ASSIGN', author: person('Ada Admin'), html: 'Terry Lead' }),
        event({ type: 'DEPARTMENT_CHANGED', author: person('Ada Admin'), html: 'Billing' }),
        event({ type: 'UN_ASSIGN', author: person('Ada Admin'), html: 'Terry Lead' }),
        event({ type: 'ASSIGN', author: person('Billy Biller'), html: 'Billy Biller' }),
        event({ type: 'CLOSE', author: person('Billy Biller') }),
        event({ type: 'RE_OPEN', author: person('Carla Customer', false) }),
        event({ type: 'UN_ASSIGN', author: person('Billy Biller'), html: null }),
        event({ type: 'CLOSE', author: null }),
      ],
    });
    const sentences = timelineItems()
      .filter((li) => li.classList.contains('activity'))
      .map((li) => li.querySelector('.sentence')?.textContent);
    expect(sentences).toEqual([
      'Ada Admin assigned this to Terry Lead',
      'Ada Admin moved it to Billing',
      'Ada Admin unassigned Terry Lead',
      'Billy Biller took this ticket',
      'Billy Biller closed this ticket',
      'Carla Customer re-opened this ticket',
      'Billy Biller was unassigned when the department was removed',
      'Someone closed this ticket',
    ]);
  });

  it('tells internal notes from public replies by more than colour, and marks edits', async () => {
    await openTicket({
      edited: true,
      events: [
        event({ type: 'COMMENT', author: person('Terry Lead'), html: '<p>Public answer</p>', internal: false }),
        event({ type: 'COMMENT', author: person('Terry Lead'), html: '<p>Between us</p>', internal: true, edited: true }),
      ],
    });
    const [body, reply, note] = timelineItems();
    expect(body?.dataset.kind).toBe('public');
    expect(body?.textContent).toContain('(edited)');
    expect(reply?.dataset.kind).toBe('public');
    expect(reply?.textContent).not.toContain('Internal note');
    expect(note?.dataset.kind).toBe('internal');
    expect(note?.classList.contains('internal')).toBe(true);
    expect(note?.querySelector('.note-label')?.textContent).toContain('Internal note');
    expect(note?.querySelector('article')?.getAttribute('aria-label')).toBe('Internal note from Terry Lead');
    expect(note?.textContent).toContain('(edited)');
  });

  it('sanitizes every HTML field and blocks remote images until asked', async () => {
    await openTicket({
      html: '<p>Look <img src="https://tracker.test/p.gif" alt="pixel"><img src=x onerror="window.__pwned=1"></p><script>window.__pwned=2</script>',
      events: [event({ type: 'COMMENT', html: '<a href="javascript:alert(1)">click</a><a href="https://example.com">site</a>' })],
    });
    const region = ticketRegion()!;
    expect(region.querySelector('script')).toBeNull();
    expect(region.querySelector('[onerror]')).toBeNull();
    expect(region.querySelector('.sd-blocked-image')?.textContent).toBe('Image blocked: pixel');
    const links = Array.from(region.querySelectorAll<HTMLAnchorElement>('.safe-html a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual([null, 'https://example.com/']);
    expect(links[1]?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(region.textContent).toContain('Remote images are blocked to protect your privacy (1 in this ticket).');
    getByRole('button', 'Show images').click();
    await settle();
    // Shown through the core as a data: URL; the page never holds the remote address as a src.
    const img = region.querySelector<HTMLImageElement>('.safe-html img');
    expect(img?.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(img?.alt).toBe('pixel');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('fetches remote images through the bridge only after Show images, with a note while loading', async () => {
    const { host } = await openTicket({ html: '<p>Look <img src="https://cdn.test/shot.png" alt="shot"> and <img src="https://cdn.test/plain.png"></p>' });
    const region = ticketRegion()!;
    expect(host.fn['image:fetch']).not.toHaveBeenCalled();
    let finish: () => void = () => undefined;
    host.fn['image:fetch'].mockImplementationOnce(
      () => new Promise((resolve) => (finish = () => resolve({ dataUrl: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' }))),
    );
    getByRole('button', 'Show images').click();
    await settle();
    expect(host.fn['image:fetch']).toHaveBeenCalledWith({ helpdeskId: expect.any(String), ticketNumber: 123456, url: 'https://cdn.test/shot.png' });
    expect(host.fn['image:fetch']).toHaveBeenCalledWith({ helpdeskId: expect.any(String), ticketNumber: 123456, url: 'https://cdn.test/plain.png' });
    expect(region.querySelector('.sd-blocked-image')?.textContent).toBe('Loading image…: shot');
    finish();
    await settle();
    const images = Array.from(region.querySelectorAll<HTMLImageElement>('.safe-html img'));
    expect(images.map((i) => [i.getAttribute('src'), i.alt])).toEqual([
      ['data:image/gif;base64,R0lGODlhAQABAAAAACw=', 'shot'],
      // Named even without alt text of its own.
      ['data:image/png;base64,iVBORw0KGgo=', 'Image from the message'],
    ]);
    expect(region.querySelector('.sd-blocked-image')).toBeNull();
  });

  it('shows why a remote image could not be loaded, in words, instead of a broken image', async () => {
    const { host } = await openTicket({ html: '<p><img src="https://cdn.test/huge.png" alt="huge"><img src="https://cdn.test/odd.png" alt="odd"><img src="https://cdn.test/svg.png"></p>' });
    const region = ticketRegion()!;
    host.fn['image:fetch']
      .mockRejectedValueOnce(fail('protocol', 'The image at cdn.test is larger than 5 MB.', 'IMAGE_TOO_LARGE'))
      .mockRejectedValueOnce(fail('internal', 'Something went wrong inside Staffdesk.'))
      // Whatever the bridge answers, only an inline raster image may become a src.
      .mockResolvedValueOnce({ dataUrl: 'data:image/svg+xml;base64,PHN2Zz4=' });
    getByRole('button', 'Show images').click();
    await settle();
    expect(region.querySelector('.safe-html img')).toBeNull();
    expect(Array.from(region.querySelectorAll('.sd-blocked-image')).map((s) => s.textContent)).toEqual([
      'Image could not be loaded (it is too large): huge',
      'Image could not be loaded: odd',
      'Image could not be loaded',
    ]);
  });

  it('downloads attachments through the bridge and saves them with a download link', async () => {
    const { host } = await openTicket({ file: `t123456_${'a'.repeat(40)}_invoice.pdf` });
    const created = vi.fn(() => 'blob:fake');
    const revoke = vi.fn();
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: revoke });
    const clicked: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    getByRole('button', 'Download invoice.pdf').click();
    await settle();
    expect(host.fn['ticket:download']).toHaveBeenCalledWith(expect.objectContaining({ fileName: `t123456_${'a'.repeat(40)}_invoice.pdf` }));
    expect(created).toHaveBeenCalled();
    expect(clicked[0]?.download).toBe('invoice.pdf');
    click.mockRestore();
  });

  it('edits my last comment inline', async () => {
    const last = event({ type: 'COMMENT', html: '<p>Typo here</p>', mine: true });
    const { host, wrapper } = await openTicket({ events: [last], editableEventId: last.id, can: { ...ticket('x').can, editLastComment: true } });
    getByRole('button', 'Edit your last message').click();
    await settle();
    const box = document.querySelector('.edit [role="textbox"]');
    expect(box?.getAttribute('aria-label')).toBe('Edit message');
    expect(box?.textContent).toContain('Typo here');
    const editor = wrapper.findAllComponents(RichEditor).find((c) => c.element.closest?.('.edit'));
    (editor?.vm as unknown as { setHTML: (html: string) => void }).setHTML('<p>Fixed here</p>');
    getByRole('button', 'Save').click();
    await settle();
    expect(host.fn['ticket:editComment']).toHaveBeenCalledWith(expect.objectContaining({ eventId: last.id, html: '<p>Fixed here</p>' }));
    expect(document.querySelector('.edit')).toBeNull();
    expect(timelineItems().at(-1)?.textContent).toContain('Fixed here');
    expect(timelineItems().at(-1)?.textContent).toContain('(edited)');
  });

  it('opens the customer profile with their other tickets, and Esc closes it', async () => {
    const { host, h } = await openTicket();
    host.seed(h.id, [ticket(h.id, { title: 'Older question', author: host.find({ helpdeskId: h.id, ticketNumber: 123456 }).author, closed: true })]);
    getByRole('button', 'Show the profile of Carla Customer').click();
    await settle();
    expect(host.fn['customer:get']).toHaveBeenCalledWith({ helpdeskId: h.id, userId: expect.any(Number) });
    const panel = document.querySelector('aside');
    expect(panel?.textContent).toContain('carla@example.com');
    expect(panel?.textContent).toContain('Older question');
    expect(panel?.textContent).toContain('Tickets (2)');
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await settle();
    expect(document.querySelector('aside')).toBeNull();
    expect(ticketRegion()).not.toBeNull();
  });

  it('follows ticket:changed for the open ticket', async () => {
    const { host, detail } = await openTicket();
    host.emit('ticket:changed', { ...detail, title: 'Renamed elsewhere', owner: { id: ME.id, name: ME.name } });
    await settle();
    expect(ticketRegion()?.querySelector('h2')?.textContent).toContain('Renamed elsewhere');
    expect(options()[0]?.textContent).toContain('Renamed elsewhere');
  });
});
