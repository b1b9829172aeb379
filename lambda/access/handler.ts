/**
 * The device access API (contracts/access-api/; routes in ./routes.ts) as a Lambda function URL
 * handler, reachable without SigV4. Around every route, once: the rate limit, the route, POST and
 * `content-type: application/json` only, a body of at most 8 KB that is JSON of the route's
 * shape, the setup token where the route needs one; every refusal and failure is a typed
 * AccessApiError (never a bare 500), and each request logs one line.
 */
import { ACCESS_API_CONTENT_TYPE, ACCESS_API_MAX_BODY_BYTES, ACCESS_API_METHOD, matchAccessApiPath } from '../../contracts/access-api/routes.js';
import { bodyText, json, methodOf, pathOf, type FunctionUrlEvent, type FunctionUrlResult } from '../http/function-url.js';
import { errorSummary } from '../log.js';
import type { Runtime } from '../runtime.js';
import { createAccessContext, type AccessContext } from './context.js';
import { AccessApiFailure, accessErrorResult } from './failure.js';
import type { RateLimiter } from './rate-limit.js';
import { ROUTES } from './routes.js';
import { requireSession } from './setup-session.js';

function header(event: FunctionUrlEvent, name: string): string | undefined {
  const value = event.headers?.[name];
  return typeof value === 'string' ? value : undefined;
}

function readBody(event: FunctionUrlEvent): unknown {
  if (methodOf(event) !== ACCESS_API_METHOD) throw new AccessApiFailure('UNSUPPORTED_MEDIA_TYPE', 'Only POST with a JSON body.');
  const type = header(event, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== ACCESS_API_CONTENT_TYPE) throw new AccessApiFailure('UNSUPPORTED_MEDIA_TYPE', 'The body must be sent as application/json.');
  const text = bodyText(event) ?? '';
  if (Buffer.byteLength(text) > ACCESS_API_MAX_BODY_BYTES) throw new AccessApiFailure('PAYLOAD_TOO_LARGE', 'The body must be at most 8 KB.');
  try {
    return JSON.parse(text);
  } catch {
    throw new AccessApiFailure('BAD_REQUEST', 'The body is not JSON.');
  }
}

function bearerOf(event: FunctionUrlEvent): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header(event, 'authorization') ?? '')?.[1];
}

async function serve(ctx: AccessContext, event: FunctionUrlEvent): Promise<{ name: string; result: FunctionUrlResult }> {
  let name = 'unknown';
  try {
    const sourceIp = event.requestContext?.http?.sourceIp;
    if (!ctx.limiter.take(typeof sourceIp === 'string' ? sourceIp : 'unknown', ctx.runtime.now())) throw new AccessApiFailure('RATE_LIMITED', 'Too many requests; try again in a minute.');
    const path = pathOf(event);
    const routeName = path === undefined ? undefined : matchAccessApiPath(path);
    if (!routeName) throw new AccessApiFailure('NOT_FOUND', 'No such route.');
    name = routeName;
    const route = ROUTES[routeName];
    const raw = readBody(event);
    const body = route.body.safeParse(raw);
    if (!body.success) throw new AccessApiFailure('BAD_REQUEST', `The body is not what ${routeName} takes: ${body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ').slice(0, 300)}`);
    const session = route.setupToken ? await requireSession(ctx, bearerOf(event)) : undefined;
    return { name, result: json(200, await route.handle(ctx, body.data, session)) };
  } catch (err) {
    if (err instanceof AccessApiFailure) return { name, result: accessErrorResult(err.code, err.message, err.reason) };
    ctx.runtime.log.error('access request failed', { route: name, ...errorSummary(err) });
    return { name, result: accessErrorResult('INTERNAL_ERROR', 'The doorbell service failed; try again.') };
  }
}

export function createAccessHandler(runtime: Runtime, opts: { limiter?: RateLimiter } = {}): (event: unknown) => Promise<FunctionUrlResult> {
  const ctx = createAccessContext(runtime, opts);
  return async (raw) => {
    const started = runtime.now();
    const { name, result } = await serve(ctx, (raw && typeof raw === 'object' ? raw : {}) as FunctionUrlEvent);
    const error = result.statusCode === 200 ? undefined : (JSON.parse(result.body) as { error?: string }).error;
    runtime.log.info('access request', { route: name, status: result.statusCode, ...(error ? { error } : {}), elapsedMs: runtime.now() - started });
    return result;
  };
}
