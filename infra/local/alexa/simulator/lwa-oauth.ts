/**
 * The OAuth 2 calls Alexa makes to Login with Amazon for account linking: the authorize URL the
 * user is sent to, the authorization-code exchange, the refresh, and the profile lookup that
 * tells the local Alexa which Amazon user a link belongs to. Plain HTTP against the local LWA, in
 * the wire shapes of contracts/lwa.ts (the skill has its own client: it is another actor).
 */
import { LWA_PATHS, LwaErrorSchema, ProfileResponseSchema, TOKEN_REQUEST_CONTENT_TYPE, TokenResponseSchema, tokenRequestBody, type TokenRequest } from '../../../../contracts/lwa.js';
import type { OAuthClient } from '../../lwa/clients.js';

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  expiresAt: number;
}

export class LwaOAuthError extends Error {
  override name = 'LwaOAuthError';
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

export function authorizeUrl(lwaBase: string, client: OAuthClient, redirectUri: string, state: string): string {
  const url = new URL(LWA_PATHS.authorize, lwaBase);
  url.searchParams.set('client_id', client.clientId);
  url.searchParams.set('scope', 'profile');
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  return url.toString();
}

/**
 * Walks the authorize endpoint as a signed-in user who consents, without a browser (the local
 * LWA's `local_user` parameter stands for the login form). Returns the redirect's parameters.
 */
export async function authorizeAs(authorizeUrlWithState: string, email: string): Promise<{ code?: string; state?: string; error?: string }> {
  const url = new URL(authorizeUrlWithState);
  url.searchParams.set('local_user', email);
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new LwaOAuthError(`Login with Amazon did not redirect back (${response.status})`, response.status);
  }
  const back = new URL(location).searchParams;
  const pick = (k: string): string | undefined => back.get(k) ?? undefined;
  return { code: pick('code'), state: pick('state'), error: pick('error') };
}

const errorCode = (json: unknown): string | undefined => {
  const error = LwaErrorSchema.safeParse(json);
  return error.success ? error.data.error : undefined;
};

async function tokenRequest(lwaBase: string, client: OAuthClient, request: TokenRequest): Promise<TokenSet> {
  const response = await fetch(new URL(LWA_PATHS.token, lwaBase), {
    method: 'POST',
    headers: { 'content-type': TOKEN_REQUEST_CONTENT_TYPE },
    body: tokenRequestBody(request, client),
  });
  const json: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const code = errorCode(json);
    throw new LwaOAuthError(`Login with Amazon refused the token request (${response.status} ${code ?? ''})`, response.status, code);
  }
  const tokens = TokenResponseSchema.safeParse(json);
  // Alexa keeps a link only with both tokens and their lifetime.
  if (!tokens.success || tokens.data.refresh_token === undefined || tokens.data.expires_in === undefined) {
    throw new LwaOAuthError('Login with Amazon answered without tokens', response.status);
  }
  return { accessToken: tokens.data.access_token, refreshToken: tokens.data.refresh_token, expiresAt: Date.now() + tokens.data.expires_in * 1000 };
}

/** `redirectUri` is the authorize request's; a code issued without one is redeemed without. */
export function exchangeCode(lwaBase: string, client: OAuthClient, code: string, redirectUri?: string): Promise<TokenSet> {
  return tokenRequest(lwaBase, client, { grant_type: 'authorization_code', code, redirect_uri: redirectUri });
}

export function refresh(lwaBase: string, client: OAuthClient, refreshToken: string): Promise<TokenSet> {
  return tokenRequest(lwaBase, client, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

export async function profile(lwaBase: string, accessToken: string): Promise<{ userId: string; email: string; name: string }> {
  const response = await fetch(new URL(LWA_PATHS.profile, lwaBase), { headers: { authorization: `Bearer ${accessToken}` } });
  const json: unknown = await response.json().catch(() => ({}));
  const found = ProfileResponseSchema.safeParse(json);
  if (!response.ok || !found.success) {
    throw new LwaOAuthError(`Login with Amazon refused the profile request (${response.status})`, response.status, errorCode(json));
  }
  return { userId: found.data.user_id, email: (found.data.email ?? '').toLowerCase(), name: found.data.name ?? '' };
}
