/**
 * The device API's routes (./contract.ts), one small handler each. A handler runs for a caller
 * already allowed to act on the doorbell, with the body already read when its route takes one; it
 * returns the 200 body or throws a DeviceApiFailure.
 */
import * as z from 'zod/mini';
import type { Runtime } from '../runtime.js';
import type { DoorbellInfo, PressResponse, StatusResponse } from './contract.js';
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
  method: 'GET' | 'PUT' | 'POST';
  /** What follows `/v1/doorbells/{endpointId}`; the route's name in the logs. */
  resource: '' | '/status' | '/press';
  /** Matches a path ending in this route's resource (a prefix is allowed) and captures the endpointId. */
  path: RegExp;
  /** Whether the body must be JSON of at most 4 KB, checked before the handler runs. */
  readsBody: boolean;
  handle(runtime: Runtime, request: DeviceRequest): Promise<unknown>;
}

const StatusSchema = z.object({ online: z.boolean() });
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
  const status = StatusSchema.safeParse(body);
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

function route(method: DeviceRoute['method'], resource: DeviceRoute['resource'], readsBody: boolean, handle: DeviceRoute['handle']): DeviceRoute {
  return { method, resource, path: new RegExp(`/v1/doorbells/([^/]+)${resource}/?$`), readsBody, handle };
}

export const ROUTES: readonly DeviceRoute[] = [
  route('GET', '', false, describeDoorbell),
  route('PUT', '/status', true, heartbeat),
  route('POST', '/press', true, press),
];
