/**
 * The skill's built bundle (dist/lambda/index.mjs, `handler`) behind the Lambda Invoke API
 * (infra/local/lambda/), with the skill's environment pointed at this world (skill-env.ts). Only
 * the local account may invoke it, as only Alexa's service principal may in AWS.
 */
import path from 'node:path';
import { startLambdaInvokeApi, type LambdaInvokeApi } from '../../lambda/index.js';
import { skillEnvOf } from '../skill-env.js';
import type { Part } from '../types.js';

export const SKILL_FUNCTION_NAME = 'alexa-video-doorbell-skill';

export interface LambdaOptions {
  /** Where the function's log lines go; default stdout, prefixed with the function name. */
  onLog?: (functionName: string, line: string) => void;
}

export type LambdaHandle = LambdaInvokeApi & { readonly functionName: string };

export const lambdaPart: Part<'lambda', 'dynamodb' | 'lwa' | 'gateway', 'kvs' | 'pageCredentials'> = {
  needs: ['dynamodb', 'lwa', 'gateway'],
  uses: ['kvs', 'pageCredentials'],
  async start(options, deps, ctx) {
    const { region, credentials } = ctx.account;
    const api = await startLambdaInvokeApi({
      functions: { [SKILL_FUNCTION_NAME]: { bundlePath: path.join(ctx.distDir, 'lambda', 'index.mjs'), exportName: 'handler', env: skillEnvOf(deps, ctx.account, ctx.skillSettings) } },
      host: ctx.host,
      port: ctx.port('lambdaInvoke'),
      region,
      lookupCredentials: (id) => (id === credentials.accessKeyId ? { secretAccessKey: credentials.secretAccessKey } : undefined),
      ...(options.onLog ? { onLog: options.onLog } : {}),
    });
    ctx.log(`Lambda Invoke API on ${api.endpoint} (function ${SKILL_FUNCTION_NAME})`);
    return { handle: { ...api, functionName: SKILL_FUNCTION_NAME }, stop: () => api.close(), service: { name: 'Lambda Invoke API', url: api.endpoint } };
  },
};
