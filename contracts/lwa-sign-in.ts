/**
 * Signing in with Login with Amazon from a page: the authorization-code flow with PKCE (RFC 7636,
 * S256), as LWA documents it for clients without a secret. The setup page builds the authorize
 * URL, keeps the verifier for the redirect back, and hands code and verifier to the access API,
 * which redeems them at LWA's token endpoint; the local LWA checks the challenge the same way.
 * No zod here: the pages import it (LWA's token and profile shapes are in lwa.ts).
 */
import { hashSecret, newSecret } from './secrets.js';

export const PKCE_METHOD = 'S256';

/** A code verifier: 43 characters of base64url, inside RFC 7636's 43-128 unreserved characters. */
export function newCodeVerifier(): string {
  return newSecret(32);
}

/** RFC 7636's S256: base64url(SHA-256(ASCII(verifier))), no padding: the same digest secrets are stored as. */
export function codeChallengeS256(verifier: string): Promise<string> {
  return hashSecret(verifier);
}

/** RFC 7636: 43-128 characters of [A-Za-z0-9-._~]. */
export function isCodeVerifier(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9\-._~]{43,128}$/.test(value);
}

export interface AuthorizeRequest {
  /** LWA's authorize endpoint (`https://www.amazon.com/ap/oa`; locally the local LWA's). */
  authorizeUrl: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string;
  codeChallenge: string;
}

/** Where the page sends the browser to sign in. */
export function authorizeUrl(r: AuthorizeRequest): string {
  const url = new URL(r.authorizeUrl);
  url.search = new URLSearchParams({
    client_id: r.clientId,
    scope: r.scope,
    response_type: 'code',
    redirect_uri: r.redirectUri,
    state: r.state,
    code_challenge: r.codeChallenge,
    code_challenge_method: PKCE_METHOD,
  }).toString();
  return url.toString();
}
