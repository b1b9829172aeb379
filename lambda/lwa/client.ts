/**
 * The skill's Login with Amazon clients: the token endpoint (authorization_code and refresh_token
 * grants with the skill's client secret; the setup sign-in's authorization_code with a PKCE
 * verifier and no secret) and the profile endpoint, in the wire shapes of contracts/lwa.ts. Failures are classified
 * once here so callers decide by kind: REFUSED (LWA said no: bad code, revoked or expired token),
 * MISCONFIGURED (LWA refused the skill itself, `invalid_client`: its client secret is wrong or was
 * never set, which no re-linking fixes) or UNAVAILABLE (no usable answer).
 */
import type { TokenSet } from '../store/users.js';
import { send, type HttpResponse } from '../http/request.js';
import { LWA_PATHS, LwaErrorSchema, ProfileResponseSchema, TOKEN_REQUEST_CONTENT_TYPE, TokenResponseSchema, tokenRequestBody, type TokenRequest } from '../../contracts/lwa.js';

export interface AmazonProfile {
  userId: string;
  email: string;
  name?: string;
}

export type LwaFailure = 'REFUSED' | 'EXPIRED' | 'MISCONFIGURED' | 'UNAVAILABLE';

export class LwaError extends Error {
  constructor(
    readonly kind: LwaFailure,
    readonly status: number | undefined,
    /** LWA's `error` code (invalid_grant, invalid_token, ...), never its description. */
    readonly code: string | undefined,
  ) {
    super(`LWA ${kind}${status ? ` (HTTP ${status}${code ? ` ${code}` : ''})` : ''}`);
    this.name = 'LwaError';
  }
}

/** What the owner does about MISCONFIGURED (the press outcome and the logs say it). */
export const CLIENT_SECRET_FIX =
  "The skill's client secret is wrong or not set: put the Alexa Client Secret (developer console, the skill's Permissions page) into the stack's secret with " +
  '`aws secretsmanager put-secret-value --secret-id <the stack output LwaClientSecretArn> --secret-string <secret>` (infra/aws/README.md, step 4).';

/** Profile lookups and AcceptGrant's code exchange sit on a directive's path: short. */
const DIRECTIVE_TIMEOUT_MS = 3000;
/**
 * Refreshes wait longer: LWA retires a refresh token when it issues the next one, so giving up
 * on a slow refresh that LWA then completes would lose the grant.
 */
export const REFRESH_TIMEOUT_MS = 9000;

export interface LwaClientOptions {
  baseUrl: string;
  clientId: string;
  /** Absent for a client that only redeems PKCE codes (the setup sign-in). */
  clientSecret?: () => Promise<string>;
}

export class LwaClient {
  constructor(private readonly opts: LwaClientOptions) {}

  /** AcceptGrant's exchange: on a directive's clock, so it gets the profile's short timeout. */
  exchangeCode(code: string): Promise<TokenSet> {
    return this.token({ grant_type: 'authorization_code', code }, DIRECTIVE_TIMEOUT_MS);
  }

  /**
   * The setup sign-in's exchange: a code issued for a PKCE challenge, redeemed with its verifier
   * and the redirect URI it was issued for, without a client secret.
   */
  exchangePkceCode(code: string, codeVerifier: string, redirectUri: string): Promise<TokenSet> {
    return this.token({ grant_type: 'authorization_code', code, code_verifier: codeVerifier, redirect_uri: redirectUri }, DIRECTIVE_TIMEOUT_MS, false);
  }

  refresh(refreshToken: string): Promise<TokenSet> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken }, REFRESH_TIMEOUT_MS);
  }

  async profile(accessToken: string, signal?: AbortSignal): Promise<AmazonProfile> {
    const res = await this.call(`${this.opts.baseUrl}${LWA_PATHS.profile}`, DIRECTIVE_TIMEOUT_MS, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal,
    });
    const body = jsonBody(res);
    const profile = ProfileResponseSchema.safeParse(body);
    // Without the profile scope there is no email, and the skill cannot tell whose doorbells these are.
    if (res.status === 200 && profile.success && profile.data.email) {
      return { userId: profile.data.user_id, email: profile.data.email.toLowerCase(), name: profile.data.name };
    }
    throw classify(res.status, body);
  }

  private async token(request: TokenRequest, timeoutMs: number, withSecret = true): Promise<TokenSet> {
    let secret: string | undefined;
    if (withSecret) {
      const read = this.opts.clientSecret ?? (() => Promise.reject(new Error('no client secret')));
      secret = await read().catch(() => {
        throw new LwaError('UNAVAILABLE', undefined, 'client_secret_unavailable');
      });
    }
    const res = await this.call(`${this.opts.baseUrl}${LWA_PATHS.token}`, timeoutMs, {
      method: 'POST',
      headers: { 'content-type': TOKEN_REQUEST_CONTENT_TYPE, accept: 'application/json' },
      body: tokenRequestBody(request, { clientId: this.opts.clientId, clientSecret: secret }),
    });
    const body = jsonBody(res);
    const tokens = TokenResponseSchema.safeParse(body);
    if (res.status === 200 && tokens.success) {
      const expires = tokens.data.expires_in;
      return {
        accessToken: tokens.data.access_token,
        refreshToken: tokens.data.refresh_token || undefined,
        expiresInSeconds: expires !== undefined && Number.isFinite(expires) && expires > 0 ? expires : 3600,
      };
    }
    throw classify(res.status, body);
  }

  private async call(
    url: string,
    timeoutMs: number,
    init: { method?: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
  ): Promise<HttpResponse> {
    try {
      return await send(url, { ...init, timeoutMs, maxBytes: 64 * 1024 });
    } catch {
      throw new LwaError('UNAVAILABLE', undefined, 'unreachable');
    }
  }
}

function jsonBody(res: HttpResponse): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(res.text);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function classify(status: number, body: Record<string, unknown>): LwaError {
  const error = LwaErrorSchema.safeParse(body);
  const code = error.success ? error.data.error.slice(0, 64) : undefined;
  const description = (error.success && error.data.error_description) || '';
  if (status >= 500 || status === 429) return new LwaError('UNAVAILABLE', status, code);
  // The skill's own credentials, not the user's grant: the owner must fix the secret, not re-link.
  if (code === 'invalid_client') return new LwaError('MISCONFIGURED', status, code);
  // Only an unambiguous "expired" counts: "invalid or has expired" says nothing either way.
  if (code === 'expired_token' || (/expired/i.test(description) && !/invalid/i.test(description))) return new LwaError('EXPIRED', status, code);
  // A 200 without the fields the skill needs (a token without the profile scope) is a refusal too.
  return new LwaError('REFUSED', status, code);
}
