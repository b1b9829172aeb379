/**
 * The doorbell-device API (contracts/device-api/) as a Lambda function URL handler (payload
 * format 2.0). The function URL's IAM auth has verified the SigV4 signature; this handler decides
 * whether that caller may act on the doorbell in the path: with DEVICE_ROLE_NAME set, only a
 * session of that role whose session name is the endpointId.
 */
import type { Runtime } from '../runtime.js';
import { StatusRequestSchema, type DeviceApiError, type DeviceApiErrorCode, type DoorbellInfo } from '../../contracts/device-api/bodies.js';
import { DEVICE_API_ERROR_STATUS, matchDeviceApiPath } from '../../contracts/device-api/routes.js';
import { EndpointIdSchema } from '../../contracts/alexa/endpoint-id.js';
import { isOnline } from '../store/doorbells.js';
import { pressDoorbell } from './press.js';
import { recordHeartbeat } from './connectivity.js';
import { errorSummary } from '../log.js';

export interface FunctionUrlEvent {
  rawPath?: string;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext?: {
    http?: { method?: string; path?: string };
    authorizer?: { iam?: { userArn?: string; accountId?: string; callerId?: string; accessKey?: string } };
  };
}

export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const MAX_BODY_BYTES = 4096;

function json(statusCode: number, body: unknown): FunctionUrlResult {
  return { statusCode, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
}

/** A DeviceApiError response with the status its code stands for. */
export function errorResult(error: DeviceApiErrorCode, message: string): FunctionUrlResult {
  const body: DeviceApiError = { error, message };
  return json(DEVICE_API_ERROR_STATUS[error], body);
}

/** May this caller act on `endpointId`? */
function callerMayActOn(event: FunctionUrlEvent, endpointId: string, deviceRoleName: string | undefined): 'OK' | 'UNAUTHORIZED' | 'FORBIDDEN' {
  const iam = event.requestContext?.authorizer?.iam;
  if (!iam || typeof iam.userArn !== 'string' || !iam.userArn) return 'UNAUTHORIZED';
  if (!deviceRoleName) return 'OK';
  const m = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/([^/]+)\/(.+)$/.exec(iam.userArn);
  return m && m[1] === deviceRoleName && m[2] === endpointId ? 'OK' : 'FORBIDDEN';
}

function readBody(event: FunctionUrlEvent): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return {};
  if (typeof event.body !== 'string') throw new Error('body');
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new Error('body');
  return JSON.parse(text);
}

export function createDeviceHandler(rt: Runtime): (event: unknown) => Promise<FunctionUrlResult> {
  return async (raw) => {
    const started = rt.now();
    const event = (raw && typeof raw === 'object' ? raw : {}) as FunctionUrlEvent;
    const http = event.requestContext?.http;
    const method = typeof http?.method === 'string' ? http.method.toUpperCase() : undefined;
    const path = typeof event.rawPath === 'string' ? event.rawPath : http?.path;
    let result: FunctionUrlResult;
    let route = 'unknown';
    try {
      result = await (async () => {
        const m = typeof path === 'string' ? matchDeviceApiPath(path) : undefined;
        if (!m) return errorResult('NOT_FOUND', 'No such route.');
        let endpointId: string;
        try {
          endpointId = decodeURIComponent(m.encodedEndpointId);
        } catch {
          return errorResult('BAD_REQUEST', 'Bad doorbell id.');
        }
        if (!EndpointIdSchema.safeParse(endpointId).success) return errorResult('BAD_REQUEST', 'Bad doorbell id.');
        route = `${method} ${m.suffix}`;
        const access = callerMayActOn(event, endpointId, rt.config.deviceRoleName);
        if (access === 'UNAUTHORIZED') return errorResult('UNAUTHORIZED', 'Signed requests only.');
        if (access === 'FORBIDDEN') return errorResult('FORBIDDEN', 'These credentials are not for this doorbell.');

        if (method === 'GET' && !m.suffix) {
          const item = await rt.doorbells.get(endpointId);
          if (!item) return errorResult('NOT_FOUND', 'No such doorbell.');
          const linked = (await rt.users.findUserIdByEmail(item.ownerEmail)) !== undefined;
          const info: DoorbellInfo = {
            endpointId: item.endpointId,
            name: item.name,
            channelName: item.channelName,
            channelArn: item.channelArn,
            online: isOnline(item, rt.now(), rt.config.cameraOfflineAfterMs),
            linked,
          };
          return json(200, info);
        }
        if (method === 'PUT' && m.suffix === '/status') {
          let body: unknown;
          try {
            body = readBody(event);
          } catch {
            return errorResult('BAD_REQUEST', 'The body must be JSON of at most 4 KB.');
          }
          const status = StatusRequestSchema.safeParse(body);
          if (!status.success) return errorResult('BAD_REQUEST', 'The body must be {"online": true|false}.');
          const res = await recordHeartbeat(rt, endpointId, status.data.online);
          return res ? json(200, res) : errorResult('NOT_FOUND', 'No such doorbell.');
        }
        if (method === 'POST' && m.suffix === '/press') {
          try {
            readBody(event);
          } catch {
            return errorResult('BAD_REQUEST', 'The body must be JSON of at most 4 KB.');
          }
          const res = await pressDoorbell(rt, endpointId);
          return res ? json(200, res) : errorResult('NOT_FOUND', 'No such doorbell.');
        }
        return errorResult('NOT_FOUND', 'No such route.');
      })();
    } catch (err) {
      rt.log.error('device request failed', errorSummary(err));
      result = errorResult('INTERNAL_ERROR', 'The doorbell service failed; try again.');
    }
    rt.log.info('device request', { route, status: result.statusCode, elapsedMs: rt.now() - started });
    return result;
  };
}
