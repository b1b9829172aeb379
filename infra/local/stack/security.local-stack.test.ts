/**
 * Security of the local stack as a whole, from outside, the way an attacker on this machine would try
 * it: the device API and the KVS service behind the page origin refuse calls without valid
 * credentials, and a whole story (link, discover, state, a session, a press with token refreshes, bad
 * tokens) leaves no token, client secret, page secret or SDP in any log line the stack or the skill's
 * Lambda runner produced.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ListSignalingChannelsCommand, DescribeSignalingChannelCommand, KinesisVideoClient } from '@aws-sdk/client-kinesis-video';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceApiClient, DeviceApiCallError } from '../../../camera/device-api/client.js';
import { connectMaster, type TestMaster } from '../../../lambda/testing/kvs-master.js';
import { CAMERA_ANSWER, ECHO_SHOW_OFFER, directive } from '../../../lambda/testing/fixtures/index.js';
import { USERS_TABLE } from '../../../contracts/tables.js';
import { enrollDevice, presets, type NpmStartWorld } from '../world/index.js';
import type { PageRole } from '../../../contracts/page-roles.js';
import { buildInto } from './build-into.js';

let dist: string;
let dataDir: string;
let stack: NpmStartWorld;
let master: TestMaster;
const logLines: string[] = [];

/** A device set up the product's way (a one-time code, enrolled and exchanged at the access API): what its page reaches its doorbell with. */
async function pageConfig(endpointId: string, role: PageRole) {
  const { exchange } = await enrollDevice(stack, { endpointId, role });
  return { ...exchange.doorbell, credentials: exchange.credentials, deviceApiUrl: stack.deviceApi.endpoint, deviceApiSigning: { region: stack.account.region, service: 'lambda' }, kvsEndpoint: stack.web.url };
}
type PageConfig = Awaited<ReturnType<typeof pageConfig>>;

const deviceClient = (config: PageConfig, endpointId = config.endpointId, credentials = config.credentials) =>
  new DeviceApiClient({ baseUrl: config.deviceApiUrl, endpointId, signing: config.deviceApiSigning, credentials });

async function refusedStatus(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (err) {
    if (err instanceof DeviceApiCallError) return err.status;
    throw err;
  }
  return 200;
}

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'security-dist-'));
  dataDir = await mkdtemp(path.join(tmpdir(), 'security-data-'));
  await buildInto(dist);
  stack = await presets.npmStart({
    port: 0,
    dataDir,
    distDir: dist,
    // Tokens inside the skill's 5-minute refresh margin: every press refreshes, so refresh paths log too.
    accessTokenTtlSeconds: 120,
    onLambdaLog: (fn, line) => logLines.push(`[${fn}] ${line}`),
    log: (line) => logLines.push(`[stack] ${line}`),
  });
  const front = stack.doorbells.get('front-door')!;
  // The camera stands in as a test master (no browser needed to answer an offer).
  master = await connectMaster(stack, front.channelArn, CAMERA_ANSWER);
}, 120_000);

afterAll(async () => {
  await master?.close();
  await stack?.close();
  await rm(dist, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

describe('the device API through the local function URL', () => {
  it('refuses unsigned requests, wrong secrets, another doorbell\'s camera and the viewer role, and serves the right camera', async () => {
    const camera = await pageConfig('front-door', 'camera');
    const viewer = await pageConfig('front-door', 'viewer');
    const base = `${camera.deviceApiUrl}/v1/doorbells/front-door`;
    expect((await fetch(`${base}/press`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(403);
    // A malformed signature is refused as such (400 IncompleteSignature or 403), never served.
    expect([400, 403]).toContain((await fetch(base, { headers: { authorization: `AWS4-HMAC-SHA256 Credential=${stack.account.credentials.accessKeyId}/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00` } })).status);
    expect(await refusedStatus(deviceClient(camera, 'front-door', { ...camera.credentials, secretAccessKey: 'not-the-secret' }).press())).toBe(403);
    expect(await refusedStatus(deviceClient(camera, 'front-door', { ...camera.credentials, sessionToken: 'forged' }).press())).toBe(403);
    expect(await refusedStatus(deviceClient(camera, 'garage').press())).toBe(403);
    expect(await refusedStatus(deviceClient(viewer).press())).toBe(403);
    expect((await deviceClient(camera).reportStatus(true)).online).toBe(true);
  });
});

describe('the KVS service behind the page origin', () => {
  it('refuses unsigned and wrongly signed calls, and page credentials outside their channel', async () => {
    const camera = await pageConfig('front-door', 'camera');
    const unsigned = await fetch(`${stack.web.url}/listSignalingChannels`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unsigned.status).toBe(403);
    const kvs = ({ accessKeyId, secretAccessKey, sessionToken }: PageConfig['credentials']) =>
      new KinesisVideoClient({ region: 'us-east-1', endpoint: camera.kvsEndpoint ?? stack.web.url, credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }, maxAttempts: 1 });
    const wrong = kvs({ ...camera.credentials, secretAccessKey: 'not-the-secret' });
    await expect(wrong.send(new DescribeSignalingChannelCommand({ ChannelARN: camera.channelArn }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    const scoped = kvs(camera.credentials);
    expect((await scoped.send(new DescribeSignalingChannelCommand({ ChannelARN: camera.channelArn }))).ChannelInfo?.ChannelName).toBe(camera.channelName);
    const garage = stack.doorbells.get('garage')!;
    await expect(scoped.send(new DescribeSignalingChannelCommand({ ChannelARN: garage.channelArn }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(scoped.send(new ListSignalingChannelsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    for (const c of [wrong, scoped]) c.destroy();
  });
});

describe('logs of a whole story', () => {
  it('hold no access or refresh token, client secret, page secret or SDP, while recording every step', async () => {
    const camera = await pageConfig('front-door', 'camera');
    const announcer = await pageConfig('front-door', 'button');
    await deviceClient(camera).reportStatus(true);
    await stack.alexa.linkDirect('alice');
    await stack.alexa.discover('alice');
    expect((await stack.alexa.reportState('alice', 'front-door')).connectivity).toBe('OK');
    const { sessionId, answer } = await stack.alexa.startSession('alice', 'front-door', ECHO_SHOW_OFFER);
    expect(answer).toBe(CAMERA_ANSWER);
    await stack.alexa.sessionConnected('alice', sessionId);
    await stack.alexa.sessionDisconnected('alice', sessionId);
    const refreshes = stack.lwa.control.counters().refreshToken;
    expect((await deviceClient(announcer).press()).outcome).toBe('DELIVERED');
    expect(stack.lwa.control.counters().refreshToken).toBeGreaterThan(refreshes);
    // Bad input through the Invoke API: a bogus token and a broken directive are logged as failures.
    const lambda = new LambdaClient({ endpoint: stack.services['Lambda Invoke API'], region: 'us-east-1', credentials: stack.account.credentials });
    const bogusToken = `Atza|${randomBytes(24).toString('base64url')}`;
    for (const d of [directive('discover', { token: bogusToken }), { directive: { header: { namespace: 'Alexa' } } }]) {
      await lambda.send(new InvokeCommand({ FunctionName: stack.lambda.functionName, Payload: new TextEncoder().encode(JSON.stringify(d)) }));
    }
    lambda.destroy();
    await deviceClient(camera).reportStatus(false);

    // Every secret the story handled, gathered from where each one lives.
    const secrets = new Set<string>();
    const alexaUsers = JSON.parse(await readFile(path.join(dataDir, 'alexa', 'alexa-users.json'), 'utf8')) as { link?: { accessToken?: string; refreshToken?: string } }[];
    for (const u of alexaUsers) for (const t of [u.link?.accessToken, u.link?.refreshToken]) if (t) secrets.add(t);
    const lwaClient = JSON.parse(await readFile(path.join(dataDir, 'lwa-client.json'), 'utf8')) as { clientSecret: string };
    secrets.add(lwaClient.clientSecret);
    const dynamoEndpoint = stack.services['DynamoDB (dynalite)']!;
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', endpoint: dynamoEndpoint, credentials: stack.account.credentials }));
    for (const item of (await doc.send(new ScanCommand({ TableName: USERS_TABLE.defaultName }))).Items ?? []) {
      for (const k of ['accessToken', 'refreshToken']) if (typeof item[k] === 'string') secrets.add(item[k] as string);
    }
    doc.destroy();
    for (const c of [camera, announcer]) {
      secrets.add(c.credentials.secretAccessKey);
      if (c.credentials.sessionToken) secrets.add(c.credentials.sessionToken);
    }
    secrets.add(bogusToken);
    // Tokens were refreshed during the story, so old and new ones are both in the set.
    expect(alexaUsers.length).toBeGreaterThan(0);
    expect(secrets.size).toBeGreaterThanOrEqual(7);

    const text = logLines.join('\n');
    // The scan is not vacuous: the skill logged each directive and device call of the story.
    for (const step of ['Alexa.Authorization.AcceptGrant', 'Alexa.Discovery.Discover', 'Alexa.ReportState', 'Alexa.RTCSessionController.InitiateSessionWithOffer', 'Alexa.RTCSessionController.SessionDisconnected', '/press']) {
      expect(text, step).toContain(step);
    }
    const leaks = [...secrets].filter((s) => text.includes(s)).map((s) => `${s.slice(0, 6)}…`);
    expect(leaks).toEqual([]);
    // Nothing token- or SDP-shaped either (e.g. an intermediate token never stored anywhere).
    for (const pattern of [/Atza\|/, /Atzr\|/, /v=0\\r\\n/, /a=candidate/, /a=fingerprint/, /a=ice-pwd/, /m=video/, /Bearer [A-Za-z0-9]/, /"client_secret"/]) {
      expect(logLines.filter((l) => pattern.test(l)).slice(0, 3), String(pattern)).toEqual([]);
    }
  });
});
