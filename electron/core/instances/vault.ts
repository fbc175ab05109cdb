/**
 * The credential vault the core uses: the OS keychain when it works, otherwise process memory
 * with a plain sentence saying why, so the UI can tell the person their sign-in will not survive
 * a restart. It never falls back silently.
 */
import { randomBytes } from 'node:crypto';
import { KeyringVault, type KeyringVaultOptions } from './vault-keyring';
import { MemoryVault } from './vault-memory';
import { KeychainError, type CredentialVault } from './vault-types';

export { KeychainError, classifyKeychainMessage, type CredentialVault, type KeychainFailure, type KeychainOperation } from './vault-types';
export { KeyringVault, DEFAULT_SERVICE, DEFAULT_TIMEOUT_MS, secretServiceEntry, type KeyringEntry, type KeyringEntryFactory, type KeyringVaultOptions } from './vault-keyring';
export { MemoryVault } from './vault-memory';

/** The account the probe writes; fixed so a probe interrupted mid-way leaves at most this one item. */
export const PROBE_ACCOUNT = 'staffdesk-keychain-probe';

export type OpenVaultOptions = KeyringVaultOptions;

/**
 * Checks the keychain with a harmless write, read and delete of a probe account, and returns the
 * keychain vault if all three work, or a MemoryVault whose `unavailableReason` explains why not.
 */
export async function openVault(options: OpenVaultOptions = {}): Promise<CredentialVault> {
  const keychain = new KeyringVault(options);
  try {
    await probe(keychain);
    return keychain;
  } catch (err) {
    return new MemoryVault(unavailableSentence(err));
  }
}

async function probe(vault: KeyringVault): Promise<void> {
  const value = `probe-${randomBytes(8).toString('hex')}`;
  try {
    await vault.set(PROBE_ACCOUNT, value);
    if ((await vault.get(PROBE_ACCOUNT)) !== value) throw new KeychainError('probe', 'other', 'a value written to it read back differently', PROBE_ACCOUNT);
    // A keychain that cannot delete would keep stale tokens after a sign-out: not usable either.
    await vault.delete(PROBE_ACCOUNT);
    if ((await vault.get(PROBE_ACCOUNT)) !== null) throw new KeychainError('probe', 'other', 'a deleted value was still there', PROBE_ACCOUNT);
  } catch (err) {
    // Best effort, so a half-done probe leaves nothing behind; a keychain that failed the write
    // usually fails this too, and that is fine.
    await vault.delete(PROBE_ACCOUNT).catch(() => undefined);
    throw err;
  }
}

function unavailableSentence(err: unknown): string {
  const why = err instanceof KeychainError ? `${err.plainReason}: ${err.detail}` : err instanceof Error ? err.message : String(err);
  return `No system keychain is available (${why}), so Staffdesk cannot remember your sign-in: you will be asked for your password after a restart.`;
}
