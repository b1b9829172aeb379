/**
 * A local Login with Amazon: the OAuth 2 authorization-code flow the skill and Alexa rely on.
 *   GET/POST /ap/oa      authorize: a login page choosing a local user (or `local_user=<email>`
 *                        for scripts), then 302 to redirect_uri?code=...&state=...; with PKCE
 *                        (code_challenge, code_challenge_method=S256) the code is bound to it
 *   POST /auth/o2/token  grant_type authorization_code | refresh_token (form-encoded, client
 *                        credentials in the form, or for a PKCE code client_id and code_verifier)
 *                        -> {access_token, refresh_token, token_type, expires_in}
 *   GET  /user/profile   Bearer access token -> {user_id, name, email}
 * Errors use LWA's JSON shape `{error, error_description}` (the wire shapes: contracts/lwa.ts).
 * The local origin policy (../request-guard.ts) comes first: no web page but its own sign-in page
 * may call it (that form posts back here), form-encoded bodies only (its protocol).
 * Tests drive the skill's failure paths through `control` (control.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { LWA_PATHS, type LwaErrorBody, type ProfileResponse, type TokenResponse } from '../../../contracts/lwa.js';
import { codeChallengeS256, isCodeVerifier, PKCE_METHOD } from '../../../contracts/lwa-sign-in.js';
import { authenticateClient, isLoopbackUrl, type OAuthClient } from './clients.js';
import { lwaControl, type LwaControl } from './control.js';
import { GrantStore, type GrantResult } from './grants.js';
import { bearerToken, listen, readBody, requestUrl, sendJson, sendText } from '../../shared/http.js';
import { errorPage, loginPage, type AuthorizeParams } from './login-page.js';
import { guarded, type Refusal } from '../request-guard.js';
import { defaultUsers, UserDirectory, type LocalUser } from './users.js';

export type { LocalUser } from './users.js';
export type { LwaControl, LwaEndpoint, LwaFault } from './control.js';
export { defaultUsers, localUserId } from './users.js';

export interface LocalLwaOptions {
  clientId: string;
  clientSecret: string;
  host?: string;
  port?: number;
  /** Default 3600; short values exercise refresh paths. */
  accessTokenTtlSeconds?: number;
  /** When set, grants and refresh tokens persist there (a second start keeps the link). */
  dataDir?: string;
}

export interface IntrospectedToken {
  userId: string;
  email: string;
  name: string;
  scope: string;
  clientId: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface LocalLwa {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  readonly users: readonly LocalUser[];
  /** As if that user signed in and consented (for a PKCE challenge when given one). */
  issueAuthorizationCode(email: string, redirectUri?: string, scope?: string, codeChallenge?: string): string;
  /** The token's user while it is valid and unexpired. */
  introspect(accessToken: string): IntrospectedToken | undefined;
  /** Test hooks: faults, request counts, revoked and expired tokens. */
  readonly control: LwaControl;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const SCOPES = new Set(['profile', 'profile:user_id', 'postal_code', 'alexa::async_event:write']);
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

export async function startLocalLwa(options: LocalLwaOptions): Promise<LocalLwa> {
  const users = new UserDirectory(defaultUsers());
  const client: OAuthClient = { clientId: options.clientId, clientSecret: options.clientSecret };
  const store = new GrantStore({
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    file: options.dataDir ? path.join(options.dataDir, 'lwa-grants.json') : undefined,
  });
  const oauthError = (res: ServerResponse, status: number, error: string, description: string): void =>
    sendJson(res, status, { error, error_description: description } satisfies LwaErrorBody, NO_STORE);
  const userByEmail = (email: string): LocalUser => {
    const user = users.findByEmail(email);
    if (!user) throw new Error(`No local user ${email}`);
    return user;
  };
  const hooks = lwaControl({ store, userByEmail, oauthError });

  function redirectWith(res: ServerResponse, redirectUri: string, params: Record<string, string | undefined>): void {
    const url = new URL(redirectUri);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
    res.writeHead(302, { location: url.toString(), 'cache-control': 'no-store' });
    res.end();
  }

  async function authorize(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const input =
      req.method === 'POST' ? new URLSearchParams((await readBody(req, MAX_BODY_BYTES)).toString('utf8')) : requestUrl(req).searchParams;
    const params: AuthorizeParams = {
      client_id: input.get('client_id') ?? '',
      redirect_uri: input.get('redirect_uri') ?? '',
      response_type: input.get('response_type') ?? '',
      scope: input.get('scope') ?? '',
      state: input.get('state') ?? undefined,
      code_challenge: input.get('code_challenge') ?? undefined,
      code_challenge_method: input.get('code_challenge_method') ?? undefined,
    };
    // Without a known client and an allowed redirect_uri there is nowhere safe to send an error.
    if (params.client_id !== client.clientId) {
      sendText(res, 400, errorPage('Unknown client_id.'), 'text/html;charset=UTF-8');
      return;
    }
    if (!params.redirect_uri || !isLoopbackUrl(params.redirect_uri)) {
      sendText(res, 400, errorPage('The redirect_uri is missing or not allowed for this client.'), 'text/html;charset=UTF-8');
      return;
    }
    const state = params.state;
    if (params.response_type !== 'code') {
      redirectWith(res, params.redirect_uri, { error: 'unsupported_response_type', error_description: 'Only response_type=code is supported.', state });
      return;
    }
    // PKCE as LWA takes it: S256 only, and a challenge of the S256 shape (43 base64url characters).
    if (params.code_challenge !== undefined || params.code_challenge_method !== undefined) {
      if (params.code_challenge_method !== PKCE_METHOD || !/^[A-Za-z0-9_-]{43}$/.test(params.code_challenge ?? '')) {
        redirectWith(res, params.redirect_uri, { error: 'invalid_request', error_description: 'PKCE needs code_challenge_method=S256 and a code_challenge.', state });
        return;
      }
    }
    const scopes = params.scope.split(/\s+/).filter(Boolean);
    if (scopes.length === 0 || scopes.some((s) => !SCOPES.has(s))) {
      redirectWith(res, params.redirect_uri, { error: 'invalid_scope', error_description: 'The requested scope is invalid or unknown.', state });
      return;
    }
    // The sign-in shortcut is for programs (the local Alexa's link without a browser): a browser, even
    // sent here by another site, always gets the page and its Allow.
    const fromBrowser = req.headers['sec-fetch-site'] !== undefined || req.headers.origin !== undefined;
    const email = (fromBrowser ? null : input.get('local_user')) ?? (req.method === 'POST' ? input.get('email') : null);
    if (!email) {
      sendText(res, 200, loginPage(params, users.all()), 'text/html;charset=UTF-8');
      return;
    }
    if (input.get('decision') === 'deny') {
      redirectWith(res, params.redirect_uri, { error: 'access_denied', error_description: 'The user denied the request.', state });
      return;
    }
    const user = users.findByEmail(email);
    if (!user) {
      sendText(res, 401, loginPage(params, users.all(), 'Unknown user.'), 'text/html;charset=UTF-8');
      return;
    }
    const code = store.issueCode({
      userId: user.userId,
      clientId: params.client_id,
      redirectUri: params.redirect_uri,
      scope: scopes.join(' '),
      ...(params.code_challenge ? { codeChallenge: params.code_challenge } : {}),
    });
    redirectWith(res, params.redirect_uri, { code, scope: scopes.join(' '), state });
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readBody(req, MAX_BODY_BYTES)).toString('utf8');
    const form = new URLSearchParams(body);
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') hooks.count('authorizationCode');
    else if (grantType === 'refresh_token') hooks.count('refreshToken');
    if (await hooks.applyFault('token', res)) return;
    if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) {
      oauthError(res, 400, 'invalid_request', 'The request must be application/x-www-form-urlencoded.');
      return;
    }
    if (!grantType) {
      oauthError(res, 400, 'invalid_request', 'The grant_type parameter is missing.');
      return;
    }
    const pkceCode = grantType === 'authorization_code' && store.hasChallenge(form.get('code') ?? '');
    const caller = authenticateClient(form, client, pkceCode);
    if (!caller.ok) {
      oauthError(res, 401, 'invalid_client', caller.description);
      return;
    }
    let result: GrantResult;
    if (grantType === 'authorization_code') {
      const code = form.get('code');
      if (!code) {
        oauthError(res, 400, 'invalid_request', 'The code parameter is missing.');
        return;
      }
      const verifier = form.get('code_verifier');
      if (verifier !== null && !isCodeVerifier(verifier)) {
        oauthError(res, 400, 'invalid_request', 'The code_verifier is malformed.');
        return;
      }
      result = store.redeemCode(code, caller.clientId, form.get('redirect_uri') ?? undefined, verifier === null ? undefined : await codeChallengeS256(verifier));
    } else if (grantType === 'refresh_token') {
      const refreshToken = form.get('refresh_token');
      if (!refreshToken) {
        oauthError(res, 400, 'invalid_request', 'The refresh_token parameter is missing.');
        return;
      }
      result = store.refresh(refreshToken, caller.clientId);
    } else {
      oauthError(res, 400, 'unsupported_grant_type', `The grant_type ${grantType} is not supported.`);
      return;
    }
    if (!result.ok) {
      oauthError(res, 400, 'invalid_grant', result.description);
      return;
    }
    sendJson(
      res,
      200,
      {
        access_token: result.tokens.accessToken,
        refresh_token: result.tokens.refreshToken,
        token_type: 'bearer',
        expires_in: result.tokens.expiresInSeconds,
      } satisfies TokenResponse,
      NO_STORE,
    );
  }

  function introspect(accessToken: string): IntrospectedToken | undefined {
    const record = store.lookupAccess(accessToken);
    const user = record && users.findById(record.userId);
    if (!record || !user) return undefined;
    return { userId: user.userId, email: user.email, name: user.name, scope: record.scope, clientId: record.clientId, expiresAt: record.expiresAt };
  }

  async function profile(req: IncomingMessage, res: ServerResponse): Promise<void> {
    hooks.count('profile');
    if (await hooks.applyFault('profile', res)) return;
    const accessToken = bearerToken(req);
    if (!accessToken) {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'The access token is missing.' });
      return;
    }
    const who = introspect(accessToken);
    if (!who) {
      sendJson(res, 401, { error: 'invalid_token', error_description: 'The access token is invalid or has expired.' }, {
        'www-authenticate': 'Bearer error="invalid_token"',
      });
      return;
    }
    const scopes = who.scope.split(' ');
    if (scopes.includes('profile')) sendJson(res, 200, { user_id: who.userId, name: who.name, email: who.email } satisfies ProfileResponse);
    else if (scopes.includes('profile:user_id')) sendJson(res, 200, { user_id: who.userId } satisfies ProfileResponse);
    else sendJson(res, 403, { error: 'insufficient_scope', error_description: 'The access token does not grant profile access.' });
  }

  const server = await listen(
    guarded({
      origins: [],
      allowOwnOrigin: true,
      bodyTypes: ['application/x-www-form-urlencoded'],
      maxBodyBytes: MAX_BODY_BYTES,
      // LWA answers a body that is not form-encoded 400 invalid_request; the rest as the policy says.
      answer: (res: ServerResponse, r: Refusal) =>
        r.code === 'UNSUPPORTED_MEDIA_TYPE' ? oauthError(res, 400, 'invalid_request', 'The request must be application/x-www-form-urlencoded.') : oauthError(res, r.status, r.status === 403 ? 'access_denied' : 'invalid_request', r.message),
    }, async (req, res) => {
      const { pathname } = requestUrl(req);
      if (pathname === LWA_PATHS.authorize && (req.method === 'GET' || req.method === 'POST')) {
        if (await hooks.applyFault('authorize', res)) return;
        return authorize(req, res);
      }
      if (pathname === LWA_PATHS.token && req.method === 'POST') return token(req, res);
      if (pathname === LWA_PATHS.profile && req.method === 'GET') return profile(req, res);
      sendJson(res, 404, { error: 'not_found', error_description: `No route for ${req.method} ${pathname}.` });
    }),
    { host: options.host, port: options.port },
  );

  return {
    endpoint: server.endpoint,
    users: users.all(),
    issueAuthorizationCode(email, redirectUri, scope = 'profile', codeChallenge) {
      return store.issueCode({ userId: userByEmail(email).userId, clientId: client.clientId, redirectUri, scope, ...(codeChallenge ? { codeChallenge } : {}) });
    },
    introspect,
    control: hooks.control,
    close: () => server.close(),
  };
}
