/**
 * What the pages may send to the two APIs across origins (the APIs' function URL CORS), defined
 * once for the function URLs and for the deploy-time call that adds the pages' own origin.
 */
import { Duration } from 'aws-cdk-lib';
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

/** As the function URL's `cors` option of the CDK. */
export function functionUrlCors(cors: ApiCors, origins: readonly string[]): lambda.FunctionUrlCorsOptions {
  return { allowedOrigins: [...origins], allowedMethods: cors.allowMethods, allowedHeaders: cors.allowHeaders, maxAge: cors.maxAge };
}

/** As Lambda's UpdateFunctionUrlConfig takes it. */
export function lambdaApiCors(cors: ApiCors, origins: readonly string[]): Record<string, unknown> {
  return { AllowOrigins: [...origins], AllowMethods: cors.allowMethods, AllowHeaders: cors.allowHeaders, MaxAge: cors.maxAge.toSeconds() };
}
