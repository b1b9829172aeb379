/**
 * The device access API: the same bundle's `accessHandler` behind its own function URL without
 * SigV4 (infra/local/lambda/), as in AWS: the only routes a page reaches unsigned. Five
 * environments at most, as the stack's reserved concurrency; the handler limits each address
 * itself. Pages on the main web server call it cross-origin; it redeems sign-ins at the world's
 * LWA and asks the world's STS for page credentials.
 */
import path from 'node:path';
import { BUNDLE_EXPORTS } from '../../../../contracts/bundle.js';
import { startFunctionUrl, type LocalFunctionUrl } from '../../lambda/index.js';
import { skillEnvOf } from '../skill-env.js';
import type { Part } from '../types.js';

export const ACCESS_API_FUNCTION_NAME = 'alexa-video-doorbell-access-api';
/** The CDK stack's reserved concurrency for the access API (infra/aws/constructs/access-api.ts). */
const ACCESS_API_CONCURRENCY = 5;

export interface AccessApiOptions {
  /** Where the function's log lines go; default stdout, prefixed with the function name. */
  onLog?: (functionName: string, line: string) => void;
}

export type AccessApiHandle = LocalFunctionUrl;

export const accessApiPart: Part<'accessApi', 'dynamodb' | 'lwa' | 'sts', 'web' | 's3'> = {
  needs: ['dynamodb', 'lwa', 'sts'],
  uses: ['web', 's3'],
  async start(options, deps, ctx) {
    const accessApi = await startFunctionUrl({
      bundlePath: path.join(ctx.distDir, 'lambda', 'index.mjs'),
      exportName: BUNDLE_EXPORTS.accessApi,
      functionName: ACCESS_API_FUNCTION_NAME,
      auth: 'NONE',
      maxConcurrency: ACCESS_API_CONCURRENCY,
      env: skillEnvOf(deps, ctx.account, ctx.skillSettings),
      host: ctx.host,
      port: ctx.port('accessApi'),
      region: ctx.account.region,
      pageOrigins: ctx.pageOrigins(),
      ...(options.onLog ? { onLog: options.onLog } : {}),
    });
    ctx.log(`device access API (function URL, no SigV4) on ${accessApi.endpoint}`);
    return { handle: accessApi, stop: () => accessApi.close(), service: { name: 'Device access API (function URL, unsigned)', url: accessApi.endpoint } };
  },
};
