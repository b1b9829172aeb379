/**
 * The skill's Lambda entry points (contracts/bundle.ts). `handler` answers Alexa directives;
 * `deviceHandler` serves the doorbell-device API behind a function URL; `accessHandler` serves the
 * device access API (sign-in, enrollment, credentials) behind its own unsigned function URL;
 * `healthCheckHandler` tells Alexa about silent cameras, every minute. All share one runtime per
 * warm Lambda, created on the first invocation, and none ever throws to Lambda. The access API's
 * and the health check's code is imported on first use (a chunk of its own, scripts/build.mjs),
 * so the skill's cold start never loads it.
 */
import { readConfig } from './config.js';
import { createRuntime, type Runtime } from './runtime.js';
import { createDirectiveHandler, type DirectiveHandler } from './router.js';
import { createDeviceHandler } from './device/handler.js';
import { errorResult, json, type FunctionUrlResult } from './device/function-url.js';
import type { AccessApiError } from '../contracts/access-api/bodies.js';
import { errorResponse, type AlexaResponse } from './alexa/responses.js';
import type { LambdaContextLike } from './alexa/directive.js';
import { createLogger, errorSummary } from './log.js';

let runtime: Runtime | undefined;
let directives: DirectiveHandler | undefined;
let device: ((event: unknown) => Promise<FunctionUrlResult>) | undefined;
let access: Promise<(event: unknown) => Promise<FunctionUrlResult>> | undefined;

function getRuntime(): Runtime {
  runtime ??= createRuntime(readConfig(process.env));
  return runtime;
}

export async function handler(event: unknown, context?: LambdaContextLike): Promise<AlexaResponse> {
  try {
    directives ??= createDirectiveHandler(getRuntime());
  } catch (err) {
    createLogger().error('skill misconfigured', errorSummary(err));
    return errorResponse('INTERNAL_ERROR', 'The skill is misconfigured.', {});
  }
  return directives(event, context);
}

export async function deviceHandler(event: unknown, _context?: unknown): Promise<FunctionUrlResult> {
  try {
    device ??= createDeviceHandler(getRuntime());
  } catch (err) {
    createLogger().error('device API misconfigured', errorSummary(err));
    return errorResult('INTERNAL_ERROR', 'Misconfigured.');
  }
  return device(event);
}

export async function accessHandler(event: unknown, _context?: unknown): Promise<FunctionUrlResult> {
  let serve: (event: unknown) => Promise<FunctionUrlResult>;
  try {
    access ??= import('./access/handler.js').then(({ createAccessHandler }) => createAccessHandler(getRuntime()));
    serve = await access;
  } catch (err) {
    access = undefined;
    createLogger().error('access API misconfigured', errorSummary(err));
    const body: AccessApiError = { error: 'INTERNAL_ERROR', message: 'Misconfigured.' };
    return json(500, body);
  }
  return serve(event);
}

/** The health check's summary, or `{ error }` when it could not run (the schedule runs it again next minute). */
export async function healthCheckHandler(_event?: unknown, _context?: unknown): Promise<{ doorbells: number; silent: number; reported: number; failed: number } | { error: string }> {
  try {
    const { runHealthCheck } = await import('./health/check.js');
    return await runHealthCheck(getRuntime());
  } catch (err) {
    createLogger().error('health check failed', errorSummary(err));
    return { error: err instanceof Error ? err.name : 'failed' };
  }
}
