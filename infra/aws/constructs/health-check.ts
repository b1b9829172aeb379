/**
 * Alexa hears when a camera goes silent: the bundle's `healthCheckHandler`, invoked every minute
 * by EventBridge Scheduler, sends an `Alexa.EndpointHealth` ChangeReport UNREACHABLE for each
 * doorbell whose camera reported OK but stopped its heartbeat (CAMERA_OFFLINE_AFTER_MS), so Alexa
 * knows within two minutes. It reads every doorbell (the stack's one Scan) and the owner's tokens
 * (refreshing them when they expired, hence the LWA secret).
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { skillEnvironment } from '../../../contracts/skill-config.js';
import { DOORBELLS_TABLE, USERS_TABLE } from '../../../contracts/tables.js';
import { BUNDLE_EXPORTS, lambdaHandler } from '../../../contracts/bundle.js';
import { bundleFunction } from './bundle-function.js';
import { TABLE_DATA_ACTIONS } from './skill-functions.js';
import type { SkillTables } from './skill-tables.js';

export const HEALTH_CHECK_RATE = Duration.minutes(1);
/**
 * A ChangeReport gets three attempts with backoff, after a token refresh that may wait 9 s; the
 * run still ends before the next one starts.
 */
export const HEALTH_CHECK_TIMEOUT = Duration.seconds(50);
export const HEALTH_CHECK_MEMORY_MB = 512;

export interface HealthCheckProps {
  code: lambda.Code;
  tables: SkillTables;
  lwaClientId: string;
  lwaClientSecret: secretsmanager.ISecret;
  logRetention: logs.RetentionDays;
}

export class HealthCheck extends Construct {
  readonly fn: lambda.Function;
  readonly logGroup: logs.LogGroup;
  readonly schedule: scheduler.Schedule;
  /** What the scheduler runs as: it may invoke the health check and nothing else. */
  readonly schedulerRole: iam.Role;

  constructor(scope: Construct, id: string, props: HealthCheckProps) {
    super(scope, id);
    const users = props.tables.get(USERS_TABLE);
    const doorbells = props.tables.get(DOORBELLS_TABLE);
    const health = bundleFunction(this, 'Function', {
      code: props.code,
      description: 'Alexa video doorbell: health check (tells Alexa when a camera stopped its heartbeat)',
      handler: lambdaHandler(BUNDLE_EXPORTS.healthCheck),
      memorySize: HEALTH_CHECK_MEMORY_MB,
      timeout: HEALTH_CHECK_TIMEOUT,
      logRetention: props.logRetention,
      environment: skillEnvironment({
        usersTable: users.tableName,
        doorbellsTable: doorbells.tableName,
        lwaClientId: props.lwaClientId,
        lwaClientSecretArn: props.lwaClientSecret.secretArn,
      }),
    });
    this.fn = health.fn;
    this.logGroup = health.logGroup;
    users.grant(this.fn, ...TABLE_DATA_ACTIONS);
    doorbells.grant(this.fn, ...TABLE_DATA_ACTIONS);
    this.fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'ReadEveryDoorbell', actions: ['dynamodb:Scan'], resources: [doorbells.tableArn] }));
    props.lwaClientSecret.grantRead(this.fn);

    this.schedulerRole = new iam.Role(this, 'SchedulerRole', {
      description: 'Alexa video doorbell: EventBridge Scheduler, invokes the health check',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': this.fn.env.account },
      }),
    });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'Alexa video doorbell: health check every minute',
      schedule: scheduler.ScheduleExpression.rate(HEALTH_CHECK_RATE),
      target: new targets.LambdaInvoke(this.fn, {
        role: this.schedulerRole,
        // A missed minute is made up by the next one; retrying it would only overlap runs.
        retryAttempts: 0,
        maxEventAge: Duration.minutes(1),
      }),
    });
  }
}
