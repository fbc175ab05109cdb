import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyringVault, MemoryVault, openVault, PROBE_ACCOUNT } from '../../../electron/core/instances/vault';
import { FakeKeychain, SEEN_MESSAGES } from './fake-keychain';
import { openVaultInChild } from './run-open-vault';

const FALLBACK = /^No system keychain is available \(.+\), so Staffdesk cannot remember your sign-in: you will be asked for your password after a restart\.$/;

describe('openVault', () => {
  it('returns the keychain vault when the probe works, and the probe leaves nothing behind', async () => {
    const keychain = new FakeKeychain();
    const vault = await openVault({ service: 'svc', entryFactory: keychain.factory });
    expect(vault).toBeInstanceOf(KeyringVault);
    expect(vault.persistence).toBe('keychain');
    expect(vault.unavailableReason).toBeNull();
    expect(keychain.calls).toContain(`set svc/${PROBE_ACCOUNT}`);
    expect(keychain.calls).toContain(`get svc/${PROBE_ACCOUNT}`);
    expect(keychain.calls).toContain(`delete svc/${PROBE_ACCOUNT}`);
    expect(keychain.items.size).toBe(0);
  });

  it.each([
    ['no D-Bus session', SEEN_MESSAGES.noDbus, /there is no D-Bus session to reach it: .*DBUS_SESSION_BUS_ADDRESS/],
    ['no Secret Service', SEEN_MESSAGES.noService, /no Secret Service such as GNOME Keyring or KWallet is running/],
    ['a locked keyring', SEEN_MESSAGES.locked, /the keychain is locked or refused access/],
  ])('falls back to memory with a plain reason when there is %s', async (_name, message, reason) => {
    const keychain = new FakeKeychain();
    keychain.failures.set = message;
    const vault = await openVault({ entryFactory: keychain.factory });
    expect(vault).toBeInstanceOf(MemoryVault);
    expect(vault.persistence).toBe('memory');
    expect(vault.unavailableReason).toMatch(FALLBACK);
    expect(vault.unavailableReason).toMatch(reason);
    expect(keychain.items.size).toBe(0);
    // The fallback still works for this run.
    await vault.set('desk', 'tok');
    expect(await vault.get('desk')).toBe('tok');
  });

  it('falls back when the keychain reads back something else than it was given', async () => {
    const keychain = new FakeKeychain();
    keychain.tamper = (stored) => (stored === null ? null : `${stored}-changed`);
    const vault = await openVault({ entryFactory: keychain.factory });
    expect(vault.persistence).toBe('memory');
    expect(vault.unavailableReason).toMatch(/read back differently/);
    expect(keychain.items.size).toBe(0);
  });

  it('falls back when the keychain cannot delete, cleaning up what the probe wrote if it can', async () => {
    const keychain = new FakeKeychain();
    keychain.failures.delete = 'Platform failure: delete refused';
    const vault = await openVault({ entryFactory: keychain.factory });
    expect(vault.persistence).toBe('memory');
    expect(vault.unavailableReason).toMatch(/delete refused/);
  });

  it('does not wait on a keychain that never answers', async () => {
    const keychain = new FakeKeychain();
    keychain.failures.set = 'hang';
    const started = performance.now();
    const vault = await openVault({ entryFactory: keychain.factory, timeoutMs: 50 });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(vault.persistence).toBe('memory');
    expect(vault.unavailableReason).toMatch(/did not answer in time/);
  });
});

describe('openVault with the real keyring module and no usable D-Bus (child processes)', () => {
  it('falls back quickly when DBUS_SESSION_BUS_ADDRESS points at nothing', async () => {
    const result = await openVaultInChild({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' }, `staffdesk-test-${randomUUID()}`);
    expect(result.persistence).toBe('memory');
    expect(result.unavailableReason).toMatch(FALLBACK);
    expect(result.unavailableReason).toMatch(/no D-Bus session.*\/nonexistent/);
    expect(result.elapsedMs).toBeLessThan(1000);
  });

  it('falls back quickly when there is no DBUS_SESSION_BUS_ADDRESS at all', async () => {
    const result = await openVaultInChild({ DBUS_SESSION_BUS_ADDRESS: undefined }, `staffdesk-test-${randomUUID()}`);
    expect(result.persistence).toBe('memory');
    expect(result.unavailableReason).toMatch(/no D-Bus session/);
    expect(result.elapsedMs).toBeLessThan(1000);
  });
});
