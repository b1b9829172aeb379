import type { SignInRequest } from '../../contracts/access-api/bodies.js';
import { authorizeUrl, codeChallengeS256, newCodeVerifier } from '../../contracts/lwa-sign-in.js';
import { newSecret } from '../../contracts/secrets.js';
import type { SiteConfig } from '../../contracts/site-config.js';

/**
 * Signing in with Login with Amazon from the setup page: the authorization-code flow with PKCE
 * (S256). The verifier and the state live in sessionStorage only across the redirect to Amazon and
 * back, and are deleted on return; the code is removed from the address at once. The access API
 * redeems code and verifier and keeps Amazon's tokens to itself.
 */
const PENDING_KEY = 'alexa-video-doorbell.sign-in';

type Loc = Pick<Location, 'origin' | 'pathname' | 'search'>;

/** The redirect URI: this page, without query or fragment (what the security profile's Allowed Return URLs list). */
export function setupPageUrl(location: Pick<Location, 'origin' | 'pathname'>): string {
  return `${location.origin}${location.pathname}`;
}

/** Sends the browser to Login with Amazon. */
export async function beginSignIn(site: SiteConfig, deps: { storage: Storage; location: Loc & { assign(url: string): void } }): Promise<void> {
  const verifier = newCodeVerifier();
  const state = newSecret(16);
  deps.storage.setItem(PENDING_KEY, JSON.stringify({ state, verifier }));
  deps.location.assign(
    authorizeUrl({
      authorizeUrl: site.signIn.authorizeUrl,
      clientId: site.signIn.clientId,
      scope: site.signIn.scope,
      redirectUri: setupPageUrl(deps.location),
      state,
      codeChallenge: await codeChallengeS256(verifier),
    }),
  );
}

export type SignInReturn = { kind: 'none' } | { kind: 'code'; request: SignInRequest } | { kind: 'refused'; message: string };

/**
 * On the way back from Amazon: takes `?code=&state=` (or `?error=`) out of the address before
 * anything else, and the pending verifier out of sessionStorage, and checks that the answer is to
 * this page's own request (the state).
 */
export function takeSignInReturn(deps: { location: Loc; history: Pick<History, 'replaceState'>; storage: Storage }): SignInReturn {
  const params = new URLSearchParams(deps.location.search);
  if (!params.has('code') && !params.has('state') && !params.has('error')) return { kind: 'none' };
  deps.history.replaceState(null, '', deps.location.pathname);
  const pendingText = deps.storage.getItem(PENDING_KEY);
  deps.storage.removeItem(PENDING_KEY);
  const error = params.get('error');
  if (error) return { kind: 'refused', message: error === 'access_denied' ? 'The sign-in was cancelled.' : `Login with Amazon refused the sign-in (${params.get('error_description') ?? error}).` };
  let pending: { state?: string; verifier?: string } = {};
  try {
    pending = pendingText ? (JSON.parse(pendingText) as typeof pending) : {};
  } catch {
    pending = {};
  }
  const code = params.get('code');
  if (!pending.verifier || !pending.state) return { kind: 'refused', message: 'This sign-in was not started on this page (or this tab): sign in again.' };
  if (params.get('state') !== pending.state || !code) return { kind: 'refused', message: "The sign-in's answer does not match this page's request: sign in again." };
  return { kind: 'code', request: { code, codeVerifier: pending.verifier, redirectUri: setupPageUrl(deps.location) } };
}
