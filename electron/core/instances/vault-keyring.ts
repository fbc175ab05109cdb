/**
 * The OS keychain through @napi-rs/keyring: service "staffdesk", one account per helpdesk id.
 *
 * On Linux the entry is pinned to the Secret Service. Left to itself the library falls back to the
 * kernel keyring when there is no Secret Service, which is memory only and gone at logout: the app
 * would then claim to remember a sign-in that it does not. Pinned, that case fails and openVault
 * says so.
 *
 * The async entry runs each call on libuv's thread pool, so a slow keychain (an unlock prompt, a
 * stuck D-Bus peer) never blocks the Electron main process; every call is also bounded by a timeout.
 */
import type * as NapiKeyring from '@napi-rs/keyring';
import { assertAccount, assertSecret, classifyKeychainMessage, KeychainError, scrubSecret, type CredentialVault, type KeychainOperation } from './vault-types';

export const DEFAULT_SERVICE = 'staffdesk';
/** Long enough for a person to answer an unlock prompt, short enough that nothing waits forever. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** The part of a keyring entry the vault uses; tests substitute their own. */
export interface KeyringEntry {
  setPassword(password: string): Promise<void>;
  getPassword(): Promise<string | null>;
  /** Resolves false when there was nothing to delete. */
  deleteCredential(): Promise<boolean>;
}

export type KeyringEntryFactory = (service: string, account: string) => KeyringEntry | Promise<KeyringEntry>;

export interface KeyringVaultOptions {
  service?: string;
  timeoutMs?: number;
  entryFactory?: KeyringEntryFactory;
}

let nativeModule: Promise<typeof NapiKeyring> | null = null;

/**
 * Loaded on first use rather than imported at the top: if the native binary cannot load on some
 * system, the vault reports "unsupported" and the app runs on a memory vault instead of crashing.
 */
export const secretServiceEntry: KeyringEntryFactory = async (service, account) => {
  nativeModule ??= import('@napi-rs/keyring');
  let mod: typeof NapiKeyring;
  try {
    mod = await nativeModule;
  } catch (err) {
    nativeModule = null;
    throw new KeychainError('load', 'unsupported', messageOf(err));
  }
  return new mod.AsyncEntry(service, account, { linux: { store: 'secret-service' } });
};

export class KeyringVault implements CredentialVault {
  readonly persistence = 'keychain' as const;
  readonly unavailableReason = null;
  readonly service: string;
  private readonly timeoutMs: number;
  private readonly entryFactory: KeyringEntryFactory;

  constructor(options: KeyringVaultOptions = {}) {
    this.service = options.service ?? DEFAULT_SERVICE;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.entryFactory = options.entryFactory ?? secretServiceEntry;
  }

  // async even where nothing is awaited first: a bad argument must reject, never throw synchronously.
  async get(account: string): Promise<string | null> {
    assertAccount(account);
    return this.call('read', account, null, (entry) => entry.getPassword());
  }

  async set(account: string, secret: string): Promise<void> {
    assertAccount(account);
    assertSecret(secret);
    await this.call('store', account, secret, (entry) => entry.setPassword(secret));
  }

  async delete(account: string): Promise<void> {
    assertAccount(account);
    await this.call('delete', account, null, (entry) => entry.deleteCredential());
  }

  /**
   * Runs one keychain call with a time limit and turns any failure into a KeychainError. `secret`
   * is only used to scrub it from the platform's message.
   */
  private async call<T>(operation: KeychainOperation, account: string, secret: string | null, run: (entry: KeyringEntry) => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // The native call may still finish later on its thread; a timed-out store can land after all.
        reject(new KeychainError(operation, 'timeout', `no answer after ${this.timeoutMs} ms`, account));
      }, this.timeoutMs);
      // A pending keychain call must not keep the process alive on quit.
      timer.unref?.();
    });
    try {
      return await Promise.race([(async () => run(await this.entryFactory(this.service, account)))(), timeout]);
    } catch (err) {
      if (err instanceof KeychainError) {
        if (err.account !== null) throw err;
        throw new KeychainError(err.operation, err.failure, err.detail, account);
      }
      const detail = scrubSecret(messageOf(err), secret);
      throw new KeychainError(operation, classifyKeychainMessage(detail), detail, account);
    } finally {
      clearTimeout(timer);
    }
  }
}

function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.trim() || 'no details';
}
