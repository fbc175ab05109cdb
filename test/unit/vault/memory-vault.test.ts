import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MemoryVault } from '../../../electron/core/instances/vault';

describe('MemoryVault', () => {
  it('stores, reads, rotates and deletes per account', async () => {
    const vault = new MemoryVault();
    expect(vault.persistence).toBe('memory');
    expect(await vault.get('desk-a')).toBeNull();
    await vault.set('desk-a', 'token-1');
    await vault.set('desk-b', 'token-b');
    expect(await vault.get('desk-a')).toBe('token-1');
    await vault.set('desk-a', 'token-2');
    expect(await vault.get('desk-a')).toBe('token-2');
    await vault.delete('desk-a');
    expect(await vault.get('desk-a')).toBeNull();
    expect(await vault.get('desk-b')).toBe('token-b');
    await expect(vault.delete('desk-a')).resolves.toBeUndefined();
  });

  it('carries the reason the keychain is not used, or null when it was chosen on purpose', () => {
    expect(new MemoryVault().unavailableReason).toBeNull();
    expect(new MemoryVault('No system keychain is available (x).').unavailableReason).toBe('No system keychain is available (x).');
  });

  it('does not show its secrets when logged or serialised', async () => {
    const vault = new MemoryVault();
    await vault.set('desk', 'very-secret-token');
    expect(JSON.stringify(vault)).not.toContain('very-secret-token');
    expect(inspect(vault, { depth: 10, showHidden: true })).not.toContain('very-secret-token');
  });

  it('refuses an empty account or secret without echoing the secret', async () => {
    const vault = new MemoryVault();
    await expect(vault.set('', 'abc')).rejects.toThrow(/account must be a non-empty string/);
    await expect(vault.set('desk', '')).rejects.toThrow(/secret must be a non-empty string/);
    await expect(vault.get('')).rejects.toThrow(TypeError);
  });
});
