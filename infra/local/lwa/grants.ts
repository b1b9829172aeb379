/**
 * The OAuth state of the local LWA: authorization codes, grants (one per completed code exchange,
 * holding the current refresh token) and access tokens. Codes are single-use and live 5 minutes;
 * refresh tokens rotate (using one retires it); a reused code revokes what it had issued, as
 * RFC 6749 §4.1.2 advises. With a file, grants and access tokens survive a restart (digests only).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { digest, newAccessToken, newAuthorizationCode, newRefreshToken } from './tokens.js';

export const CODE_TTL_MS = 5 * 60_000;

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

export interface AccessRecord {
  grantId: string;
  userId: string;
  clientId: string;
  scope: string;
  /** Epoch ms. */
  expiresAt: number;
}

interface GrantRecord {
  grantId: string;
  userId: string;
  clientId: string;
  scope: string;
  refreshDigest: string;
  createdAt: number;
}

interface CodeRecord {
  userId: string;
  clientId: string;
  redirectUri?: string;
  scope: string;
  /** The PKCE S256 challenge the authorize request carried: the token request must bring its verifier. */
  codeChallenge?: string;
  expiresAt: number;
  redeemed: boolean;
  grantId?: string;
}

export type GrantResult = { ok: true; tokens: IssuedTokens; userId: string } | { ok: false; description: string };

interface PersistedState {
  version: 1;
  grants: GrantRecord[];
  accessTokens: [string, AccessRecord][];
}

export class GrantStore {
  private readonly codes = new Map<string, CodeRecord>();
  private readonly grants = new Map<string, GrantRecord>();
  private readonly grantByRefresh = new Map<string, string>();
  private readonly access = new Map<string, AccessRecord>();

  constructor(
    private readonly opts: { accessTokenTtlSeconds: number; file?: string; now?: () => number },
  ) {
    if (opts.file && existsSync(opts.file)) this.load(opts.file);
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  issueCode(c: { userId: string; clientId: string; redirectUri?: string; scope: string; codeChallenge?: string }): string {
    this.pruneExpired();
    const code = newAuthorizationCode();
    this.codes.set(digest(code), { ...c, expiresAt: this.now() + CODE_TTL_MS, redeemed: false });
    return code;
  }

  /** Whether the code was issued for a PKCE challenge (then a client without its secret may redeem it). */
  hasChallenge(code: string): boolean {
    return this.codes.get(digest(code))?.codeChallenge !== undefined;
  }

  /** `verifierChallenge`: S256 of the request's code_verifier, when it had one. */
  redeemCode(code: string, clientId: string, redirectUri: string | undefined, verifierChallenge?: string): GrantResult {
    const key = digest(code);
    const record = this.codes.get(key);
    if (!record || record.expiresAt <= this.now()) {
      this.codes.delete(key);
      return { ok: false, description: 'The authorization code is invalid or has expired.' };
    }
    if (record.redeemed) {
      if (record.grantId) this.revokeGrant(record.grantId);
      return { ok: false, description: 'The authorization code has already been used.' };
    }
    if (record.clientId !== clientId) {
      return { ok: false, description: 'The authorization code was issued to another client.' };
    }
    if (record.redirectUri !== undefined && record.redirectUri !== redirectUri) {
      return { ok: false, description: 'The redirect_uri does not match the one of the authorization request.' };
    }
    if (record.codeChallenge !== undefined && record.codeChallenge !== verifierChallenge) {
      return { ok: false, description: 'The code_verifier does not match the code_challenge of the authorization request.' };
    }
    record.redeemed = true;
    const grantId = randomUUID();
    record.grantId = grantId;
    const refreshToken = newRefreshToken();
    const grant: GrantRecord = {
      grantId,
      userId: record.userId,
      clientId,
      scope: record.scope,
      refreshDigest: digest(refreshToken),
      createdAt: this.now(),
    };
    this.grants.set(grantId, grant);
    this.grantByRefresh.set(grant.refreshDigest, grantId);
    const tokens = this.issueAccess(grant, refreshToken);
    this.save();
    return { ok: true, tokens, userId: grant.userId };
  }

  refresh(refreshToken: string, clientId: string): GrantResult {
    const grantId = this.grantByRefresh.get(digest(refreshToken));
    const grant = grantId ? this.grants.get(grantId) : undefined;
    if (!grant) return { ok: false, description: 'The refresh token is invalid, was already used, or was revoked.' };
    if (grant.clientId !== clientId) {
      return { ok: false, description: 'The refresh token was issued to another client.' };
    }
    this.grantByRefresh.delete(grant.refreshDigest);
    const next = newRefreshToken();
    grant.refreshDigest = digest(next);
    this.grantByRefresh.set(grant.refreshDigest, grant.grantId);
    const tokens = this.issueAccess(grant, next);
    this.save();
    return { ok: true, tokens, userId: grant.userId };
  }

  /** The access token's record while it is valid and unexpired. */
  lookupAccess(accessToken: string): AccessRecord | undefined {
    const record = this.access.get(digest(accessToken));
    if (!record) return undefined;
    if (record.expiresAt <= this.now() || !this.grants.has(record.grantId)) return undefined;
    return record;
  }

  revokeUser(userId: string): void {
    for (const grant of [...this.grants.values()]) if (grant.userId === userId) this.revokeGrant(grant.grantId, false);
    for (const [key, code] of this.codes) if (code.userId === userId) this.codes.delete(key);
    this.save();
  }

  /** Makes every access token of a user (or of everyone) expire now; refresh tokens stay valid. */
  expireAccessTokens(userId?: string): void {
    for (const record of this.access.values()) {
      if (userId === undefined || record.userId === userId) record.expiresAt = Math.min(record.expiresAt, this.now());
    }
    this.save();
  }

  private issueAccess(grant: GrantRecord, refreshToken: string): IssuedTokens {
    this.pruneExpired();
    const accessToken = newAccessToken();
    const ttl = this.opts.accessTokenTtlSeconds;
    this.access.set(digest(accessToken), {
      grantId: grant.grantId,
      userId: grant.userId,
      clientId: grant.clientId,
      scope: grant.scope,
      expiresAt: this.now() + ttl * 1000,
    });
    return { accessToken, refreshToken, expiresInSeconds: ttl };
  }

  private revokeGrant(grantId: string, save = true): void {
    const grant = this.grants.get(grantId);
    if (!grant) return;
    this.grants.delete(grantId);
    this.grantByRefresh.delete(grant.refreshDigest);
    for (const [key, record] of this.access) if (record.grantId === grantId) this.access.delete(key);
    if (save) this.save();
  }

  /**
   * Expired codes and access tokens answer as unknown ones do, so dropping them changes nothing
   * but the memory a long `npm start` would otherwise keep (a redeemed code is kept until then, to
   * revoke what it issued if it is replayed).
   */
  private pruneExpired(): void {
    const now = this.now();
    for (const [key, code] of this.codes) if (code.expiresAt <= now) this.codes.delete(key);
    for (const [key, record] of this.access) if (record.expiresAt <= now) this.access.delete(key);
  }

  private load(file: string): void {
    const state = JSON.parse(readFileSync(file, 'utf8')) as PersistedState;
    if (state.version !== 1) return;
    for (const grant of state.grants) {
      this.grants.set(grant.grantId, grant);
      this.grantByRefresh.set(grant.refreshDigest, grant.grantId);
    }
    for (const [key, record] of state.accessTokens) this.access.set(key, record);
  }

  private save(): void {
    const file = this.opts.file;
    if (!file) return;
    this.pruneExpired();
    const state: PersistedState = { version: 1, grants: [...this.grants.values()], accessTokens: [...this.access] };
    mkdirSync(path.dirname(file), { recursive: true });
    // Write-then-rename so a crash mid-write never leaves a half file that loses every link.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
    renameSync(tmp, file);
  }
}
