import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { request as httpRequest } from 'node:http';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { LOCAL_REGION, newLocalCredentials } from '../local-account.js';
import { startLocalS3, type LocalS3 } from './index.js';

const ORIGIN = 'http://localhost:8080';
const LOCAL_CREDENTIALS = newLocalCredentials();
const BUCKET = 'doorbell-snapshots';
let s3: LocalS3;
let now = () => new Date();

const client = (secretAccessKey = LOCAL_CREDENTIALS.secretAccessKey) =>
  new S3Client({
    region: LOCAL_REGION,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: LOCAL_CREDENTIALS.accessKeyId, secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

const presignPut = (key: string, length: number, expiresIn = 180) =>
  getSignedUrl(client(), new PutObjectCommand({ Bucket: BUCKET, Key: key, ContentType: 'image/jpeg', ContentLength: length }), {
    expiresIn,
    signableHeaders: new Set(['content-type', 'content-length']),
  });

const errorCode = async (res: Response) => /<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1];

beforeAll(async () => {
  s3 = await startLocalS3({
    region: LOCAL_REGION,
    buckets: [BUCKET],
    lookupCredentials: (id) => (id === LOCAL_CREDENTIALS.accessKeyId ? { secretAccessKey: LOCAL_CREDENTIALS.secretAccessKey } : undefined),
    allowedOrigins: [ORIGIN],
    now: () => now(),
  });
});
afterAll(() => s3?.close());

describe('the local S3', () => {
  it('gives s3rver no TCP port (it takes unsigned writes): the front forwards to a Unix socket in a folder only this user may open', async () => {
    expect((await stat(s3.backendSocket)).isSocket()).toBe(true);
    expect((await stat(path.dirname(s3.backendSocket))).mode & 0o777).toBe(0o700);
    // It is s3rver's: an unsigned listing over the socket names the bucket.
    const body = await new Promise<string>((resolve, reject) => {
      const out = httpRequest({ socketPath: s3.backendSocket, path: '/', method: 'GET', headers: { host: '127.0.0.1' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve(text));
      });
      out.on('error', reject);
      out.end();
    });
    expect(body).toContain(`<Name>${BUCKET}</Name>`);
  });

  it('takes a presigned PUT of exactly the signed type and length, and serves it to the SDK and to a presigned GET', async () => {
    const body = Buffer.from('\xff\xd8 a picture \xff\xd9', 'latin1');
    const url = await presignPut('snapshots/front-door/a.jpg', body.length);
    const put = await fetch(url, { method: 'PUT', body, headers: { 'content-type': 'image/jpeg', origin: ORIGIN } });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const head = await client().send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'snapshots/front-door/a.jpg' }));
    expect(head.ContentLength).toBe(body.length);
    expect(head.ContentType).toBe('image/jpeg');
    const got = await client().send(new GetObjectCommand({ Bucket: BUCKET, Key: 'snapshots/front-door/a.jpg' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(body);
    const getUrl = await getSignedUrl(client(), new GetObjectCommand({ Bucket: BUCKET, Key: 'snapshots/front-door/a.jpg' }), { expiresIn: 60 });
    const viewed = await fetch(getUrl, { headers: { origin: ORIGIN } });
    expect(viewed.status).toBe(200);
    expect(Buffer.from(await viewed.arrayBuffer())).toEqual(body);
  });

  it('refuses, with S3\'s errors and nothing stored: another length, another type, another key, an expired presign, a wrong secret, no signature, a foreign page', async () => {
    const key = 'snapshots/front-door/b.jpg';
    const url = await presignPut(key, 10);
    const bigger = await fetch(url, { method: 'PUT', body: Buffer.alloc(11), headers: { 'content-type': 'image/jpeg' } });
    expect([bigger.status, await errorCode(bigger)]).toEqual([403, 'SignatureDoesNotMatch']);
    const png = await fetch(url, { method: 'PUT', body: Buffer.alloc(10), headers: { 'content-type': 'image/png' } });
    expect([png.status, await errorCode(png)]).toEqual([403, 'SignatureDoesNotMatch']);
    const elsewhere = await fetch(url.replace('/front-door/b.jpg', '/garage/b.jpg'), { method: 'PUT', body: Buffer.alloc(10), headers: { 'content-type': 'image/jpeg' } });
    expect([elsewhere.status, await errorCode(elsewhere)]).toEqual([403, 'SignatureDoesNotMatch']);
    const shortLived = await presignPut(key, 10, 1);
    now = () => new Date(Date.now() + 5_000);
    const late = await fetch(shortLived, { method: 'PUT', body: Buffer.alloc(10), headers: { 'content-type': 'image/jpeg' } });
    now = () => new Date();
    expect(late.status).toBe(403);
    expect(await late.text()).toMatch(/<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
    await expect(client('not-the-secret').send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'x' }))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    const anonymous = await fetch(`${s3.endpoint}/${BUCKET}/${key}`, { method: 'PUT', body: 'x' });
    expect([anonymous.status, await errorCode(anonymous)]).toEqual([403, 'AccessDenied']);
    const foreign = await fetch(url, { method: 'PUT', body: Buffer.alloc(10), headers: { 'content-type': 'image/jpeg', origin: 'https://evil.example' } });
    expect([foreign.status, foreign.headers.get('access-control-allow-origin')]).toEqual([403, null]);
    await expect(client().send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).rejects.toMatchObject({ name: 'NotFound' });
    expect(s3.control.counters()).toMatchObject({ SignatureDoesNotMatch: 4, AccessDenied: 3 });
  });

  it("applies the local services' origin policy first: a Host of another name (DNS rebinding) or port, a foreign page, an over-size body, refused in S3's words before anything is read", async () => {
    const url = new URL(await presignPut('snapshots/front-door/c.jpg', 10));
    const send = (headers: Record<string, string>, length = 10) =>
      new Promise<{ status: number; code?: string }>((resolve, reject) => {
        const req = httpRequest({ host: url.hostname, port: url.port, method: 'PUT', path: `${url.pathname}${url.search}`, headers: { 'content-type': 'image/jpeg', 'content-length': String(length), ...headers } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1] }));
        });
        req.on('error', reject);
        req.end(Buffer.alloc(Math.min(length, 10)));
      });
    expect(await send({ host: `evil.example:${url.port}` })).toEqual({ status: 421, code: 'InvalidRequest' });
    expect(await send({ host: `127.0.0.1:${Number(url.port) + 1}` })).toEqual({ status: 421, code: 'InvalidRequest' });
    expect(await send({ origin: 'http://localhost:9999' })).toEqual({ status: 403, code: 'AccessDenied' });
    expect(await send({}, 64 * 1024 * 1024)).toEqual({ status: 413, code: 'EntityTooLarge' });
    await expect(client().send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'snapshots/front-door/c.jpg' }))).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('answers CORS preflights for the page origins only', async () => {
    const ok = await fetch(`${s3.endpoint}/${BUCKET}/x`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'PUT' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(ok.headers.get('access-control-allow-methods')).toContain('PUT');
    const other = await fetch(`${s3.endpoint}/${BUCKET}/x`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' } });
    expect([other.status, other.headers.get('access-control-allow-origin')]).toEqual([403, null]);
  });
});
