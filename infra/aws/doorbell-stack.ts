/**
 * The whole doorbell in one CloudFormation stack: signaling channels, tables, the LWA client
 * secret, the snapshots bucket, the skill's functions (skill, device API, access API, health check
 * and its schedule), the pages' roles, the hosted pages, alarms and outputs.
 */
import { Annotations, Aws, CfnOutput, CfnParameter, CfnRule, Fn, Stack, Token, type StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { DEVICES_TABLE, DOORBELLS_TABLE, SESSIONS_TABLE, SETUP_TABLE, TABLES, USERS_TABLE } from '../../contracts/tables.js';
import { SKILL_VARIABLES } from '../../contracts/skill-config.js';
import { SETUP_PAGE } from '../../contracts/page-roles.js';
import type { SiteConfig } from '../../contracts/site-config.js';
import { ALEXA_AWS_REGIONS } from '../../contracts/alexa/regions.js';
import { LWA_AUTHORIZE_URL, LWA_CLIENT_ID_PATTERN, SKILL_ID_PATTERN } from './amazon-ids.js';
import { AccessApi, DEFAULT_ACCESS_API_CONCURRENCY, pageRoleEnvironment } from './constructs/access-api.js';
import { ACCESS_API_CORS, DEVICE_API_CORS, functionUrlOrigin } from './constructs/api-cors.js';
import { functionRole } from './constructs/function-role.js';
import { HostedPages, type CustomDomain } from './constructs/hosted-pages.js';
import { PageOriginCors } from './constructs/page-origin-cors.js';
import { DoorbellRegistrySeed } from './constructs/doorbell-registry-seed.js';
import { HealthCheck } from './constructs/health-check.js';
import { PageRoles, PAGE_ROLE_MAX_SESSION } from './constructs/page-roles.js';
import { Monitoring } from './constructs/monitoring.js';
import { SignalingChannels } from './constructs/signaling-channels.js';
import { SkillFunctions } from './constructs/skill-functions.js';
import { SkillTables } from './constructs/skill-tables.js';
import { SnapshotsBucket } from './constructs/snapshots-bucket.js';
import { SnapshotsBucketCors } from './constructs/snapshots-bucket-cors.js';
import type { DoorbellConfig } from './doorbells-config.js';
import { OUTPUT, type DoorbellOutput } from './stack-outputs.js';

export interface DoorbellStackProps extends StackProps {
  doorbells: readonly DoorbellConfig[];
  /** Directory holding the skill bundle's index.mjs. */
  bundleDir: string;
  /** Directory of the built pages (dist/camera), deployed to the pages bucket. */
  pagesDir: string;
  /** The skill's id; when absent the template takes it as the CloudFormation parameter `SkillId`. */
  skillId?: string;
  /**
   * The skill's own LWA client id (developer console → the skill → Permissions → Alexa Skill
   * Messaging), with which the skill redeems AcceptGrant codes and refreshes event-gateway tokens;
   * when absent, the parameter `LwaClientId`.
   */
  lwaClientId?: string;
  /**
   * The client id of the Login with Amazon security profile that account linking signs users in
   * with (a different client from `lwaClientId`); when absent, the parameter `LinkingClientId`.
   * The setup page signs the owner in with it too (PKCE, no secret), so the access API and the
   * site config get it; the skill package takes it from the outputs.
   */
  linkingClientId?: string;
  /**
   * Origins the pages are served from besides the stack's own (CloudFront's, and the custom
   * domain's): both APIs' CORS allow them too. None by default.
   */
  extraPageOrigins?: readonly string[];
  /** Serve the pages under your own host names too (a certificate in us-east-1). */
  customDomain?: CustomDomain;
  /**
   * Reserved concurrency of the access API (default 5), its backstop against floods of unsigned
   * requests; `null` reserves none (an account whose concurrency limit is 10 cannot reserve any).
   */
  accessApiConcurrency?: number | null;
  alarmEmail?: string;
  logRetention?: logs.RetentionDays;
}

export class DoorbellStack extends Stack {
  constructor(scope: Construct, id: string, props: DoorbellStackProps) {
    super(scope, id, props);
    this.requireAlexaRegion();

    const skillId = props.skillId ?? this.parameter('SkillId', SKILL_ID_PATTERN, 'The Alexa skill id (amzn1.ask.skill.…) allowed to invoke the skill Lambda');
    const lwaClientId = props.lwaClientId ?? this.parameter('LwaClientId', LWA_CLIENT_ID_PATTERN, "The skill's Alexa Skill Messaging client id (developer console, Permissions page)");
    const linkingClientId = props.linkingClientId ?? this.parameter('LinkingClientId', LWA_CLIENT_ID_PATTERN, 'Client id of the Login with Amazon security profile used for account linking');
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    const channels = new SignalingChannels(this, 'Channels', props.doorbells);
    const tables = new SkillTables(this, 'Tables', TABLES);
    const snapshots = new SnapshotsBucket(this, 'Snapshots');
    // Created with a random placeholder value; the owner puts the real client secret with
    // `aws secretsmanager put-secret-value` (README). The template never holds it.
    const lwaClientSecret = new secretsmanager.Secret(this, 'LwaClientSecret', {
      description: "The doorbell skill's own LWA client secret (developer console, Permissions page); SecretString = the secret itself",
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
    });

    // One asset for every function: the same bundle, four entry points.
    const code = lambda.Code.fromAsset(props.bundleDir);
    const functions = new SkillFunctions(this, 'Functions', {
      code,
      tables,
      snapshots,
      channelArns: channels.arns,
      lwaClientId,
      lwaClientSecret,
      skillId,
      logRetention,
    });
    const accessApi = new AccessApi(this, 'AccessApi', {
      code,
      tables,
      snapshots,
      setupClientId: linkingClientId,
      reservedConcurrency: props.accessApiConcurrency === null ? undefined : (props.accessApiConcurrency ?? DEFAULT_ACCESS_API_CONCURRENCY),
      logRetention,
    });
    const roles = new PageRoles(this, 'PageRoles', { channels: channels.channels, deviceApi: functions.deviceApi, assumedBy: accessApi.role });
    accessApi.issueCredentialsOf(roles.byRole);
    // The device API tells a caller's role by its role's ARN (the role name in the caller's ARN).
    for (const [name, value] of Object.entries(pageRoleEnvironment(roles.byRole))) functions.deviceApi.addEnvironment(name, value);
    // GetSnapshot's links point at the access API's snapshot route (no trailing slash: the skill appends the path).
    functions.skill.addEnvironment(SKILL_VARIABLES.snapshotLinkBaseUrl.env, functionUrlOrigin(accessApi.url.url));
    const health = new HealthCheck(this, 'HealthCheck', { code, tables, lwaClientId, lwaClientSecret, logRetention });

    // Every AwsCustomResource of a stack runs in one provider function: one role and log group for it.
    const deployCallLogs = new logs.LogGroup(this, 'DeployCallLogs', { retention: logRetention });
    const deployCalls = {
      role: functionRole(this, 'DeployCallsRole', deployCallLogs, 'Alexa video doorbell: AWS calls at deploy time (registry seed, API CORS)'),
      logGroup: deployCallLogs,
    };
    new DoorbellRegistrySeed(this, 'RegistrySeed', { table: tables.get(DOORBELLS_TABLE), channels: channels.channels, deployCalls });

    const deviceApiOrigin = functionUrlOrigin(functions.deviceApiUrl.url);
    const accessApiOrigin = functionUrlOrigin(accessApi.url.url);
    const siteConfig: SiteConfig = {
      region: Aws.REGION,
      deviceApiUrl: deviceApiOrigin,
      accessApiUrl: accessApiOrigin,
      // Function URLs are signed as the `lambda` service in the function's region.
      deviceApiSigning: { region: Aws.REGION, service: 'lambda' },
      signIn: { authorizeUrl: LWA_AUTHORIZE_URL, clientId: linkingClientId, scope: 'profile' },
    };
    const pagesDeploymentLogs = new logs.LogGroup(this, 'PagesDeploymentLogs', { retention: logRetention });
    const pages = new HostedPages(this, 'Pages', {
      pagesDir: props.pagesDir,
      siteConfig,
      connections: {
        region: Aws.REGION,
        apiOrigins: [deviceApiOrigin, accessApiOrigin],
        signInOrigin: new URL(LWA_AUTHORIZE_URL).origin,
        // Presigned URLs are virtual-hosted: https://<bucket>.s3.<region>.amazonaws.com/...
        snapshotsOrigin: `https://${snapshots.bucket.bucketRegionalDomainName}`,
      },
      ...(props.customDomain ? { customDomain: props.customDomain } : {}),
      deployment: {
        role: functionRole(this, 'PagesDeploymentRole', pagesDeploymentLogs, 'Alexa video doorbell: copies the built pages and site-config.json into the pages bucket'),
        logGroup: pagesDeploymentLogs,
      },
    });
    const pageOrigins = [...pages.origins, ...(props.extraPageOrigins ?? [])];
    new PageOriginCors(this, 'PageOriginCors', {
      apis: [
        { name: 'DeviceApi', fn: functions.deviceApi, url: functions.deviceApiUrl, cors: DEVICE_API_CORS },
        { name: 'AccessApi', fn: accessApi.fn, url: accessApi.url, cors: ACCESS_API_CORS },
      ],
      origins: pageOrigins,
      deployCalls,
    });
    new SnapshotsBucketCors(this, 'SnapshotsCors', { bucket: snapshots.bucket, origins: pageOrigins, deployCalls });

    const monitoring = new Monitoring(this, 'Monitoring', {
      skill: { fn: functions.skill, logGroup: functions.skillLogGroup },
      deviceApi: { fn: functions.deviceApi, logGroup: functions.deviceApiLogGroup },
      accessApi: { fn: accessApi.fn, logGroup: accessApi.logGroup },
      healthCheck: { fn: health.fn, logGroup: health.logGroup },
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });

    const doorbellsOutput: DoorbellOutput[] = channels.channels.map((c) => ({
      endpointId: c.doorbell.endpointId,
      name: c.doorbell.name,
      channelName: c.channelName,
      channelArn: c.channelArn,
    }));
    const outputs: Record<string, { value: string; description: string }> = {
      [OUTPUT.region]: { value: Aws.REGION, description: 'Region of the stack (and of the signaling channels)' },
      [OUTPUT.skillFunctionArn]: { value: functions.skill.functionArn, description: 'Skill Lambda ARN: the smart-home endpoint of the skill manifest' },
      [OUTPUT.deviceApiUrl]: { value: functions.deviceApiUrl.url, description: 'Doorbell-device API (Lambda function URL, IAM auth)' },
      [OUTPUT.accessApiUrl]: { value: accessApi.url.url, description: 'Device access API (Lambda function URL, no SigV4): sign-in, enrollment, credentials' },
      [OUTPUT.cameraRoleArn]: { value: roles.byRole.camera.roleArn, description: 'Camera page role (assumed by the access API only; session name = endpointId)' },
      [OUTPUT.buttonRoleArn]: { value: roles.byRole.button.roleArn, description: 'Doorbell button page role (assumed by the access API only)' },
      [OUTPUT.viewerRoleArn]: { value: roles.byRole.viewer.roleArn, description: 'Viewer page role (assumed by the access API only)' },
      [OUTPUT.deviceRoleMaxSessionSeconds]: { value: String(PAGE_ROLE_MAX_SESSION.toSeconds()), description: 'Longest session the page roles allow' },
      [OUTPUT.pageOrigin]: { value: pages.origin, description: "Where the pages are served: the security profile's Allowed Origin" },
      [OUTPUT.setupPageUrl]: { value: `${pages.origin}/${SETUP_PAGE}`, description: "The setup page: add it to the security profile's Allowed Return URLs" },
      [OUTPUT.pagesBucket]: { value: pages.bucket.bucketName, description: 'The pages bucket (private; CloudFront reads it)' },
      [OUTPUT.pagesDistributionId]: { value: pages.distribution.distributionId, description: 'The CloudFront distribution of the pages' },
      [OUTPUT.doorbells]: { value: this.toJsonString(doorbellsOutput), description: 'Doorbells with their signaling channels (JSON)' },
      [OUTPUT.lwaClientId]: { value: lwaClientId, description: "The skill's own LWA client id (AcceptGrant, event gateway)" },
      [OUTPUT.linkingClientId]: { value: linkingClientId, description: 'LWA security profile client id (account linking)' },
      [OUTPUT.lwaClientSecretArn]: { value: lwaClientSecret.secretArn, description: "Secret to put the skill's LWA client secret into (Permissions page)" },
      [OUTPUT.skillId]: { value: skillId, description: 'Alexa skill id allowed to invoke the skill' },
      [OUTPUT.usersTable]: { value: tables.get(USERS_TABLE).tableName, description: 'Linked users table' },
      [OUTPUT.doorbellsTable]: { value: tables.get(DOORBELLS_TABLE).tableName, description: 'Doorbell registry table' },
      [OUTPUT.sessionsTable]: { value: tables.get(SESSIONS_TABLE).tableName, description: 'Alexa RTC sessions table' },
      [OUTPUT.devicesTable]: { value: tables.get(DEVICES_TABLE).tableName, description: 'Enrolled devices (hashed device grants)' },
      [OUTPUT.setupTable]: { value: tables.get(SETUP_TABLE).tableName, description: 'Setup sessions and one-time enrollment codes (camera-url writes here)' },
      [OUTPUT.setupTableArn]: { value: tables.get(SETUP_TABLE).tableArn, description: 'ARN of the setup table: what camera-url needs dynamodb:PutItem on' },
      [OUTPUT.alarmTopicArn]: { value: monitoring.topic.topicArn, description: 'SNS topic of the alarms (subscribe to it)' },
    };
    for (const [key, { value, description }] of Object.entries(outputs)) {
      // Construct ids apart from the parameters' (SkillId, ...); the template keys are the plain names.
      new CfnOutput(this, `${key}Output`, { value, description }).overrideLogicalId(key);
    }
    // One output per channel too, for reading in the console.
    for (const c of channels.channels) {
      new CfnOutput(this, `ChannelArn${c.doorbell.endpointId.replace(/[^A-Za-z0-9]/g, '')}`, {
        value: c.channelArn,
        description: `Signaling channel of ${c.doorbell.endpointId}`,
      });
    }
  }

  private parameter(name: string, pattern: string, description: string): string {
    return new CfnParameter(this, name, { type: 'String', allowedPattern: pattern, description }).valueAsString;
  }

  /**
   * Alexa invokes skill Lambdas only in its three regions. CloudFormation refuses any other region
   * at deploy time; a known wrong region is also flagged at synth (a warning, so that synth on a
   * developer machine with another default region still works).
   */
  private requireAlexaRegion(): void {
    const regions = ALEXA_AWS_REGIONS;
    if (!Token.isUnresolved(this.region) && !regions.includes(this.region)) {
      Annotations.of(this).addWarningV2('doorbell:region', `Region ${this.region} cannot host an Alexa skill: deploy to one of ${regions.join(', ')}`);
    }
    new CfnRule(this, 'AlexaRegion', {
      assertions: [
        {
          assert: Fn.conditionContains(regions, Aws.REGION),
          assertDescription: `An Alexa smart-home skill's Lambda must be in ${regions.join(', ')}`,
        },
      ],
    });
  }
}
