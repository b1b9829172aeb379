/**
 * The device API's side of its function URL (the event and result: ../http/function-url.ts): JSON
 * bodies of at most 4 KB, and the typed refusal that becomes an error result.
 */
import type { DeviceApiError, DeviceApiErrorCode } from '../../contracts/device-api/bodies.js';
import { DEVICE_API_ERROR_STATUS } from '../../contracts/device-api/routes.js';
import { json, type FunctionUrlEvent, type FunctionUrlResult } from '../http/function-url.js';

export type { FunctionUrlEvent, FunctionUrlResult } from '../http/function-url.js';
export { json } from '../http/function-url.js';

const MAX_BODY_BYTES = 4096;

/** A request the API refuses; thrown anywhere on a request's way, answered once by the handler. */
export class DeviceApiFailure extends Error {
  constructor(
    readonly code: DeviceApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DeviceApiFailure';
  }
}

/** A DeviceApiError response with the status its code stands for. */
export function errorResult(error: DeviceApiErrorCode, message: string): FunctionUrlResult {
  const body: DeviceApiError = { error, message };
  return json(DEVICE_API_ERROR_STATUS[error], body);
}

/** The body as JSON (no body is `{}`); BAD_REQUEST unless it is JSON of at most 4 KB. */
export function readJsonBody(event: FunctionUrlEvent): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return {};
  const refused = new DeviceApiFailure('BAD_REQUEST', 'The body must be JSON of at most 4 KB.');
  if (typeof event.body !== 'string') throw refused;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw refused;
  try {
    return JSON.parse(text);
  } catch {
    throw refused;
  }
}
