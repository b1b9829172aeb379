/**
 * The local Amazon accounts. Their user ids have LWA's form (`amzn1.account.<28 upper-case
 * characters>`) and are derived from the email, so they are the same on every start: a linked
 * account and the skill's stored tokens keep pointing at the same user across restarts.
 */
import { createHash } from 'node:crypto';

export interface LocalUser {
  userId: string;
  email: string;
  name: string;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A stable LWA-shaped user id for an email. */
export function localUserId(email: string): string {
  const digest = createHash('sha256').update(`local-lwa-user:${email.toLowerCase()}`).digest();
  let out = '';
  for (let i = 0; out.length < 28; i++) out += BASE32[digest[i % digest.length]! % 32];
  return `amzn1.account.${out}`;
}

export function defaultUsers(): LocalUser[] {
  return [
    { userId: localUserId('alice@example.com'), email: 'alice@example.com', name: 'Alice' },
    { userId: localUserId('bob@example.com'), email: 'bob@example.com', name: 'Bob' },
  ];
}

/** Users looked up by lower-cased email and by user id. */
export class UserDirectory {
  private readonly byEmail = new Map<string, LocalUser>();
  private readonly byId = new Map<string, LocalUser>();

  constructor(users: LocalUser[]) {
    for (const user of users) {
      const normalised = { ...user, email: user.email.toLowerCase() };
      this.byEmail.set(normalised.email, normalised);
      this.byId.set(normalised.userId, normalised);
    }
  }

  findByEmail(email: string): LocalUser | undefined {
    return this.byEmail.get(email.trim().toLowerCase());
  }

  findById(userId: string): LocalUser | undefined {
    return this.byId.get(userId);
  }

  all(): LocalUser[] {
    return [...this.byEmail.values()];
  }
}
