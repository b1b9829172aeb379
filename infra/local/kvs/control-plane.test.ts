import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AccessDeniedException,
  ClientLimitExceededException,
  CreateSignalingChannelCommand,
  DescribeSignalingChannelCommand,
  GetSignalingChannelEndpointCommand,
  InvalidArgumentException,
  ListSignalingChannelsCommand,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis-video';
import { GetIceServerConfigCommand, NotAuthorizedException } from '@aws-sdk/client-kinesis-video-signaling';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { startKvsEmulator, type KvsEmulator } from './index.js';
import { controlClient, signalingApiClient, TEST_CREDENTIALS } from './test-support.js';
import { LOCAL_REGION } from '../local-account.js';

const ICE = [{ Uris: ['turn:127.0.0.1:3478?transport=udp'], Username: 'u', Password: 'p', Ttl: 300 }];
const PAGE_ORIGIN = 'http://localhost:5173';
let emu: KvsEmulator;
let kv: ReturnType<typeof controlClient>;

beforeAll(async () => {
  emu = await startKvsEmulator({ credentials: TEST_CREDENTIALS, iceServers: ICE, rateLimits: true, pageOrigins: () => [PAGE_ORIGIN] });
  kv = controlClient(emu.endpoint);
});
afterAll(() => emu.close());

const create = async (name: string, ttl?: number) =>
  (await kv.send(new CreateSignalingChannelCommand({ ChannelName: name, ...(ttl ? { SingleMasterConfiguration: { MessageTtlSeconds: ttl } } : {}) }))).ChannelARN!;

describe('control plane with the real SDK client', () => {
  it('creates a channel with an ARN of the real form and describes it by name and by ARN', async () => {
    const before = Date.now();
    const arn = await create('front-door');
    expect(arn).toMatch(/^arn:aws:kinesisvideo:us-east-1:000000000000:channel\/front-door\/\d{13}$/);
    const byName = (await kv.send(new DescribeSignalingChannelCommand({ ChannelName: 'front-door' }))).ChannelInfo!;
    const byArn = (await kv.send(new DescribeSignalingChannelCommand({ ChannelARN: arn }))).ChannelInfo!;
    expect(byArn).toEqual(byName);
    expect(byName).toMatchObject({ ChannelName: 'front-door', ChannelARN: arn, ChannelType: 'SINGLE_MASTER', ChannelStatus: 'ACTIVE', SingleMasterConfiguration: { MessageTtlSeconds: 60 } });
    expect(byName.Version).toMatch(/^[a-zA-Z0-9]{1,64}$/);
    expect(byName.CreationTime).toBeInstanceOf(Date);
    expect(byName.CreationTime!.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('refuses a second channel of the same name with ResourceInUseException', async () => {
    await create('dup-door');
    await expect(create('dup-door')).rejects.toBeInstanceOf(ResourceInUseException);
  });

  it('checks the API length and pattern rules with InvalidArgumentException', async () => {
    await expect(create('bad name!')).rejects.toBeInstanceOf(InvalidArgumentException);
    await expect(create('x'.repeat(257))).rejects.toBeInstanceOf(InvalidArgumentException);
    await expect(create('short-ttl', 4)).rejects.toBeInstanceOf(InvalidArgumentException);
    await expect(create('long-ttl', 121)).rejects.toBeInstanceOf(InvalidArgumentException);
    await expect(kv.send(new DescribeSignalingChannelCommand({}))).rejects.toBeInstanceOf(InvalidArgumentException);
    await expect(kv.send(new DescribeSignalingChannelCommand({ ChannelARN: 'arn:aws:s3:::bucket' }))).rejects.toBeInstanceOf(InvalidArgumentException);
  });

  it('answers unknown channels with ResourceNotFoundException', async () => {
    await expect(kv.send(new DescribeSignalingChannelCommand({ ChannelName: 'nowhere' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('lists every channel, sorted by name, in one page', async () => {
    for (const n of ['page-c', 'page-a', 'page-b']) await create(n, 30);
    const all = await kv.send(new ListSignalingChannelsCommand({}));
    const names = all.ChannelInfoList!.map((c) => c.ChannelName!);
    expect(names).toEqual(expect.arrayContaining(['front-door', 'page-a', 'page-b', 'page-c']));
    expect(names).toEqual([...names].sort());
    expect(all.NextToken).toBeUndefined();
  });

  it('hands out the WSS and HTTPS endpoints for both roles, on the emulator port', async () => {
    const arn = await create('endpoint-door');
    for (const Role of ['MASTER', 'VIEWER'] as const) {
      const out = await kv.send(new GetSignalingChannelEndpointCommand({ ChannelARN: arn, SingleMasterChannelEndpointConfiguration: { Protocols: ['WSS', 'HTTPS'], Role } }));
      expect(out.ResourceEndpointList).toEqual([
        { Protocol: 'WSS', ResourceEndpoint: `ws://127.0.0.1:${emu.port}` },
        { Protocol: 'HTTPS', ResourceEndpoint: `http://127.0.0.1:${emu.port}` },
      ]);
    }
    await expect(
      kv.send(new GetSignalingChannelEndpointCommand({ ChannelARN: arn, SingleMasterChannelEndpointConfiguration: { Protocols: ['FTP' as 'WSS'], Role: 'MASTER' } })),
    ).rejects.toBeInstanceOf(InvalidArgumentException);
  });

  it('returns the configured ICE servers', async () => {
    const arn = await create('ice-door');
    const out = await signalingApiClient(emu.endpoint).send(new GetIceServerConfigCommand({ ChannelARN: arn, ClientId: 'viewer-1', Service: 'TURN' }));
    expect(out.IceServerList).toEqual(ICE);
  });

  it('enforces the per-channel DescribeSignalingChannel quota (5 TPS) with ClientLimitExceededException', async () => {
    const arn = await create('busy-door');
    const results = await Promise.allSettled(Array.from({ length: 15 }, () => kv.send(new DescribeSignalingChannelCommand({ ChannelARN: arn }))));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ClientLimitExceededException);
  });
});

describe('authentication and authorization', () => {
  it('refuses a wrong secret, an unknown key and a skewed clock', async () => {
    const wrongSecret = controlClient(emu.endpoint, { ...TEST_CREDENTIALS, secretAccessKey: 'wrong' });
    await expect(wrongSecret.send(new ListSignalingChannelsCommand({}))).rejects.toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
    const unknown = controlClient(emu.endpoint, { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' });
    await expect(unknown.send(new ListSignalingChannelsCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });

    const skewed = new SignatureV4({ service: 'kinesisvideo', region: LOCAL_REGION, credentials: TEST_CREDENTIALS, sha256: Sha256 });
    const url = new URL(emu.endpoint);
    const signed = await skewed.sign(
      { method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/listSignalingChannels', headers: { host: url.host, 'content-type': 'application/json' }, body: '{}' },
      { signingDate: new Date(Date.now() - 20 * 60_000) },
    );
    const res = await fetch(`${emu.endpoint}/listSignalingChannels`, { method: 'POST', headers: signed.headers, body: '{}' });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(await res.json()).toMatchObject({ __type: 'InvalidSignatureException', message: expect.stringContaining('Signature expired') });
  });

  it('refuses an unsigned request', async () => {
    const res = await fetch(`${emu.endpoint}/listSignalingChannels`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
  });

  it('scopes temporary credentials to their channels, with the services own errors', async () => {
    const mine = await create('scoped-mine');
    const other = await create('scoped-other');
    const temp = { accessKeyId: 'ASIASCOPEDTEST', secretAccessKey: 'scoped-secret', sessionToken: 'scoped-token' };
    emu.addCredentials({ ...temp, allowedChannelArns: [mine], expiration: new Date(Date.now() + 3600_000) });
    const scopedKv = controlClient(emu.endpoint, temp);
    await expect(scopedKv.send(new DescribeSignalingChannelCommand({ ChannelARN: mine }))).resolves.toBeTruthy();
    await expect(scopedKv.send(new DescribeSignalingChannelCommand({ ChannelARN: other }))).rejects.toBeInstanceOf(AccessDeniedException);
    await expect(scopedKv.send(new ListSignalingChannelsCommand({}))).rejects.toBeInstanceOf(AccessDeniedException);
    await expect(signalingApiClient(emu.endpoint, temp).send(new GetIceServerConfigCommand({ ChannelARN: other }))).rejects.toBeInstanceOf(NotAuthorizedException);
    const noToken = controlClient(emu.endpoint, { accessKeyId: temp.accessKeyId, secretAccessKey: temp.secretAccessKey });
    await expect(noToken.send(new DescribeSignalingChannelCommand({ ChannelARN: mine }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
  });

  it('refuses expired temporary credentials with ExpiredTokenException', async () => {
    const temp = { accessKeyId: 'ASIAEXPIREDTEST', secretAccessKey: 'expired-secret', sessionToken: 'expired-token' };
    emu.addCredentials({ ...temp, expiration: new Date(Date.now() - 1000) });
    await expect(controlClient(emu.endpoint, temp).send(new ListSignalingChannelsCommand({}))).rejects.toMatchObject({ name: 'ExpiredTokenException' });
  });
});

describe('persistence', () => {
  it('keeps channels across a restart with the same data directory, and starts empty without one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kvs-emu-'));
    try {
      const first = await startKvsEmulator({ credentials: TEST_CREDENTIALS, dataDir: dir });
      const c1 = controlClient(first.endpoint);
      const arn = (await c1.send(new CreateSignalingChannelCommand({ ChannelName: 'persisted', SingleMasterConfiguration: { MessageTtlSeconds: 42 } }))).ChannelARN!;
      const info = (await c1.send(new DescribeSignalingChannelCommand({ ChannelARN: arn }))).ChannelInfo!;
      await first.close();

      const second = await startKvsEmulator({ credentials: TEST_CREDENTIALS, dataDir: dir });
      const c2 = controlClient(second.endpoint);
      expect((await c2.send(new DescribeSignalingChannelCommand({ ChannelName: 'persisted' }))).ChannelInfo).toEqual(info);
      const ice = await signalingApiClient(second.endpoint).send(new GetIceServerConfigCommand({ ChannelARN: arn }));
      expect(ice.IceServerList).toEqual([]);
      await second.close();

      const fresh = await startKvsEmulator({ credentials: TEST_CREDENTIALS });
      await expect(controlClient(fresh.endpoint).send(new DescribeSignalingChannelCommand({ ChannelName: 'persisted' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
      await fresh.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('browser access', () => {
  it('answers CORS preflights of the stack\'s page origins and exposes the AWS headers, as the AWS endpoints do', async () => {
    const preflight = (origin: string) =>
      fetch(`${emu.endpoint}/describeSignalingChannel`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,x-amz-date,x-amz-security-token,content-type' },
      });
    const pre = await preflight(PAGE_ORIGIN);
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-amz-security-token');
    const denied = await fetch(`${emu.endpoint}/describeSignalingChannel`, { method: 'POST', headers: { origin: PAGE_ORIGIN, 'content-type': 'application/json' }, body: '{}' });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(denied.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
    expect(denied.headers.get('access-control-expose-headers')).toContain('x-amzn-errortype');
  });

  it('refuses every other origin before looking at the request, and answers it no CORS', async () => {
    const counted = () => emu.control.counters().DescribeSignalingChannel ?? 0;
    const before = counted();
    const foreign = await fetch(`${emu.endpoint}/describeSignalingChannel`, { method: 'POST', headers: { origin: 'http://127.0.0.2:5173', 'content-type': 'application/json' }, body: '{}' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const foreignPreflight = await fetch(`${emu.endpoint}/describeSignalingChannel`, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.2:5173', 'access-control-request-method': 'POST' } });
    expect(foreignPreflight.status).toBe(403);
    expect(foreignPreflight.headers.get('access-control-allow-origin')).toBeNull();
    // A page of the stack that posts a form or text (no preflight needed) is refused too.
    const text = await fetch(`${emu.endpoint}/describeSignalingChannel`, { method: 'POST', headers: { origin: PAGE_ORIGIN, 'content-type': 'text/plain' }, body: '{}' });
    expect(text.status).toBe(415);
    expect(counted()).toBe(before);
  });
});
