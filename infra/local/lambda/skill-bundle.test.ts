/**
 * The skill's real bundle, built with the project's esbuild script, served by the local Lambda
 * endpoints in a world of the local LWA, event gateway, dynalite and the KVS emulator's channels:
 * the Invoke API carries Alexa's directives, the function URL carries a doorbell's calls signed
 * with the credentials its page is given, and a press arrives at the event gateway as the linked
 * user's DoorbellPress.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeCode } from '../alexa/simulator/lwa-oauth.js';
import { buildInto } from '../stack/build-into.js';
import { enrollDevice, startWorld } from '../world/index.js';

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const SEEDS = [
  { endpointId: 'front-door', name: 'Front door', ownerEmail: 'alice@example.com', channelName: 'front-door' },
  { endpointId: 'garage', name: 'Garage', ownerEmail: 'bob@example.com', channelName: 'garage' },
];

const startBundleWorld = (distDir: string, onLog: (name: string, line: string) => void) =>
  startWorld(
    { kvs: true, dynamodb: true, doorbells: { doorbells: SEEDS }, lwa: true, gateway: true, sts: true, lambda: { onLog }, deviceApi: { onLog }, accessApi: { onLog } },
    { distDir },
  );

describe('the skill bundle behind the local Lambda endpoints', () => {
  let dist: string;
  let world: Awaited<ReturnType<typeof startBundleWorld>>;
  let client: LambdaClient;
  let frontDoor: Creds;
  let garage: Creds;
  const logs: string[] = [];

  beforeAll(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'local-lambda-bundle-'));
    await buildInto(dist);
    world = await startBundleWorld(dist, (name, line) => logs.push(`${name} ${line}`));
    // What each doorbell's camera page gets once set up: its page role's credentials, scoped to that doorbell.
    frontDoor = (await enrollDevice(world, { endpointId: 'front-door', role: 'camera' })).exchange.credentials;
    garage = (await enrollDevice(world, { endpointId: 'garage', role: 'camera' })).exchange.credentials;
    client = new LambdaClient({ endpoint: world.lambda.endpoint, region: world.account.region, credentials: world.account.credentials, maxAttempts: 1 });
  }, 120_000);

  afterAll(async () => {
    client?.destroy();
    await world?.close();
    if (dist) await rm(dist, { recursive: true, force: true });
  });

  async function directive(d: unknown): Promise<any> {
    const res = await client.send(new InvokeCommand({ FunctionName: world.lambda.functionName, Payload: Buffer.from(JSON.stringify(d)) }));
    expect(res.FunctionError).toBeUndefined();
    return JSON.parse(Buffer.from(res.Payload!).toString('utf8'));
  }

  const profileToken = async (email: string): Promise<string> => (await exchangeCode(world.lwa.endpoint, world.lwa.client, world.lwa.issueAuthorizationCode(email))).accessToken;

  const discover = (token: string) => ({
    directive: {
      header: { namespace: 'Alexa.Discovery', name: 'Discover', messageId: randomUUID(), payloadVersion: '3' },
      payload: { scope: { type: 'BearerToken', token } },
    },
  });

  async function signed(method: string, pathname: string, body: string | undefined, creds: Creds) {
    const url = new URL(pathname, world.deviceApi.endpoint);
    const signer = new SignatureV4({ service: 'lambda', region: world.account.region, credentials: creds, sha256: Sha256 });
    const headers: Record<string, string> = { host: url.host, ...(body ? { 'content-type': 'application/json' } : {}) };
    const req = await signer.sign({ method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers, body });
    return fetch(url, { method, headers: req.headers as Record<string, string>, body });
  }

  it('answers a directive with a token LWA does not know with an authorization error', async () => {
    const res = await directive(discover(`Atza|${randomUUID()}`));
    expect(res.event.header.name).toBe('ErrorResponse');
    expect(['INVALID_AUTHORIZATION_CREDENTIAL', 'EXPIRED_AUTHORIZATION_CREDENTIAL']).toContain(res.event.payload.type);
  });

  it('links a user with AcceptGrant (the skill redeems the code at the local LWA) and discovers only her doorbells', async () => {
    const token = await profileToken('alice@example.com');
    const before = world.lwa.control.counters().authorizationCode;
    const accepted = await directive({
      directive: {
        header: { namespace: 'Alexa.Authorization', name: 'AcceptGrant', messageId: randomUUID(), payloadVersion: '3' },
        payload: {
          grant: { type: 'OAuth2.AuthorizationCode', code: world.lwa.issueAuthorizationCode('alice@example.com', undefined, 'alexa::async_event:write') },
          grantee: { type: 'BearerToken', token },
        },
      },
    });
    expect(accepted.event.header).toMatchObject({ namespace: 'Alexa.Authorization', name: 'AcceptGrant.Response' });
    expect(world.lwa.control.counters().authorizationCode).toBe(before + 1);

    const found = await directive(discover(token));
    expect(found.event.header.name).toBe('Discover.Response');
    expect(found.event.payload.endpoints.map((e: { endpointId: string }) => e.endpointId)).toEqual(['front-door']);
  });

  it('takes a doorbell press signed with that doorbell\'s credentials to the event gateway as the owner\'s DoorbellPress', async () => {
    const heartbeat = await signed('PUT', '/v1/doorbells/front-door/status', JSON.stringify({ online: true }), frontDoor);
    expect(heartbeat.status).toBe(200);
    const press = await signed('POST', '/v1/doorbells/front-door/press', '{}', frontDoor);
    expect(press.status).toBe(200);
    expect(((await press.json()) as { outcome: string }).outcome).toBe('DELIVERED');
    const event = await world.gateway.control.waitForEvent((e) => e.name === 'DoorbellPress' && e.endpointId === 'front-door');
    expect(event.status).toBe(202);
    expect(event.userId).toBe(world.lwa.users.find((u) => u.email === 'alice@example.com')!.userId);
  });

  it('refuses a doorbell acting on another doorbell, and unsigned calls', async () => {
    const foreign = await signed('POST', '/v1/doorbells/front-door/press', '{}', garage);
    expect(foreign.status).toBe(403);
    const before = world.deviceApi.control.stats().invocations;
    const unsigned = await fetch(`${world.deviceApi.endpoint}/v1/doorbells/front-door/press`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unsigned.status).toBe(403);
    expect(world.deviceApi.control.stats().invocations).toBe(before);
  });

  it('serves the access API unsigned from accessHandler, with its typed refusals over HTTP', async () => {
    const post = (pathname: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }, method = 'POST') =>
      fetch(`${world.accessApi.endpoint}${pathname}`, { method, headers, ...(method === 'POST' ? { body } : {}) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error: string } }));
    expect(await post('/v1/access/credentials', JSON.stringify({ grant: 'dg1.not.a-grant' }))).toMatchObject({ status: 401, body: { error: 'GRANT_INVALID' } });
    expect(await post('/v1/access/credentials', JSON.stringify({ grant: 'x' }), { 'content-type': 'text/plain' })).toMatchObject({ status: 415, body: { error: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(await post('/v1/access/credentials', JSON.stringify({ grant: 'x'.repeat(9 * 1024) }))).toMatchObject({ status: 413, body: { error: 'PAYLOAD_TOO_LARGE' } });
    expect(await post('/v1/access/credentials', '', {}, 'GET')).toMatchObject({ status: 415, body: { error: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(await post('/v1/access/nowhere', '{}')).toMatchObject({ status: 404, body: { error: 'NOT_FOUND' } });
    // Its credentials are the page role's: the device API took them above as the camera of front-door.
    expect(world.sts.callerCredentials(frontDoor.accessKeyId)?.principalArn).toBe('arn:aws:sts::000000000000:assumed-role/doorbell-camera/front-door');
  });

  it('runs healthCheckHandler behind the Invoke API, as the schedule does', async () => {
    const res = await client.send(new InvokeCommand({ FunctionName: world.lambda.healthCheckFunctionName, Payload: Buffer.from('{}') }));
    expect(res.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(res.Payload!).toString('utf8'))).toMatchObject({ doorbells: 2, failed: 0 });
  });

  it('keeps tokens and client secrets out of the functions\' logs', () => {
    expect(logs.some((l) => l.includes('REPORT RequestId'))).toBe(true);
    const all = logs.join('\n');
    expect(all).not.toContain('Atza|');
    expect(all).not.toContain('Atzr|');
    expect(all).not.toContain(world.lwa.client.clientSecret);
    for (const c of [frontDoor, garage]) expect(all).not.toContain(c.secretAccessKey);
    expect(all).not.toMatch(/dg1\.[A-Za-z0-9_-]{22}\./);
  });
});
