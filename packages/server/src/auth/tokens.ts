import { createHash, randomBytes } from 'node:crypto'

/** A new secret: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * How a secret is kept: its sha256, base64url. The secret itself is never stored, so a copy of the database, a heap
 * dump or a log line cannot leak a usable one; 256 random bits need no salt or slow hash.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}
