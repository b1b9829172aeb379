import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ACCESS_API_ERROR_STATUS, ACCESS_API_ROUTES, enrollmentCodeOf, enrollmentLink, formatGrant, isEnrollmentCode, matchAccessApiPath, parseGrant, type AccessApiRoute } from './routes.js';
import { AccessApiErrorCodeSchema, CreateDeviceRequestSchema, EnrollRequestSchema, SignInRequestSchema } from './bodies.js';
import { hashSecret, newSecret } from '../secrets.js';
import { authorizeUrl, codeChallengeS256, isCodeVerifier, newCodeVerifier } from '../lwa-sign-in.js';

describe('the access API routes', () => {
  it('are matched by their exact path (a trailing slash allowed), nothing else', () => {
    for (const route of Object.keys(ACCESS_API_ROUTES) as AccessApiRoute[]) {
      expect(matchAccessApiPath(ACCESS_API_ROUTES[route].path)).toBe(route);
      expect(matchAccessApiPath(`${ACCESS_API_ROUTES[route].path}/`)).toBe(route);
    }
    for (const path of ['/', '/v1/access', '/v1/access/devices/revoke/x', '/v2/access/enroll', '/prefix/v1/access/enroll', '/v1/doorbells/front-door']) expect(matchAccessApiPath(path), path).toBeUndefined();
  });

  it('ask a setup token on the owner routes only', () => {
    const needing = (Object.keys(ACCESS_API_ROUTES) as AccessApiRoute[]).filter((r) => ACCESS_API_ROUTES[r].setupToken);
    expect(needing).toEqual(['doorbells', 'createDevice', 'revokeDevice']);
  });

  it('answer every error code with its status, none with a bare 500 but INTERNAL_ERROR', () => {
    expect(Object.keys(ACCESS_API_ERROR_STATUS).sort()).toEqual([...AccessApiErrorCodeSchema.options].sort());
    expect(Object.entries(ACCESS_API_ERROR_STATUS).filter(([, s]) => s >= 500)).toEqual([['INTERNAL_ERROR', 500]]);
  });
});

describe('device grants', () => {
  it('are dg1.<deviceId>.<secret>, and only well-formed ones parse', () => {
    const deviceId = newSecret(16);
    const secret = newSecret(32);
    expect(deviceId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const grant = formatGrant(deviceId, secret);
    expect(parseGrant(grant)).toEqual({ deviceId, secret });
    for (const bad of [undefined, 42, '', 'dg1', `dg2.${deviceId}.${secret}`, `dg1.${deviceId}.${secret}x`, `dg1.${deviceId}.${secret.slice(1)}`, `dg1.${deviceId.slice(1)}.${secret}`, `dg1.${deviceId}.${secret.slice(0, -1)}=`, ` ${grant}`]) {
      expect(parseGrant(bad), String(bad)).toBeUndefined();
    }
  });

  it('are stored only as SHA-256 base64url digests, the same as node:crypto makes', async () => {
    const secret = newSecret();
    expect(await hashSecret(secret)).toBe(createHash('sha256').update(secret).digest('base64url'));
    expect(newSecret()).not.toBe(secret);
  });
});

describe('the one-time enrollment link', () => {
  it('opens the setup page with the code in the fragment, under the pages of either origin', () => {
    const code = newSecret();
    expect(isEnrollmentCode(code)).toBe(true);
    expect(enrollmentLink('https://d111.cloudfront.net', code)).toBe(`https://d111.cloudfront.net/setup.html#enroll=${code}`);
    expect(enrollmentLink('http://localhost:8080/camera/', code)).toBe(`http://localhost:8080/camera/setup.html#enroll=${code}`);
    expect(enrollmentCodeOf(new URL(enrollmentLink('https://x.example', code)).hash)).toBe(code);
    expect(enrollmentCodeOf('#enroll=short')).toBeUndefined();
    expect(enrollmentCodeOf('')).toBeUndefined();
  });
});

describe('PKCE for the setup sign-in', () => {
  it('computes S256 as RFC 7636 appendix B does', async () => {
    expect(await codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(isCodeVerifier(newCodeVerifier())).toBe(true);
    expect(isCodeVerifier('too-short')).toBe(false);
  });

  it('sends the browser to the authorize endpoint with the challenge and no secret', () => {
    const url = new URL(authorizeUrl({ authorizeUrl: 'https://www.amazon.com/ap/oa', clientId: 'amzn1.application-oa2-client.x', redirectUri: 'https://d1.cloudfront.net/setup.html', scope: 'profile', state: 's1', codeChallenge: 'c1' }));
    expect(url.origin + url.pathname).toBe('https://www.amazon.com/ap/oa');
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: 'amzn1.application-oa2-client.x', scope: 'profile', response_type: 'code', redirect_uri: 'https://d1.cloudfront.net/setup.html', state: 's1', code_challenge: 'c1', code_challenge_method: 'S256' });
  });
});

describe('the access API bodies', () => {
  it('refuse roles and labels that do not exist, and malformed codes and verifiers', () => {
    expect(CreateDeviceRequestSchema.safeParse({ endpointId: 'front-door', role: 'button', label: 'Hall tablet' }).success).toBe(true);
    for (const bad of [{ role: 'doorbell' }, { role: 'admin' }, { label: '' }, { label: 'x'.repeat(65) }, { label: 'bell\u0007' }, { endpointId: 'front door' }]) {
      expect(CreateDeviceRequestSchema.safeParse({ endpointId: 'front-door', role: 'camera', label: 'Laptop', ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
    expect(EnrollRequestSchema.safeParse({ enrollmentCode: newSecret(), label: 'Laptop' }).success).toBe(true);
    expect(EnrollRequestSchema.safeParse({ enrollmentCode: 'abc', label: 'Laptop' }).success).toBe(false);
    expect(SignInRequestSchema.safeParse({ code: 'c', codeVerifier: newCodeVerifier(), redirectUri: 'https://x/setup.html' }).success).toBe(true);
    expect(SignInRequestSchema.safeParse({ code: 'c', codeVerifier: 'short', redirectUri: 'https://x/setup.html' }).success).toBe(false);
  });
});
