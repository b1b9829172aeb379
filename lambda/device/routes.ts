/**
 * The device API's routes (contracts/device-api/), one small handler each. A handler runs for a caller
 * already allowed to act on the doorbell, with the body already read when its route takes one; it
 * returns the 200 body or throws a DeviceApiFailure.
 */
import type { Runtime } from '../runtime.js';
import { StatusRequestSchema, type DoorbellInfo, type PressResponse, type StatusResponse } from '../../contracts/device-api/bodies.js';
import { DEVICE_API_ROUTES, type DeviceApiRoute } from '../../contracts/device-api/routes.js';
import type { PageRole } from '../../contracts/page-roles.js';
import { isOnline } from '../store/doorbells.js';
import { DeviceApiFailure } from './function-url.js';
import { recordHeartbeat } from './connectivity.js';
import { pressDoorbell } from './press.js';

export interface DeviceRequest {
  endpointId: string;
  /** The JSON body, for a route that reads one. */
  body?: unknown;
}

export interface DeviceRoute {
  method: (typeof DEVICE_API_ROUTES)[DeviceApiRoute]['method'];
  /** What follows `/v1/doorbells/{endpointId}`; the route's name in the logs. */
  resource: (typeof DEVICE_API_ROUTES)[DeviceApiRoute]['suffix'];
  /** Whether the body must be JSON of at most 4 KB, checked before the handler runs. */
  readsBody: boolean;
  /** The page roles that may call it (contracts/device-api/routes.ts). */
  roles: readonly PageRole[];
  handle(runtime: Runtime, request: DeviceRequest): Promise<unknown>;
}

const noSuchDoorbell = () => new DeviceApiFailure('NOT_FOUND', 'No such doorbell.');

async function describeDoorbell(runtime: Runtime, { endpointId }: DeviceRequest): Promise<DoorbellInfo> {
  const item = await runtime.doorbells.get(endpointId);
  if (!item) throw noSuchDoorbell();
  return {
    endpointId: item.endpointId,
    name: item.name,
    channelName: item.channelName,
    channelArn: item.channelArn,
    online: isOnline(item, runtime.now(), runtime.config.cameraOfflineAfterMs),
    linked: (await runtime.users.findUserIdByEmail(item.ownerEmail)) !== undefined,
  };
}

async function heartbeat(runtime: Runtime, { endpointId, body }: DeviceRequest): Promise<StatusResponse> {
  const status = StatusRequestSchema.safeParse(body);
  if (!status.success) throw new DeviceApiFailure('BAD_REQUEST', 'The body must be {"online": true|false}.');
  const recorded = await recordHeartbeat(runtime, endpointId, status.data.online);
  if (!recorded) throw noSuchDoorbell();
  return recorded;
}

/** Its body (`{}`) carries nothing, but a broken one is refused as on every route that takes a body. */
async function press(runtime: Runtime, { endpointId }: DeviceRequest): Promise<PressResponse> {
  const pressed = await pressDoorbell(runtime, endpointId);
  if (!pressed) throw noSuchDoorbell();
  return pressed;
}

function route(name: DeviceApiRoute, readsBody: boolean, handle: DeviceRoute['handle']): DeviceRoute {
  const { method, suffix, roles } = DEVICE_API_ROUTES[name];
  return { method, resource: suffix, readsBody, roles, handle };
}

export const ROUTES: readonly DeviceRoute[] = [route('doorbell', false, describeDoorbell), route('status', true, heartbeat), route('press', true, press)];
