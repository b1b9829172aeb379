import { describe, expect, it } from 'vitest';
import { CODE_TTL_MS, GrantStore } from './grants.js';

describe('GrantStore', () => {
  it('refuses an authorization code after its 5-minute lifetime', () => {
    let now = 1_000_000;
    const store = new GrantStore({ accessTokenTtlSeconds: 3600, now: () => now });
    const code = store.issueCode({ userId: 'u1', clientId: 'c1', scope: 'profile' });
    now += CODE_TTL_MS + 1;
    const result = store.redeemCode(code, 'c1', undefined);
    expect(result.ok).toBe(false);
  });

  it('accepts a code just inside its lifetime and refuses one issued to another client', () => {
    let now = 1_000_000;
    const store = new GrantStore({ accessTokenTtlSeconds: 3600, now: () => now });
    const code = store.issueCode({ userId: 'u1', clientId: 'c1', scope: 'profile' });
    const other = store.issueCode({ userId: 'u1', clientId: 'c1', scope: 'profile' });
    now += CODE_TTL_MS - 1;
    expect(store.redeemCode(code, 'c1', undefined).ok).toBe(true);
    expect(store.redeemCode(other, 'c2', undefined).ok).toBe(false);
  });

  it('lets exactly one of two refreshes with the same refresh token succeed', () => {
    const store = new GrantStore({ accessTokenTtlSeconds: 3600 });
    const code = store.issueCode({ userId: 'u1', clientId: 'c1', scope: 'profile' });
    const granted = store.redeemCode(code, 'c1', undefined);
    if (!granted.ok) throw new Error('grant failed');
    const a = store.refresh(granted.tokens.refreshToken, 'c1');
    const b = store.refresh(granted.tokens.refreshToken, 'c1');
    expect([a.ok, b.ok]).toEqual([true, false]);
  });

  it('counts an access token as expired at its expiry instant', () => {
    let now = 5_000;
    const store = new GrantStore({ accessTokenTtlSeconds: 10, now: () => now });
    const granted = store.redeemCode(store.issueCode({ userId: 'u1', clientId: 'c1', scope: 'profile' }), 'c1', undefined);
    if (!granted.ok) throw new Error('grant failed');
    now += 9_999;
    expect(store.lookupAccess(granted.tokens.accessToken)?.userId).toBe('u1');
    now += 1;
    expect(store.lookupAccess(granted.tokens.accessToken)).toBeUndefined();
  });
});
