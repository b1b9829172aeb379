import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { BodyTooLargeError, readBody } from '../../shared/http.js';
import { verifySigV4 } from '../sigv4/index.js';
import type { Handler } from './api-context.js';
import type { RequestGuard } from '../request-guard.js';
import type { Counters } from './counters.js';
import type { CredentialRegistry } from './credentials.js';
import { AwsError, clientLimitExceeded, sendAwsError, serializationError, unknownOperation } from './errors.js';
import type { RateLimiter } from './rate-limits.js';

/** restJson1 routes of the control plane and the signaling HTTPS data plane. */
export const ROUTES: Readonly<Record<string, string>> = {
  '/createSignalingChannel': 'CreateSignalingChannel',
  '/describeSignalingChannel': 'DescribeSignalingChannel',
  '/listSignalingChannels': 'ListSignalingChannels',
  '/getSignalingChannelEndpoint': 'GetSignalingChannelEndpoint',
  '/v1/get-ice-server-config': 'GetIceServerConfig',
  '/v1/send-alexa-offer-to-master': 'SendAlexaOfferToMaster',
};

export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpApiDeps {
  handlers: Record<string, Handler>;
  /** Where a request may come from (./origin-policy.ts): checked before anything else. */
  guard: RequestGuard;
  registry: CredentialRegistry;
  counters: Counters;
  limiter: RateLimiter;
  region: string;
}

function parseInput(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw serializationError('Request body is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw serializationError('Request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** Authenticates, routes and answers one HTTP request, errors in the AWS JSON shape. */
export function httpApi(deps: HttpApiDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (deps.guard.refuse(req, res)) return;
    const requestId = randomUUID();
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    serve(req, abort.signal)
      .then((output) => {
        if (res.destroyed) return;
        const body = JSON.stringify(output);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': requestId });
        res.end(body);
      })
      .catch((err: unknown) => {
        if (res.destroyed || res.headersSent) return;
        sendAwsError(res, err instanceof AwsError ? err : new AwsError('InternalFailure', 'The request processing has failed because of an unknown error.', 500, 'message'), requestId);
      });
  };

  async function serve(req: IncomingMessage, signal: AbortSignal): Promise<unknown> {
    const body = await readBody(req, MAX_BODY_BYTES).catch((err: unknown) => {
      throw err instanceof BodyTooLargeError ? serializationError('Request body too large') : err;
    });
    const auth = verifySigV4(
      { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body },
      { service: 'kinesisvideo', region: deps.region, lookupCredentials: deps.registry.lookup },
    );
    if (!auth.ok) throw new AwsError(auth.errorType, auth.message, auth.status, 'message');
    const path = (req.url ?? '/').split('?')[0]!;
    const action = req.method === 'POST' ? ROUTES[path] : undefined;
    const handler = action ? deps.handlers[action] : undefined;
    if (!action || !handler) throw unknownOperation();
    deps.counters.count(action);
    const input = parseInput(body);
    if (!deps.limiter.account(action)) {
      throw clientLimitExceeded(`${action} rate exceeded for this account`);
    }
    return handler(input, { grant: deps.registry.grant(auth.accessKeyId)!, signal });
  }
}
