/** The invalidation webhook's shared secret, checked without leaking it through timing. */
import { createHash, timingSafeEqual } from 'node:crypto';

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Checks `Authorization: Bearer <secret>` in constant time: both sides are
 * hashed first, so the comparison neither depends on where they differ nor
 * reveals the secret's length.
 */
export function secretVerifier(secret: string): (authorization: string | null) => boolean {
  const expected = sha256(secret);
  return (authorization) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    // Hash something even without a token, so a missing header costs the same as a wrong one.
    const given = sha256(match?.[1] ?? '');
    return timingSafeEqual(given, expected) && match !== null;
  };
}
