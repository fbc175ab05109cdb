import { z } from 'zod';
import type { RememberToken } from '../opensupports/client';

/** How a remember token is written into the keychain entry, and read back (validated: it comes from outside). */
const zStored = z.object({ v: z.literal(1), userId: z.string().min(1), token: z.string().min(1), expiresAt: z.number().nullable() });

export function encodeRememberToken(token: RememberToken): string {
  return JSON.stringify({ v: 1, userId: token.userId, token: token.token, expiresAt: token.expiresAt?.getTime() ?? null });
}

export function decodeRememberToken(secret: string | null): RememberToken | null {
  if (!secret) return null;
  try {
    const parsed = zStored.parse(JSON.parse(secret));
    return { userId: parsed.userId, token: parsed.token, expiresAt: parsed.expiresAt === null ? null : new Date(parsed.expiresAt) };
  } catch {
    return null;
  }
}
