import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOORBELLS_TABLE, SESSIONS_TABLE, TABLES, USERS_TABLE } from '../../contracts/tables.js';
import { defineDoorbellApp } from './app.js';
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
let template: Template;
let json: Json;

beforeAll(() => {
  fixture = synthFixture(DOORBELLS);
  const app = new App({
    context: {
      bundleDir: fixture.bundleDir,
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
const roleIdOf = (functionId: string): string => json.Resources[functionId].Properties.Role['Fn::GetAtt'][0];
const roleIdByDescription = (text: string) => logicalIdOf('AWS::IAM::Role', (p) => typeof p.Description === 'string' && p.Description.startsWith(text));

/** Every statement of every identity policy attached to a role (inline policies and AWS::IAM::Policy). */
function statementsOfRole(roleId: string): Json[] {
  const inline = (json.Resources[roleId].Properties.Policies ?? []).flatMap((p: Json) => p.PolicyDocument.Statement);
  const attached = resources('AWS::IAM::Policy')
    .filter(([, r]) => (r.Properties.Roles ?? []).some((ref: Json) => ref.Ref === roleId))
    .flatMap(([, r]) => r.Properties.PolicyDocument.Statement);
  return [...inline, ...attached];
}
const asList = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
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
  it('defines every shared table from contracts/tables.ts: on demand, encrypted, with point-in-time recovery', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', TABLES.length);
    for (const definition of TABLES) {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [{ AttributeName: definition.partitionKey, KeyType: 'HASH' }],
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

  it('passes each table name to both functions under the env var the skill reads', () => {
    const tableIdFor = (pk: string) => logicalIdOf('AWS::DynamoDB::Table', (p) => p.KeySchema[0].AttributeName === pk);
    for (const fn of [skillFunctionId(), deviceFunctionId()]) {
      const env = json.Resources[fn].Properties.Environment.Variables;
      for (const definition of [USERS_TABLE, DOORBELLS_TABLE, SESSIONS_TABLE]) {
        expect(env[definition.envVar]).toEqual({ Ref: tableIdFor(definition.partitionKey) });
      }
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
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', {
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
  it('is the same bundle behind an IAM-authenticated function URL with CORS for the page origins', () => {
    const device = json.Resources[deviceFunctionId()].Properties;
    const skill = json.Resources[skillFunctionId()].Properties;
    expect(device.Code).toEqual(skill.Code);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'AWS_IAM',
      TargetFunctionArn: { 'Fn::GetAtt': [deviceFunctionId(), 'Arn'] },
      Cors: Match.objectLike({ AllowOrigins: PAGE_ORIGINS, AllowHeaders: Match.arrayWith(['authorization', 'x-amz-date', 'x-amz-security-token']) }),
    });
  });

  it('names the camera role whose sessions it accepts, and has no KVS rights at all', () => {
    const env = json.Resources[deviceFunctionId()].Properties.Environment.Variables;
    expect(env.DEVICE_ROLE_NAME).toEqual({ Ref: roleIdByDescription('Doorbell camera page') });
    const actions = actionsOf(statementsOfRole(roleIdOf(deviceFunctionId())));
    expect(actions.filter((a) => a.startsWith('kinesisvideo:'))).toEqual([]);
    expect(actions).toContain('secretsmanager:GetSecretValue');
  });
});

describe('page roles', () => {
  const trust = (roleId: string) => json.Resources[roleId].Properties.AssumeRolePolicyDocument.Statement;

  it('let only sessions named after a configured doorbell be started, for at most 12 hours', () => {
    for (const roleId of [roleIdByDescription('Doorbell camera page'), roleIdByDescription('Doorbell viewer page')]) {
      const [statement, ...rest] = trust(roleId);
      expect(rest).toEqual([]);
      expect(statement.Action).toBe('sts:AssumeRole');
      expect(JSON.stringify(statement.Principal)).toContain(':root');
      expect(statement.Condition).toEqual({ StringEquals: { 'sts:RoleSessionName': DOORBELLS.map((d) => d.endpointId) } });
      expect(json.Resources[roleId].Properties.MaxSessionDuration).toBe(12 * 3600);
    }
  });

  it("give the camera KVS master rights on a doorbell's channel only to that doorbell's session", () => {
    const roleId = roleIdByDescription('Doorbell camera page');
    const kvs = statementsOfRole(roleId).filter((s) => actionsOf([s]).some((a) => a.startsWith('kinesisvideo:')));
    expect(kvs).toHaveLength(DOORBELLS.length);
    for (const doorbell of DOORBELLS) {
      const channel = channelId(doorbell.channelName ?? `doorbell-${doorbell.endpointId}`);
      const statement = kvs.find((s) => s.Resource['Fn::GetAtt']?.[0] === channel)!;
      expect(statement, doorbell.endpointId).toBeDefined();
      expect(asList(statement.Action)).toContain('kinesisvideo:ConnectAsMaster');
      expect(asList(statement.Action)).not.toContain('kinesisvideo:SendAlexaOfferToMaster');
      expect(statement.Condition).toEqual({
        StringEquals: { 'aws:userid': { 'Fn::Join': [':', [{ 'Fn::GetAtt': [roleId, 'RoleId'] }, doorbell.endpointId]] } },
      });
    }
  });

  it('let the camera call the device API through its function URL only', () => {
    const lambdaStatements = statementsOfRole(roleIdByDescription('Doorbell camera page')).filter((s) => actionsOf([s]).some((a) => a.startsWith('lambda:')));
    expect(new Set(actionsOf(lambdaStatements))).toEqual(new Set(['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction']));
    for (const statement of lambdaStatements) {
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [deviceFunctionId(), 'Arn'] });
      expect(statement.Condition).toBeDefined();
    }
  });

  it('give the viewer KVS viewer rights and nothing of the device API', () => {
    const actions = actionsOf(statementsOfRole(roleIdByDescription('Doorbell viewer page')));
    expect(actions).toContain('kinesisvideo:ConnectAsViewer');
    expect(actions).not.toContain('kinesisvideo:ConnectAsMaster');
    expect(actions.some((a) => a.startsWith('lambda:'))).toBe(false);
  });
});

describe('least privilege across the template', () => {
  it('has no IAM statement anywhere with Resource "*" or Action "*"', () => {
    const statements: Json[] = [];
    for (const [, r] of Object.entries(json.Resources as Json)) {
      if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') statements.push(...r.Properties.PolicyDocument.Statement);
      if (r.Type === 'AWS::IAM::Role') for (const p of r.Properties.Policies ?? []) statements.push(...p.PolicyDocument.Statement);
    }
    // The skill, the device API, the camera, the viewer and the registry seed each have one.
    expect(statements.length).toBeGreaterThanOrEqual(5);
    for (const statement of statements) {
      expect(asList(statement.Resource), JSON.stringify(statement)).not.toContain('*');
      expect(asList(statement.Action), JSON.stringify(statement)).not.toContain('*');
      expect(statement.NotResource, JSON.stringify(statement)).toBeUndefined();
    }
  });

  it('attaches no managed policy: every function may write only to its own log group', () => {
    for (const [, role] of resources('AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const functions = resources('AWS::Lambda::Function');
    expect(functions).toHaveLength(3); // skill, device API, registry-seed provider
    for (const [id, fn] of functions) {
      const logStatements = statementsOfRole(roleIdOf(id)).filter((s) => actionsOf([s]).some((a) => a.startsWith('logs:')));
      expect(logStatements.flatMap((s) => asList(s.Resource)), id).toEqual([{ 'Fn::GetAtt': [fn.Properties.LoggingConfig.LogGroup.Ref, 'Arn'] }]);
    }
  });

  it('seeds the registry with a custom resource allowed to touch only the doorbells table', () => {
    const doorbellsTable = logicalIdOf('AWS::DynamoDB::Table', (p) => p.KeySchema[0].AttributeName === DOORBELLS_TABLE.partitionKey);
    const seeds = resources('Custom::AWS');
    expect(seeds).toHaveLength(DOORBELLS.length);
    const create = JSON.stringify(seeds.map(([, r]) => r.Properties.Create));
    expect(create).toContain('alice@example.com'); // owner emails are stored lower-cased
    expect(create).toContain('garden_gate');
    const seedPolicies = resources('AWS::IAM::Policy').filter(([id]) => id.includes('CustomResourcePolicy'));
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
    expect(json.Outputs[OUTPUT.pageOrigin].Value).toBe(PAGE_ORIGINS[0]);
    expect(JSON.stringify(json.Outputs[OUTPUT.doorbells].Value)).toContain(channelId('gate-channel'));
  });
});
