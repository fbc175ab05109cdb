/**
 * What every credential vault promises, and the one error kind the keychain raises.
 *
 * The secret is the helpdesk's rotating remember token (never a password). It must never appear in
 * an error message or a log line, so nothing here ever formats it; native messages that echo their
 * input are scrubbed before they are wrapped.
 */

export interface CredentialVault {
  /** Where secrets go: the OS keychain (they survive a restart) or this process's memory only. */
  readonly persistence: 'keychain' | 'memory';
  /** Why the keychain is not used, as a sentence for the person; null when it is. */
  readonly unavailableReason: string | null;
  /** The secret stored for `account` (a helpdesk id), or null if there is none. */
  get(account: string): Promise<string | null>;
  /** Stores or replaces the secret for `account`. */
  set(account: string, secret: string): Promise<void>;
  /** Removes it; removing an absent secret is not an error. */
  delete(account: string): Promise<void>;
}

export type KeychainOperation = 'read' | 'store' | 'delete' | 'probe' | 'load';

/**
 * Why the keychain failed, so the UI and logs can say something more useful than "error":
 * - no-session-bus: no D-Bus session to reach a Secret Service (headless, ssh, CI without a bus);
 * - no-secret-service: D-Bus is there but nothing provides org.freedesktop.secrets;
 * - locked: the collection is locked or access was refused (dismissed prompt);
 * - timeout: no answer within the time limit;
 * - unsupported: the native keyring module could not be loaded on this system;
 * - other: anything else the platform reported.
 */
export type KeychainFailure = 'no-session-bus' | 'no-secret-service' | 'locked' | 'timeout' | 'unsupported' | 'other';

const FAILURE_PHRASES: Record<KeychainFailure, string> = {
  'no-session-bus': 'there is no D-Bus session to reach it',
  'no-secret-service': 'no Secret Service such as GNOME Keyring or KWallet is running',
  locked: 'the keychain is locked or refused access',
  timeout: 'the keychain did not answer in time',
  unsupported: 'the keychain module could not be loaded on this system',
  other: 'the keychain reported an error',
};

const OPERATION_PHRASES: Record<KeychainOperation, string> = {
  read: 'read the saved sign-in from',
  store: 'save the sign-in in',
  delete: 'remove the saved sign-in from',
  probe: 'use',
  load: 'load',
};

export class KeychainError extends Error {
  readonly kind = 'keychain';
  constructor(
    readonly operation: KeychainOperation,
    readonly failure: KeychainFailure,
    /** The platform's own words, already scrubbed of the secret; for logs and "details". */
    readonly detail: string,
    readonly account: string | null = null,
  ) {
    super(`Staffdesk could not ${OPERATION_PHRASES[operation]} the system keychain: ${FAILURE_PHRASES[failure]} (${detail}).`);
    this.name = 'KeychainError';
  }

  /** A short plain phrase for the failure, without the platform detail. */
  get plainReason(): string {
    return FAILURE_PHRASES[this.failure];
  }
}

/** Sorts a native keyring message into a KeychainFailure, from the messages seen on Linux. */
export function classifyKeychainMessage(message: string): KeychainFailure {
  if (/DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|Could not connect|autolaunch|Connection refused/i.test(message)) return 'no-session-bus';
  if (/org\.freedesktop\.secrets|ServiceUnknown|not provided by any \.service/i.test(message)) return 'no-secret-service';
  if (/locked|no result found|dismissed|not authorized|access denied/i.test(message)) return 'locked';
  return 'other';
}

/**
 * Removes every occurrence of the secret from a message. Native errors normally do not echo the
 * password, but this is the one place that guarantees a secret cannot reach a log.
 */
export function scrubSecret(message: string, secret: string | null): string {
  if (!secret) return message;
  return message.split(secret).join('[secret]');
}

/** Rejects accounts and secrets that cannot be a helpdesk id or a token, without echoing either. */
export function assertAccount(account: string): void {
  if (typeof account !== 'string' || account.length === 0 || account.length > 200) {
    throw new TypeError('A keychain account must be a non-empty string of at most 200 characters.');
  }
}

export function assertSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new TypeError('A keychain secret must be a non-empty string.');
  }
}
