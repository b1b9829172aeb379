/**
 * One Lambda function made from the skill bundle (dist/lambda/index.mjs): one entry point of it,
 * with its own log group (the functions' `logRetention` option would add a custom-resource Lambda
 * whose policy has `Resource: "*"`) and its own role, which may write to that log group and is
 * given the rest by whoever uses the function.
 */
import type { Duration } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { functionRole } from './function-role.js';

export interface BundleFunctionProps {
  /** The bundle, one asset for every function. */
  code: lambda.Code;
  /** `index.<export>`. */
  handler: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  reservedConcurrentExecutions?: number;
}

export interface BundleFunction {
  fn: lambda.Function;
  logGroup: logs.LogGroup;
  role: iam.Role;
}

export function bundleFunction(scope: Construct, id: string, props: BundleFunctionProps): BundleFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: props.logRetention });
  const role = functionRole(scope, `${id}Role`, logGroup, props.description);
  const fn = new lambda.Function(scope, id, {
    code: props.code,
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    handler: props.handler,
    description: props.description,
    memorySize: props.memorySize,
    timeout: props.timeout,
    logGroup,
    role,
    // The bundle ships its source map: stack traces in the logs point at the TypeScript.
    environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
    ...(props.reservedConcurrentExecutions !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions } : {}),
  });
  return { fn, logGroup, role };
}
