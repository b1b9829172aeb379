/**
 * Who may call the KVS emulator from a browser, in the local origin policy's terms
 * (../request-guard.ts): the stack's page origins only, with CORS for them (the pages sign KVS
 * calls themselves, as they do against AWS's endpoints), JSON bodies (restJson1), and refusals in
 * the AWS error shape so the SDK names them. Calls forwarded by the main web server keep its Host.
 */
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { requestGuard, type Refusal, type RequestGuard } from '../request-guard.js';
import { AwsError, sendAwsError } from './errors.js';
import { MAX_BODY_BYTES } from './http-api.js';

const TYPES: Record<Refusal['code'], string> = {
  MISDIRECTED_REQUEST: 'MisdirectedRequestException',
  FORBIDDEN_ORIGIN: 'AccessDeniedException',
  UNSUPPORTED_MEDIA_TYPE: 'UnsupportedMediaTypeException',
  PAYLOAD_TOO_LARGE: 'SerializationException',
};

/** A guard refusal as an AWS error. */
export const awsRefusal = (r: Refusal): AwsError => new AwsError(TYPES[r.code], r.message, r.status, 'message');

export function kvsGuard(o: { pageOrigins: () => readonly string[]; alsoServedAt: () => readonly number[] }): RequestGuard {
  return requestGuard({
    origins: o.pageOrigins,
    alsoServedAt: o.alsoServedAt,
    cors: {
      methods: ['GET', 'POST'],
      headers: 'requested',
      exposeHeaders: ['x-amzn-requestid', 'x-amzn-errortype', 'x-amz-apigw-id', 'date'],
    },
    bodyTypes: ['application/json'],
    maxBodyBytes: MAX_BODY_BYTES,
    answer: (res: ServerResponse, r: Refusal) => sendAwsError(res, awsRefusal(r), randomUUID()),
  });
}
