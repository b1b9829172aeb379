/**
 * Sets the two APIs' function URL CORS to the pages' origins, at deploy time, after the
 * distribution exists. The pages' CSP names the function URLs and the function URLs' CORS names
 * the distribution's domain: declared in the template, each would wait for the other, a cycle
 * CloudFormation refuses. So the function URLs are declared without CORS and this call
 * (Lambda UpdateFunctionUrlConfig, allowed on those two functions only) gives them theirs; it
 * runs again whenever the origins or the rules change.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { lambdaApiCors, type ApiCors } from './api-cors.js';

export interface CorsTarget {
  /** Construct id of the call, one per API. */
  name: string;
  fn: lambda.IFunction;
  url: lambda.FunctionUrl;
  cors: ApiCors;
}

export interface PageOriginCorsProps {
  apis: readonly CorsTarget[];
  origins: readonly string[];
  /** The stack's one provider of deploy-time AWS calls (every AwsCustomResource shares it). */
  deployCalls: { role: iam.IRole; logGroup: logs.ILogGroup };
}

export class PageOriginCors extends Construct {
  constructor(scope: Construct, id: string, props: PageOriginCorsProps) {
    super(scope, id);
    for (const api of props.apis) {
      const call: cr.AwsSdkCall = {
        service: 'Lambda',
        action: 'updateFunctionUrlConfig',
        parameters: { FunctionName: api.fn.functionName, Cors: lambdaApiCors(api.cors, props.origins) },
        physicalResourceId: cr.PhysicalResourceId.of(`page-origin-cors-${api.name}`),
      };
      const update = new cr.AwsCustomResource(this, api.name, {
        onCreate: call,
        onUpdate: call,
        policy: cr.AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({ actions: ['lambda:UpdateFunctionUrlConfig'], resources: [api.fn.functionArn] }),
        ]),
        // The Lambda runtime's own SDK is enough; installing the latest one would need the internet at deploy.
        installLatestAwsSdk: false,
        role: props.deployCalls.role,
        logGroup: props.deployCalls.logGroup,
      });
      update.node.addDependency(api.url);
    }
  }
}
