import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICES_TABLE, DOORBELLS_TABLE, EVENTS_TABLE, SESSIONS_TABLE, SETUP_TABLE, SNAPSHOT_LINKS_TABLE, TABLES, USERS_TABLE, type TableDefinition } from '../../contracts/tables.js';
import { EVENT_RETENTION_DAYS, SNAPSHOT_KEY_PREFIX } from '../../contracts/snapshots.js';
import { defineDoorbellApp } from './app.js';
import { DEFAULT_ACCESS_API_CONCURRENCY } from './constructs/access-api.js';
import { ALEXA_SMART_HOME_PRINCIPAL, ANSWER_DEADLINE_MS } from './constructs/skill-functions.js';
import { MESSAGE_TTL_SECONDS } from './constructs/signaling-channels.js';
import { OUTPUT } from './stack-outputs.js';
import { synthFixture, TEST_LINKING_CLIENT_ID, TEST_LWA_CLIENT_ID, TEST_SKILL_ID, type SynthFixture } from './testing/synth-fixture.js';

type Json = Record<string, any>;

const DOORBELLS = [
  { endpointId: 'front-door', name: 'Front Door', ownerEmail: 'Alice@Example.com' },
  { endpointId: 'garden_gate', name: 'Garden Gate', ownerEmail: 'bob@example.com', channelName: 'gate-channel' },
];
const PAGE_ORIGINS = ['https://doorbell.example.net', 'http://localhost:8080'];

let fixture: SynthFixture;
let app: App;
let template: Template;
let json: Json;

beforeAll(() => {
  fixture = synthFixture(DOORBELLS);
  app = new App({
    outdir: fixture.outDir,
    context: {
      bundleDir: fixture.bundleDir,
      pagesDir: fixture.pagesDir,
      doorbells: fixture.doorbellsFile,
      skillId: TEST_SKILL_ID,
      lwaClientId: TEST_LWA_CLIENT_ID,
      linkingClientId: TEST_LINKING_CLIENT_ID,
      pageOrigins: PAGE_ORIGINS.join(','),
      alarmEmail: 'alerts@example.com',
    },
  });
  template = Template.fromStack(defineDoorbellApp(app));
  json = template.toJSON() as Json;
});

afterAll(() => fixture?.cleanup());

const resources = (type: string): [string, Json][] => Object.entries(json.Resources as Json).filter(([, r]) => r.Type === type) as [string, Json][];
const logicalIdOf = (type: string, predicate: (props: Json) => boolean): string => {
  const found = resources(type).filter(([, r]) => predicate(r.Properties ?? {}));
  expect(found, `exactly one ${type} matches`).toHaveLength(1);
  return found[0]![0];
};
const channelId = (name: string) => logicalIdOf('AWS::KinesisVideo::SignalingChannel', (p) => p.Name === name);
const skillFunctionId = () => logicalIdOf('AWS::Lambda::Function', (p) => p.Handler === 'index.handler' && String(p.Description).includes('smart-home skill'));
const deviceFunctionId = () => logicalIdOf('AWS::Lambda::Function', (p) => p.Handler === 'index.deviceHandler');
const accessFunctionId = () => logicalIdOf('AWS::Lambda::Function', (p) => p.Handler === 'index.accessHandler');
const healthFunctionId = () => logicalIdOf('AWS::Lambda::Function', (p) => p.Handler === 'index.healthCheckHandler');
/** A table by its whole key schema (the doorbells and the events tables share a partition key). */
const keySchemaOf = (definition: TableDefinition) => [
  { AttributeName: definition.partitionKey, KeyType: 'HASH' },
  ...(definition.sortKey ? [{ AttributeName: definition.sortKey, KeyType: 'RANGE' }] : []),
];
const tableIdFor = (definition: TableDefinition) => logicalIdOf('AWS::DynamoDB::Table', (p) => JSON.stringify(p.KeySchema) === JSON.stringify(keySchemaOf(definition)));
/** The pages' bucket has no lifecycle rule; the snapshots bucket expires its pictures. */
const pagesBucketId = () => logicalIdOf('AWS::S3::Bucket', (p) => !p.LifecycleConfiguration);
const snapshotsBucketId = () => logicalIdOf('AWS::S3::Bucket', (p) => Boolean(p.LifecycleConfiguration));
const bucketPolicyOf = (bucketId: string): Json => {
  const policies = resources('AWS::S3::BucketPolicy').filter(([, r]) => r.Properties.Bucket.Ref === bucketId);
  expect(policies).toHaveLength(1);
  return policies[0]![1];
};
const roleArnOf = (roleId: string) => ({ 'Fn::GetAtt': [roleId, 'Arn'] });
const roleIdOf = (functionId: string): string => json.Resources[functionId].Properties.Role['Fn::GetAtt'][0];
const roleIdByDescription = (text: string) => logicalIdOf('AWS::IAM::Role', (p) => typeof p.Description === 'string' && p.Description.startsWith(text));
const cameraRoleId = () => roleIdByDescription('Doorbell camera page');
const buttonRoleId = () => roleIdByDescription('Doorbell button page');
const viewerRoleId = () => roleIdByDescription('Doorbell viewer page');

/** Every statement of every identity policy attached to a role (inline policies and AWS::IAM::Policy). */
function statementsOfRole(roleId: string): Json[] {
  const inline = (json.Resources[roleId].Properties.Policies ?? []).flatMap((p: Json) => p.PolicyDocument.Statement);
  const attached = resources('AWS::IAM::Policy')
    .filter(([, r]) => (r.Properties.Roles ?? []).some((ref: Json) => ref.Ref === roleId))
    .flatMap(([, r]) => r.Properties.PolicyDocument.Statement);
  return [...inline, ...attached];
}
const asList = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/**
 * A template value as the text it becomes at deploy time, each reference written {Id} (Ref) or
 * {Id.Attribute} (GetAtt), and a function URL's host (Select 2 of its Split on "/") {host:…}.
 */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Json;
  if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(text).join(v['Fn::Join'][0]);
  if (v.Ref) return `{${v.Ref}}`;
  if (typeof v['Fn::Sub'] === 'string') return v['Fn::Sub'];
  if (v['Fn::GetAtt']) return `{${v['Fn::GetAtt'].join('.')}}`;
  if (v['Fn::Select']?.[0] === 2 && v['Fn::Select'][1]['Fn::Split']?.[0] === '/') return `{host:${text(v['Fn::Select'][1]['Fn::Split'][1])}}`;
  return JSON.stringify(v);
}
const urlIdOf = (functionId: string) => logicalIdOf('AWS::Lambda::Url', (p) => p.TargetFunctionArn['Fn::GetAtt'][0] === functionId);
const apiOriginOf = (functionId: string) => `https://{host:{${urlIdOf(functionId)}.FunctionUrl}}`;
const distributionId = () => logicalIdOf('AWS::CloudFront::Distribution', () => true);
const cloudFrontOrigin = () => `https://{${distributionId()}.DomainName}`;
/** The deploy-time UpdateFunctionUrlConfig call of a function, as the provider receives it. */
function corsCallOf(functionId: string): { resourceId: string; call: Json } {
  const calls = resources('Custom::AWS')
    .map(([id, r]) => ({ resourceId: id, call: JSON.parse(text(r.Properties.Create)) as Json }))
    .filter(({ call }) => call.action === 'updateFunctionUrlConfig' && call.parameters.FunctionName === `{${functionId}}`);
  expect(calls, `one CORS call for ${functionId}`).toHaveLength(1);
  return calls[0]!;
}
const actionsOf = (statements: Json[]): string[] => statements.flatMap((s) => asList<string>(s.Action));

describe('signaling channels', () => {
  it('creates one single-master channel per configured doorbell, with a short message TTL', () => {
    template.resourceCountIs('AWS::KinesisVideo::SignalingChannel', DOORBELLS.length);
    for (const name of ['doorbell-front-door', 'gate-channel']) {
      template.hasResourceProperties('AWS::KinesisVideo::SignalingChannel', { Name: name, Type: 'SINGLE_MASTER', MessageTtlSeconds: MESSAGE_TTL_SECONDS });
    }
    expect(MESSAGE_TTL_SECONDS).toBeGreaterThanOrEqual(5);
    expect(MESSAGE_TTL_SECONDS).toBeLessThanOrEqual(120);
  });
});

describe('tables', () => {
  it('defines every shared table (contracts/tables.ts, and the devices and setup tables): on demand, encrypted, with point-in-time recovery', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', TABLES.length);
    for (const definition of TABLES) {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: keySchemaOf(definition),
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        ...(definition.globalSecondaryIndexes.length
          ? {
              GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((gsi) => ({
                IndexName: gsi.indexName,
                KeySchema: [{ AttributeName: gsi.partitionKey, KeyType: 'HASH' }],
                Projection: { ProjectionType: 'ALL' },
              })),
            }
          : {}),
        ...(definition.ttlAttribute ? { TimeToLiveSpecification: { AttributeName: definition.ttlAttribute, Enabled: true } } : {}),
      });
    }
  });

  it('passes each table name to the functions that use it under the env var the bundle reads', () => {
    const uses: [string, TableDefinition[]][] = [
      [skillFunctionId(), [USERS_TABLE, DOORBELLS_TABLE, SESSIONS_TABLE, SNAPSHOT_LINKS_TABLE]],
      [deviceFunctionId(), [USERS_TABLE, DOORBELLS_TABLE, SESSIONS_TABLE, EVENTS_TABLE]],
      [accessFunctionId(), [DOORBELLS_TABLE, DEVICES_TABLE, SETUP_TABLE, SNAPSHOT_LINKS_TABLE]],
      [healthFunctionId(), [USERS_TABLE, DOORBELLS_TABLE]],
    ];
    for (const [fn, definitions] of uses) {
      const env = json.Resources[fn].Properties.Environment.Variables;
      for (const definition of definitions) expect(env[definition.envVar], `${fn} ${definition.envVar}`).toEqual({ Ref: tableIdFor(definition) });
    }
  });

  it('expires setup sessions and enrollment codes, the visitor history and the snapshot links with DynamoDB TTL', () => {
    for (const definition of [SETUP_TABLE, EVENTS_TABLE, SNAPSHOT_LINKS_TABLE]) {
      expect(json.Resources[tableIdFor(definition)].Properties.TimeToLiveSpecification, definition.envVar).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    }
  });
});

describe('skill function', () => {
  it('runs the bundle on a current Node.js runtime on ARM64 with memory for a fast cold start', () => {
    const props = json.Resources[skillFunctionId()].Properties;
    expect(props.Runtime).toMatch(/^nodejs(22|24)\.x$/);
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.MemorySize).toBeGreaterThanOrEqual(1024);
  });

  it("has a timeout above the skill's answer deadline and below Alexa's budget", () => {
    const props = json.Resources[skillFunctionId()].Properties;
    expect(props.Timeout * 1000).toBeGreaterThan(ANSWER_DEADLINE_MS);
    expect(props.Timeout * 1000).toBeGreaterThan(Number(props.Environment.Variables.ANSWER_DEADLINE_MS));
    expect(props.Timeout).toBeLessThan(8);
  });

  it('lets only the configured skill invoke it through Alexa Smart Home', () => {
    const permissions = resources('AWS::Lambda::Permission').filter(([, r]) => JSON.stringify(r.Properties.FunctionName).includes(skillFunctionId()));
    expect(permissions).toHaveLength(1);
    expect(permissions[0]![1].Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      Principal: ALEXA_SMART_HOME_PRINCIPAL,
      EventSourceToken: TEST_SKILL_ID,
      FunctionName: { 'Fn::GetAtt': [skillFunctionId(), 'Arn'] },
    });
  });

  it('gets the LWA client id in plain text and only the ARN of the client secret', () => {
    const env = json.Resources[skillFunctionId()].Properties.Environment.Variables;
    const secretId = logicalIdOf('AWS::SecretsManager::Secret', () => true);
    expect(env.LWA_CLIENT_ID).toBe(TEST_LWA_CLIENT_ID);
    expect(env.LWA_CLIENT_SECRET_ARN).toEqual({ Ref: secretId });
    expect(env).not.toHaveProperty('LWA_CLIENT_SECRET');
  });

  it('may signal its channels (offer, endpoint) and nothing else of KVS', () => {
    const kvs = statementsOfRole(roleIdOf(skillFunctionId())).filter((s) => actionsOf([s]).some((a) => a.startsWith('kinesisvideo:')));
    expect(new Set(actionsOf(kvs))).toEqual(
      new Set(['kinesisvideo:SendAlexaOfferToMaster', 'kinesisvideo:GetSignalingChannelEndpoint']),
    );
    const resourcesOfKvs = kvs.flatMap((s) => asList(s.Resource));
    expect(resourcesOfKvs).toEqual(
      expect.arrayContaining([{ 'Fn::GetAtt': [channelId('doorbell-front-door'), 'Arn'] }, { 'Fn::GetAtt': [channelId('gate-channel'), 'Arn'] }]),
    );
    expect(resourcesOfKvs).toHaveLength(DOORBELLS.length);
  });

  it('reads and writes only its own tables and their indexes, without Scan, and reads only its own secret', () => {
    const statements = statementsOfRole(roleIdOf(skillFunctionId()));
    const dynamo = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
    expect(actionsOf(dynamo)).not.toContain('dynamodb:Scan');
    expect(actionsOf(dynamo).every((a) => !a.endsWith('*'))).toBe(true);
    const tableIds = new Set(resources('AWS::DynamoDB::Table').map(([id]) => id));
    for (const resource of dynamo.flatMap((s) => asList<Json>(s.Resource))) {
      const ref = resource['Fn::GetAtt']?.[0] ?? resource['Fn::Join']?.[1]?.[0]?.['Fn::GetAtt']?.[0];
      expect(tableIds.has(ref), JSON.stringify(resource)).toBe(true);
    }
    const secret = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('secretsmanager:')));
    expect(actionsOf(secret)).toContain('secretsmanager:GetSecretValue');
    expect(secret.flatMap((s) => asList(s.Resource))).toEqual([{ Ref: logicalIdOf('AWS::SecretsManager::Secret', () => true) }]);
  });
});

describe('doorbell-device API', () => {
  it('is the same bundle behind an IAM-authenticated function URL, with CORS for the hosted pages and the extra page origins (SigV4 headers)', () => {
    const device = json.Resources[deviceFunctionId()].Properties;
    const skill = json.Resources[skillFunctionId()].Properties;
    expect(device.Code).toEqual(skill.Code);
    expect(json.Resources[urlIdOf(deviceFunctionId())].Properties.AuthType).toBe('AWS_IAM');
    const { call } = corsCallOf(deviceFunctionId());
    expect(call.parameters.Cors).toEqual({
      AllowOrigins: [cloudFrontOrigin(), ...PAGE_ORIGINS],
      AllowMethods: ['GET', 'PUT', 'POST'],
      AllowHeaders: expect.arrayContaining(['authorization', 'x-amz-date', 'x-amz-security-token']),
      MaxAge: 3600,
    });
  });

  it("names the three page roles by ARN (it tells a caller's role by it), and has no KVS or STS rights at all", () => {
    const env = json.Resources[deviceFunctionId()].Properties.Environment.Variables;
    expect(env).toMatchObject({ CAMERA_ROLE_ARN: roleArnOf(cameraRoleId()), BUTTON_ROLE_ARN: roleArnOf(buttonRoleId()), VIEWER_ROLE_ARN: roleArnOf(viewerRoleId()) });
    expect(env).not.toHaveProperty('DEVICE_ROLE_NAME');
    const actions = actionsOf(statementsOfRole(roleIdOf(deviceFunctionId())));
    expect(actions.filter((a) => a.startsWith('kinesisvideo:') || a.startsWith('sts:'))).toEqual([]);
    expect(actions).toContain('secretsmanager:GetSecretValue');
  });
});

describe('page roles', () => {
  const trust = (roleId: string) => json.Resources[roleId].Properties.AssumeRolePolicyDocument.Statement;
  const pageRoleIds = () => [cameraRoleId(), buttonRoleId(), viewerRoleId()];
  const kvsOf = (roleId: string) => statementsOfRole(roleId).filter((s) => actionsOf([s]).some((a) => a.startsWith('kinesisvideo:')));
  const CHANNEL_COMMON = ['kinesisvideo:DescribeSignalingChannel', 'kinesisvideo:GetSignalingChannelEndpoint', 'kinesisvideo:GetIceServerConfig'];
  const DEVICE_API_URL_INVOKE = ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction'];

  it("are assumed by the access API's function only, with a session named after a configured doorbell, for at most an hour", () => {
    for (const roleId of pageRoleIds()) {
      const [statement, ...rest] = trust(roleId);
      expect(rest).toEqual([]);
      expect(statement.Action).toBe('sts:AssumeRole');
      expect(statement.Principal).toEqual({ AWS: roleArnOf(roleIdOf(accessFunctionId())) });
      expect(statement.Condition).toEqual({ StringEquals: { 'sts:RoleSessionName': DOORBELLS.map((d) => d.endpointId) } });
      expect(json.Resources[roleId].Properties.MaxSessionDuration).toBe(3600);
    }
  });

  it("match the design's table: camera master and viewer viewer of their channel, the button no KVS at all, all three the device API", () => {
    const actionSet = (roleId: string) => new Set(actionsOf(statementsOfRole(roleId)));
    expect(actionSet(cameraRoleId())).toEqual(new Set(['kinesisvideo:ConnectAsMaster', ...CHANNEL_COMMON, ...DEVICE_API_URL_INVOKE]));
    expect(actionSet(viewerRoleId())).toEqual(new Set(['kinesisvideo:ConnectAsViewer', ...CHANNEL_COMMON, ...DEVICE_API_URL_INVOKE]));
    expect(actionSet(buttonRoleId())).toEqual(new Set(DEVICE_API_URL_INVOKE));
    expect(kvsOf(buttonRoleId())).toEqual([]);
  });

  it("give the camera and the viewer their KVS rights on a doorbell's channel only for that doorbell's session", () => {
    for (const [roleId, connect] of [[cameraRoleId(), 'kinesisvideo:ConnectAsMaster'], [viewerRoleId(), 'kinesisvideo:ConnectAsViewer']] as const) {
      const kvs = kvsOf(roleId);
      expect(kvs).toHaveLength(DOORBELLS.length);
      for (const doorbell of DOORBELLS) {
        const channel = channelId(doorbell.channelName ?? `doorbell-${doorbell.endpointId}`);
        const statement = kvs.find((s) => s.Resource['Fn::GetAtt']?.[0] === channel)!;
        expect(statement, doorbell.endpointId).toBeDefined();
        expect(asList(statement.Action)).toContain(connect);
        expect(statement.Condition).toEqual({
          StringEquals: { 'aws:userid': { 'Fn::Join': [':', [{ 'Fn::GetAtt': [roleId, 'RoleId'] }, doorbell.endpointId]] } },
        });
      }
    }
  });

  it('let every page role call the device API through its function URL only', () => {
    for (const roleId of pageRoleIds()) {
      const lambdaStatements = statementsOfRole(roleId).filter((s) => actionsOf([s]).some((a) => a.startsWith('lambda:')));
      expect(new Set(actionsOf(lambdaStatements))).toEqual(new Set(DEVICE_API_URL_INVOKE));
      for (const statement of lambdaStatements) {
        expect(statement.Resource).toEqual({ 'Fn::GetAtt': [deviceFunctionId(), 'Arn'] });
        expect(statement.Condition).toBeDefined();
      }
    }
  });
});

describe('device access API', () => {
  it('is the same bundle behind its own function URL without SigV4, with CORS for the page origins (POST, JSON, bearer)', () => {
    expect(json.Resources[accessFunctionId()].Properties.Code).toEqual(json.Resources[skillFunctionId()].Properties.Code);
    expect(json.Resources[urlIdOf(accessFunctionId())].Properties.AuthType).toBe('NONE');
    const { call } = corsCallOf(accessFunctionId());
    expect(call.parameters.Cors).toEqual({ AllowOrigins: [cloudFrontOrigin(), ...PAGE_ORIGINS], AllowMethods: ['POST'], AllowHeaders: ['authorization', 'content-type'], MaxAge: 3600 });
  });

  it('is the only function anyone may invoke unsigned, through its function URL only', () => {
    const open = resources('AWS::Lambda::Permission').filter(([, r]) => r.Properties.Principal === '*');
    expect(open.length).toBeGreaterThan(0);
    for (const [, permission] of open) {
      expect(permission.Properties.FunctionName).toEqual({ 'Fn::GetAtt': [accessFunctionId(), 'Arn'] });
      expect(permission.Properties.FunctionUrlAuthType === 'NONE' || permission.Properties.InvokedViaFunctionUrl === true, JSON.stringify(permission)).toBe(true);
    }
  });

  it('caps its concurrency, the backstop of its rate limit', () => {
    expect(json.Resources[accessFunctionId()].Properties.ReservedConcurrentExecutions).toBe(DEFAULT_ACCESS_API_CONCURRENCY);
  });

  it('may assume the three page roles and nothing else, and names them and the setup client', () => {
    const statements = statementsOfRole(roleIdOf(accessFunctionId()));
    const sts = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('sts:')));
    expect(sts).toHaveLength(1);
    expect(asList(sts[0]!.Action)).toEqual(['sts:AssumeRole']);
    expect(new Set(asList(sts[0]!.Resource).map((r) => JSON.stringify(r)))).toEqual(new Set([cameraRoleId(), buttonRoleId(), viewerRoleId()].map((id) => JSON.stringify(roleArnOf(id)))));
    const env = json.Resources[accessFunctionId()].Properties.Environment.Variables;
    expect(env).toMatchObject({
      CAMERA_ROLE_ARN: roleArnOf(cameraRoleId()),
      BUTTON_ROLE_ARN: roleArnOf(buttonRoleId()),
      VIEWER_ROLE_ARN: roleArnOf(viewerRoleId()),
      SETUP_CLIENT_ID: TEST_LINKING_CLIENT_ID,
    });
    // PKCE: the sign-in needs no client secret, and the access API has none of the skill's.
    expect(actionsOf(statements).filter((a) => a.startsWith('secretsmanager:') || a.startsWith('kinesisvideo:'))).toEqual([]);
    expect(env).not.toHaveProperty('LWA_CLIENT_SECRET_ARN');
  });

  it('writes the devices and setup tables and only reads the doorbells and snapshot links tables', () => {
    const dynamo = statementsOfRole(roleIdOf(accessFunctionId())).filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
    const tableOf = (resource: Json): string => resource['Fn::GetAtt']?.[0] ?? resource['Fn::Join']?.[1]?.[0]?.['Fn::GetAtt']?.[0];
    const touched = new Set(dynamo.flatMap((s) => asList<Json>(s.Resource)).map(tableOf));
    expect(touched).toEqual(new Set([tableIdFor(DEVICES_TABLE), tableIdFor(SETUP_TABLE), tableIdFor(DOORBELLS_TABLE), tableIdFor(SNAPSHOT_LINKS_TABLE)]));
    for (const statement of dynamo) {
      if (asList<Json>(statement.Resource).some((r) => tableOf(r) === tableIdFor(DOORBELLS_TABLE))) {
        expect(asList<string>(statement.Action).every((a) => ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'].includes(a)), JSON.stringify(statement)).toBe(true);
      }
    }
    expect(actionsOf(dynamo)).not.toContain('dynamodb:Scan');
  });
});

describe('health check', () => {
  const scheduleOf = () => resources('AWS::Scheduler::Schedule');

  it('runs every minute from EventBridge Scheduler, invoking the health check function', () => {
    const [schedule, ...rest] = scheduleOf();
    expect(rest).toEqual([]);
    const props = schedule![1].Properties;
    expect(props.ScheduleExpression).toBe('rate(1 minute)');
    expect(props.State).toBe('ENABLED');
    expect(props.Target.Arn).toEqual({ 'Fn::GetAtt': [healthFunctionId(), 'Arn'] });
    expect(props.Target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 0 });
  });

  it("runs as a role trusted by the scheduler only, which may invoke the health check and nothing else", () => {
    const roleId = scheduleOf()[0]![1].Properties.Target.RoleArn['Fn::GetAtt'][0];
    const [trusted] = json.Resources[roleId].Properties.AssumeRolePolicyDocument.Statement;
    expect(trusted.Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
    const statements = statementsOfRole(roleId);
    expect(actionsOf(statements)).toEqual(['lambda:InvokeFunction']);
    for (const resource of statements.flatMap((s) => asList<Json>(s.Resource))) expect(JSON.stringify(resource)).toContain(healthFunctionId());
  });

  it("reads every doorbell and the owners' tokens, may refresh them, and is told the skill's LWA client", () => {
    const statements = statementsOfRole(roleIdOf(healthFunctionId()));
    const scan = statements.filter((s) => actionsOf([s]).includes('dynamodb:Scan'));
    expect(scan.flatMap((s) => asList(s.Resource))).toEqual([{ 'Fn::GetAtt': [tableIdFor(DOORBELLS_TABLE), 'Arn'] }]);
    expect(actionsOf(statements)).toContain('secretsmanager:GetSecretValue');
    expect(actionsOf(statements).filter((a) => a.startsWith('kinesisvideo:') || a.startsWith('sts:'))).toEqual([]);
    const env = json.Resources[healthFunctionId()].Properties.Environment.Variables;
    expect(env.LWA_CLIENT_ID).toBe(TEST_LWA_CLIENT_ID);
    expect(env.LWA_CLIENT_SECRET_ARN).toEqual({ Ref: logicalIdOf('AWS::SecretsManager::Secret', () => true) });
  });
});

describe('hosted pages', () => {
  const bucketId = pagesBucketId;
  const headersPolicy = () => json.Resources[logicalIdOf('AWS::CloudFront::ResponseHeadersPolicy', () => true)].Properties.ResponseHeadersPolicyConfig;
  const csp = () => new Map(text(headersPolicy().SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy).split('; ').map((d) => {
    const [name, ...sources] = d.split(' ');
    return [name!, sources];
  }));

  it('keeps the pages in a private, encrypted bucket that is no website and refuses plain HTTP', () => {
    const bucket = json.Resources[bucketId()].Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket).not.toHaveProperty('WebsiteConfiguration');
    const policy = bucketPolicyOf(bucketId());
    const deny = policy.Properties.PolicyDocument.Statement.filter((s: Json) => s.Effect === 'Deny');
    expect(deny).toEqual([expect.objectContaining({ Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
  });

  it('lets only CloudFront read the bucket, and only for this distribution', () => {
    const allows = bucketPolicyOf(bucketId()).Properties.PolicyDocument.Statement.filter((s: Json) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(allows[0].Action).toBe('s3:GetObject');
    expect(text(allows[0].Condition.StringEquals['AWS:SourceArn'])).toBe(`arn:{AWS::Partition}:cloudfront::{AWS::AccountId}:distribution/{${distributionId()}}`);
  });

  it('serves them through CloudFront with origin access control, HTTPS only, the setup page at the root', () => {
    const config = json.Resources[distributionId()].Properties.DistributionConfig;
    expect(config.Origins).toHaveLength(1);
    const [origin] = config.Origins;
    expect(origin.DomainName).toEqual({ 'Fn::GetAtt': [bucketId(), 'RegionalDomainName'] });
    expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    const oac = json.Resources[origin.OriginAccessControlId['Fn::GetAtt'][0]].Properties.OriginAccessControlConfig;
    expect(oac).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    expect(config.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] });
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: logicalIdOf('AWS::CloudFront::ResponseHeadersPolicy', () => true) });
    expect(config.DefaultRootObject).toBe('setup.html');
    expect(config).not.toHaveProperty('Aliases');
  });

  it('sends HSTS, no referrer, no sniffing and no framing with every page', () => {
    const security = headersPolicy().SecurityHeadersConfig;
    expect(security.StrictTransportSecurity).toMatchObject({ IncludeSubdomains: true, Override: true });
    expect(security.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(365 * 24 * 3600);
    expect(security.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
    expect(security.ContentTypeOptions).toEqual({ Override: true });
    expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
  });

  it('sends a strict Content-Security-Policy: own scripts only, connections to the two APIs, KVS and the snapshots bucket only, no framing', () => {
    const directives = csp();
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual([
      "'self'",
      apiOriginOf(deviceFunctionId()),
      apiOriginOf(accessFunctionId()),
      'https://kinesisvideo.{AWS::Region}.amazonaws.com',
      'https://*.kinesisvideo.{AWS::Region}.amazonaws.com',
      'wss://*.kinesisvideo.{AWS::Region}.amazonaws.com',
      `https://{${snapshotsBucketId()}.RegionalDomainName}`,
    ]);
    expect(directives.get('media-src')).toEqual(["'self'", 'blob:']);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:', `https://{${snapshotsBucketId()}.RegionalDomainName}`]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'self'", 'https://www.amazon.com']);
    expect(text(headersPolicy().SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy)).not.toMatch(/unsafe-|\*\.amazonaws\.com|https:\/\/\*[ ;]/);
  });

  it('deploys the built pages and a site-config.json of the stack\'s values, with no invalidation', () => {
    const [, deployment] = resources('Custom::CDKBucketDeployment')[0]!;
    const props = deployment.Properties;
    expect(props.DestinationBucketName).toEqual({ Ref: bucketId() });
    expect(props.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
    expect(props).not.toHaveProperty('DistributionId');
    // The site config: the one source with deploy-time values, read from the cloud assembly.
    const index = (props.SourceMarkers as Json[]).findIndex((m) => Object.keys(m).length > 0);
    const assetDir = path.join(app.outdir, `asset.${String(props.SourceObjectKeys[index]).replace(/\.zip$/, '')}`);
    let siteConfig = readFileSync(path.join(assetDir, 'site-config.json'), 'utf8');
    for (const [marker, value] of Object.entries(props.SourceMarkers[index] as Json)) siteConfig = siteConfig.split(marker).join(text(value));
    expect(JSON.parse(siteConfig)).toEqual({
      region: '{AWS::Region}',
      deviceApiUrl: apiOriginOf(deviceFunctionId()),
      accessApiUrl: apiOriginOf(accessFunctionId()),
      deviceApiSigning: { region: '{AWS::Region}', service: 'lambda' },
      signIn: { authorizeUrl: 'https://www.amazon.com/ap/oa', clientId: TEST_LINKING_CLIENT_ID, scope: 'profile' },
    });
    const pagesSource = path.join(app.outdir, `asset.${String(props.SourceObjectKeys[1 - index]).replace(/\.zip$/, '')}`);
    expect(existsSync(path.join(pagesSource, 'camera.html'))).toBe(true);
  });

  it("copies the pages under a role that may write the pages bucket and read the CDK's asset bucket, nothing else", () => {
    const handlerId = logicalIdOf('AWS::Lambda::Function', (p) => String(p.Runtime).startsWith('python'));
    const statements = statementsOfRole(roleIdOf(handlerId));
    const logGroupId = json.Resources[handlerId].Properties.LoggingConfig.LogGroup.Ref;
    for (const resource of statements.flatMap((s) => asList<Json>(s.Resource))) {
      expect(text(resource), JSON.stringify(resource)).toMatch(new RegExp(`^(\\{${bucketId()}\\.Arn\\}(/\\*)?|arn:\\{AWS::Partition\\}:s3:::cdk-[a-z0-9]+-assets-.*|\\{${logGroupId}\\.Arn\\})$`));
    }
  });

  it('sets each API\'s CORS with a deploy-time call allowed on that function only', () => {
    for (const functionId of [deviceFunctionId(), accessFunctionId()]) {
      const { resourceId } = corsCallOf(functionId);
      const policyIds = asList<string>(json.Resources[resourceId].DependsOn).filter((id) => json.Resources[id].Type === 'AWS::IAM::Policy');
      expect(policyIds).toHaveLength(1);
      expect(json.Resources[policyIds[0]!].Properties.PolicyDocument.Statement).toEqual([
        { Action: 'lambda:UpdateFunctionUrlConfig', Effect: 'Allow', Resource: { 'Fn::GetAtt': [functionId, 'Arn'] } },
      ]);
      // After the function URL exists (CloudFormation would otherwise race it).
      expect(asList<string>(json.Resources[resourceId].DependsOn)).toContain(urlIdOf(functionId));
    }
  });
});

describe('snapshots', () => {
  const s3StatementsOf = (roleId: string) => statementsOfRole(roleId).filter((st) => actionsOf([st]).some((a) => a.startsWith('s3:')));
  const snapshotsPrefixArn = () => `{${snapshotsBucketId()}.Arn}/${SNAPSHOT_KEY_PREFIX}*`;

  it('keeps the pictures in a private, encrypted bucket that refuses plain HTTP and expires them after 30 days', () => {
    const bucket = json.Resources[snapshotsBucketId()].Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket).not.toHaveProperty('WebsiteConfiguration');
    expect(bucket).not.toHaveProperty('CorsConfiguration');
    expect(EVENT_RETENTION_DAYS).toBe(30);
    expect(bucket.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ Status: 'Enabled', Prefix: SNAPSHOT_KEY_PREFIX, ExpirationInDays: EVENT_RETENTION_DAYS, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
    ]);
    const statements = bucketPolicyOf(snapshotsBucketId()).Properties.PolicyDocument.Statement;
    expect(statements).toEqual([expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
  });

  it('lets the device API presign PUTs and GETs of the snapshots prefix, the access API read it, and nobody else touch it', () => {
    const device = s3StatementsOf(roleIdOf(deviceFunctionId()));
    expect(actionsOf(device).sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    const access = s3StatementsOf(roleIdOf(accessFunctionId()));
    expect(actionsOf(access)).toEqual(['s3:GetObject']);
    for (const statement of [...device, ...access]) expect(asList(statement.Resource).map(text), JSON.stringify(statement)).toEqual([snapshotsPrefixArn()]);
    for (const fn of [skillFunctionId(), healthFunctionId()]) expect(s3StatementsOf(roleIdOf(fn)), fn).toEqual([]);
    for (const role of [cameraRoleId(), buttonRoleId(), viewerRoleId()]) expect(s3StatementsOf(role), role).toEqual([]);
    for (const fn of [deviceFunctionId(), accessFunctionId()]) {
      expect(json.Resources[fn].Properties.Environment.Variables.SNAPSHOTS_BUCKET, fn).toEqual({ Ref: snapshotsBucketId() });
    }
  });

  it("points GetSnapshot's links at the access API's snapshot route; the skill writes the links, the access API only reads them", () => {
    const env = json.Resources[skillFunctionId()].Properties.Environment.Variables;
    expect(text(env.SNAPSHOT_LINK_BASE_URL)).toBe(apiOriginOf(accessFunctionId()));
    const linksTable = tableIdFor(SNAPSHOT_LINKS_TABLE);
    const onLinks = (roleId: string) =>
      statementsOfRole(roleId).filter((st) => asList<Json>(st.Resource).some((r) => JSON.stringify(r).includes(`"${linksTable}"`)));
    expect(actionsOf(onLinks(roleIdOf(accessFunctionId())))).toEqual(['dynamodb:GetItem']);
    expect(actionsOf(onLinks(roleIdOf(skillFunctionId())))).toContain('dynamodb:PutItem');
    expect(onLinks(roleIdOf(deviceFunctionId()))).toEqual([]);
    const events = tableIdFor(EVENTS_TABLE);
    const onEvents = (roleId: string) => statementsOfRole(roleId).filter((st) => asList<Json>(st.Resource).some((r) => JSON.stringify(r).includes(`"${events}"`)));
    expect(actionsOf(onEvents(roleIdOf(deviceFunctionId())))).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    for (const fn of [skillFunctionId(), accessFunctionId(), healthFunctionId()]) expect(onEvents(roleIdOf(fn)), fn).toEqual([]);
  });

  it("sets the bucket's CORS for the page origins (the camera's PUT, the viewer's GET) with a deploy-time call allowed on that bucket only", () => {
    const calls = resources('Custom::AWS')
      .map(([id, r]) => ({ id, resource: r, call: JSON.parse(text(r.Properties.Create)) as Json }))
      .filter(({ call }) => call.action === 'putBucketCors');
    expect(calls).toHaveLength(1);
    const [{ id, resource, call }] = calls as [{ id: string; resource: Json; call: Json }];
    expect(call.parameters.Bucket).toBe(`{${snapshotsBucketId()}}`);
    expect(call.parameters.CORSConfiguration.CORSRules).toEqual([
      { AllowedOrigins: [cloudFrontOrigin(), ...PAGE_ORIGINS], AllowedMethods: ['PUT', 'GET'], AllowedHeaders: ['content-type'], MaxAgeSeconds: 3600 },
    ]);
    const policyIds = asList<string>(resource.DependsOn).filter((dep) => json.Resources[dep].Type === 'AWS::IAM::Policy');
    expect(policyIds, id).toHaveLength(1);
    expect(json.Resources[policyIds[0]!].Properties.PolicyDocument.Statement).toEqual([
      { Action: 's3:PutBucketCORS', Effect: 'Allow', Resource: { 'Fn::GetAtt': [snapshotsBucketId(), 'Arn'] } },
    ]);
  });
});

describe('least privilege across the template', () => {
  it('has no IAM statement anywhere with Resource "*" or Action "*"', () => {
    const statements: Json[] = [];
    for (const [, r] of Object.entries(json.Resources as Json)) {
      if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') statements.push(...r.Properties.PolicyDocument.Statement);
      if (r.Type === 'AWS::IAM::Role') for (const p of r.Properties.Policies ?? []) statements.push(...p.PolicyDocument.Statement);
    }
    // The four functions, the three page roles, the scheduler and the registry seed each have one.
    expect(statements.length).toBeGreaterThanOrEqual(9);
    for (const statement of statements) {
      expect(asList(statement.Resource), JSON.stringify(statement)).not.toContain('*');
      expect(asList(statement.Action), JSON.stringify(statement)).not.toContain('*');
      expect(statement.NotResource, JSON.stringify(statement)).toBeUndefined();
    }
  });

  it('attaches no managed policy: every function may write only to its own log group', () => {
    for (const [, role] of resources('AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const functions = resources('AWS::Lambda::Function');
    // skill, device API, access API, health check, the deploy-time AWS calls' provider, the pages' copy
    expect(functions).toHaveLength(6);
    for (const [id, fn] of functions) {
      const logStatements = statementsOfRole(roleIdOf(id)).filter((s) => actionsOf([s]).some((a) => a.startsWith('logs:')));
      expect(logStatements.flatMap((s) => asList(s.Resource)), id).toEqual([{ 'Fn::GetAtt': [fn.Properties.LoggingConfig.LogGroup.Ref, 'Arn'] }]);
    }
  });

  it('seeds the registry with a custom resource allowed to touch only the doorbells table', () => {
    const doorbellsTable = tableIdFor(DOORBELLS_TABLE);
    const seeds = resources('Custom::AWS').filter(([id]) => id.startsWith('RegistrySeed'));
    expect(seeds).toHaveLength(DOORBELLS.length);
    const create = JSON.stringify(seeds.map(([, r]) => r.Properties.Create));
    expect(create).toContain('alice@example.com'); // owner emails are stored lower-cased
    expect(create).toContain('garden_gate');
    const seedPolicies = resources('AWS::IAM::Policy').filter(([id]) => id.startsWith('RegistrySeed') && id.includes('CustomResourcePolicy'));
    expect(seedPolicies.length).toBeGreaterThan(0);
    for (const [, policy] of seedPolicies) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        expect(statement.Resource).toEqual({ 'Fn::GetAtt': [doorbellsTable, 'Arn'] });
      }
    }
  });
});

describe('secrets', () => {
  it('creates the client secret with a generated placeholder, never a value from the template', () => {
    const [, secret] = resources('AWS::SecretsManager::Secret')[0]!;
    expect(secret.Properties.GenerateSecretString).toBeDefined();
    expect(secret.Properties).not.toHaveProperty('SecretString');
  });

  it('holds no client secret in plain text anywhere in the template', () => {
    const text = JSON.stringify(json);
    const leaks = [
      /"SecretString"\s*:/, // a secret value set in the template
      /amzn1\.oa2-cs\./, // the shape of LWA client secrets
      /"LWA_CLIENT_SECRET"/, // the plain-text variable of local runs
      /"clientSecret"/i,
    ].filter((pattern) => pattern.test(text));
    expect(leaks).toEqual([]);
  });
});

describe('logs and alarms', () => {
  it('keeps every function log group for 30 days without the log-retention custom resource', () => {
    expect(resources('Custom::LogRetention')).toEqual([]);
    for (const [, fn] of resources('AWS::Lambda::Function')) {
      const logGroupId = fn.Properties.LoggingConfig?.LogGroup?.Ref;
      expect(logGroupId, 'each function logs to an explicit log group').toBeDefined();
      expect(json.Resources[logGroupId].Properties.RetentionInDays).toBe(30);
    }
  });

  it('counts slow InitiateSessionWithOffer answers from the skill logs and alarms on them', () => {
    const filterId = logicalIdOf('AWS::Logs::MetricFilter', (p) => String(p.FilterPattern).includes('InitiateSessionWithOffer'));
    const filter = json.Resources[filterId].Properties;
    expect(filter.FilterPattern).toMatch(/\$\.elapsedMs > 3000/);
    // The name the skill's router logs: namespace and name.
    expect(filter.FilterPattern).toContain('$.directive = "Alexa.RTCSessionController.InitiateSessionWithOffer"');
    expect(filter.LogGroupName).toEqual({ Ref: json.Resources[skillFunctionId()].Properties.LoggingConfig.LogGroup.Ref });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: filter.MetricTransformations[0].MetricName,
      Namespace: filter.MetricTransformations[0].MetricNamespace,
      Threshold: 1,
      AlarmActions: [{ Ref: logicalIdOf('AWS::SNS::Topic', () => true) }],
    });
  });

  it('alarms on the errors of every function of the bundle: failed invocations and error logs', () => {
    const alarms = resources('AWS::CloudWatch::Alarm');
    for (const [functionId, logMetric] of [
      [skillFunctionId(), 'SkillErrorLogs'],
      [deviceFunctionId(), 'DeviceApiErrorLogs'],
      [accessFunctionId(), 'AccessApiErrorLogs'],
      [healthFunctionId(), 'HealthCheckErrorLogs'],
    ] as const) {
      const alarm = alarms.find(([, r]) => JSON.stringify(r.Properties.Metrics ?? []).includes(`"${functionId}"`));
      expect(alarm, functionId).toBeDefined();
      expect(JSON.stringify(alarm![1].Properties.Metrics)).toContain(logMetric);
      const filter = logicalIdOf('AWS::Logs::MetricFilter', (p) => p.MetricTransformations[0].MetricName === logMetric);
      expect(json.Resources[filter].Properties.LogGroupName).toEqual({ Ref: json.Resources[functionId].Properties.LoggingConfig.LogGroup.Ref });
    }
  });

  it("alarms on the skill's errors: failed invocations and error logs", () => {
    const alarm = resources('AWS::CloudWatch::Alarm').find(([, r]) => JSON.stringify(r.Properties.Metrics ?? []).includes(skillFunctionId()));
    expect(alarm).toBeDefined();
    const metrics = JSON.stringify(alarm![1].Properties.Metrics);
    expect(metrics).toContain('"MetricName":"Errors"');
    expect(metrics).toContain('SkillErrorLogs');
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'alerts@example.com' });
  });
});

describe('deployment guard rails and outputs', () => {
  it('refuses at deploy time a region Alexa does not invoke skills in', () => {
    const rule = json.Rules.AlexaRegion.Assertions[0].Assert['Fn::Contains'];
    expect(rule[0]).toEqual(['us-east-1', 'eu-west-1', 'us-west-2']);
    expect(rule[1]).toEqual({ Ref: 'AWS::Region' });
  });

  it('declares every output that camera-url and fill-skill-package read', () => {
    for (const key of Object.values(OUTPUT)) expect(Object.keys(json.Outputs), key).toContain(key);
    expect(json.Outputs[OUTPUT.skillFunctionArn].Value).toEqual({ 'Fn::GetAtt': [skillFunctionId(), 'Arn'] });
    expect(json.Outputs[OUTPUT.linkingClientId].Value).toBe(TEST_LINKING_CLIENT_ID);
    expect(text(json.Outputs[OUTPUT.pageOrigin].Value)).toBe(cloudFrontOrigin());
    expect(text(json.Outputs[OUTPUT.setupPageUrl].Value)).toBe(`${cloudFrontOrigin()}/setup.html`);
    expect(JSON.stringify(json.Outputs[OUTPUT.doorbells].Value)).toContain(channelId('gate-channel'));
  });
});
