/**
 * The local Lambda endpoints: the standard Invoke API (for the skill's `handler`, called by the
 * local Alexa) and a function URL with IAM auth (for the doorbell-device API's `deviceHandler`).
 */
export { startLambdaInvokeApi, parseFunctionRef, type LambdaInvokeApi, type LambdaInvokeApiOptions } from './invoke-api.js';
export { startFunctionUrl, type FunctionUrlOptions, type LocalFunctionUrl } from './function-url.js';
export { iamIdentity, type CallerCredentials, type CredentialsLookup, type IamIdentity } from './caller-identity.js';
export type { FunctionDefinition, FunctionStats } from './local-function.js';
export type { FunctionUrlEventV2 } from './url-event.js';
