/**
 * A usable access token for a linked user, refreshed 5 minutes before it expires. Refreshes are
 * serialised across Lambdas by the users store's lease: exactly one caller talks to LWA, the
 * others wait for the version it writes.
 */
import { randomUUID } from 'node:crypto';
import { LwaError, REFRESH_TIMEOUT_MS, type LwaClient } from '../lwa/client.js';
import type { UserItem, UserStore } from '../store/users.js';

const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;
/** Longer than LWA's refresh timeout, so a lease never lapses while its refresh can still complete. */
const LEASE_MS = REFRESH_TIMEOUT_MS + 6_000;
/** A caller waiting on another's refresh gives up only after that refresh and its store writes could have finished. */
const WAIT_MS = REFRESH_TIMEOUT_MS + 3_000;
const POLL_MS = 50;

export type TokenFailure = 'NOT_LINKED' | 'RELINK_REQUIRED' | 'LWA_UNAVAILABLE';

export class TokenError extends Error {
  constructor(readonly kind: TokenFailure) {
    super(kind);
    this.name = 'TokenError';
  }
}

export class AccessTokens {
  constructor(
    private readonly users: UserStore,
    private readonly lwa: LwaClient,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The user's current token. `rejected` is a token the gateway refused (401): it gets replaced
   * even if not yet near expiry, unless someone already replaced it.
   */
  async forUser(userId: string, rejected?: string): Promise<UserItem> {
    const owner = randomUUID();
    const giveUpAt = this.now() + WAIT_MS;
    for (;;) {
      const user = await this.users.get(userId);
      if (!user) throw new TokenError('NOT_LINKED');
      const now = this.now();
      const stale = rejected !== undefined ? user.accessToken === rejected : user.accessTokenExpiresAt - REFRESH_BEFORE_EXPIRY_MS <= now;
      if (!stale) return user;
      if (now > giveUpAt) throw new TokenError('LWA_UNAVAILABLE');
      const leaseHeld = typeof user.leaseUntil === 'number' && user.leaseUntil >= now;
      if (leaseHeld || !(await this.users.tryLease(userId, user.version, owner, now, LEASE_MS))) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        continue;
      }
      let fresh;
      try {
        const tokens = await this.lwa.refresh(user.refreshToken);
        fresh = await this.users.completeRefresh(
          userId,
          owner,
          { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? user.refreshToken, expiresInSeconds: tokens.expiresInSeconds },
          this.now(),
        );
      } catch (err) {
        await this.users.releaseLease(userId, owner).catch(() => undefined);
        if (err instanceof LwaError) throw new TokenError(err.kind === 'UNAVAILABLE' ? 'LWA_UNAVAILABLE' : 'RELINK_REQUIRED');
        throw err;
      }
      if (fresh) return fresh;
      // The lease expired under us and someone else refreshed: read their result.
    }
  }
}
