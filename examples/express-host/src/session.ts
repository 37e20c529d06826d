/**
 * The host's own sign-in, kept minimal: two demo accounts and a session
 * cookie holding the account's email (base64url), signed with HMAC-SHA256. A real app
 * has its own users and session store; dashkit only needs `userFromCookie`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface User {
  email: string;
  name: string;
  /** Set for a customer's login: they see their own orders and invoices only. */
  customerId?: number;
}

/** Demo accounts, password "demo". Customer 495 is "Orchard Media & Sons" in the seeded demo data. */
const USERS: readonly User[] = [
  { email: 'staff@example.com', name: 'Sam from Finance' },
  { email: 'orchard@example.com', name: 'Orchard Media & Sons', customerId: 495 },
];
const PASSWORD = Buffer.from('demo');

export const SESSION_COOKIE = 'session';

export function createSessions(secret: string) {
  const sign = (value: string) => createHmac('sha256', secret).update(value).digest('base64url');

  return {
    /** The account for these credentials, if they are right. */
    login(email: string, password: string): User | undefined {
      const given = Buffer.from(password);
      const ok = given.length === PASSWORD.length && timingSafeEqual(given, PASSWORD);
      return ok ? USERS.find((u) => u.email === email.trim().toLowerCase()) : undefined;
    },

    /** The cookie value for a signed-in user. */
    cookieFor(user: User): string {
      const id = Buffer.from(user.email).toString('base64url');
      return `${id}.${sign(id)}`;
    },

    /** The user of a `Cookie` header, if its session cookie is there and correctly signed. */
    userFromCookie(header: string | null | undefined): User | undefined {
      const value = header
        ?.split(';')
        .map((part) => part.trim().split('='))
        .find(([name]) => name === SESSION_COOKIE)?.[1];
      const [id = '', signature = ''] = value?.split('.') ?? [];
      const given = Buffer.from(signature);
      const expected = Buffer.from(sign(id));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      const email = Buffer.from(id, 'base64url').toString();
      return USERS.find((u) => u.email === email);
    },
  };
}
