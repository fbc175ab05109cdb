// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import App from '../../../renderer/src/App.vue';
import { BridgeCallError, HOST_DISCONNECTED } from '../../../renderer/src/bridge';
import { FakeHost, fail, helpdesk, mountWith, settle } from './fake-host.mts';
import { getByRole, queryButton } from './dom.mts';

enableAutoUnmount(afterEach);
beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});

describe('App shell', () => {
  it('says so, as an alert, when the browser host goes away', async () => {
    const host = new FakeHost([helpdesk()]);
    mountWith(App, host);
    await settle();
    expect(document.querySelector('[role="alert"]')).toBeNull();
    host.status.value = 'disconnected';
    await settle();
    expect(getByRole('alert').textContent).toContain('Lost the connection to Staffdesk. Reload to reconnect.');
    expect(getByRole('button', 'Reload')).toBeTruthy();
  });

  it('tells a host that was never reached from one that was lost', async () => {
    const host = new FakeHost([]);
    host.everConnected.value = false;
    host.status.value = 'disconnected';
    host.fn['helpdesks:list'].mockRejectedValue(new BridgeCallError('internal', 'gone', HOST_DISCONNECTED));
    mountWith(App, host);
    await settle();
    const alerts = Array.from(document.querySelectorAll('[role="alert"]')).map((a) => a.textContent ?? '');
    expect(alerts.some((a) => a.includes("Can't connect to Staffdesk. Reload to try again."))).toBe(true);
    expect(alerts.some((a) => a.includes("Couldn't load your helpdesks."))).toBe(true);
  });

  it('shows app notices in a status banner that can be dismissed', async () => {
    const host = new FakeHost([helpdesk()]);
    host.info.keychainProblem = 'The name org.freedesktop.secrets was not provided by any .service files';
    host.info.storeNotice = 'The local database was damaged; it was set aside and a fresh one started.';
    mountWith(App, host);
    await settle();
    const status = document.querySelector('.notices[role="status"]');
    expect(status?.textContent).toContain("Sign-ins can't be remembered on this computer: you will sign in again after Staffdesk restarts.");
    // The system's message is there for whoever fixes the keychain, folded under Details.
    const details = status?.querySelector('details');
    expect(details?.open).toBe(false);
    expect(details?.querySelector('summary')?.textContent?.trim()).toBe('Details');
    expect(details?.textContent).toContain('org.freedesktop.secrets');
    expect(status?.textContent).toContain('set aside');
    const dismiss = Array.from(status?.querySelectorAll('button') ?? []);
    expect(dismiss.map((b) => b.getAttribute('aria-label'))).toEqual(['Dismiss this notice', 'Dismiss this notice']);
    dismiss[1]?.click();
    await settle();
    expect(status?.textContent).not.toContain('set aside');
    expect(status?.textContent).toContain('org.freedesktop.secrets');
  });

  it('offers a retry when the list fails to load', async () => {
    const host = new FakeHost([helpdesk({ label: 'Acme Support' })]);
    host.fn['helpdesks:list'].mockRejectedValueOnce(fail('internal', 'x'));
    mountWith(App, host);
    await settle();
    expect(getByRole('alert').textContent).toContain("Couldn't load your helpdesks.");
    getByRole('button', 'Try again').click();
    await settle();
    expect(document.querySelector('main h1')?.textContent?.trim()).toBe('Acme Support');
    expect(queryButton('Try again')).toBeNull();
  });

  it('applies helpdesks:changed to what is on screen', async () => {
    const a = helpdesk({ label: 'Acme Support' });
    const host = new FakeHost([a]);
    mountWith(App, host);
    await settle();
    host.emitChanged([{ ...a, unread: 7, state: 'offline' }]);
    await settle();
    expect(getByRole('button', 'Acme Support — offline, 7 unread')).toBeTruthy();
  });
});
