/**
 * Alarms on the skill's functions: the errors of each (skill, device API, access API, health
 * check), and the skill's answers that come close to the deadline. They read the bundle's
 * structured JSON logs (Powertools logger: `level`, and per directive `directive`, `elapsedMs`,
 * `outcome`), because the skill never throws to Lambda: its failures are ErrorResponses that
 * Lambda's own Errors metric does not count.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ANSWER_DEADLINE_MS } from './skill-functions.js';

export const METRIC_NAMESPACE = 'AlexaVideoDoorbell';
/** An answer slower than this is "near the deadline" (ANSWER_DEADLINE_MS). */
export const SLOW_ANSWER_MS = 3_000;
/** The skill logs one `directive` line per directive, naming it `<namespace>.<name>` (lambda/router.ts). */
export const SESSION_OFFER_DIRECTIVE = 'Alexa.RTCSessionController.InitiateSessionWithOffer';
export const SLOW_ANSWER_PATTERN = `{ $.directive = "${SESSION_OFFER_DIRECTIVE}" && $.elapsedMs > ${SLOW_ANSWER_MS} }`;
export const ERROR_LOG_PATTERN = '{ $.level = "ERROR" }';

export interface WatchedFunction {
  fn: lambda.IFunction;
  logGroup: logs.ILogGroup;
}

export interface MonitoringProps {
  skill: WatchedFunction;
  deviceApi: WatchedFunction;
  accessApi: WatchedFunction;
  healthCheck: WatchedFunction;
  alarmEmail?: string;
}

export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', { displayName: 'Alexa video doorbell alarms' });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    this.errorAlarm('SkillErrors', 'The skill logged an error or Lambda counted a failed invocation', 'Skill errors', props.skill, 'SkillErrorLogs');

    const slowAnswers = this.countOf(props.skill.logGroup, 'SlowAnswers', SLOW_ANSWER_PATTERN);
    this.alarm('SlowAnswers', `An InitiateSessionWithOffer took more than ${SLOW_ANSWER_MS} ms (the deadline is ${ANSWER_DEADLINE_MS / 1000} s, Alexa's budget about 6 s)`, slowAnswers);

    this.errorAlarm('DeviceApiErrors', 'The doorbell-device API logged an error or Lambda counted a failed invocation', 'Device API errors', props.deviceApi, 'DeviceApiErrorLogs');
    // Pages renew their credentials here: errors mean cameras about to lose access.
    this.errorAlarm('AccessApiErrors', 'The device access API logged an error or Lambda counted a failed invocation', 'Access API errors', props.accessApi, 'AccessApiErrorLogs');
    // A failing health check means Alexa is no longer told when a camera goes silent.
    this.errorAlarm('HealthCheckErrors', 'The health check logged an error or Lambda counted a failed invocation', 'Health check errors', props.healthCheck, 'HealthCheckErrorLogs');
  }

  /** Lambda's Errors metric plus the function's ERROR log lines (most failures are only logged). */
  private errorAlarm(id: string, description: string, label: string, watched: WatchedFunction, logMetricName: string): void {
    this.alarm(id, description, new cloudwatch.MathExpression({
      expression: 'FILL(invocationErrors, 0) + FILL(errorLogs, 0)',
      usingMetrics: { invocationErrors: watched.fn.metricErrors({ period: Duration.minutes(5) }), errorLogs: this.countOf(watched.logGroup, logMetricName, ERROR_LOG_PATTERN) },
      period: Duration.minutes(5),
      label,
    }));
  }

  private countOf(logGroup: logs.ILogGroup, metricName: string, pattern: string): cloudwatch.Metric {
    const filter = new logs.MetricFilter(this, `${metricName}Filter`, {
      logGroup,
      metricNamespace: METRIC_NAMESPACE,
      metricName,
      filterPattern: logs.FilterPattern.literal(pattern),
      metricValue: '1',
    });
    return filter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) });
  }

  private alarm(id: string, description: string, metric: cloudwatch.IMetric): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
