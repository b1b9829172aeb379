/**
 * What the pages may send to the two APIs across origins: their function URLs' CORS rules (set
 * at deploy time by page-origin-cors.ts), and the APIs' origins as the pages' CSP names them.
 */
import { Duration, Fn } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export interface ApiCors {
  allowMethods: lambda.HttpMethod[];
  allowHeaders: string[];
  maxAge: Duration;
}

export const DEVICE_API_CORS: ApiCors = {
  allowMethods: [lambda.HttpMethod.GET, lambda.HttpMethod.PUT, lambda.HttpMethod.POST],
  // What a SigV4-signed browser request carries.
  allowHeaders: ['authorization', 'content-type', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'],
  maxAge: Duration.hours(1),
};

export const ACCESS_API_CORS: ApiCors = {
  allowMethods: [lambda.HttpMethod.POST],
  // JSON bodies, and the setup token as `authorization: Bearer …`.
  allowHeaders: ['authorization', 'content-type'],
  maxAge: Duration.hours(1),
};

/** As Lambda's UpdateFunctionUrlConfig takes it. */
export function lambdaApiCors(cors: ApiCors, origins: readonly string[]): Record<string, unknown> {
  return { AllowOrigins: [...origins], AllowMethods: cors.allowMethods, AllowHeaders: cors.allowHeaders, MaxAge: cors.maxAge.toSeconds() };
}

/**
 * `https://<id>.lambda-url.<region>.on.aws`, from a function URL (`…on.aws/`, a deploy-time
 * value): the origin a CSP source and the site config name, without the trailing slash.
 */
export function functionUrlOrigin(url: string): string {
  return `https://${Fn.select(2, Fn.split('/', url))}`;
}
