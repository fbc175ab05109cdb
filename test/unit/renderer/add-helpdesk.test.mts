// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import App from '../../../renderer/src/App.vue';
import type { ProbeView } from '../../../electron/contract';
import { FakeHost, fail, helpdesk, mountWith, probeOk, settle } from './fake-host.mts';
import { descriptionOf, getByLabel, getByRole, queryButton } from './dom.mts';

enableAutoUnmount(afterEach);
beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});

function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

function blur(input: HTMLInputElement): void {
  input.dispatchEvent(new FocusEvent('blur'));
}

async function openFirstRun(host = new FakeHost([])) {
  const mounted = mountWith(App, host);
  await settle();
  return { host, ...mounted };
}

async function fillAll(url = 'help.acme.test') {
  type(getByLabel('Helpdesk URL'), url);
  type(getByLabel('Email'), 'jane@acme.test');
  type(getByLabel('Password'), 'hunter22');
}

async function submit() {
  getByRole('button', 'Add helpdesk').click();
  await settle();
}

describe('AddHelpdesk', () => {
  it('is the first screen when there are no helpdesks, with every control labelled', async () => {
    await openFirstRun();
    expect(document.querySelector('h1')?.textContent).toContain('Connect your first helpdesk');
    for (const label of ['Helpdesk URL', 'Label', 'Email', 'Password']) expect(getByLabel(label)).toBeTruthy();
    const remember = getByLabel('Remember me on this computer');
    expect(remember.type).toBe('checkbox');
    expect(remember.checked).toBe(true);
    expect(getByLabel('Password').type).toBe('password');
    expect(queryButton('Cancel')).toBeNull();
    expect(document.activeElement).toBe(getByLabel('Helpdesk URL'));
  });

  it('probes the URL when the field loses focus and shows title, version and warnings', async () => {
    const host = new FakeHost([]);
    host.fn['helpdesks:probe'].mockResolvedValue(
      probeOk({ apiRoot: 'http://help.acme.test/api', warnings: ['This address uses plain http://: passwords and the session travel unencrypted.'] }),
    );
    await openFirstRun(host);
    const url = getByLabel('Helpdesk URL');
    type(url, 'http://help.acme.test');
    blur(url);
    await settle();
    expect(host.fn['helpdesks:probe']).toHaveBeenCalledWith({ url: 'http://help.acme.test' });
    const status = descriptionOf(url);
    expect(status).toContain('Found Acme Support');
    expect(status).toContain('OpenSupports 4.x');
    expect(document.body.textContent).toContain('This address uses plain http://');
    expect(document.querySelector('.warning')?.textContent).toContain('plain http://');
    expect(getByLabel('Label').placeholder).toBe('Acme Support');
    // Blurring again without a change does not ask again.
    blur(url);
    await settle();
    expect(host.fn['helpdesks:probe']).toHaveBeenCalledTimes(1);
  });

  it('shows the probe error next to a URL that is not OpenSupports, and does not add', async () => {
    const host = new FakeHost([]);
    const notOs: ProbeView = { ok: false, apiRoot: null, title: null, version: null, warnings: [], error: 'This URL does not look like an OpenSupports API (/system/get-settings: no envelope).' };
    host.fn['helpdesks:probe'].mockResolvedValue(notOs);
    await openFirstRun(host);
    await fillAll('https://example.com');
    blur(getByLabel('Helpdesk URL'));
    await settle();
    const url = getByLabel('Helpdesk URL');
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(url)).toContain('does not look like an OpenSupports API');
    await submit();
    expect(host.fn['helpdesks:add']).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(url);
  });

  it('probes on submit too, then adds with the probed API root and the title as the default label', async () => {
    const host = new FakeHost([]);
    await openFirstRun(host);
    await fillAll();
    getByLabel('Remember me on this computer').click();
    await submit();
    expect(host.fn['helpdesks:probe']).toHaveBeenCalledTimes(1);
    expect(host.fn['helpdesks:add']).toHaveBeenCalledWith({
      url: 'https://help.acme.test/api',
      label: 'Acme Support',
      email: 'jane@acme.test',
      password: 'hunter22',
      remember: false,
    });
    // The new helpdesk is selected and its home replaces the form.
    expect(document.querySelector('h1')?.textContent).toContain('Acme Support');
    expect(getByRole('button', 'Acme Support — online').getAttribute('aria-current')).toBe('page');
  });

  it('asks for what is missing before calling anything', async () => {
    const host = new FakeHost([]);
    await openFirstRun(host);
    type(getByLabel('Helpdesk URL'), 'help.acme.test');
    await submit();
    expect(descriptionOf(getByLabel('Email'))).toContain('Enter the email');
    expect(descriptionOf(getByLabel('Password'))).toContain('Enter your password');
    expect(host.fn['helpdesks:add']).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(getByLabel('Email'));
  });

  it('puts a wrong password under the password, clears only the password, and keeps the rest', async () => {
    const host = new FakeHost([]);
    host.fn['helpdesks:add'].mockRejectedValueOnce(fail('api', 'The email or password is wrong, or this is not a staff account.', 'INVALID_CREDENTIALS'));
    await openFirstRun(host);
    await fillAll();
    type(getByLabel('Label'), 'Acme');
    await submit();
    const password = getByLabel('Password');
    expect(password.value).toBe('');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(password)).toContain('The email or password is wrong');
    expect(document.activeElement).toBe(password);
    expect(getByLabel('Helpdesk URL').value).toBe('help.acme.test');
    expect(getByLabel('Email').value).toBe('jane@acme.test');
    expect(getByLabel('Label').value).toBe('Acme');
    expect(getByLabel('Email').getAttribute('aria-invalid')).toBeNull();
    // Typing again clears the complaint.
    type(password, 'x');
    await settle();
    expect(password.getAttribute('aria-invalid')).toBeNull();
  });

  it('puts account problems under the email', async () => {
    const host = new FakeHost([]);
    host.fn['helpdesks:add'].mockRejectedValueOnce(fail('api', 'This account has been disabled by an administrator.', 'USER_DISABLED'));
    await openFirstRun(host);
    await fillAll();
    await submit();
    expect(descriptionOf(getByLabel('Email'))).toContain('disabled by an administrator');
    expect(getByLabel('Password').value).toBe('hunter22');
  });

  it('shows invalid-input as a form error with the message', async () => {
    const host = new FakeHost([]);
    host.fn['helpdesks:add'].mockRejectedValueOnce(fail('invalid-input', 'The label is not valid: Too big: expected string to have <=60 characters.'));
    await openFirstRun(host);
    await fillAll();
    await submit();
    expect(getByRole('alert').textContent).toContain('The label is not valid');
    expect(getByLabel('Password').value).toBe('hunter22');
  });

  it("says it can't reach the host on a network error, with the main side's detail", async () => {
    const host = new FakeHost([]);
    host.fn['helpdesks:add'].mockRejectedValueOnce(fail('network', 'help.acme.test refused the connection. The helpdesk may be down or the port may be wrong.'));
    await openFirstRun(host);
    await fillAll();
    await submit();
    const alert = getByRole('alert').textContent ?? '';
    expect(alert).toContain("Can't reach help.acme.test.");
    expect(alert).toContain('refused the connection');
  });

  it('disables the button and shows progress while it works', async () => {
    const host = new FakeHost([]);
    let finish: () => void = () => undefined;
    host.fn['helpdesks:add'].mockImplementationOnce(
      (input) =>
        new Promise((resolve) => {
          finish = () => resolve(helpdesk({ label: input.label ?? 'x' }));
        }),
    );
    await openFirstRun(host);
    await fillAll();
    getByRole('button', 'Add helpdesk').click();
    await settle();
    const button = getByRole('button', 'Add helpdesk') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(document.body.textContent).toContain('Signing in to help.acme.test…');
    getByRole('button', 'Add helpdesk').click();
    await settle();
    expect(host.fn['helpdesks:add']).toHaveBeenCalledTimes(1);
    finish();
    await settle();
    expect(queryButton('Add helpdesk')).not.toBeNull(); // the rail's button is back
    expect(document.querySelector('form[aria-busy]')).toBeNull();
  });

  it('offers Cancel when other helpdesks exist, and goes back to the selected one', async () => {
    const existing = helpdesk({ label: 'Globex' });
    const host = new FakeHost([existing]);
    mountWith(App, host);
    await settle();
    getByRole('button', 'Add helpdesk').click();
    await settle();
    expect(document.querySelector('h1')?.textContent).toContain('Add a helpdesk');
    // While adding, only the form's own button carries that name.
    expect(document.querySelectorAll('button').length).toBeGreaterThan(1);
    getByRole('button', 'Cancel').click();
    await settle();
    expect(document.querySelector('h1')?.textContent).toContain('Globex');
  });

  it('speaks Spanish when asked to', async () => {
    mountWith(App, new FakeHost([]), { locale: 'es' });
    await settle();
    expect(getByLabel('URL del centro de ayuda')).toBeTruthy();
    expect(getByLabel('Recordarme en este equipo').checked).toBe(true);
    expect(getByRole('button', 'Añadir centro de ayuda')).toBeTruthy();
  });
});
