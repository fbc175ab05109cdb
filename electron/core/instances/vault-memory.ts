/**
 * Keeps secrets in this process only: used when there is no keychain, and by tests. Everything is
 * gone when the app quits, which is exactly what `persistence: 'memory'` tells the UI to say.
 */
import { assertAccount, assertSecret, type CredentialVault } from './vault-types';

export class MemoryVault implements CredentialVault {
  readonly persistence = 'memory' as const;
  // A private field, so neither JSON.stringify nor console.log of the vault shows the secrets.
  readonly #secrets = new Map<string, string>();

  constructor(readonly unavailableReason: string | null = null) {}

  async get(account: string): Promise<string | null> {
    assertAccount(account);
    return this.#secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    assertAccount(account);
    assertSecret(secret);
    this.#secrets.set(account, secret);
  }

  async delete(account: string): Promise<void> {
    assertAccount(account);
    this.#secrets.delete(account);
  }
}
