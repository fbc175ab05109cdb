// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import App from '../../../renderer/src/App.vue';
import type { HelpdeskView } from '../../../electron/contract';
import { FakeHost, fail, helpdesk, mountWith, settle } from './fake-host.mts';
import { descriptionOf, getByLabel, getByRole, key, queryButton } from './dom.mts';

enableAutoUnmount(afterEach);
beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});

/** The helpdesk's own page is the console's "Settings and account" section. */
async function show(...list: HelpdeskView[]) {
  const host = new FakeHost(list);
  mountWith(App, host);
  await settle();
  getByRole('button', 'Settings and account').click();
  await settle();
  return host;
}

function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

const dialog = () => document.querySelector<HTMLElement>('[role="dialog"]');

describe('HelpdeskHome', () => {
  it('shows the label, API root, who is signed in and the state with its sentence', async () => {
    await show(
      helpdesk({
        label: 'Acme Support',
        apiRoot: 'https://help.acme.test/api',
        state: 'offline',
        stateMessage: 'help.acme.test did not answer in time. The helpdesk may be overloaded or unreachable.',
        user: { name: 'Jane Doe', email: 'jane@acme.test', level: 3 },
      }),
    );
    const main = document.querySelector('main');
    expect(main?.querySelector('h1')?.textContent?.trim()).toBe('Acme Support');
    const text = main?.textContent ?? '';
    expect(text).toContain('https://help.acme.test/api');
    expect(text).toContain('Jane Doe');
    expect(text).toContain('jane@acme.test');
    expect(text).toContain('Staff level 3 · administrator');
    expect(text).toContain('Offline');
    expect(text).toContain('did not answer in time');
    for (const name of ['Rename', 'Sign out', 'Remove helpdesk', 'Try again']) expect(getByRole('button', name)).toBeTruthy();
  });

  it('offers an inline sign-in form when signed out, with the email prefilled', async () => {
    const h = helpdesk({ label: 'Acme Support', state: 'signed-out', stateMessage: 'Your session on this helpdesk has ended. Sign in again to continue.' });
    const host = await show(h);
    expect(document.body.textContent).toContain('Your session on this helpdesk has ended');
    expect(queryButton('Sign out')).toBeNull();
    expect(getByLabel('Email').value).toBe('jane@example.com');
    expect(getByLabel('Remember me on this computer').checked).toBe(true);
    type(getByLabel('Password'), 'hunter22');
    getByRole('button', 'Sign in').click();
    await settle();
    expect(host.fn['helpdesks:signIn']).toHaveBeenCalledWith({ id: h.id, email: 'jane@example.com', password: 'hunter22', remember: true });
    expect(document.body.textContent).toContain('Online');
    expect(queryButton('Sign in')).toBeNull();
  });

  it('puts a wrong password under the password field of the sign-in form', async () => {
    const h = helpdesk({ state: 'signed-out', user: null });
    const host = await show(h);
    host.fn['helpdesks:signIn'].mockRejectedValueOnce(fail('api', 'The email or password is wrong, or this is not a staff account.', 'INVALID_CREDENTIALS'));
    expect(getByLabel('Email').value).toBe('');
    type(getByLabel('Email'), 'jane@acme.test');
    type(getByLabel('Password'), 'nope');
    getByRole('button', 'Sign in').click();
    await settle();
    expect(getByLabel('Password').value).toBe('');
    expect(descriptionOf(getByLabel('Password'))).toContain('The email or password is wrong');
    expect(getByLabel('Email').value).toBe('jane@acme.test');
  });

  it('keeps the form, what was typed and the error through signing-in and a failed attempt', async () => {
    const h = helpdesk({ apiRoot: 'https://help.acme.test/api', state: 'signed-out', user: null });
    const host = await show(h);
    host.fn['helpdesks:signIn'].mockImplementationOnce(async () => {
      // The core announces the attempt before it fails, as the registry does.
      host.emitChanged([{ ...h, state: 'signing-in' }]);
      await new Promise((r) => setTimeout(r, 0));
      host.emitChanged([{ ...h, state: 'offline' }]);
      throw fail('network', 'help.acme.test did not answer in time.');
    });
    type(getByLabel('Email'), 'jane@acme.test');
    type(getByLabel('Password'), 'hunter22');
    getByRole('button', 'Sign in').click();
    await settle();
    expect(getByLabel('Email').value).toBe('jane@acme.test');
    expect(getByLabel('Password').value).toBe('hunter22');
    expect(getByRole('alert').textContent).toContain("Can't reach help.acme.test.");
  });

  it('in the error state offers "Sign in again" rather than forcing the form', async () => {
    await show(helpdesk({ state: 'error', stateMessage: 'Your session on this helpdesk has ended. Sign in again to continue.' }));
    expect(document.querySelector('input[type="password"]')).toBeNull();
    getByRole('button', 'Sign in again').click();
    await settle();
    expect(document.activeElement).toBe(getByLabel('Password'));
  });

  it('reconnects on "Try again" and shows what went wrong', async () => {
    const h = helpdesk({ apiRoot: 'https://help.acme.test/api', state: 'offline' });
    const host = await show(h);
    host.fn['helpdesks:reconnect'].mockRejectedValueOnce(fail('network', 'help.acme.test refused the connection.'));
    getByRole('button', 'Try again').click();
    await settle();
    expect(getByRole('alert').textContent).toContain("Can't reach help.acme.test.");
    getByRole('button', 'Try again').click();
    await settle();
    expect(host.fn['helpdesks:reconnect']).toHaveBeenCalledTimes(2);
    expect(document.body.textContent).toContain('Online');
  });

  it('renames inline: Save calls the bridge, Esc cancels', async () => {
    const h = helpdesk({ label: 'Acme Support' });
    const host = await show(h);
    getByRole('button', 'Rename').click();
    await settle();
    const field = getByLabel('Name');
    expect(document.activeElement).toBe(field);
    type(field, 'Nope');
    key(field, 'Escape');
    await settle();
    expect(host.fn['helpdesks:rename']).not.toHaveBeenCalled();
    expect(document.querySelector('main h1')?.textContent?.trim()).toBe('Acme Support');
    expect(document.activeElement).toBe(getByRole('button', 'Rename'));

    getByRole('button', 'Rename').click();
    await settle();
    type(getByLabel('Name'), '  Acme  ');
    getByRole('button', 'Save').click();
    await settle();
    expect(host.fn['helpdesks:rename']).toHaveBeenCalledWith({ id: h.id, label: 'Acme' });
    expect(document.querySelector('main h1')?.textContent?.trim()).toBe('Acme');
    expect(getByRole('button', 'Acme — online')).toBeTruthy();
  });
});

describe('confirmation dialogs', () => {
  it('Remove asks first, spelling out the consequence, in an accessible modal dialog', async () => {
    await show(helpdesk({ label: 'Acme Support' }));
    const opener = getByRole('button', 'Remove helpdesk');
    opener.focus();
    opener.click();
    await settle();
    const d = dialog();
    expect(d).not.toBeNull();
    expect(d?.getAttribute('aria-modal')).toBe('true');
    const title = document.getElementById(d?.getAttribute('aria-labelledby') ?? '');
    expect(title?.textContent?.trim()).toBe('Remove Acme Support?');
    expect(document.getElementById(d?.getAttribute('aria-describedby') ?? '')?.textContent?.trim()).toBe(
      'Its saved sign-in and cached tickets are deleted from this computer. Nothing changes on the helpdesk.',
    );
    expect(d?.contains(document.activeElement)).toBe(true);
    // The page behind is out of reach: one button of each name, and it is the dialog's.
    expect(document.querySelector('main')?.closest('[inert]')).not.toBeNull();
    expect(getByRole('button', 'Remove helpdesk').closest('[role="dialog"]')).toBe(d);
  });

  it('Esc cancels without calling anything, and focus returns to the button that opened it', async () => {
    const host = await show(helpdesk({ label: 'Acme Support' }));
    const opener = getByRole('button', 'Sign out');
    opener.focus();
    opener.click();
    await settle();
    expect(document.getElementById(dialog()?.getAttribute('aria-labelledby') ?? '')?.textContent).toContain('Sign out of Acme Support?');
    key(document.activeElement ?? document.body, 'Escape');
    await settle();
    expect(dialog()).toBeNull();
    expect(host.fn['helpdesks:signOut']).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(opener);
    expect(document.querySelector('[inert]')).toBeNull();
  });

  it('keeps Tab inside the dialog', async () => {
    await show(helpdesk());
    getByRole('button', 'Sign out').click();
    await settle();
    const d = dialog();
    const buttons = Array.from(d?.querySelectorAll('button') ?? []);
    expect(buttons.map((b) => b.textContent?.trim())).toEqual(['Cancel', 'Sign out']);
    const [first, last] = buttons;
    last?.focus();
    const forward = key(last ?? document.body, 'Tab');
    expect(forward.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(first);
    const back = key(first ?? document.body, 'Tab', { shiftKey: true });
    expect(back.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(last);
  });

  it('confirming Sign out calls the bridge and shows the signed-out state', async () => {
    const h = helpdesk({ label: 'Acme Support' });
    const host = await show(h);
    getByRole('button', 'Sign out').click();
    await settle();
    getByRole('button', 'Sign out', dialog() ?? document).click();
    await settle();
    expect(host.fn['helpdesks:signOut']).toHaveBeenCalledWith({ id: h.id });
    expect(dialog()).toBeNull();
    expect(getByRole('button', 'Acme Support — signed out')).toBeTruthy();
    expect(getByLabel('Password')).toBeTruthy();
  });

  it('confirming Remove calls the bridge and moves to the next helpdesk', async () => {
    const a = helpdesk({ label: 'Acme Support' });
    const b = helpdesk({ label: 'Globex' });
    const host = await show(a, b);
    getByRole('button', 'Remove helpdesk').click();
    await settle();
    getByRole('button', 'Remove helpdesk', dialog() ?? document).click();
    await settle();
    expect(host.fn['helpdesks:remove']).toHaveBeenCalledWith({ id: a.id });
    expect(document.querySelector('main h1')?.textContent?.trim()).toBe('Globex');
    expect(queryButton(/^Acme Support/)).toBeNull();
    expect(document.activeElement).toBe(document.querySelector('main'));
  });

  it('keeps the dialog open with the error when the call fails', async () => {
    const host = await show(helpdesk());
    host.fn['helpdesks:remove'].mockRejectedValueOnce(fail('keychain', 'The system keychain refused to delete the saved sign-in.'));
    getByRole('button', 'Remove helpdesk').click();
    await settle();
    getByRole('button', 'Remove helpdesk', dialog() ?? document).click();
    await settle();
    expect(dialog()).not.toBeNull();
    expect(getByRole('alert', undefined, dialog() ?? document).textContent).toContain('keychain refused');
  });

  it('removing the last helpdesk leads back to the add screen', async () => {
    await show(helpdesk());
    getByRole('button', 'Remove helpdesk').click();
    await settle();
    getByRole('button', 'Remove helpdesk', dialog() ?? document).click();
    await settle();
    expect(document.querySelector('main h1')?.textContent).toContain('Connect your first helpdesk');
  });
});
