// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import { ticket } from './fake-host.mts';
import { getByLabel, getByRole } from './dom.mts';
import { mine, openConsole, settle, ticketRegion } from './console-helpers.mts';

enableAutoUnmount(afterEach);
beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});

describe('console', () => {
  it('opens a signed-out helpdesk on its page, where the sign-in form is', async () => {
    await openConsole(() => [], { state: 'signed-out', user: null });
    expect(getByRole('button', 'Settings and account').getAttribute('aria-current')).toBe('page');
    expect(getByLabel('Password')).toBeTruthy();
  });

  it('moves to the sign-in form when the sign-in ends while working', async () => {
    const { host, h } = await openConsole((id) => [ticket(id, mine)]);
    expect(document.querySelector('[role="listbox"]')).not.toBeNull();
    host.emitChanged([{ ...h, state: 'signed-out', stateMessage: 'Your session ended.' }]);
    await settle();
    expect(getByLabel('Password')).toBeTruthy();
  });

  it('follows app:navigate from a notification to the ticket and its queue', async () => {
    const { host, h, tickets } = await openConsole((id) => [ticket(id, { title: 'Unowned one' })]);
    host.emit('app:navigate', { helpdeskId: h.id, ticketNumber: tickets[0]!.ticketNumber, queue: 'new' });
    await settle();
    expect(host.fn['queue:open']).toHaveBeenLastCalledWith(expect.objectContaining({ queue: 'new' }));
    expect(ticketRegion()?.querySelector('h2')?.textContent).toContain('Unowned one');
  });

  it('stops listening when it goes away', async () => {
    const { host, wrapper } = await openConsole(() => []);
    expect(host.listenerCount('queue:changed')).toBe(1);
    expect(host.listenerCount('ticket:changed')).toBe(1);
    wrapper.unmount();
    expect(host.listenerCount('queue:changed')).toBe(0);
    expect(host.listenerCount('ticket:changed')).toBe(0);
    expect(host.listenerCount('app:navigate')).toBe(0);
  });
});
