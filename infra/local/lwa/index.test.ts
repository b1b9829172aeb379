import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalLwa, type LocalLwa } from './index.js';
import { localUserId } from './users.js';
import { codeChallengeS256, newCodeVerifier } from '../../../contracts/lwa-sign-in.js';

const CLIENT_ID = 'amzn1.application-oa2-client.localtest';
const CLIENT_SECRET = 'local-test-client-secret';
const REDIRECT = 'http://localhost:3000/callback';

interface TokenResponse {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

async function tokenRequest(lwa: LocalLwa, form: Record<string, string>, init: { contentType?: string } = {}) {
  const body = new URLSearchParams(form);
  const headers: Record<string, string> = { 'content-type': init.contentType ?? 'application/x-www-form-urlencoded' };
  if (!('client_id' in form)) {
    body.set('client_id', CLIENT_ID);
    body.set('client_secret', CLIENT_SECRET);
  }
  const res = await fetch(`${lwa.endpoint}/auth/o2/token`, { method: 'POST', headers, body: body.toString() });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function profile(lwa: LocalLwa, accessToken: string) {
  const res = await fetch(`${lwa.endpoint}/user/profile`, { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function authorizeUrl(lwa: LocalLwa, params: Record<string, string>): string {
  const url = new URL('/ap/oa', lwa.endpoint);
  const all = { client_id: CLIENT_ID, scope: 'profile', response_type: 'code', redirect_uri: REDIRECT, state: 'st-123', ...params };
  for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  return url.toString();
}

async function codeFor(lwa: LocalLwa, email: string): Promise<string> {
  const res = await fetch(authorizeUrl(lwa, { local_user: email }), { redirect: 'manual' });
  const location = new URL(res.headers.get('location')!);
  return location.searchParams.get('code')!;
}

describe('local Login with Amazon', () => {
  let lwa: LocalLwa;
  beforeAll(async () => {
    lwa = await startLocalLwa({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  });
  afterAll(() => lwa.close());

  it('runs the authorization-code flow end to end: authorize, token, profile, refresh with rotation', async () => {
    const authorize = await fetch(authorizeUrl(lwa, { local_user: 'alice@example.com' }), { redirect: 'manual' });
    expect(authorize.status).toBe(302);
    const location = new URL(authorize.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st-123');
    const code = location.searchParams.get('code')!;
    expect(code).toMatch(/^[A-Za-z]{20}$/);

    const first = await tokenRequest(lwa, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(first.status).toBe(200);
    const tokens = first.body as unknown as TokenResponse;
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.access_token.startsWith('Atza|')).toBe(true);
    expect(tokens.refresh_token.startsWith('Atzr|')).toBe(true);
    expect(tokens.access_token.length).toBeGreaterThan(350);

    const me = await profile(lwa, tokens.access_token);
    expect(me).toEqual({
      status: 200,
      body: { user_id: localUserId('alice@example.com'), name: 'Alice', email: 'alice@example.com' },
    });
    expect(lwa.introspect(tokens.access_token)?.email).toBe('alice@example.com');

    const refreshed = await tokenRequest(lwa, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    const next = refreshed.body as unknown as TokenResponse;
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    expect(next.access_token).not.toBe(tokens.access_token);
    expect((await profile(lwa, next.access_token)).body.email).toBe('alice@example.com');

    const replay = await tokenRequest(lwa, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');

    const again = await tokenRequest(lwa, { grant_type: 'refresh_token', refresh_token: next.refresh_token });
    expect(again.status).toBe(200);
  });

  it('gives each local user a distinct, LWA-shaped user id', async () => {
    const alice = (await tokenRequest(lwa, { grant_type: 'authorization_code', code: await codeFor(lwa, 'alice@example.com'), redirect_uri: REDIRECT })).body as unknown as TokenResponse;
    const bob = (await tokenRequest(lwa, { grant_type: 'authorization_code', code: await codeFor(lwa, 'bob@example.com'), redirect_uri: REDIRECT })).body as unknown as TokenResponse;
    const a = await profile(lwa, alice.access_token);
    const b = await profile(lwa, bob.access_token);
    expect(a.body.user_id).toMatch(/^amzn1\.account\.[A-Z2-7]{28}$/);
    expect(b.body.user_id).toMatch(/^amzn1\.account\.[A-Z2-7]{28}$/);
    expect(a.body.user_id).not.toBe(b.body.user_id);
    expect(b.body.name).toBe('Bob');
  });

  it('shows a login page listing the local users and redirects with a code once a user allows', async () => {
    const page = await fetch(authorizeUrl(lwa, {}));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('alice@example.com');
    expect(html).toContain('bob@example.com');
    expect(html).toContain('name="state" value="st-123"');

    const form = new URLSearchParams({
      client_id: CLIENT_ID, redirect_uri: REDIRECT, response_type: 'code', scope: 'profile', state: 'st-123',
      email: 'bob@example.com', decision: 'allow',
    });
    const posted = await fetch(`${lwa.endpoint}/ap/oa`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(), redirect: 'manual',
    });
    expect(posted.status).toBe(302);
    const code = new URL(posted.headers.get('location')!).searchParams.get('code')!;
    const tokens = (await tokenRequest(lwa, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT })).body as unknown as TokenResponse;
    expect((await profile(lwa, tokens.access_token)).body.email).toBe('bob@example.com');

    form.set('decision', 'deny');
    const denied = await fetch(`${lwa.endpoint}/ap/oa`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(), redirect: 'manual',
    });
    const deniedLocation = new URL(denied.headers.get('location')!);
    expect(deniedLocation.searchParams.get('error')).toBe('access_denied');
    expect(deniedLocation.searchParams.get('state')).toBe('st-123');
    expect(deniedLocation.searchParams.has('code')).toBe(false);
  });

  it('refuses an unknown client or redirect_uri without redirecting, and reports other authorize errors to the redirect_uri', async () => {
    const unknownClient = await fetch(authorizeUrl(lwa, { client_id: 'someone-else', local_user: 'alice@example.com' }), { redirect: 'manual' });
    expect(unknownClient.status).toBe(400);
    const foreignRedirect = await fetch(authorizeUrl(lwa, { redirect_uri: 'https://attacker.example/cb', local_user: 'alice@example.com' }), { redirect: 'manual' });
    expect(foreignRedirect.status).toBe(400);
    expect(foreignRedirect.headers.get('location')).toBeNull();

    const badType = await fetch(authorizeUrl(lwa, { response_type: 'token', local_user: 'alice@example.com' }), { redirect: 'manual' });
    expect(new URL(badType.headers.get('location')!).searchParams.get('error')).toBe('unsupported_response_type');
    const badScope = await fetch(authorizeUrl(lwa, { scope: 'everything', local_user: 'alice@example.com' }), { redirect: 'manual' });
    expect(new URL(badScope.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope');
  });

  it('answers token errors as LWA does: invalid_client, invalid_grant, unsupported_grant_type, invalid_request', async () => {
    const code = await codeFor(lwa, 'alice@example.com');
    const wrongSecret = await tokenRequest(lwa, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: CLIENT_ID, client_secret: 'nope' });
    expect(wrongSecret).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const noClient = await fetch(`${lwa.endpoint}/auth/o2/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=authorization_code&code=${code}`,
    });
    expect(noClient.status).toBe(401);

    const mismatch = await tokenRequest(lwa, { grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:3000/other' });
    expect(mismatch).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await tokenRequest(lwa, { grant_type: 'authorization_code', code: 'NotARealCodeAtAllxx', redirect_uri: REDIRECT })).toMatchObject({
      status: 400, body: { error: 'invalid_grant' },
    });
    expect(await tokenRequest(lwa, { grant_type: 'password', username: 'alice' })).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    expect(await tokenRequest(lwa, { grant_type: 'refresh_token' })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await tokenRequest(lwa, { grant_type: 'refresh_token', refresh_token: 'x' }, { contentType: 'application/json' })).toMatchObject({
      status: 400, body: { error: 'invalid_request' },
    });
  });

  it('binds a code to its PKCE challenge: redeemed with the verifier and no client secret, refused with a wrong or missing one', async () => {
    const verifier = newCodeVerifier();
    const challenge = await codeChallengeS256(verifier);
    const pkceCode = async () => new URL((await fetch(authorizeUrl(lwa, { local_user: 'bob@example.com', code_challenge: challenge, code_challenge_method: 'S256' }), { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
    const ok = await tokenRequest(lwa, { grant_type: 'authorization_code', code: await pkceCode(), redirect_uri: REDIRECT, client_id: CLIENT_ID, code_verifier: verifier });
    expect(ok.status).toBe(200);
    expect((await profile(lwa, ok.body.access_token as string)).body).toMatchObject({ email: 'bob@example.com' });
    const wrong = await tokenRequest(lwa, { grant_type: 'authorization_code', code: await pkceCode(), redirect_uri: REDIRECT, client_id: CLIENT_ID, code_verifier: newCodeVerifier() });
    expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const missing = await tokenRequest(lwa, { grant_type: 'authorization_code', code: await pkceCode(), redirect_uri: REDIRECT, client_id: CLIENT_ID });
    expect(missing).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const otherClient = await tokenRequest(lwa, { grant_type: 'authorization_code', code: await pkceCode(), redirect_uri: REDIRECT, client_id: 'amzn1.application-oa2-client.other', code_verifier: verifier });
    expect(otherClient).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    // A code without a challenge still needs the client secret.
    const plain = await tokenRequest(lwa, { grant_type: 'authorization_code', code: await codeFor(lwa, 'bob@example.com'), redirect_uri: REDIRECT, client_id: CLIENT_ID, code_verifier: verifier });
    expect(plain).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('takes PKCE with S256 only, sending other methods back as invalid_request', async () => {
    const res = await fetch(authorizeUrl(lwa, { local_user: 'bob@example.com', code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(Object.fromEntries(new URL(res.headers.get('location')!).searchParams)).toMatchObject({ error: 'invalid_request', state: 'st-123' });
  });

  it('accepts a code once: a second use is refused and revokes the tokens the first use issued', async () => {
    const code = await codeFor(lwa, 'alice@example.com');
    const first = await tokenRequest(lwa, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(first.status).toBe(200);
    const tokens = first.body as unknown as TokenResponse;
    const second = await tokenRequest(lwa, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(second).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await profile(lwa, tokens.access_token)).status).toBe(401);
    expect((await tokenRequest(lwa, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).status).toBe(400);
  });

  it('issues codes directly for the local Alexa, bound to the client and scope asked for', async () => {
    const code = lwa.issueAuthorizationCode('bob@example.com', undefined, 'alexa::async_event:write');
    const tokens = (await tokenRequest(lwa, { grant_type: 'authorization_code', code })).body as unknown as TokenResponse;
    expect(lwa.introspect(tokens.access_token)).toMatchObject({ email: 'bob@example.com', scope: 'alexa::async_event:write', clientId: CLIENT_ID });
    const res = await profile(lwa, tokens.access_token);
    expect(res).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } });
    expect(() => lwa.issueAuthorizationCode('nobody@example.com')).toThrow(/No local user/);
  });

  it('answers the profile with 401 invalid_token for an unknown token and 400 when none is given', async () => {
    expect(await profile(lwa, `Atza|${randomUUID()}`)).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
    const none = await fetch(`${lwa.endpoint}/user/profile`);
    expect(none.status).toBe(400);
  });

  it('invalidates every token of a user on revokeUser, so the skill must be linked again', async () => {
    const tokens = (await tokenRequest(lwa, { grant_type: 'authorization_code', code: await codeFor(lwa, 'bob@example.com'), redirect_uri: REDIRECT })).body as unknown as TokenResponse;
    const alice = (await tokenRequest(lwa, { grant_type: 'authorization_code', code: await codeFor(lwa, 'alice@example.com'), redirect_uri: REDIRECT })).body as unknown as TokenResponse;
    lwa.control.revokeUser('bob@example.com');
    expect((await profile(lwa, tokens.access_token)).status).toBe(401);
    expect(lwa.introspect(tokens.access_token)).toBeUndefined();
    expect(await tokenRequest(lwa, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await profile(lwa, alice.access_token)).status).toBe(200);
  });

  it('expires access tokens on demand while their refresh tokens keep working', async () => {
    const tokens = (await tokenRequest(lwa, { grant_type: 'authorization_code', code: await codeFor(lwa, 'alice@example.com'), redirect_uri: REDIRECT })).body as unknown as TokenResponse;
    lwa.control.expireAccessTokens('alice@example.com');
    expect((await profile(lwa, tokens.access_token)).status).toBe(401);
    const next = (await tokenRequest(lwa, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).body as unknown as TokenResponse;
    expect((await profile(lwa, next.access_token)).status).toBe(200);
  });

  it('can be down (503) or slow, on some endpoints only, and counts every request', async () => {
    const tokens = (await tokenRequest(lwa, { grant_type: 'authorization_code', code: await codeFor(lwa, 'alice@example.com'), redirect_uri: REDIRECT })).body as unknown as TokenResponse;
    const before = lwa.control.counters();
    try {
      lwa.control.setFault({ down: true });
      const down = await tokenRequest(lwa, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
      expect(down.status).toBe(503);

      lwa.control.setFault({ down: true, only: ['token'] });
      expect((await tokenRequest(lwa, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).status).toBe(503);
      expect((await profile(lwa, tokens.access_token)).status).toBe(200);

      lwa.control.setFault({ delayMs: 400 });
      const started = Date.now();
      const slow = await tokenRequest(lwa, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      expect(slow.status).toBe(200);
    } finally {
      lwa.control.setFault(undefined);
    }
    const after = lwa.control.counters();
    expect(after.refreshToken - before.refreshToken).toBe(3);
    expect(after.profile - before.profile).toBe(1);
    expect(after.authorizationCode).toBe(before.authorizationCode);
  });
});

describe('local Login with Amazon with short-lived tokens and a data directory', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'lwa-test-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('expires access tokens after the configured lifetime; a refresh brings a working one', async () => {
    const lwa = await startLocalLwa({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessTokenTtlSeconds: 1 });
    try {
      const tokens = (await tokenRequest(lwa, { grant_type: 'authorization_code', code: await codeFor(lwa, 'alice@example.com'), redirect_uri: REDIRECT })).body as unknown as TokenResponse;
      expect(tokens.expires_in).toBe(1);
      expect((await profile(lwa, tokens.access_token)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1_100));
      expect((await profile(lwa, tokens.access_token)).status).toBe(401);
      expect(lwa.introspect(tokens.access_token)).toBeUndefined();
      const next = (await tokenRequest(lwa, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).body as unknown as TokenResponse;
      expect((await profile(lwa, next.access_token)).status).toBe(200);
    } finally {
      await lwa.close();
    }
  });

  it('keeps grants across a restart with the same data directory, storing no token in clear', async () => {
    const first = await startLocalLwa({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, dataDir });
    const tokens = (await tokenRequest(first, { grant_type: 'authorization_code', code: await codeFor(first, 'bob@example.com'), redirect_uri: REDIRECT })).body as unknown as TokenResponse;
    await first.close();
    const onDisk = await readFile(path.join(dataDir, 'lwa-grants.json'), 'utf8');
    expect(onDisk).not.toContain(tokens.refresh_token.slice(5, 40));
    expect(onDisk).not.toContain(tokens.access_token.slice(5, 40));

    const second = await startLocalLwa({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, dataDir });
    try {
      expect((await profile(second, tokens.access_token)).body.email).toBe('bob@example.com');
      const refreshed = await tokenRequest(second, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
      expect(refreshed.status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
