// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import App from '../../../renderer/src/App.vue';
import { isMacPlatform, switchShortcutIndex } from '../../../renderer/src/keyboard';
import { FakeHost, helpdesk, mountWith, settle } from './fake-host.mts';
import { getByRole, key } from './dom.mts';

enableAutoUnmount(afterEach);
beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});

function setup() {
  const acme = helpdesk({ label: 'Acme Support', unread: 3 });
  const globex = helpdesk({ label: 'Globex', state: 'offline', stateMessage: 'help.globex.test did not answer in time.' });
  const initech = helpdesk({ label: 'Initech', state: 'signed-out', user: null });
  const host = new FakeHost([acme, globex, initech]);
  return { acme, globex, initech, host };
}

const heading = () => document.querySelector('main h1')?.textContent?.trim();

describe('HelpdeskRail', () => {
  it('names each helpdesk with its state and unread count, not by colour alone', async () => {
    const { host } = setup();
    mountWith(App, host);
    await settle();
    const nav = getByRole('navigation', 'Helpdesks');
    expect(getByRole('button', 'Acme Support — online, 3 unread', nav).getAttribute('aria-current')).toBe('page');
    expect(getByRole('button', 'Globex — offline', nav).getAttribute('aria-current')).toBeNull();
    expect(getByRole('button', 'Initech — signed out', nav)).toBeTruthy();
    // Seen as well as heard: the state is written next to the label, and the badge shows the count.
    expect(nav.textContent).toContain('Offline');
    expect(nav.querySelector('.badge')?.textContent).toBe('3');
    expect(getByRole('button', 'Add helpdesk', nav)).toBeTruthy();
  });

  it('falls back to initials in the tile', async () => {
    const { host } = setup();
    mountWith(App, host);
    await settle();
    const tiles = Array.from(document.querySelectorAll('nav[aria-label="Helpdesks"] .avatar')).map((el) => el.getAttribute('data-initials'));
    expect(tiles).toEqual(['AS', 'GL', 'IN']);
  });

  it('switches on click and marks the current one', async () => {
    const { host } = setup();
    mountWith(App, host);
    await settle();
    getByRole('button', 'Globex — offline').click();
    await settle();
    expect(heading()).toBe('Globex');
    expect(getByRole('button', 'Globex — offline').getAttribute('aria-current')).toBe('page');
    expect(getByRole('button', 'Acme Support — online, 3 unread').getAttribute('aria-current')).toBeNull();
  });

  it('switches to the Nth helpdesk with Ctrl+N, and leaves other keys alone', async () => {
    const { host } = setup();
    mountWith(App, host);
    await settle();
    const e = key(document.body, '3', { code: 'Digit3', ctrlKey: true });
    await settle();
    expect(e.defaultPrevented).toBe(true);
    expect(heading()).toBe('Initech');
    key(document.body, '2', { code: 'Digit2', ctrlKey: true, shiftKey: true });
    key(document.body, '2', { code: 'Digit2' });
    await settle();
    expect(heading()).toBe('Initech');
    // AZERTY: the key is "é" but the physical key is still Digit2.
    key(document.body, 'é', { code: 'Digit2', ctrlKey: true });
    await settle();
    expect(heading()).toBe('Globex');
    // No ninth helpdesk: nothing moves.
    key(document.body, '9', { code: 'Digit9', ctrlKey: true });
    await settle();
    expect(heading()).toBe('Globex');
  });

  it('does not switch while a dialog is open', async () => {
    const { host } = setup();
    mountWith(App, host);
    await settle();
    getByRole('button', 'Settings and account').click();
    await settle();
    getByRole('button', 'Remove helpdesk').click();
    await settle();
    key(document.activeElement ?? document.body, '2', { code: 'Digit2', ctrlKey: true });
    await settle();
    expect(document.querySelector('[role="dialog"]')).not.toBeNull();
    getByRole('button', 'Cancel').click();
    await settle();
    expect(heading()).toBe('Acme Support');
  });

  it('is reachable by Tab: every helpdesk is a native button', async () => {
    const { host } = setup();
    mountWith(App, host);
    await settle();
    const buttons = Array.from(document.querySelectorAll('nav[aria-label="Helpdesks"] button'));
    expect(buttons).toHaveLength(4);
    for (const b of buttons) expect(b.getAttribute('tabindex')).not.toBe('-1');
  });
});

describe('switchShortcutIndex', () => {
  const base = { key: '1', code: 'Digit1', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false };
  it('takes Ctrl everywhere and ⌘ only on macOS', () => {
    expect(switchShortcutIndex({ ...base, ctrlKey: true }, false)).toBe(0);
    expect(switchShortcutIndex({ ...base, metaKey: true }, false)).toBeNull();
    expect(switchShortcutIndex({ ...base, metaKey: true, key: '5', code: 'Digit5' }, true)).toBe(4);
    expect(switchShortcutIndex({ ...base, ctrlKey: true, key: '0', code: 'Digit0' }, false)).toBeNull();
    expect(switchShortcutIndex({ ...base, ctrlKey: true, altKey: true }, false)).toBeNull();
    expect(switchShortcutIndex({ ...base, ctrlKey: true, code: 'Numpad7', key: '7' }, false)).toBe(6);
  });

  it('knows a Mac when it sees one', () => {
    expect(isMacPlatform({ platform: 'MacIntel', userAgent: '' })).toBe(true);
    expect(isMacPlatform({ platform: 'Linux x86_64', userAgent: 'X11' })).toBe(false);
  });

  it('honours ⌘N in the rail on macOS', async () => {
    const platform = vi.spyOn(navigator, 'platform', 'get').mockReturnValue('MacIntel');
    const { host } = setup();
    mountWith(App, host);
    await settle();
    key(document.body, '2', { code: 'Digit2', metaKey: true });
    await settle();
    expect(heading()).toBe('Globex');
    platform.mockRestore();
  });
});
