/**
 * The doorbell-device API: what the camera, doorbell button and viewer pages call, never Alexa or
 * LWA directly. In AWS it is the skill bundle's `deviceHandler` behind a Lambda function URL with
 * IAM auth; locally the local stack serves the same handler with the same SigV4 check. The caller
 * is identified by its credentials, not by anything in the body: its ARN
 * (`arn:aws:sts::<account>:assumed-role/<role name>/<endpointId>`) says its page role (the role
 * name, one of the three page roles' ARNs in the skill's configuration) and, as the session name,
 * the one doorbell it may act on. Each route lists the page roles it serves (page-roles.ts).
 *
 *   GET  /v1/doorbells/{endpointId}          -> DoorbellInfo                     camera, button, viewer
 *   PUT  /v1/doorbells/{endpointId}/status   StatusRequest -> StatusResponse   camera (heartbeat)
 *   POST /v1/doorbells/{endpointId}/press    {}            -> PressResponse    camera, button
 * Errors: 4xx/5xx with a DeviceApiError body. Bodies: ./bodies.ts. No zod here: the pages import this.
 */
import type { PageRole } from '../page-roles.js';
import type { DeviceApiErrorCode } from './bodies.js';

export const DEVICE_API_VERSION = 'v1';

/**
 * A camera repeats its heartbeat this often while it is online: three heartbeats fit in the
 * skill's CAMERA_OFFLINE_AFTER_MS (60 s), so one lost heartbeat never reads as offline, and with
 * the health check's one-minute schedule Alexa hears within two minutes that a camera went silent.
 */
export const HEARTBEAT_INTERVAL_MS = 20_000;

export const DEVICE_API_ROUTES = {
  doorbell: { method: 'GET', suffix: '', roles: ['camera', 'button', 'viewer'] },
  status: { method: 'PUT', suffix: '/status', roles: ['camera'] },
  press: { method: 'POST', suffix: '/press', roles: ['camera', 'button'] },
} as const satisfies Record<string, { method: string; suffix: string; roles: readonly PageRole[] }>;

export type DeviceApiRoute = keyof typeof DEVICE_API_ROUTES;
export type DeviceApiSuffix = (typeof DEVICE_API_ROUTES)[DeviceApiRoute]['suffix'];

/** Whether a page of this role may call this route (for its own doorbell). */
export function deviceApiAllows(route: DeviceApiRoute, role: PageRole): boolean {
  return (DEVICE_API_ROUTES[route].roles as readonly PageRole[]).includes(role);
}

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
