/**
 * The two Lambda functions made from the one skill bundle (dist/lambda/index.mjs):
 * - the skill (`index.handler`), invoked by Alexa Smart Home for directives;
 * - the doorbell-device API (`index.deviceHandler`) behind an IAM-authenticated function URL,
 *   called by the camera and the doorbell page. It gets no KVS rights at all.
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SKILL_VARIABLES, skillEnvironment } from '../../../contracts/skill-config.js';
import { DOORBELLS_TABLE, SESSIONS_TABLE, USERS_TABLE } from '../../../contracts/tables.js';
import { functionRole } from './function-role.js';
import type { SkillTables } from './skill-tables.js';

/** The skill's answer deadline (its ANSWER_DEADLINE_MS, left at the default); the Lambda's timeout must sit above it. */
export const ANSWER_DEADLINE_MS = SKILL_VARIABLES.answerDeadlineMs.default;
/**
 * Above the answer deadline (so the skill always gets to send its own ENDPOINT_UNREACHABLE)
 * and below Alexa's ~8 s budget (so a stuck invocation is cut before Alexa gives up on it).
 */
export const SKILL_TIMEOUT = Duration.seconds(7);
/**
 * Lambda gives CPU in proportion to memory; at 1024 MB the bundle's cold start (module parse,
 * SDK client setup, the first TLS handshakes) is several times faster than at 128 MB, and a
 * cold start eats into the 4 s answer deadline. The skill itself needs far less memory.
 */
export const SKILL_MEMORY_MB = 1024;
/**
 * A press may refresh the LWA token and retry the event gateway once: several HTTP round trips.
 * The press waits up to 9 s for a slow LWA refresh rather than abandon it (LWA retires the old
 * refresh token when it issues a new one), so a Lambda cut off mid-refresh could lose the grant:
 * leave room for the worst case.
 */
export const DEVICE_API_TIMEOUT = Duration.seconds(25);
export const DEVICE_API_MEMORY_MB = 512;

/** Amazon's Alexa Smart Home service principal, the trigger of smart-home skill Lambdas. */
export const ALEXA_SMART_HOME_PRINCIPAL = 'alexa-connectedhome.amazon.com';

/**
 * What the skill does with its tables: item reads and conditional writes, and queries on the
 * GSIs. No Scan (it would read every owner's doorbells), no streams, no table management.
 */
export const TABLE_DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
];

export interface SkillFunctionsProps {
  bundleDir: string;
  tables: SkillTables;
  channelArns: readonly string[];
  lwaClientId: string;
  lwaClientSecret: secretsmanager.ISecret;
  skillId: string;
  /** Origins allowed by the device API's CORS (the pages' origins). */
  pageOrigins: readonly string[];
  logRetention: logs.RetentionDays;
}

export class SkillFunctions extends Construct {
  readonly skill: lambda.Function;
  readonly skillLogGroup: logs.LogGroup;
  readonly deviceApi: lambda.Function;
  readonly deviceApiLogGroup: logs.LogGroup;
  readonly deviceApiUrl: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: SkillFunctionsProps) {
    super(scope, id);
    // One asset for both functions: the same bundle, two entry points.
    const code = lambda.Code.fromAsset(props.bundleDir);
    const common = {
      code,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
    };
    const sharedEnvironment = {
      ...skillEnvironment({
        usersTable: props.tables.get(USERS_TABLE).tableName,
        doorbellsTable: props.tables.get(DOORBELLS_TABLE).tableName,
        sessionsTable: props.tables.get(SESSIONS_TABLE).tableName,
        lwaClientId: props.lwaClientId,
        lwaClientSecretArn: props.lwaClientSecret.secretArn,
      }),
      // The bundle ships its source map: stack traces in the logs point at the TypeScript.
      NODE_OPTIONS: '--enable-source-maps',
    };

    // Explicit log groups with a retention: the functions' `logRetention` option would add a
    // custom-resource Lambda whose policy has `Resource: "*"`.
    this.skillLogGroup = new logs.LogGroup(this, 'SkillLogs', { retention: props.logRetention });
    this.skill = new lambda.Function(this, 'Skill', {
      ...common,
      description: 'Alexa video doorbell: smart-home skill (Alexa directives)',
      handler: 'index.handler',
      memorySize: SKILL_MEMORY_MB,
      timeout: SKILL_TIMEOUT,
      logGroup: this.skillLogGroup,
      role: functionRole(this, 'SkillRole', this.skillLogGroup, 'Alexa video doorbell skill function'),
      environment: { ...sharedEnvironment, ...skillEnvironment({ answerDeadlineMs: ANSWER_DEADLINE_MS }) },
    });
    this.skill.addPermission('AlexaSmartHomeTrigger', {
      principal: new iam.ServicePrincipal(ALEXA_SMART_HOME_PRINCIPAL),
      action: 'lambda:InvokeFunction',
      eventSourceToken: props.skillId,
    });
    this.skill.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'SignalDoorbellChannels',
        actions: [
          'kinesisvideo:SendAlexaOfferToMaster',
          'kinesisvideo:GetSignalingChannelEndpoint',
        ],
        resources: [...props.channelArns],
      }),
    );
    for (const table of [USERS_TABLE, DOORBELLS_TABLE, SESSIONS_TABLE]) props.tables.get(table).grant(this.skill, ...TABLE_DATA_ACTIONS);
    props.lwaClientSecret.grantRead(this.skill);

    this.deviceApiLogGroup = new logs.LogGroup(this, 'DeviceApiLogs', { retention: props.logRetention });
    this.deviceApi = new lambda.Function(this, 'DeviceApi', {
      ...common,
      description: 'Alexa video doorbell: doorbell-device API (camera heartbeat, doorbell press)',
      handler: 'index.deviceHandler',
      memorySize: DEVICE_API_MEMORY_MB,
      timeout: DEVICE_API_TIMEOUT,
      logGroup: this.deviceApiLogGroup,
      role: functionRole(this, 'DeviceApiRole', this.deviceApiLogGroup, 'Alexa video doorbell device API function'),
      environment: sharedEnvironment,
    });
    // Presses need the owner's tokens (users) and the registry (doorbells); sessions are Alexa's only.
    for (const table of [USERS_TABLE, DOORBELLS_TABLE]) props.tables.get(table).grant(this.deviceApi, ...TABLE_DATA_ACTIONS);
    props.lwaClientSecret.grantRead(this.deviceApi);
    this.deviceApiUrl = this.deviceApi.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.AWS_IAM,
      cors: {
        allowedOrigins: [...props.pageOrigins],
        allowedMethods: [lambda.HttpMethod.GET, lambda.HttpMethod.PUT, lambda.HttpMethod.POST],
        // What a SigV4-signed browser request carries.
        allowedHeaders: ['authorization', 'content-type', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'],
        maxAge: Duration.hours(1),
      },
    });
  }
}
