/**
 * The skill's two functions of the one bundle (dist/lambda/index.mjs):
 * - the skill (`index.handler`), invoked by Alexa Smart Home for directives;
 * - the doorbell-device API (`index.deviceHandler`) behind an IAM-authenticated function URL,
 *   called by the pages with their page role's credentials. It gets no KVS rights at all.
 * The access API and the health check are the bundle's other two (access-api.ts, health-check.ts).
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SKILL_VARIABLES, skillEnvironment } from '../../../contracts/skill-config.js';
import { DOORBELLS_TABLE, EVENTS_TABLE, SESSIONS_TABLE, SNAPSHOT_LINKS_TABLE, USERS_TABLE } from '../../../contracts/tables.js';
import { bundleFunction } from './bundle-function.js';
import type { SkillTables } from './skill-tables.js';
import type { SnapshotsBucket } from './snapshots-bucket.js';

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
  code: lambda.Code;
  tables: SkillTables;
  snapshots: SnapshotsBucket;
  channelArns: readonly string[];
  lwaClientId: string;
  lwaClientSecret: secretsmanager.ISecret;
  skillId: string;
  logRetention: logs.RetentionDays;
}

export class SkillFunctions extends Construct {
  readonly skill: lambda.Function;
  readonly skillLogGroup: logs.LogGroup;
  readonly deviceApi: lambda.Function;
  readonly deviceApiLogGroup: logs.LogGroup;
  /** IAM auth; its CORS is set by PageOriginCors, once the pages' origin exists. */
  readonly deviceApiUrl: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: SkillFunctionsProps) {
    super(scope, id);
    const linkedUserEnvironment = skillEnvironment({
      usersTable: props.tables.get(USERS_TABLE).tableName,
      doorbellsTable: props.tables.get(DOORBELLS_TABLE).tableName,
      sessionsTable: props.tables.get(SESSIONS_TABLE).tableName,
      lwaClientId: props.lwaClientId,
      lwaClientSecretArn: props.lwaClientSecret.secretArn,
    });

    const skill = bundleFunction(this, 'Skill', {
      code: props.code,
      description: 'Alexa video doorbell: smart-home skill (Alexa directives)',
      handler: 'index.handler',
      memorySize: SKILL_MEMORY_MB,
      timeout: SKILL_TIMEOUT,
      logRetention: props.logRetention,
      environment: {
        ...linkedUserEnvironment,
        ...skillEnvironment({ answerDeadlineMs: ANSWER_DEADLINE_MS, snapshotLinksTable: props.tables.get(SNAPSHOT_LINKS_TABLE).tableName }),
      },
    });
    this.skill = skill.fn;
    this.skillLogGroup = skill.logGroup;
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
    // GetSnapshot writes a link (its hash); the access API serves it.
    for (const table of [USERS_TABLE, DOORBELLS_TABLE, SESSIONS_TABLE, SNAPSHOT_LINKS_TABLE]) props.tables.get(table).grant(this.skill, ...TABLE_DATA_ACTIONS);
    props.lwaClientSecret.grantRead(this.skill);

    const deviceApi = bundleFunction(this, 'DeviceApi', {
      code: props.code,
      description: 'Alexa video doorbell: doorbell-device API (camera heartbeat, doorbell press, motion, snapshots, history)',
      handler: 'index.deviceHandler',
      memorySize: DEVICE_API_MEMORY_MB,
      timeout: DEVICE_API_TIMEOUT,
      logRetention: props.logRetention,
      environment: {
        ...linkedUserEnvironment,
        ...skillEnvironment({ eventsTable: props.tables.get(EVENTS_TABLE).tableName, snapshotsBucket: props.snapshots.bucket.bucketName }),
      },
    });
    this.deviceApi = deviceApi.fn;
    this.deviceApiLogGroup = deviceApi.logGroup;
    // Presses need the owner's tokens (users) and the registry (doorbells), presses and motion the
    // history (events); sessions are Alexa's only. The camera's PUTs and the viewer's GETs are
    // presigned here, so this role holds what those URLs may do, on the snapshots prefix only.
    for (const table of [USERS_TABLE, DOORBELLS_TABLE, EVENTS_TABLE]) props.tables.get(table).grant(this.deviceApi, ...TABLE_DATA_ACTIONS);
    props.snapshots.grantPresignedPut(this.deviceApi);
    props.snapshots.grantReadSnapshots(this.deviceApi);
    props.lwaClientSecret.grantRead(this.deviceApi);
    this.deviceApiUrl = this.deviceApi.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
  }
}
