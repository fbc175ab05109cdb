import { BridgeCallError, HOST_DISCONNECTED } from './bridge';
import en from './i18n/en';

export type Translate = (key: string, named?: Record<string, unknown>) => string;

/** A failure as the person reads it: one sentence, and sometimes the main side's own detail. */
export interface ShownError {
  text: string;
  detail: string | null;
}

export type CredentialField = 'url' | 'email' | 'password' | 'form';

const LOCALIZED_CODES = new Set(Object.keys(en.errors.codes));

export function hostOf(url: string): string | null {
  const trimmed = url.trim();
  if (!trimmed) return null;
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`).host || null;
  } catch {
    return null;
  }
}

/**
 * The core writes precise English sentences; the renderer swaps in its own words where it has
 * them (so Spanish readers get Spanish) and otherwise shows the core's sentence as it is.
 */
export function describeError(error: unknown, t: Translate, host: string | null = null): ShownError {
  if (!(error instanceof BridgeCallError)) return { text: t('errors.internal'), detail: null };
  if (error.code === HOST_DISCONNECTED) return { text: t('errors.hostDisconnected'), detail: null };
  switch (error.kind) {
    case 'network':
      return { text: host ? t('errors.network', { host }) : t('errors.networkNoHost'), detail: error.message };
    case 'internal':
      return { text: t('errors.internal'), detail: null };
    case 'api':
      if (error.code && LOCALIZED_CODES.has(error.code)) return { text: t(`errors.codes.${error.code}`), detail: null };
      return { text: error.message, detail: null };
    default:
      return { text: error.message, detail: null };
  }
}

/** Which field of a sign-in form an error belongs next to. */
export function credentialField(error: unknown): CredentialField {
  if (!(error instanceof BridgeCallError)) return 'form';
  if (error.kind === 'protocol') return 'url';
  if (error.kind !== 'api') return 'form';
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
    case 'INVALID_PASSWORD':
      return 'password';
    case 'INVALID_EMAIL':
    case 'CUSTOMER_ACCOUNT':
    case 'USER_DISABLED':
    case 'UNVERIFIED_USER':
      return 'email';
    default:
      return 'form';
  }
}

/** A wrong password is the one thing worth clearing: retyping it is the fix. */
export function isWrongPassword(error: unknown): boolean {
  return error instanceof BridgeCallError && error.kind === 'api' && error.code === 'INVALID_CREDENTIALS';
}
