/**
 * The skill's real bundle, built with the project's esbuild script, served by the local Lambda
 * endpoints against the local LWA, event gateway and a dynalite store: the Invoke API carries
 * Alexa's directives, the function URL carries a doorbell's signed calls, and a press arrives at
 * the event gateway as the linked user's DoorbellPress.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTables, seedDoorbells, startDynamo, type LocalDynamo } from '../dynamodb/index.js';
import { startEventGateway, type LocalEventGateway } from '../alexa/event-gateway.js';
import { startLocalLwa, type LocalLwa } from '../lwa/index.js';
import { exchangeCode } from '../alexa/simulator/lwa-oauth.js';
import type { CallerCredentials } from './caller-identity.js';
import { startFunctionUrl, type LocalFunctionUrl } from './function-url.js';
import { startLambdaInvokeApi, type LambdaInvokeApi } from './invoke-api.js';
import { buildLambda } from '../../../scripts/build.mjs';
import { skillEnvironment } from '../../../contracts/skill-config.js';

const STACK = { accessKeyId: 'LOCALDOORBELLKEY', secretAccessKey: 'local-doorbell-secret' };
const CLIENT = { clientId: 'amzn1.application-oa2-client.bundletest', clientSecret: 'bundle-test-client-secret' };
const ROLE = 'doorbell-device';

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}
const deviceCreds = (endpointId: string): Creds => ({
  accessKeyId: `ASIATEST${endpointId.toUpperCase().replace(/[^A-Z]/g, '')}`.slice(0, 20),
  secretAccessKey: `secret-of-${endpointId}`,
  sessionToken: `session-of-${endpointId}`,
});
const frontDoor = deviceCreds('front-door');
const garage = deviceCreds('garage');

describe('the skill bundle behind the local Lambda endpoints', () => {
  let outdir: string;
  let dynamo: LocalDynamo;
  let lwa: LocalLwa;
  let gateway: LocalEventGateway;
  let api: LambdaInvokeApi;
  let deviceApi: LocalFunctionUrl;
  let client: LambdaClient;
  const logs: string[] = [];

  beforeAll(async () => {
    outdir = await mkdtemp(path.join(tmpdir(), 'local-lambda-bundle-'));
    const [{ file: bundlePath }, store] = await Promise.all([buildLambda(outdir), startDynamo()]);
    dynamo = store;
    await createTables(dynamo.endpoint);
    await seedDoorbells(dynamo.endpoint, [
      { endpointId: 'front-door', name: 'Front door', ownerEmail: 'alice@example.com', channelName: 'front-door', channelArn: 'arn:aws:kinesisvideo:us-east-1:000000000000:channel/front-door/1' },
      { endpointId: 'garage', name: 'Garage', ownerEmail: 'bob@example.com', channelName: 'garage', channelArn: 'arn:aws:kinesisvideo:us-east-1:000000000000:channel/garage/1' },
    ]);
    lwa = await startLocalLwa(CLIENT);
    gateway = await startEventGateway({ lwa });
    const env = skillEnvironment({
      awsRegion: 'us-east-1',
      awsAccessKeyId: STACK.accessKeyId,
      awsSecretAccessKey: STACK.secretAccessKey,
      dynamodbEndpoint: dynamo.endpoint,
      lwaClientId: CLIENT.clientId,
      lwaClientSecret: CLIENT.clientSecret,
      lwaBaseUrl: lwa.endpoint,
      eventGatewayUrl: gateway.endpoint,
      deviceRoleName: ROLE,
    });
    const onLog = (name: string, line: string) => logs.push(`${name} ${line}`);
    api = await startLambdaInvokeApi({
      functions: { 'doorbell-skill': { bundlePath, exportName: 'handler', env } },
      lookupCredentials: (id) => (id === STACK.accessKeyId ? { secretAccessKey: STACK.secretAccessKey } : undefined),
      onLog,
    });
    const issued: Record<string, CallerCredentials> = {};
    for (const [endpointId, c] of [['front-door', frontDoor], ['garage', garage]] as const) {
      issued[c.accessKeyId] = {
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken,
        expiration: new Date(Date.now() + 3_600_000),
        principalArn: `arn:aws:sts::000000000000:assumed-role/${ROLE}/${endpointId}`,
      };
    }
    deviceApi = await startFunctionUrl({ bundlePath, env, credentialsLookup: (id) => issued[id], onLog });
    client = new LambdaClient({ endpoint: api.endpoint, region: 'us-east-1', credentials: { ...STACK }, maxAttempts: 1 });
  }, 120_000);

  afterAll(async () => {
    client?.destroy();
    await deviceApi?.close();
    await api?.close();
    await gateway?.close();
    await lwa?.close();
    await dynamo?.close();
    if (outdir) await rm(outdir, { recursive: true, force: true });
  });

  async function directive(d: unknown): Promise<any> {
    const res = await client.send(new InvokeCommand({ FunctionName: 'doorbell-skill', Payload: Buffer.from(JSON.stringify(d)) }));
    expect(res.FunctionError).toBeUndefined();
    return JSON.parse(Buffer.from(res.Payload!).toString('utf8'));
  }

  const profileToken = async (email: string): Promise<string> => (await exchangeCode(lwa.endpoint, CLIENT, lwa.issueAuthorizationCode(email))).accessToken;

  const discover = (token: string) => ({
    directive: {
      header: { namespace: 'Alexa.Discovery', name: 'Discover', messageId: randomUUID(), payloadVersion: '3' },
      payload: { scope: { type: 'BearerToken', token } },
    },
  });

  async function signed(method: string, pathname: string, body: string | undefined, creds: Creds) {
    const url = new URL(pathname, deviceApi.endpoint);
    const signer = new SignatureV4({ service: 'lambda', region: 'us-east-1', credentials: creds, sha256: Sha256 });
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
    const before = lwa.control.counters().authorizationCode;
    const accepted = await directive({
      directive: {
        header: { namespace: 'Alexa.Authorization', name: 'AcceptGrant', messageId: randomUUID(), payloadVersion: '3' },
        payload: {
          grant: { type: 'OAuth2.AuthorizationCode', code: lwa.issueAuthorizationCode('alice@example.com', undefined, 'alexa::async_event:write') },
          grantee: { type: 'BearerToken', token },
        },
      },
    });
    expect(accepted.event.header).toMatchObject({ namespace: 'Alexa.Authorization', name: 'AcceptGrant.Response' });
    expect(lwa.control.counters().authorizationCode).toBe(before + 1);

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
    const event = await gateway.control.waitForEvent((e) => e.name === 'DoorbellPress' && e.endpointId === 'front-door');
    expect(event.status).toBe(202);
    expect(event.userId).toBe(lwa.users.find((u) => u.email === 'alice@example.com')!.userId);
  });

  it('refuses a doorbell acting on another doorbell, and unsigned calls', async () => {
    const foreign = await signed('POST', '/v1/doorbells/front-door/press', '{}', garage);
    expect(foreign.status).toBe(403);
    const before = deviceApi.control.stats().invocations;
    const unsigned = await fetch(`${deviceApi.endpoint}/v1/doorbells/front-door/press`, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(403);
    expect(deviceApi.control.stats().invocations).toBe(before);
  });

  it('keeps tokens and client secrets out of the functions\' logs', () => {
    expect(logs.some((l) => l.includes('REPORT RequestId'))).toBe(true);
    const all = logs.join('\n');
    expect(all).not.toContain('Atza|');
    expect(all).not.toContain('Atzr|');
    expect(all).not.toContain(CLIENT.clientSecret);
  });
});
