/**
 * The skill's built bundle (dist/lambda/index.mjs) behind the Lambda Invoke API
 * (infra/local/lambda/): `handler` (what the local Alexa invokes) and `healthCheckHandler` (what the
 * health check's schedule invokes), with the skill's environment pointed at this world
 * (skill-env.ts). Only the local account may invoke them, as only Alexa's service principal and
 * the scheduler's role may in AWS.
 */
import path from 'node:path';
import { BUNDLE_EXPORTS } from '../../../../contracts/bundle.js';
import { startLambdaInvokeApi, type LambdaInvokeApi } from '../../lambda/index.js';
import { skillEnvOf } from '../skill-env.js';
import type { Part } from '../types.js';

export const SKILL_FUNCTION_NAME = 'alexa-video-doorbell-skill';
export const HEALTH_CHECK_FUNCTION_NAME = 'alexa-video-doorbell-health-check';

export interface LambdaOptions {
  /** Where the functions' log lines go; default stdout, prefixed with the function name. */
  onLog?: (functionName: string, line: string) => void;
}

export type LambdaHandle = LambdaInvokeApi & { readonly functionName: string; readonly healthCheckFunctionName: string };

export const lambdaPart: Part<'lambda', 'dynamodb' | 'lwa' | 'gateway', 'kvs' | 'sts'> = {
  needs: ['dynamodb', 'lwa', 'gateway'],
  uses: ['kvs', 'sts'],
  async start(options, deps, ctx) {
    const { region, credentials } = ctx.account;
    const bundlePath = path.join(ctx.distDir, 'lambda', 'index.mjs');
    const env = skillEnvOf(deps, ctx.account, ctx.skillSettings);
    const api = await startLambdaInvokeApi({
      functions: {
        [SKILL_FUNCTION_NAME]: { bundlePath, exportName: BUNDLE_EXPORTS.skill, env },
        // One at a time, as the schedule runs it; 50 s, the CDK stack's timeout.
        [HEALTH_CHECK_FUNCTION_NAME]: { bundlePath, exportName: BUNDLE_EXPORTS.healthCheck, env, maxConcurrency: 1, timeoutMs: 50_000 },
      },
      host: ctx.host,
      port: ctx.port('lambdaInvoke'),
      region,
      lookupCredentials: (id) => (id === credentials.accessKeyId ? { secretAccessKey: credentials.secretAccessKey } : undefined),
      ...(options.onLog ? { onLog: options.onLog } : {}),
    });
    ctx.log(`Lambda Invoke API on ${api.endpoint} (functions ${SKILL_FUNCTION_NAME}, ${HEALTH_CHECK_FUNCTION_NAME})`);
    return {
      handle: { ...api, functionName: SKILL_FUNCTION_NAME, healthCheckFunctionName: HEALTH_CHECK_FUNCTION_NAME },
      stop: () => api.close(),
      service: { name: 'Lambda Invoke API', url: api.endpoint },
    };
  },
};
