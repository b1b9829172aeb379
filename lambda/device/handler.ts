/**
 * The doorbell-device API (contracts/device-api/; routes in ./routes.ts) as a Lambda function URL handler. Around every
 * route, once: find the route and the doorbell in the path, check the caller, read the body, turn
 * refusals and failures into error results, and log one line. The function URL's IAM auth has
 * verified the SigV4 signature; this handler decides whether that caller may act on the doorbell
 * in the path (a session of a page role named after it, ./caller.ts) with this route (the roles
 * each route serves: contracts/device-api/routes.ts).
 */
import type { Runtime } from '../runtime.js';
import { EndpointIdSchema } from '../../contracts/alexa/endpoint-id.js';
import { errorSummary } from '../log.js';
import { DeviceApiFailure, errorResult, json, readJsonBody, type FunctionUrlEvent, type FunctionUrlResult } from './function-url.js';
import { ROUTES, type DeviceRoute } from './routes.js';
import { matchDeviceApiPath } from '../../contracts/device-api/routes.js';
import type { PageRole } from '../../contracts/page-roles.js';
import { identifyCaller, pageRolesByName } from './caller.js';

/** A request's doorbell and route, as its path and method say. */
interface Target {
  endpointId: string;
  /** The log's name for it: method and resource. */
  name: string;
  /** Undefined when no route has this method for the resource. */
  route?: DeviceRoute;
}

function decodeEndpointId(encoded: string): string {
  let endpointId: string | undefined;
  try {
    endpointId = decodeURIComponent(encoded);
  } catch {
    // Malformed percent-encoding: refused below, like any other bad id.
  }
  if (endpointId === undefined || !EndpointIdSchema.safeParse(endpointId).success) throw new DeviceApiFailure('BAD_REQUEST', 'Bad doorbell id.');
  return endpointId;
}

function locate(event: FunctionUrlEvent): Target {
  const http = event.requestContext?.http;
  const method = typeof http?.method === 'string' ? http.method.toUpperCase() : undefined;
  const path = typeof event.rawPath === 'string' ? event.rawPath : http?.path;
  const match = typeof path === 'string' ? matchDeviceApiPath(path) : undefined;
  if (!match) throw new DeviceApiFailure('NOT_FOUND', 'No such route.');
  const endpointId = decodeEndpointId(match.encodedEndpointId);
  return { endpointId, name: `${method} ${match.suffix}`, route: ROUTES.find((r) => r.resource === match.suffix && r.method === method) };
}

async function serve(runtime: Runtime, rolesByName: ReadonlyMap<string, PageRole>, event: FunctionUrlEvent): Promise<{ name: string; result: FunctionUrlResult }> {
  let name = 'unknown';
  try {
    const target = locate(event);
    name = target.name;
    const caller = identifyCaller(event, rolesByName);
    if (caller.endpointId !== target.endpointId) throw new DeviceApiFailure('FORBIDDEN', 'These credentials are not for this doorbell.');
    if (!target.route) throw new DeviceApiFailure('NOT_FOUND', 'No such route.');
    if (!target.route.roles.includes(caller.role)) throw new DeviceApiFailure('FORBIDDEN', `A ${caller.role} page may not do this.`);
    const body = target.route.readsBody ? readJsonBody(event) : undefined;
    return { name, result: json(200, await target.route.handle(runtime, { endpointId: target.endpointId, body })) };
  } catch (err) {
    if (err instanceof DeviceApiFailure) return { name, result: errorResult(err.code, err.message) };
    runtime.log.error('device request failed', errorSummary(err));
    return { name, result: errorResult('INTERNAL_ERROR', 'The doorbell service failed; try again.') };
  }
}

export function createDeviceHandler(runtime: Runtime): (event: unknown) => Promise<FunctionUrlResult> {
  const rolesByName = pageRolesByName(runtime.config.pageRoles);
  return async (raw) => {
    const started = runtime.now();
    const { name, result } = await serve(runtime, rolesByName, (raw && typeof raw === 'object' ? raw : {}) as FunctionUrlEvent);
    runtime.log.info('device request', { route: name, status: result.statusCode, elapsedMs: runtime.now() - started });
    return result;
  };
}
