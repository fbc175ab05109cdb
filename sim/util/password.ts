import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Salted SHA-256. A real server would use a slow KDF; the simulator hashes only so
 * that a copied database file does not show the demo passwords in clear, and logins
 * must stay in the low milliseconds for benchmarks.
 */
export function hashPassword(password: string): string {
  const salt = randomBytes(8).toString('hex');
  return `${salt}$${createHash('sha256').update(salt + password).digest('hex')}`;
}

export function verifyPassword(password: string, stored: string | null): boolean {
  if (!stored) return false;
  const [salt, hash] = stored.split('$');
  if (!salt || !hash) return false;
  const actual = createHash('sha256').update(salt + password).digest();
  const expected = Buffer.from(hash, 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}
