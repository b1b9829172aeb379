/**
 * The local Alexa's HTTP routes, mounted on the local stack's main web server:
 *   GET  /alexa/link?user=<user>                          browser account linking: 302 to LWA's /ap/oa
 *   GET  /alexa/link/callback?code=&state=                LWA's redirect back; finishes the link, 302 to the Echo Show
 *   GET  /alexa/api/users                                 the Echo Show's users and their link state
 *   GET  /alexa/api/users/{user}
 *   POST /alexa/api/users/{user}/link                     link without a browser (the user is taken to consent)
 *   POST /alexa/api/users/{user}/unlink
 *   POST /alexa/api/users/{user}/discover
 *   POST /alexa/api/users/{user}/sessions                 {endpointId, offer} -> {sessionId, answer}
 *   POST /alexa/api/users/{user}/sessions/{id}/connected
 *   POST /alexa/api/users/{user}/sessions/{id}/disconnected
 *   GET  /alexa/api/users/{user}/devices/{endpointId}/state   ReportState -> {connectivity, detectionState}
 *   GET  /alexa/api/users/{user}/devices/{endpointId}/snapshot GetSnapshot, then its URI with the Bearer: the picture
 *   GET  /alexa/api/users/{user}/announcements            server-sent events: `doorbell` per press
 * Errors: JSON {error: {type, message}}. Every POST changes something, so every POST must say
 * `content-type: application/json` (415 otherwise), an empty object at least: a cross-site form or a
 * `text/plain` beacon, which a page elsewhere may send without a CORS preflight, never gets through,
 * even where the main server's origin policy (../../request-guard.ts) would let it by.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, escapeHtml, readBody, sendJson as sendJsonWith } from '../../../shared/http.js';
import { AlexaError, type LocalAlexa } from './local-alexa.js';

const MAX_BODY_BYTES = 256 * 1024;
const SSE_KEEPALIVE_MS = 15_000;

const STATUS_BY_TYPE: Record<string, number> = {
  NO_SUCH_USER: 404,
  NO_SUCH_ENDPOINT: 404,
  NO_SUCH_SESSION: 404,
  NOT_LINKED: 409,
  LINK_EXPIRED: 409,
  INVALID_LINK_STATE: 400,
  BAD_REQUEST: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  ACCOUNT_LINKING_FAILED: 502,
  LWA_UNAVAILABLE: 503,
};

export function handleAlexaRoute(alexa: LocalAlexa, req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  if (!url.pathname.startsWith('/alexa/')) return false;
  route(alexa, req, res, url).catch((err: unknown) => sendError(res, err));
  return true;
}

async function route(alexa: LocalAlexa, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);

  if (url.pathname === '/alexa/link' && method === 'GET') {
    redirect(res, alexa.beginLink(url.searchParams.get('user') ?? ''));
    return;
  }
  if (url.pathname === '/alexa/link/callback' && method === 'GET') {
    // A person's browser lands here: failures get a page with a way back, not JSON.
    try {
      const refused = url.searchParams.get('error');
      if (refused) throw new AlexaError('ACCOUNT_LINKING_FAILED', `Login with Amazon did not link the skill (${refused}).`);
      const linked = await alexa.completeLink(url.searchParams.get('state') ?? '', url.searchParams.get('code') ?? '');
      redirect(res, `/echo-show/?user=${encodeURIComponent(linked.user)}`);
    } catch (err) {
      const message = err instanceof AlexaError ? err.message : 'Account linking failed; see the terminal running npm start.';
      if (!(err instanceof AlexaError)) console.error('local Alexa:', err);
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(linkFailedPage(message));
    }
    return;
  }
  if (parts[0] !== 'alexa' || parts[1] !== 'api' || parts[2] !== 'users') throw new AlexaError('NOT_FOUND', 'No such route.');

  if (method === 'POST' && !isJson(req)) throw new AlexaError('UNSUPPORTED_MEDIA_TYPE', 'POST a JSON body (content-type: application/json), {} when there is nothing to send.');

  const [, , , user, sub, id, action] = parts;
  if (!user) {
    if (method === 'GET') return sendJson(res, 200, alexa.users());
  } else if (!sub && method === 'GET') {
    return sendJson(res, 200, alexa.user(user));
  } else if (sub === 'link' && method === 'POST') {
    return sendJson(res, 200, await alexa.linkDirect(user));
  } else if (sub === 'unlink' && method === 'POST') {
    return sendJson(res, 200, await alexa.unlink(user));
  } else if (sub === 'discover' && method === 'POST') {
    return sendJson(res, 200, await alexa.discover(user));
  } else if (sub === 'sessions' && !id && method === 'POST') {
    const body = await readJson(req);
    if (typeof body.endpointId !== 'string' || typeof body.offer !== 'string') {
      throw new AlexaError('BAD_REQUEST', 'Send {endpointId, offer} with the offer SDP as a string.');
    }
    return sendJson(res, 200, await alexa.startSession(user, body.endpointId, body.offer));
  } else if (sub === 'sessions' && id && action === 'connected' && method === 'POST') {
    await alexa.sessionConnected(user, id);
    return sendJson(res, 200, { ok: true });
  } else if (sub === 'sessions' && id && action === 'disconnected' && method === 'POST') {
    await alexa.sessionDisconnected(user, id);
    return sendJson(res, 200, { ok: true });
  } else if (sub === 'devices' && id && action === 'state' && method === 'GET') {
    return sendJson(res, 200, await alexa.reportState(user, id));
  } else if (sub === 'devices' && id && action === 'snapshot' && method === 'GET') {
    const picture = await alexa.snapshot(user, id);
    res.writeHead(200, { 'content-type': picture.contentType, 'content-length': picture.bytes.length, 'cache-control': 'no-store', 'x-snapshot-expires': picture.expireTime });
    res.end(picture.bytes);
    return;
  } else if (sub === 'announcements' && method === 'GET') {
    alexa.user(user);
    return streamAnnouncements(alexa, user, req, res);
  }
  throw new AlexaError('NOT_FOUND', 'No such route.');
}

function streamAnnouncements(alexa: LocalAlexa, user: string, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write(': announcements for this Echo Show user\n\n');
  const unsubscribePresses = alexa.onAnnouncement(user, (a) => res.write(`event: doorbell\ndata: ${JSON.stringify(a)}\n\n`));
  const unsubscribeMotion = alexa.onMotion(user, (m) => res.write(`event: motion\ndata: ${JSON.stringify(m)}\n\n`));
  const unsubscribe = () => {
    unsubscribePresses();
    unsubscribeMotion();
  };
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), SSE_KEEPALIVE_MS);
  keepalive.unref();
  req.on('close', () => {
    clearInterval(keepalive);
    unsubscribe();
  });
}

function isJson(req: IncomingMessage): boolean {
  return req.headers['content-type']?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(req, MAX_BODY_BYTES).catch((err: unknown) => {
    throw err instanceof BodyTooLargeError ? new AlexaError('BAD_REQUEST', 'The request body is too large.') : err;
  });
  try {
    const value: unknown = JSON.parse(body.toString('utf8') || '{}');
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the same answer as a non-object body
  }
  throw new AlexaError('BAD_REQUEST', 'The request body must be a JSON object.');
}

function linkFailedPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Account linking failed</title></head>
<body style="font-family: system-ui, sans-serif; padding: 32px"><h1>The doorbell skill was not linked</h1>
<p>${escapeHtml(message)}</p><p><a href="/echo-show/">Back to the Echo Show</a></p></body></html>`;
}

const sendJson = (res: ServerResponse, status: number, body: unknown): void => sendJsonWith(res, status, body, { 'cache-control': 'no-store' });

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'cache-control': 'no-store' });
  res.end();
}

function sendError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof AlexaError) {
    const status = err.type === 'NOT_FOUND' ? 404 : (STATUS_BY_TYPE[err.type] ?? 502);
    return sendJson(res, status, { error: { type: err.type, message: err.message } });
  }
  sendJson(res, 500, { error: { type: 'INTERNAL_ERROR', message: 'The local Alexa failed; see the terminal running npm start.' } });
  console.error('local Alexa:', err);
}
