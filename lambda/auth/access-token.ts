/**
 * A usable access token for a linked user, refreshed 5 minutes before it expires. Refreshes are
 * serialised across Lambdas by the users store's lease: exactly one caller talks to LWA, the
 * others wait for the version it writes.
 * LWA retires the old refresh token the moment it answers, so a refresh it accepted is never thrown
 * away: the write is retried (bounded, with backoff) under the lease, and when every try fails the
 * new tokens stay in this Lambda's memory, are used from there and written at the next chance, and
 * the failure is logged as an error (the grant is lost if this Lambda goes away first).
 */
import { randomUUID } from 'node:crypto';
import { CLIENT_SECRET_FIX, LwaError, REFRESH_TIMEOUT_MS, type LwaClient } from '../lwa/client.js';
import { errorSummary, type Log } from '../log.js';
import type { TokenSet, UserItem, UserStore } from '../store/users.js';

const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;
/** Longer than LWA's refresh timeout, so a lease never lapses while its refresh can still complete. */
const LEASE_MS = REFRESH_TIMEOUT_MS + 6_000;
/** A caller waiting on another's refresh gives up only after that refresh and its store writes could have finished. */
const WAIT_MS = REFRESH_TIMEOUT_MS + 3_000;
const POLL_MS = 50;
/** Pauses before the 2nd, 3rd and 4th try of the token write: about 1.4 s in all, well inside the lease. */
export const TOKEN_WRITE_BACKOFF_MS = [200, 400, 800] as const;

export type TokenFailure = 'NOT_LINKED' | 'RELINK_REQUIRED' | 'SKILL_MISCONFIGURED' | 'LWA_UNAVAILABLE';

const FAILURE_OF: Record<LwaError['kind'], TokenFailure> = {
  UNAVAILABLE: 'LWA_UNAVAILABLE',
  MISCONFIGURED: 'SKILL_MISCONFIGURED',
  REFUSED: 'RELINK_REQUIRED',
  EXPIRED: 'RELINK_REQUIRED',
};

/** Tokens LWA issued that the store has not taken yet, and the refresh token they replaced. */
interface Unstored {
  replaced: string;
  /** The lease they were refreshed under, which this Lambda may still hold. */
  owner: string;
  tokens: Required<TokenSet>;
  issuedAt: number;
}

export class TokenError extends Error {
  constructor(readonly kind: TokenFailure) {
    super(kind);
    this.name = 'TokenError';
  }
}

export class AccessTokens {
  private readonly unstored = new Map<string, Unstored>();

  constructor(
    private readonly users: UserStore,
    private readonly lwa: LwaClient,
    private readonly now: () => number = Date.now,
    private readonly log?: Log,
  ) {}

  /**
   * The user's current token. `rejected` is a token the gateway refused (401): it gets replaced
   * even if not yet near expiry, unless someone already replaced it.
   */
  async forUser(userId: string, rejected?: string): Promise<UserItem> {
    const owner = randomUUID();
    const giveUpAt = this.now() + WAIT_MS;
    for (;;) {
      const stored = await this.users.get(userId);
      if (!stored) throw new TokenError('NOT_LINKED');
      const user = await this.withUnstored(stored, owner);
      const now = this.now();
      const stale = rejected !== undefined ? user.accessToken === rejected : user.accessTokenExpiresAt - REFRESH_BEFORE_EXPIRY_MS <= now;
      if (!stale) return user;
      if (now > giveUpAt) throw new TokenError('LWA_UNAVAILABLE');
      const leaseHeld = typeof user.leaseUntil === 'number' && user.leaseUntil >= now;
      if (leaseHeld || !(await this.users.tryLease(userId, user.version, owner, now, LEASE_MS))) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        continue;
      }
      let tokens: Required<TokenSet>;
      try {
        const issued = await this.lwa.refresh(user.refreshToken);
        tokens = { accessToken: issued.accessToken, refreshToken: issued.refreshToken ?? user.refreshToken, expiresInSeconds: issued.expiresInSeconds };
      } catch (err) {
        await this.users.releaseLease(userId, owner).catch(() => undefined);
        if (err instanceof LwaError) {
          if (err.kind === 'MISCONFIGURED') this.log?.error('Login with Amazon refused the skill itself (invalid_client)', { outcome: 'SKILL_MISCONFIGURED', fix: CLIENT_SECRET_FIX });
          throw new TokenError(FAILURE_OF[err.kind]);
        }
        throw err;
      }
      // What the store still holds is what a later write must find: memory's tokens replace it too.
      const replaced = this.unstored.get(userId)?.replaced ?? user.refreshToken;
      const fresh = await this.store(user, { replaced, owner, tokens, issuedAt: this.now() });
      if (fresh) return fresh;
      // The lease expired under us and someone else refreshed: read their result.
    }
  }

  /**
   * Writes a refresh LWA accepted, retrying a failing store. Undefined: the lease was lost (someone
   * else refreshed). When every try fails, the tokens are kept here and served from memory.
   */
  private async store(user: UserItem, refreshed: Unstored): Promise<UserItem | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        const written = await this.users.completeRefresh(user.userId, refreshed.owner, refreshed.tokens, refreshed.issuedAt);
        this.unstored.delete(user.userId);
        return written;
      } catch (err) {
        const pause = TOKEN_WRITE_BACKOFF_MS[attempt];
        if (pause === undefined) {
          this.unstored.set(user.userId, refreshed);
          this.log?.error('refreshed LWA tokens NOT stored after every retry: kept in this Lambda\'s memory only, written at its next call; if it goes away first the user must re-link', {
            attempts: attempt + 1,
            ...errorSummary(err),
          });
          return inMemory(user, refreshed);
        }
        this.log?.warn('storing refreshed LWA tokens failed; retrying', { attempt: attempt + 1, retryInMs: pause, ...errorSummary(err) });
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }

  /** The stored item, or the tokens this Lambda holds for it when the store still has the ones they replaced. */
  private async withUnstored(stored: UserItem, owner: string): Promise<UserItem> {
    const kept = this.unstored.get(stored.userId);
    if (!kept) return stored;
    if (stored.refreshToken !== kept.replaced) {
      // Someone linked again (or stored these after all): the store is newer than memory.
      this.unstored.delete(stored.userId);
      return stored;
    }
    const now = this.now();
    if (stored.leaseOwner === kept.owner && typeof stored.leaseUntil === 'number' && stored.leaseUntil >= now) {
      return (await this.store(stored, kept)) ?? inMemory(stored, kept);
    }
    const leaseFree = !(typeof stored.leaseUntil === 'number' && stored.leaseUntil >= now);
    if (leaseFree && (await this.users.tryLease(stored.userId, stored.version, owner, now, LEASE_MS).catch(() => false))) {
      return (await this.store(stored, { ...kept, owner })) ?? inMemory(stored, kept);
    }
    return inMemory(stored, kept);
  }
}

function inMemory(user: UserItem, { tokens, issuedAt }: Unstored): UserItem {
  return { ...user, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, accessTokenExpiresAt: issuedAt + tokens.expiresInSeconds * 1000 };
}
