/**
 * The device access API (the bundle's `accessHandler`): the only routes without SigV4. The setup
 * page signs the owner in and enrolls devices there, and every page exchanges its device grant
 * there for 15-minute credentials of its page role. Its own function and function URL (auth
 * NONE), so that nothing else of the device API is reachable unsigned; reserved concurrency caps
 * what a flood of unsigned requests can cost (the handler has its own rate limit too).
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLE_EXPORTS, lambdaHandler } from '../../../contracts/bundle.js';
import { skillEnvironment } from '../../../contracts/skill-config.js';
import { DEVICES_TABLE, DOORBELLS_TABLE, SETUP_TABLE, SNAPSHOT_LINKS_TABLE } from '../../../contracts/tables.js';
import { bundleFunction } from './bundle-function.js';
import { TABLE_DATA_ACTIONS } from './skill-functions.js';
import type { SkillTables } from './skill-tables.js';
import type { SnapshotsBucket } from './snapshots-bucket.js';

/** A sign-in is two LWA round trips and a few DynamoDB writes; an exchange one STS call. */
export const ACCESS_API_TIMEOUT = Duration.seconds(10);
/** CPU comes with memory: the setup page and every credential renewal wait on a cold start. */
export const ACCESS_API_MEMORY_MB = 512;
/**
 * Enough for every page of a household renewing at once; a flood of unsigned requests is
 * throttled (429) beyond it instead of scaling the bill.
 */
export const DEFAULT_ACCESS_API_CONCURRENCY = 5;

/** Reading the registry: the ownership rule and the doorbell's channel, never a write. */
const REGISTRY_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];

/** CAMERA_ROLE_ARN, BUTTON_ROLE_ARN, VIEWER_ROLE_ARN: what the access API assumes and the device API tells its callers' roles by. */
export function pageRoleEnvironment(roles: { camera: iam.IRole; button: iam.IRole; viewer: iam.IRole }): Record<string, string> {
  return skillEnvironment({ cameraRoleArn: roles.camera.roleArn, buttonRoleArn: roles.button.roleArn, viewerRoleArn: roles.viewer.roleArn });
}

export interface AccessApiProps {
  code: lambda.Code;
  tables: SkillTables;
  /** Its snapshot route reads the picture a GetSnapshot link names. */
  snapshots: SnapshotsBucket;
  /** The LWA security profile the setup page signs in with (the one account linking uses); PKCE, no secret. */
  setupClientId: string;
  /** Reserved concurrency; undefined leaves the function unreserved (accounts whose limit is 10). */
  reservedConcurrency: number | undefined;
  logRetention: logs.RetentionDays;
}

export class AccessApi extends Construct {
  readonly fn: lambda.Function;
  readonly logGroup: logs.LogGroup;
  /** The function's role: the one principal the page roles trust. */
  readonly role: iam.Role;
  /** Auth NONE; its CORS is set by PageOriginCors, once the pages' origin exists. */
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: AccessApiProps) {
    super(scope, id);
    const access = bundleFunction(this, 'Function', {
      code: props.code,
      description: 'Alexa video doorbell: device access API (sign-in, enrollment, device grants for page credentials, snapshot links for Alexa)',
      handler: lambdaHandler(BUNDLE_EXPORTS.accessApi),
      memorySize: ACCESS_API_MEMORY_MB,
      timeout: ACCESS_API_TIMEOUT,
      logRetention: props.logRetention,
      ...(props.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      environment: skillEnvironment({
        doorbellsTable: props.tables.get(DOORBELLS_TABLE).tableName,
        devicesTable: props.tables.get(DEVICES_TABLE).tableName,
        setupTable: props.tables.get(SETUP_TABLE).tableName,
        setupClientId: props.setupClientId,
        snapshotLinksTable: props.tables.get(SNAPSHOT_LINKS_TABLE).tableName,
        snapshotsBucket: props.snapshots.bucket.bucketName,
      }),
    });
    this.fn = access.fn;
    this.logGroup = access.logGroup;
    this.role = access.role;
    for (const table of [DEVICES_TABLE, SETUP_TABLE]) props.tables.get(table).grant(this.fn, ...TABLE_DATA_ACTIONS);
    props.tables.get(DOORBELLS_TABLE).grant(this.fn, ...REGISTRY_READ_ACTIONS);
    // Alexa's snapshot route: look the link up, read its picture; the skill writes the links.
    props.tables.get(SNAPSHOT_LINKS_TABLE).grant(this.fn, 'dynamodb:GetItem');
    props.snapshots.grantReadSnapshots(this.fn);
    this.url = this.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  }

  /** Names the page roles in the environment and lets the function assume them, and nothing else. */
  issueCredentialsOf(roles: { camera: iam.IRole; button: iam.IRole; viewer: iam.IRole }): void {
    for (const [name, value] of Object.entries(pageRoleEnvironment(roles))) this.fn.addEnvironment(name, value);
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'AssumePageRoles',
        actions: ['sts:AssumeRole'],
        resources: [roles.camera.roleArn, roles.button.roleArn, roles.viewer.roleArn],
      }),
    );
  }
}
