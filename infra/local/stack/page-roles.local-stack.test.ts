/**
 * The three page roles on the local stack, with the credentials a page really gets (a device
 * enrolled with a one-time code and its grant exchanged at the access API; the local STS issues
 * them as the page role's session): the device API serves each role only its routes, and the KVS
 * emulator refuses the button's credentials for every action and the viewer's as the master, as
 * the AWS page roles' policies do. Also: credentials live PAGE_CREDENTIALS_TTL_SECONDS, a revoked
 * device gets none, and no credentials are handed out without a grant.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { DescribeSignalingChannelCommand, KinesisVideoClient } from '@aws-sdk/client-kinesis-video';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceApiCallError, DeviceApiClient } from '../../../camera/device-api/client.js';
import { EVERY_KVS_ACTION_REFUSED, tryEveryKvsAction } from '../../../camera/testing/kvs-actions.js';
import type { PageCredentials } from '../../../contracts/access-api/bodies.js';
import type { PageRole } from '../../../contracts/page-roles.js';
import { AccessApiRefusal, callAccessApi, enrollDevice, exchangeGrant, presets, type EnrolledDevice, type NpmStartWorld } from '../world/index.js';
import { buildInto } from './build-into.js';

const TTL_SECONDS = 60;
let dist: string;
let stack: NpmStartWorld;
const devices = {} as Record<PageRole, EnrolledDevice>;

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'page-roles-dist-'));
  await buildInto(dist);
  stack = await presets.npmStart({ port: 0, distDir: dist, pageCredentialsTtlSeconds: TTL_SECONDS, onLambdaLog: () => undefined });
  for (const role of ['camera', 'button', 'viewer'] as const) devices[role] = await enrollDevice(stack, { endpointId: 'front-door', role });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await rm(dist, { recursive: true, force: true });
});

const credentialsOf = (role: PageRole): PageCredentials => devices[role].exchange.credentials;
const aws = (c: PageCredentials) => ({ accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken });

/** What a call ended with: 'ok', or the error's name (the SDK's typed exception). */
const outcome = (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', (e: Error) => e.name);

/** The signaling WebSocket upgrade as a page makes it (SigV4-presigned URL): 'open', or the refusal's HTTP status. */
async function connectAs(role: 'MASTER' | 'VIEWER', channelArn: string, c: PageCredentials): Promise<string> {
  const endpoint = new URL(stack.kvs.endpoint.replace(/^http/, 'ws'));
  const signer = new SignatureV4({ service: 'kinesisvideo', region: stack.account.region, credentials: aws(c), sha256: Sha256 });
  const query: Record<string, string> = { 'X-Amz-ChannelARN': channelArn, ...(role === 'VIEWER' ? { 'X-Amz-ClientId': `viewer-${Date.now()}` } : {}) };
  const signed = await signer.presign({ method: 'GET', protocol: endpoint.protocol, hostname: endpoint.hostname, port: Number(endpoint.port), path: '/', query, headers: { host: endpoint.host } }, { expiresIn: 299 });
  const url = new URL(endpoint.href);
  for (const [k, v] of Object.entries(signed.query ?? {})) url.searchParams.set(k, String(v));
  return new Promise((resolve) => {
    const ws = new WebSocket(url.href);
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    ws.once('error', () => resolve('error'));
  });
}

describe('the page roles on the device API', () => {
  it('serve the camera every route, the button status and press, the viewer status only, each for its own doorbell only', async () => {
    const call = async (role: PageRole, route: 'doorbell' | 'status' | 'press', endpointId = 'front-door'): Promise<number> => {
      const client = new DeviceApiClient({ baseUrl: stack.deviceApi.endpoint, endpointId, signing: { region: stack.account.region, service: 'lambda' }, credentials: credentialsOf(role) });
      const request = route === 'doorbell' ? client.getDoorbell() : route === 'status' ? client.reportStatus(true) : client.press();
      return request.then(() => 200, (e: unknown) => (e instanceof DeviceApiCallError ? e.status : 0));
    };
    const table: Record<string, number[]> = {};
    for (const role of ['camera', 'button', 'viewer'] as const) table[role] = [await call(role, 'doorbell'), await call(role, 'status'), await call(role, 'press')];
    expect(table).toEqual({ camera: [200, 200, 200], button: [200, 403, 200], viewer: [200, 403, 403] });
    for (const role of ['camera', 'button', 'viewer'] as const) expect(await call(role, 'doorbell', 'garage'), role).toBe(403);
  });
});

describe('the page roles on KVS (the emulator, as the roles’ IAM policies scope them)', () => {
  it('refuse the button’s credentials for every action, on its own channel too', async () => {
    const front = stack.doorbells.get('front-door')!.channelArn;
    const c = credentialsOf('button');
    expect(await tryEveryKvsAction({ region: stack.account.region, endpoint: stack.kvs.endpoint, channelArn: front, credentials: c })).toEqual(EVERY_KVS_ACTION_REFUSED);
    expect(await connectAs('MASTER', front, c)).toBe('403');
    expect(await connectAs('VIEWER', front, c)).toBe('403');
  });

  it('take the viewer as a viewer of its own channel, never as its master; the camera as its master', async () => {
    const front = stack.doorbells.get('front-door')!.channelArn;
    const garage = stack.doorbells.get('garage')!.channelArn;
    const viewer = credentialsOf('viewer');
    expect(await connectAs('MASTER', front, viewer)).toBe('403');
    expect(await connectAs('VIEWER', front, viewer)).toBe('open');
    expect(await connectAs('VIEWER', garage, viewer)).toBe('403');
    const control = new KinesisVideoClient({ region: stack.account.region, endpoint: stack.kvs.endpoint, credentials: aws(viewer), maxAttempts: 1 });
    try {
      expect(await outcome(control.send(new DescribeSignalingChannelCommand({ ChannelARN: front })))).toBe('ok');
      expect(await outcome(control.send(new DescribeSignalingChannelCommand({ ChannelARN: garage })))).toBe('AccessDeniedException');
    } finally {
      control.destroy();
    }
    const camera = credentialsOf('camera');
    expect(await connectAs('MASTER', front, camera)).toBe('open');
    expect(await connectAs('MASTER', garage, camera)).toBe('403');
  });
});

describe('page credentials', () => {
  it('last PAGE_CREDENTIALS_TTL_SECONDS, and a renewal rotates the grant and gives new ones', async () => {
    const { credentials } = devices.camera.exchange;
    const lifetime = Date.parse(credentials.expiration) - Date.now();
    expect(lifetime).toBeGreaterThan((TTL_SECONDS - 10) * 1000);
    expect(lifetime).toBeLessThanOrEqual(TTL_SECONDS * 1000);
    const renewed = await exchangeGrant(stack, devices.camera.grant);
    expect(renewed.credentials.accessKeyId).not.toBe(credentials.accessKeyId);
    expect(renewed.grant).not.toBe(devices.camera.grant);
    devices.camera = { ...devices.camera, grant: renewed.grant, exchange: renewed };
  });

  it('are not given to a revoked device, nor for a reused grant, and the reused one revokes only its device', async () => {
    const device = await enrollDevice(stack, { endpointId: 'front-door', role: 'viewer' });
    const next = await exchangeGrant(stack, device.grant);
    await exchangeGrant(stack, next.grant);
    const reused = await exchangeGrant(stack, device.grant).catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(AccessApiRefusal);
    expect((reused as AccessApiRefusal).body).toMatchObject({ error: 'GRANT_REVOKED', reason: 'REUSED' });
    // The other viewer of the same doorbell goes on.
    const other = await exchangeGrant(stack, devices.viewer.grant);
    devices.viewer = { ...devices.viewer, grant: other.grant, exchange: other };
  });

  it('are handed out by no route of the local stack without a grant', async () => {
    for (const path of ['/local/page-config/front-door?role=camera', '/local/page-config/front-door?role=button']) expect((await fetch(`${stack.web.url}${path}`)).status).toBe(404);
    const refused = await callAccessApi(stack, 'credentials', { grant: 'dg1.0000000000000000000000.0000000000000000000000000000000000000000000' }).catch((e: unknown) => e);
    expect((refused as AccessApiRefusal).body.error).toBe('GRANT_INVALID');
  });
});
