/**
 * The skill's Lambda entry points. `handler` answers Alexa directives; `deviceHandler` serves the
 * doorbell-device API behind a function URL. Both share one runtime per warm Lambda, created on
 * the first invocation, and neither ever throws to Lambda.
 */
import { readConfig } from './config.js';
import { createRuntime, type Runtime } from './runtime.js';
import { createDirectiveHandler, type DirectiveHandler } from './router.js';
import { createDeviceHandler } from './device/handler.js';
import { errorResult, type FunctionUrlResult } from './device/function-url.js';
import { errorResponse, type AlexaResponse } from './alexa/responses.js';
import type { LambdaContextLike } from './alexa/directive.js';
import { createLogger, errorSummary } from './log.js';

let runtime: Runtime | undefined;
let directives: DirectiveHandler | undefined;
let device: ((event: unknown) => Promise<FunctionUrlResult>) | undefined;

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
