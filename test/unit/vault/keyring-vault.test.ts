import { describe, expect, it } from 'vitest';
import { classifyKeychainMessage, DEFAULT_SERVICE, KeychainError, KeyringVault } from '../../../electron/core/instances/vault';
import { FakeKeychain, SEEN_MESSAGES } from './fake-keychain';

describe('KeyringVault with a stand-in keychain', () => {
  it('uses service "staffdesk" and one account per helpdesk id by default', async () => {
    const keychain = new FakeKeychain();
    const vault = new KeyringVault({ entryFactory: keychain.factory });
    expect(DEFAULT_SERVICE).toBe('staffdesk');
    expect(vault.persistence).toBe('keychain');
    expect(vault.unavailableReason).toBeNull();
    await vault.set('helpdesk-1', 'tok-1');
    await vault.set('helpdesk-2', 'tok-2');
    expect([...keychain.items.entries()]).toEqual([
      ['staffdesk/helpdesk-1', 'tok-1'],
      ['staffdesk/helpdesk-2', 'tok-2'],
    ]);
    expect(await vault.get('helpdesk-1')).toBe('tok-1');
    await vault.delete('helpdesk-1');
    expect(await vault.get('helpdesk-1')).toBeNull();
    // Deleting what is not there is not an error (the library answers false).
    await expect(vault.delete('helpdesk-1')).resolves.toBeUndefined();
  });

  it('wraps platform errors in a KeychainError with a readable message, the operation and the account', async () => {
    const keychain = new FakeKeychain();
    keychain.failures.get = SEEN_MESSAGES.locked;
    const vault = new KeyringVault({ service: 'svc', entryFactory: keychain.factory });
    const error = await vault.get('desk-9').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeychainError);
    expect(error).toMatchObject({ kind: 'keychain', operation: 'read', failure: 'locked', account: 'desk-9', detail: SEEN_MESSAGES.locked });
    expect((error as Error).message).toBe(
      `Staffdesk could not read the saved sign-in from the system keychain: the keychain is locked or refused access (${SEEN_MESSAGES.locked}).`,
    );
  });

  it('never lets the secret into an error, even when the platform message echoes it', async () => {
    const keychain = new FakeKeychain();
    keychain.failures.set = 'cannot store "s3cr3t-token-value" in collection; s3cr3t-token-value rejected';
    const vault = new KeyringVault({ entryFactory: keychain.factory });
    const error = (await vault.set('desk', 's3cr3t-token-value').catch((e: unknown) => e)) as KeychainError;
    expect(error).toBeInstanceOf(KeychainError);
    expect(error.operation).toBe('store');
    const everything = `${error.message} ${error.detail} ${String(error.stack)} ${JSON.stringify(error)}`;
    expect(everything).not.toContain('s3cr3t-token-value');
    expect(error.detail).toContain('[secret]');
  });

  it('gives up on a call that never answers, with a timeout error, instead of hanging', async () => {
    const keychain = new FakeKeychain();
    keychain.failures.get = 'hang';
    const vault = new KeyringVault({ entryFactory: keychain.factory, timeoutMs: 50 });
    const started = performance.now();
    const error = await vault.get('desk').catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toMatchObject({ failure: 'timeout', operation: 'read', account: 'desk' });
  });

  it('reports a native module that cannot load as "unsupported"', async () => {
    const vault = new KeyringVault({
      entryFactory: () => {
        throw new KeychainError('load', 'unsupported', 'Cannot find native binding');
      },
    });
    await expect(vault.get('desk')).rejects.toMatchObject({ failure: 'unsupported', operation: 'load', account: 'desk' });
  });

  it('refuses an empty account or secret before touching the keychain', async () => {
    const keychain = new FakeKeychain();
    const vault = new KeyringVault({ entryFactory: keychain.factory });
    await expect(vault.set('desk', '')).rejects.toThrow(TypeError);
    await expect(vault.get('')).rejects.toThrow(TypeError);
    expect(keychain.calls).toEqual([]);
  });
});

describe('classifyKeychainMessage', () => {
  it('sorts the messages seen on Linux', () => {
    expect(classifyKeychainMessage(SEEN_MESSAGES.noDbus)).toBe('no-session-bus');
    expect(classifyKeychainMessage(SEEN_MESSAGES.badSocket)).toBe('no-session-bus');
    expect(classifyKeychainMessage(SEEN_MESSAGES.noService)).toBe('no-secret-service');
    expect(classifyKeychainMessage(SEEN_MESSAGES.locked)).toBe('locked');
    expect(classifyKeychainMessage('something new')).toBe('other');
  });
});
