/**
 * The OAuth 2 calls Alexa makes to Login with Amazon for account linking: the authorize URL the
 * user is sent to, the authorization-code exchange, the refresh, and the profile lookup that
 * tells the local Alexa which Amazon user a link belongs to. Plain HTTP against the local LWA.
 */
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
  const url = new URL('/ap/oa', lwaBase);
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

async function tokenRequest(lwaBase: string, client: OAuthClient, form: Record<string, string>): Promise<TokenSet> {
  const body = new URLSearchParams({ ...form, client_id: client.clientId, client_secret: client.clientSecret });
  const response = await fetch(new URL('/auth/o2/token', lwaBase), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body,
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    throw new LwaOAuthError(`Login with Amazon refused the token request (${response.status} ${String(json.error ?? '')})`, response.status, json.error as string | undefined);
  }
  if (typeof json.access_token !== 'string' || typeof json.refresh_token !== 'string' || typeof json.expires_in !== 'number') {
    throw new LwaOAuthError('Login with Amazon answered without tokens', response.status);
  }
  return { accessToken: json.access_token, refreshToken: json.refresh_token, expiresAt: Date.now() + json.expires_in * 1000 };
}

export function exchangeCode(lwaBase: string, client: OAuthClient, code: string, redirectUri: string): Promise<TokenSet> {
  return tokenRequest(lwaBase, client, { grant_type: 'authorization_code', code, redirect_uri: redirectUri });
}

export function refresh(lwaBase: string, client: OAuthClient, refreshToken: string): Promise<TokenSet> {
  return tokenRequest(lwaBase, client, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

export async function profile(lwaBase: string, accessToken: string): Promise<{ userId: string; email: string; name: string }> {
  const response = await fetch(new URL('/user/profile', lwaBase), { headers: { authorization: `Bearer ${accessToken}` } });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof json.user_id !== 'string') {
    throw new LwaOAuthError(`Login with Amazon refused the profile request (${response.status})`, response.status, json.error as string | undefined);
  }
  return { userId: json.user_id, email: String(json.email ?? '').toLowerCase(), name: String(json.name ?? '') };
}
