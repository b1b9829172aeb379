/**
 * Login with Amazon: the token endpoint (authorization_code and refresh_token grants, form-encoded)
 * and the profile endpoint. Failures are classified once here so callers decide by kind:
 * REFUSED (LWA said no: bad code, revoked or expired token) or UNAVAILABLE (no usable answer).
 */
import type { TokenSet } from '../store/users.js';
import { send, type HttpResponse } from '../http/request.js';

export interface AmazonProfile {
  userId: string;
  email: string;
  name?: string;
}

export type LwaFailure = 'REFUSED' | 'EXPIRED' | 'UNAVAILABLE';

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
  clientSecret: () => Promise<string>;
}

export class LwaClient {
  constructor(private readonly opts: LwaClientOptions) {}

  /** AcceptGrant's exchange: on a directive's clock, so it gets the profile's short timeout. */
  exchangeCode(code: string): Promise<TokenSet> {
    return this.token({ grant_type: 'authorization_code', code }, DIRECTIVE_TIMEOUT_MS);
  }

  refresh(refreshToken: string): Promise<TokenSet> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken }, REFRESH_TIMEOUT_MS);
  }

  async profile(accessToken: string, signal?: AbortSignal): Promise<AmazonProfile> {
    const res = await this.call(`${this.opts.baseUrl}/user/profile`, DIRECTIVE_TIMEOUT_MS, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal,
    });
    const body = jsonBody(res);
    if (res.status === 200 && typeof body.user_id === 'string' && body.user_id && typeof body.email === 'string' && body.email) {
      return { userId: body.user_id, email: body.email.toLowerCase(), name: typeof body.name === 'string' ? body.name : undefined };
    }
    throw classify(res.status, body);
  }

  private async token(form: Record<string, string>, timeoutMs: number): Promise<TokenSet> {
    const secret = await this.opts.clientSecret().catch(() => {
      throw new LwaError('UNAVAILABLE', undefined, 'client_secret_unavailable');
    });
    const res = await this.call(`${this.opts.baseUrl}/auth/o2/token`, timeoutMs, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' },
      body: new URLSearchParams({ ...form, client_id: this.opts.clientId, client_secret: secret }).toString(),
    });
    const body = jsonBody(res);
    if (res.status === 200 && typeof body.access_token === 'string' && body.access_token) {
      const expires = Number(body.expires_in);
      return {
        accessToken: body.access_token,
        refreshToken: typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : undefined,
        expiresInSeconds: Number.isFinite(expires) && expires > 0 ? expires : 3600,
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
  const code = typeof body.error === 'string' ? body.error.slice(0, 64) : undefined;
  const description = typeof body.error_description === 'string' ? body.error_description : '';
  if (status >= 500 || status === 429) return new LwaError('UNAVAILABLE', status, code);
  // Only an unambiguous "expired" counts: "invalid or has expired" says nothing either way.
  if (code === 'expired_token' || (/expired/i.test(description) && !/invalid/i.test(description))) return new LwaError('EXPIRED', status, code);
  // A 200 without the fields the skill needs (a token without the profile scope) is a refusal too.
  return new LwaError('REFUSED', status, code);
}
