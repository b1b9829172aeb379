/**
 * The doorbell-device API: what the camera page and the announcement page call, never Alexa or
 * LWA directly. In AWS it is the skill bundle's `deviceHandler` behind a Lambda function URL with
 * IAM auth; locally the local stack serves the same handler with the same SigV4 check. The caller
 * is identified by its credentials, not by anything in the body: the IAM role session name
 * (`arn:aws:sts::<account>:assumed-role/<role>/<endpointId>`) names the one doorbell it may act on.
 *
 *   GET  /v1/doorbells/{endpointId}          -> DoorbellInfo
 *   PUT  /v1/doorbells/{endpointId}/status   StatusRequest -> StatusResponse   (heartbeat)
 *   POST /v1/doorbells/{endpointId}/press    {}            -> PressResponse
 * Errors: 4xx/5xx with a DeviceApiError body. Bodies: ./bodies.ts. No zod here: the pages import this.
 */
import type { DeviceApiErrorCode } from './bodies.js';

export const DEVICE_API_VERSION = 'v1';

/** A camera repeats its heartbeat this often while it is online. */
export const HEARTBEAT_INTERVAL_MS = 30_000;

export const DEVICE_API_ROUTES = {
  doorbell: { method: 'GET', suffix: '' },
  status: { method: 'PUT', suffix: '/status' },
  press: { method: 'POST', suffix: '/press' },
} as const;

export type DeviceApiRoute = keyof typeof DEVICE_API_ROUTES;
export type DeviceApiSuffix = (typeof DEVICE_API_ROUTES)[DeviceApiRoute]['suffix'];

/** The path of a route for one doorbell, relative to the API's base URL. */
export function deviceApiPath(endpointId: string, route: DeviceApiRoute): string {
  return `/${DEVICE_API_VERSION}/doorbells/${encodeURIComponent(endpointId)}${DEVICE_API_ROUTES[route].suffix}`;
}

const PATH = new RegExp(`/${DEVICE_API_VERSION}/doorbells/([^/]+)(/status|/press)?/?$`);

/** The doorbell (still URL-encoded) and route suffix a request path names; the path may carry a prefix. */
export function matchDeviceApiPath(path: string): { encodedEndpointId: string; suffix: DeviceApiSuffix } | undefined {
  const m = PATH.exec(path);
  return m ? { encodedEndpointId: m[1]!, suffix: (m[2] ?? '') as DeviceApiSuffix } : undefined;
}

/** The HTTP status each error code is answered with. */
export const DEVICE_API_ERROR_STATUS: Readonly<Record<DeviceApiErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INTERNAL_ERROR: 500,
};
