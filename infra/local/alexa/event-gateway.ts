/**
 * A local Alexa event gateway: `POST /v3/events` as api.amazonalexa.com answers it.
 * - 202 with an empty body for a valid event whose bearer token the local LWA vouches for;
 * - 401 INVALID_ACCESS_TOKEN_EXCEPTION for a missing, unknown or expired token;
 * - 400 INVALID_REQUEST_EXCEPTION for a malformed or unsupported event, or a scope token that is
 *   not the Authorization token; 413 for an oversized body;
 * - any status on demand (`control.nextResponses`) to drive the skill's retry and re-link paths.
 * Errors carry the gateway's body: {header: {namespace: "System", name: "Exception", messageId},
 * payload: {code, description}}. Only the skill (a program) calls it: the local origin policy
 * (../request-guard.ts) refuses any web page, and bodies other than JSON.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalLwa } from '../lwa/index.js';
import { BodyTooLargeError, bearerToken, listen, readBody, requestUrl, sendJson } from '../../shared/http.js';
import { eventGatewayControl, type EventGatewayControl, type ReceivedEvent } from './event-gateway-control.js';
import { checkEvent } from '../../../contracts/alexa/check.js';
import { guarded } from '../request-guard.js';

export type { EventGatewayControl, ReceivedEvent } from './event-gateway-control.js';

export interface LocalEventGateway {
  /** http://127.0.0.1:<port>; events go to `${endpoint}/v3/events`. */
  readonly endpoint: string;
  /** 'event': each ACCEPTED (202) event, e.g. doorbell presses for the Echo Show simulator. */
  on(event: 'event', listener: (e: ReceivedEvent) => void): void;
  off(event: 'event', listener: (e: ReceivedEvent) => void): void;
  /** Test hooks: the requests received, scripted answers. */
  readonly control: EventGatewayControl;
  close(): Promise<void>;
}

const CODES: Record<number, string> = {
  400: 'INVALID_REQUEST_EXCEPTION',
  401: 'INVALID_ACCESS_TOKEN_EXCEPTION',
  403: 'SKILL_NEVER_ENABLED_EXCEPTION',
  404: 'ACCOUNT_NOT_FOUND_EXCEPTION',
  413: 'REQUEST_ENTITY_TOO_LARGE_EXCEPTION',
  429: 'THROTTLING_EXCEPTION',
  500: 'INTERNAL_SERVICE_EXCEPTION',
  503: 'SERVICE_UNAVAILABLE_EXCEPTION',
};

const DESCRIPTIONS: Record<string, string> = {
  INVALID_ACCESS_TOKEN_EXCEPTION: 'The access token is invalid, expired, or malformed.',
  SKILL_NEVER_ENABLED_EXCEPTION: 'The skill is not enabled for this customer.',
  INSUFFICIENT_PERMISSION_EXCEPTION: 'The token does not have the required permissions.',
  ACCOUNT_NOT_FOUND_EXCEPTION: 'The account record associated with this identifier does not exist or has expired.',
  REQUEST_ENTITY_TOO_LARGE_EXCEPTION: 'The message payload is too large.',
  THROTTLING_EXCEPTION: 'Too many requests to the Alexa event gateway.',
  INTERNAL_SERVICE_EXCEPTION: 'An error occurred within Alexa.',
  SERVICE_UNAVAILABLE_EXCEPTION: 'Alexa is unable to accept the message.',
};

const MAX_BODY_BYTES = 1024 * 1024;

export async function startEventGateway(opts: { lwa: LocalLwa; host?: string; port?: number }): Promise<LocalEventGateway> {
  const hooks = eventGatewayControl();
  const emitter = new EventEmitter();
  // The simulator, tests and the benchmark may all subscribe; none of them is a leak.
  emitter.setMaxListeners(0);

  function answer(res: ServerResponse, status: number, code?: string, description?: string): void {
    if (status === 202) {
      res.writeHead(202, { 'content-length': 0 });
      res.end();
      return;
    }
    const errorCode = code ?? CODES[status] ?? (status >= 500 ? 'INTERNAL_SERVICE_EXCEPTION' : 'INVALID_REQUEST_EXCEPTION');
    sendJson(res, status, {
      header: { namespace: 'System', name: 'Exception', messageId: randomUUID() },
      payload: { code: errorCode, description: description ?? DESCRIPTIONS[errorCode] ?? 'The request was refused.' },
    });
  }

  function record(e: ReceivedEvent): void {
    hooks.record(e);
    if (e.status === 202) emitter.emit('event', e);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    let raw: Buffer;
    try {
      raw = await readBody(req, MAX_BODY_BYTES);
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      record({ userId: '', body: undefined, receivedAt, status: 413, code: CODES[413] });
      answer(res, 413);
      req.resume();
      return;
    }
    let body: unknown = raw.toString('utf8');
    let json = true;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      json = false;
    }
    const token = bearerToken(req);
    const user = token ? opts.lwa.introspect(token) : undefined;
    const check = json ? checkEvent(body) : undefined;
    const base = {
      userId: user?.userId ?? '',
      body,
      receivedAt,
      namespace: check?.summary?.namespace,
      name: check?.summary?.name,
      endpointId: check?.summary?.endpointId,
    };
    const reply = (status: number, code?: string, description?: string): void => {
      record({ ...base, status, ...(status === 202 ? {} : { code: code ?? CODES[status] }) });
      answer(res, status, code, description);
    };

    const scripted = hooks.nextScripted();
    if (scripted !== undefined) {
      reply(scripted);
      return;
    }
    if (!user) {
      reply(401, 'INVALID_ACCESS_TOKEN_EXCEPTION');
      return;
    }
    if (!json) {
      reply(400, 'INVALID_REQUEST_EXCEPTION', 'The message is not valid JSON.');
      return;
    }
    if (!check!.ok) {
      reply(400, 'INVALID_REQUEST_EXCEPTION', check!.description);
      return;
    }
    if (check!.summary.scopeToken !== token) {
      reply(400, 'INVALID_REQUEST_EXCEPTION', 'The scope token of the event is not the token of the Authorization header.');
      return;
    }
    reply(202);
  }

  const server = await listen(
    guarded({ origins: [], bodyTypes: ['application/json'], maxBodyBytes: MAX_BODY_BYTES, answer: (res, r) => answer(res, r.status, r.status === 413 ? undefined : 'INVALID_REQUEST_EXCEPTION', r.status === 413 ? undefined : r.message) }, async (req, res) => {
      const { pathname } = requestUrl(req);
      if (pathname === '/v3/events' && req.method === 'POST') return handle(req, res);
      sendJson(res, 404, { message: `No route for ${req.method} ${pathname}` });
    }),
    { host: opts.host, port: opts.port },
  );

  return {
    endpoint: server.endpoint,
    on(event, listener) {
      emitter.on(event, listener);
    },
    off(event, listener) {
      emitter.off(event, listener);
    },
    control: hooks.control,
    close: () => server.close(),
  };
}
