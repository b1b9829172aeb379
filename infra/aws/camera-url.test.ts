/**
 * `npm run camera-url` against a loopback stand-in for CloudFormation (the stack's outputs) and the
 * local DynamoDB (dynalite, with the stack's tables): it writes a one-time enrollment code into the
 * setup table, only its hash, and prints the setup page's link with the code in its fragment.
 */
import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enrollmentCodeOf } from '../../contracts/access-api/routes.js';
import { SETUP_TABLE, type SetupItem } from '../../contracts/tables.js';
import { startWorld } from '../local/world/index.js';
import { runCameraUrl } from './camera-url.js';
import { DEFAULT_STACK_NAME, OUTPUT } from './stack-outputs.js';
import { DESCRIBED } from './testing/described-outputs.js';
import { startFakeAws, type FakeAws } from './testing/fake-aws-query-api.js';

let aws: FakeAws;
let world: Awaited<ReturnType<typeof startDynamo>>;
let doc: DynamoDBDocumentClient;
const savedEnv = { ...process.env };
const startDynamo = () => startWorld({ dynamodb: true });
// The stack's setup table, by the name its outputs give; locally the table has its default name.
const outputs = (DESCRIBED as { OutputKey: string; OutputValue: string }[]).map((o) => (o.OutputKey === OUTPUT.setupTable ? { ...o, OutputValue: SETUP_TABLE.defaultName } : o));

beforeAll(async () => {
  world = await startDynamo();
  aws = await startFakeAws({ stackName: DEFAULT_STACK_NAME, outputs });
  // The SDK's own configuration: CloudFormation at the loopback stand-in, DynamoDB at dynalite, the world's own local key.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: aws.url,
    AWS_ENDPOINT_URL_DYNAMODB: world.dynamodb.endpoint,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: world.account.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: world.account.credentials.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1', endpoint: world.dynamodb.endpoint, credentials: world.account.credentials }));
});
afterAll(async () => {
  process.env = savedEnv;
  doc?.destroy();
  await aws?.close();
  await world?.close();
});
beforeEach(() => {
  aws.requests.length = 0;
});

const stored = async (code: string): Promise<SetupItem | undefined> =>
  (await doc.send(new GetCommand({ TableName: SETUP_TABLE.defaultName, Key: { tokenHash: createHash('sha256').update(code).digest('base64url') } }))).Item as SetupItem | undefined;

describe('npm run camera-url', () => {
  it("prints the setup page's one-time link for the doorbell's camera, and stores only the code's hash, for ten minutes", async () => {
    const notes: string[] = [];
    const started = Math.floor(Date.now() / 1000);
    const link = await runCameraUrl(['front-door'], (line) => notes.push(line));
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe('http://localhost:8080/setup.html');
    expect(url.search).toBe('');
    const code = enrollmentCodeOf(url.hash)!;
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const item = await stored(code);
    expect(item).toMatchObject({ kind: 'enrollment', endpointId: 'front-door', role: 'camera' });
    expect(item!.expiresAt - started).toBeGreaterThanOrEqual(599);
    expect(item!.expiresAt - started).toBeLessThanOrEqual(601);
    // The code itself is stored nowhere.
    const all = (await doc.send(new ScanCommand({ TableName: SETUP_TABLE.defaultName }))).Items ?? [];
    expect(JSON.stringify(all)).not.toContain(code);
    expect(notes.join('\n')).toMatch(/camera of Front Door \(front-door\).*works once/);
    // Nothing assumes a page role any more (the roles trust only the access API).
    expect(aws.requests.map((r) => r.get('Action'))).toEqual(['DescribeStacks']);
  });

  it('links the viewer and the doorbell button each with their own role, and warns about an origin the APIs do not allow', async () => {
    const notes: string[] = [];
    const viewer = await runCameraUrl(['front-door', '--viewer', '--page-origin', 'https://elsewhere.example.net'], (line) => notes.push(line));
    expect(new URL(viewer).origin).toBe('https://elsewhere.example.net');
    expect(await stored(enrollmentCodeOf(new URL(viewer).hash)!)).toMatchObject({ role: 'viewer' });
    expect(notes.join('\n')).toMatch(/page origins/);
    const button = await runCameraUrl(['front-door', '--button'], () => {});
    expect(await stored(enrollmentCodeOf(new URL(button).hash)!)).toMatchObject({ role: 'button' });
  });

  it('refuses an unknown doorbell before writing anything, and bad arguments', async () => {
    const before = ((await doc.send(new ScanCommand({ TableName: SETUP_TABLE.defaultName }))).Items ?? []).length;
    await expect(runCameraUrl(['back-door'], () => {})).rejects.toThrow(/No doorbell "back-door"/);
    expect(((await doc.send(new ScanCommand({ TableName: SETUP_TABLE.defaultName }))).Items ?? []).length).toBe(before);
    await expect(runCameraUrl([], () => {})).rejects.toThrow(/usage/);
    await expect(runCameraUrl(['front-door', '--viewer', '--button'], () => {})).rejects.toThrow(/usage/);
    await expect(runCameraUrl(['front-door', '--hours', '2'], () => {})).rejects.toThrow();
  });

  it('fails with the SDK error when the credentials may not write the setup table', async () => {
    const missing = outputs.map((o) => (o.OutputKey === OUTPUT.setupTable ? { ...o, OutputValue: 'no-such-table' } : o));
    const other = await startFakeAws({ stackName: DEFAULT_STACK_NAME, outputs: missing });
    process.env.AWS_ENDPOINT_URL = other.url;
    try {
      await expect(runCameraUrl(['front-door'], () => {})).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    } finally {
      process.env.AWS_ENDPOINT_URL = aws.url;
      await other.close();
    }
  });
});
