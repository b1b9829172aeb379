/**
 * An execution role for a Lambda function that may write to its own log group and nothing else
 * to start with. The CDK's default role carries the AWS-managed AWSLambdaBasicExecutionRole,
 * whose statements allow writing to every log group (`Resource: "*"`).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export function functionRole(scope: Construct, id: string, logGroup: logs.ILogGroup, description: string): iam.Role {
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description,
  });
  logGroup.grantWrite(role);
  return role;
}
