import { fileURLToPath } from 'node:url';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFunctionUrl, type LocalFunctionUrl } from './function-url.js';
import type { CallerCredentials } from './caller-identity.js';
import { LOCAL_REGION, newLocalCredentials } from '../local-account.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/test-function.mjs', import.meta.url));
const PAGE_ORIGIN = 'http://localhost:8080';

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

// Page sessions as the local STS hands them out, made fresh for each run (no key-like string in the source).
const session = (token: string): Creds => {
  const { accessKeyId, secretAccessKey } = newLocalCredentials();
  return { accessKeyId, secretAccessKey, sessionToken: token };
};
const doorbell = session('front-door-test-session');
const expired = session('expired-test-session');
const stack: Creds = newLocalCredentials();

const known: Record<string, CallerCredentials> = {
  [doorbell.accessKeyId]: {
    secretAccessKey: doorbell.secretAccessKey,
    sessionToken: doorbell.sessionToken,
    expiration: new Date(Date.now() + 3_600_000),
    principalArn: 'arn:aws:sts::000000000000:assumed-role/doorbell-device/front-door',
  },
  [expired.accessKeyId]: {
    secretAccessKey: expired.secretAccessKey,
    sessionToken: expired.sessionToken,
    expiration: new Date(Date.now() - 1_000),
    principalArn: 'arn:aws:sts::000000000000:assumed-role/doorbell-device/garage',
  },
  [stack.accessKeyId]: { secretAccessKey: stack.secretAccessKey },
};

/** Signs like the camera page does: SigV4 for service `lambda` over the exact bytes sent. */
async function signedFetch(base: string, pathAndQuery: string, init: { method?: string; body?: string | Buffer; headers?: Record<string, string> }, creds: Creds) {
  const url = new URL(pathAndQuery, base);
  const signer = new SignatureV4({ service: 'lambda', region: LOCAL_REGION, credentials: creds, sha256: Sha256 });
  const query: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
  const signed = await signer.sign({
    method: init.method ?? 'GET',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query,
    headers: { host: url.host, ...(init.headers ?? {}) },
    body: init.body,
  });
  const body = typeof init.body === 'string' || init.body === undefined ? init.body : new Uint8Array(init.body);
  return fetch(url, { method: init.method ?? 'GET', headers: signed.headers as Record<string, string>, body });
}

describe('local Lambda function URL with IAM auth', () => {
  let url: LocalFunctionUrl;
  beforeAll(async () => {
    url = await startFunctionUrl({
      bundlePath: FIXTURE,
      env: { FIXTURE_VAR: 'device' },
      credentialsLookup: (id) => known[id],
      pageOrigins: [PAGE_ORIGIN],
      onLog: () => undefined,
    });
  });
  afterAll(() => url.close());

  it('passes a signed request to the handler as a payload-2.0 event naming the signing doorbell', async () => {
    const res = await signedFetch(url.endpoint, '/v1/doorbells/front-door?x=1&x=2&y=z', { headers: { 'user-agent': 'camera-page-test' } }, doorbell);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-fixture')).toBe('yes');
    const { event } = (await res.json()) as { event: any };
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/v1/doorbells/front-door',
      rawQueryString: 'x=1&x=2&y=z',
      queryStringParameters: { x: '1,2', y: 'z' },
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        http: { method: 'GET', path: '/v1/doorbells/front-door', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'camera-page-test' },
        authorizer: {
          iam: {
            accessKey: doorbell.accessKeyId,
            accountId: '000000000000',
            userArn: 'arn:aws:sts::000000000000:assumed-role/doorbell-device/front-door',
            cognitoIdentity: null,
          },
        },
        routeKey: '$default',
        stage: '$default',
      },
    });
    expect(event.requestContext.authorizer.iam.callerId).toMatch(/^AROA[A-Z0-9]{17}:front-door$/);
    expect(event.requestContext.domainName).toMatch(/^[a-z2-7]{32}\.lambda-url\.us-east-1\.on\.aws$/);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    // The signature and the session token stay with the URL; the handler gets the identity.
    expect(event.headers.authorization).toBeUndefined();
    expect(event.headers['x-amz-security-token']).toBeUndefined();
    expect(event.headers['user-agent']).toBe('camera-page-test');
  });

  it('passes JSON bodies as text, refuses other bodies by default, and base64-encodes binary ones where they are allowed', async () => {
    const json = JSON.stringify({ online: true });
    const res = await signedFetch(url.endpoint, '/v1/doorbells/front-door/status', { method: 'PUT', body: json, headers: { 'content-type': 'application/json' } }, doorbell);
    const { event } = (await res.json()) as { event: any };
    expect(event.body).toBe(json);
    expect(event.isBase64Encoded).toBe(false);

    const bytes = Buffer.from([0, 1, 2, 250, 251]);
    const before = url.control.stats().invocations;
    const refused = await signedFetch(url.endpoint, '/upload', { method: 'POST', body: bytes, headers: { 'content-type': 'application/octet-stream' } }, doorbell);
    expect(refused.status).toBe(415);
    expect(url.control.stats().invocations).toBe(before);

    const binary = await startFunctionUrl({ bundlePath: FIXTURE, env: {}, credentialsLookup: (id) => known[id], bodyTypes: ['application/json', 'application/octet-stream'], onLog: () => undefined });
    try {
      const bin = await signedFetch(binary.endpoint, '/upload', { method: 'POST', body: bytes, headers: { 'content-type': 'application/octet-stream' } }, doorbell);
      const binEvent = ((await bin.json()) as { event: any }).event;
      expect(binEvent.isBase64Encoded).toBe(true);
      expect(Buffer.from(binEvent.body, 'base64')).toEqual(bytes);
    } finally {
      await binary.close();
    }
  });

  it('names long-term credentials as an IAM user of the local account', async () => {
    const res = await signedFetch(url.endpoint, '/v1/doorbells/garage', {}, stack);
    const { event } = (await res.json()) as { event: any };
    expect(event.requestContext.authorizer.iam.userArn).toBe(`arn:aws:iam::000000000000:user/${stack.accessKeyId}`);
  });

  it('refuses unsigned requests with 403 Forbidden without calling the function', async () => {
    const before = url.control.stats().invocations;
    const res = await fetch(`${url.endpoint}/v1/doorbells/front-door/press`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ Message: 'Forbidden' });
    expect(url.control.stats().invocations).toBe(before);
  });

  it('refuses a tampered body, expired credentials and unknown keys', async () => {
    const url2 = new URL('/v1/doorbells/front-door/press', url.endpoint);
    const signer = new SignatureV4({ service: 'lambda', region: LOCAL_REGION, credentials: doorbell, sha256: Sha256 });
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url2.hostname, port: Number(url2.port), path: url2.pathname, headers: { host: url2.host, 'content-type': 'application/json' }, body: '{}' });
    const tampered = await fetch(url2, { method: 'POST', headers: signed.headers as Record<string, string>, body: '{"x":1}' });
    expect(tampered.status).toBe(400);
    expect(tampered.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    const redirected = await fetch(new URL('/v1/doorbells/garage/press', url.endpoint), { method: 'POST', headers: signed.headers as Record<string, string>, body: '{}' });
    expect(redirected.status).toBe(403);
    expect(redirected.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');

    const old = await signedFetch(url.endpoint, '/v1/doorbells/garage', {}, expired);
    expect(old.status).toBe(403);
    expect(old.headers.get('x-amzn-errortype')).toBe('ExpiredTokenException');

    const stranger = await signedFetch(url.endpoint, '/v1/doorbells/garage', {}, { accessKeyId: newLocalCredentials().accessKeyId, secretAccessKey: 'x' });
    expect(stranger.status).toBe(403);
    expect(stranger.headers.get('x-amzn-errortype')).toBe('UnrecognizedClientException');

    const noSession = await signedFetch(url.endpoint, '/v1/doorbells/front-door', {}, { accessKeyId: doorbell.accessKeyId, secretAccessKey: doorbell.secretAccessKey });
    expect(noSession.status).toBe(403);
  });

  it('answers CORS preflights for the allowed origin only and adds the allow-origin header to responses', async () => {
    const preflight = await fetch(`${url.endpoint}/v1/doorbells/front-door/press`, {
      method: 'OPTIONS',
      headers: { origin: PAGE_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,x-amz-date,x-amz-security-token' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-amz-security-token');

    const foreign = await fetch(`${url.endpoint}/v1/doorbells/front-door/press`, {
      method: 'OPTIONS', headers: { origin: 'http://evil.localhost:9999', 'access-control-request-method': 'POST' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();

    const actual = await signedFetch(url.endpoint, '/v1/doorbells/front-door', { headers: { origin: PAGE_ORIGIN } }, doorbell);
    expect(actual.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
    const refused = await fetch(`${url.endpoint}/v1/doorbells/front-door`, { headers: { origin: PAGE_ORIGIN } });
    expect(refused.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
  });

  it('maps handler results as a function URL does: statusCode, cookies, plain JSON, and 502 on a function error', async () => {
    expect((await signedFetch(url.endpoint, '/missing', {}, doorbell)).status).toBe(404);

    const plain = await signedFetch(url.endpoint, '/plain', {}, doorbell);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('application/json');
    expect(await plain.json()).toEqual({ plain: true });

    const cookies = await signedFetch(url.endpoint, '/cookies', {}, doorbell);
    expect(cookies.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);

    const failed = await signedFetch(url.endpoint, '/throw', {}, doorbell);
    expect(failed.status).toBe(502);
    expect(await failed.json()).toEqual({ Message: 'Internal Server Error' });
  });
});

describe('local Lambda function URL without auth (the access API)', () => {
  let open: LocalFunctionUrl;
  beforeAll(async () => {
    open = await startFunctionUrl({ bundlePath: FIXTURE, exportName: 'deviceHandler', env: {}, auth: 'NONE', pageOrigins: [PAGE_ORIGIN], maxConcurrency: 1 });
  });
  afterAll(() => open?.close());

  it('serves unsigned requests with every header, the authorization one too, and no authorizer', async () => {
    const res = await fetch(`${open.endpoint}/v1/access/doorbells`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer setup-token', origin: PAGE_ORIGIN }, body: '{}' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
    const { event } = (await res.json()) as { event: { headers: Record<string, string>; requestContext: Record<string, unknown>; body: string } };
    expect(event.headers).toMatchObject({ authorization: 'Bearer setup-token', 'content-type': 'application/json' });
    expect(event.requestContext).not.toHaveProperty('authorizer');
    expect(event.body).toBe('{}');
    const preflight = await fetch(`${open.endpoint}/v1/access/credentials`, { method: 'OPTIONS', headers: { origin: PAGE_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
  });

  it('throttles past its concurrency with 429, as reserved concurrency does', async () => {
    const statuses = await Promise.all(Array.from({ length: 4 }, () => fetch(`${open.endpoint}/slow`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status)));
    expect(statuses).toContain(200);
    expect(statuses).toContain(429);
  });
});
