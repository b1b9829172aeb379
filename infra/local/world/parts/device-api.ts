/**
 * The doorbell-device API: the same bundle's `deviceHandler` behind a Lambda function URL with
 * IAM auth (infra/local/lambda/), which takes the pages' credentials only (those the world's STS
 * issued, sts.ts, as the page roles' sessions). Pages on the main web server call it cross-origin,
 * as pages on any host call a function URL.
 */
import path from 'node:path';
import { startFunctionUrl, type LocalFunctionUrl } from '../../lambda/index.js';
import { BUNDLE_EXPORTS } from '../../../../contracts/bundle.js';
import { skillEnvOf } from '../skill-env.js';
import type { Part } from '../types.js';

export const DEVICE_API_FUNCTION_NAME = 'alexa-video-doorbell-device-api';

export interface DeviceApiOptions {
  /** Where the function's log lines go; default stdout, prefixed with the function name. */
  onLog?: (functionName: string, line: string) => void;
}

export type DeviceApiHandle = LocalFunctionUrl;

export const deviceApiPart: Part<'deviceApi', 'dynamodb' | 'lwa' | 'gateway' | 'sts', 'kvs' | 'web' | 's3'> = {
  needs: ['dynamodb', 'lwa', 'gateway', 'sts'],
  uses: ['kvs', 'web', 's3'],
  async start(options, deps, ctx) {
    const { sts } = deps;
    const deviceApi = await startFunctionUrl({
      bundlePath: path.join(ctx.distDir, 'lambda', 'index.mjs'),
      exportName: BUNDLE_EXPORTS.deviceApi,
      functionName: DEVICE_API_FUNCTION_NAME,
      env: skillEnvOf(deps, ctx.account, ctx.skillSettings),
      host: ctx.host,
      port: ctx.port('deviceApi'),
      region: ctx.account.region,
      pageOrigins: ctx.pageOrigins(),
      credentialsLookup: (id) => sts.callerCredentials(id),
      ...(options.onLog ? { onLog: options.onLog } : {}),
    });
    ctx.log(`doorbell-device API (function URL) on ${deviceApi.endpoint}`);
    return { handle: deviceApi, stop: () => deviceApi.close(), service: { name: 'Doorbell-device API (function URL)', url: deviceApi.endpoint } };
  },
};
