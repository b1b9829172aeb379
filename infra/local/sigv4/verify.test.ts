import { describe, expect, it } from 'vitest';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { verifySigV4, type SigV4Request, type StoredCredentials } from './verify.js';

const KEY = { accessKeyId: 'AKIDTESTVERIFY', secretAccessKey: 'test-secret-for-verify' };
const TEMP = { accessKeyId: 'ASIATEMPVERIFY', secretAccessKey: 'temp-secret', sessionToken: 'session/token+value=' };
const NOW = new Date('2026-03-01T12:00:00Z');

function lookup(extra: Record<string, StoredCredentials> = {}) {
  const known: Record<string, StoredCredentials> = {
    [KEY.accessKeyId]: { secretAccessKey: KEY.secretAccessKey },
    [TEMP.accessKeyId]: { secretAccessKey: TEMP.secretAccessKey, sessionToken: TEMP.sessionToken },
    ...extra,
  };
  return (id: string) => known[id];
}

function signer(service: string, credentials: typeof KEY | typeof TEMP = KEY, region = 'us-east-1') {
  return new SignatureV4({ service, region, credentials, sha256: Sha256 });
}

async function signedPost(opts: { service?: string; path?: string; body?: string; date?: Date; creds?: typeof KEY | typeof TEMP; query?: Record<string, string> } = {}): Promise<SigV4Request> {
  const body = opts.body ?? '{"ChannelName":"front-door"}';
  const signed = await signer(opts.service ?? 'kinesisvideo', opts.creds).sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 8081,
      path: opts.path ?? '/describeSignalingChannel',
      query: opts.query ?? {},
      headers: { host: '127.0.0.1:8081', 'content-type': 'application/json', 'content-length': String(body.length) },
      body,
    },
    { signingDate: opts.date ?? NOW },
  );
  return { method: 'POST', path: signed.path, query: signed.query as Record<string, string>, headers: signed.headers, body };
}

async function presignedGet(opts: { date?: Date; expiresIn?: number; creds?: typeof KEY | typeof TEMP } = {}): Promise<SigV4Request> {
  const signed = await signer('kinesisvideo', opts.creds).presign(
    {
      method: 'GET',
      protocol: 'ws:',
      hostname: '127.0.0.1',
      port: 8081,
      path: '/',
      query: { 'X-Amz-ChannelARN': 'arn:aws:kinesisvideo:us-east-1:000000000000:channel/front-door/1700000000000' },
      headers: { host: '127.0.0.1:8081' },
    },
    { signingDate: opts.date ?? NOW, expiresIn: opts.expiresIn ?? 299 },
  );
  const raw = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return { method: 'GET', path: `/?${raw}`, headers: { host: '127.0.0.1:8081' } };
}

const opts = (over: Partial<Parameters<typeof verifySigV4>[1]> = {}) => ({ service: 'kinesisvideo', region: 'us-east-1', lookupCredentials: lookup(), now: NOW, ...over });

describe('verifySigV4', () => {
  it('accepts a header-signed request and names the signer', async () => {
    const result = verifySigV4(await signedPost(), opts());
    expect(result).toMatchObject({ ok: true, accessKeyId: KEY.accessKeyId, service: 'kinesisvideo', presigned: false });
  });

  it('accepts a request for another service (lambda) with a query string and an encoded path', async () => {
    const req = await signedPost({ service: 'lambda', path: '/doorbells/front%20door/press', query: { b: '2', a: 'x y' } });
    expect(verifySigV4(req, opts({ service: 'lambda' })).ok).toBe(true);
  });

  it('refuses a tampered body', async () => {
    const req = await signedPost();
    const result = verifySigV4({ ...req, body: '{"ChannelName":"back-door"}' }, opts());
    expect(result).toMatchObject({ ok: false, errorType: 'InvalidSignatureException' });
  });

  it('refuses a signature made with the wrong secret', async () => {
    const req = await signedPost();
    const result = verifySigV4(req, opts({ lookupCredentials: () => ({ secretAccessKey: 'not-the-secret' }) }));
    expect(result).toMatchObject({ ok: false, errorType: 'InvalidSignatureException', status: 403 });
  });

  it('refuses an unknown access key', async () => {
    const result = verifySigV4(await signedPost(), opts({ lookupCredentials: () => undefined }));
    expect(result).toMatchObject({ ok: false, errorType: 'UnrecognizedClientException', status: 403 });
  });

  it('refuses a request signed for another service or region', async () => {
    expect(verifySigV4(await signedPost({ service: 'lambda' }), opts())).toMatchObject({ ok: false, errorType: 'InvalidSignatureException' });
    expect(verifySigV4(await signedPost(), opts({ region: 'eu-west-1' }))).toMatchObject({ ok: false, errorType: 'InvalidSignatureException' });
  });

  it('refuses dates outside the allowed clock skew, both ways', async () => {
    const early = await signedPost({ date: new Date(NOW.getTime() - 6 * 60_000) });
    const late = await signedPost({ date: new Date(NOW.getTime() + 6 * 60_000) });
    expect(verifySigV4(early, opts())).toMatchObject({ ok: false, errorType: 'InvalidSignatureException', message: expect.stringContaining('Signature expired') });
    expect(verifySigV4(late, opts())).toMatchObject({ ok: false, message: expect.stringContaining('not yet current') });
    expect(verifySigV4(early, opts({ allowedClockSkewMs: 10 * 60_000 })).ok).toBe(true);
  });

  it('refuses a request without any signature', () => {
    const result = verifySigV4({ method: 'POST', path: '/listSignalingChannels', headers: { host: 'x' }, body: '{}' }, opts());
    expect(result).toMatchObject({ ok: false, errorType: 'MissingAuthenticationTokenException' });
  });

  it('checks temporary credentials: token must match and must not be expired', async () => {
    const req = await signedPost({ creds: TEMP });
    expect(verifySigV4(req, opts())).toMatchObject({ ok: true, sessionToken: TEMP.sessionToken });
    const wrongToken = lookup({ [TEMP.accessKeyId]: { secretAccessKey: TEMP.secretAccessKey, sessionToken: 'other' } });
    expect(verifySigV4(req, opts({ lookupCredentials: wrongToken }))).toMatchObject({ ok: false, errorType: 'UnrecognizedClientException' });
    const expired = lookup({ [TEMP.accessKeyId]: { ...TEMP, expiration: new Date(NOW.getTime() - 1) } });
    expect(verifySigV4(req, opts({ lookupCredentials: expired }))).toMatchObject({ ok: false, errorType: 'ExpiredTokenException' });
  });

  it('accepts a presigned URL within its lifetime, including a session token', async () => {
    expect(verifySigV4(await presignedGet(), opts())).toMatchObject({ ok: true, presigned: true });
    expect(verifySigV4(await presignedGet({ creds: TEMP }), opts())).toMatchObject({ ok: true, sessionToken: TEMP.sessionToken });
  });

  it('refuses an expired presigned URL and one signed in the future', async () => {
    const old = await presignedGet({ date: new Date(NOW.getTime() - 300_000), expiresIn: 299 });
    expect(verifySigV4(old, opts())).toMatchObject({ ok: false, errorType: 'InvalidSignatureException', message: expect.stringContaining('expired') });
    const future = await presignedGet({ date: new Date(NOW.getTime() + 10 * 60_000) });
    expect(verifySigV4(future, opts())).toMatchObject({ ok: false, errorType: 'InvalidSignatureException' });
  });

  it('refuses a presigned URL whose parameters were changed', async () => {
    const req = await presignedGet();
    const tampered = { ...req, path: req.path.replace('front-door', 'back-door') };
    expect(verifySigV4(tampered, opts())).toMatchObject({ ok: false, errorType: 'InvalidSignatureException' });
    expect(verifySigV4({ ...req, headers: { host: '127.0.0.1:9999' } }, opts())).toMatchObject({ ok: false });
  });
});
