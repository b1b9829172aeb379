/**
 * The translation a Lambda function URL does: an HTTP request into a payload-format-2.0 event, and
 * the handler's result back into an HTTP response (a result with `statusCode` is taken as the
 * response; anything else is sent as 200 JSON).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { IamIdentity } from './caller-identity.js';

export interface FunctionUrlEventV2 {
  version: '2.0';
  routeKey: '$default';
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    /** Absent for a URL with auth NONE. */
    authorizer?: { iam: IamIdentity };
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: '$default';
    stage: '$default';
    time: string;
    timeEpoch: number;
  };
  body?: string;
  isBase64Encoded: boolean;
}

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

/** With IAM auth, the headers that carry the caller's signature and session token: the handler gets the identity instead. */
const WITHHELD_HEADERS = new Set(['authorization', 'x-amz-security-token']);

const TEXT_TYPES = /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function clfTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export function toUrlEvent(
  req: IncomingMessage,
  body: Buffer,
  ctx: { identity?: IamIdentity; urlId: string; region: string; accountId: string },
): FunctionUrlEventV2 {
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const rawQueryString = q < 0 ? '' : target.slice(q + 1);

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    const key = name.toLowerCase();
    if (value === undefined || key === 'cookie' || (ctx.identity && WITHHELD_HEADERS.has(key))) continue;
    headers[key] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = req.headers.cookie?.split(/;\s*/).filter(Boolean);

  let query: Record<string, string> | undefined;
  for (const [k, v] of new URLSearchParams(rawQueryString)) {
    query ??= {};
    query[k] = k in query ? `${query[k]},${v}` : v;
  }

  const now = new Date();
  const contentType = req.headers['content-type'] ?? '';
  const isText = body.length === 0 || TEXT_TYPES.test(contentType);
  const domainName = `${ctx.urlId}.lambda-url.${ctx.region}.on.aws`;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: ctx.accountId,
      apiId: ctx.urlId,
      ...(ctx.identity ? { authorizer: { iam: ctx.identity } } : {}),
      domainName,
      domainPrefix: ctx.urlId,
      http: {
        method: req.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  };
}

/** Maps what the handler returned (as JSON text) to the HTTP response a function URL sends. */
export function fromHandlerResult(payloadJson: string): HttpReply {
  const result: unknown = JSON.parse(payloadJson);
  if (result && typeof result === 'object' && !Array.isArray(result) && 'statusCode' in result) {
    const r = result as { statusCode: unknown; headers?: Record<string, unknown>; cookies?: unknown; body?: unknown; isBase64Encoded?: boolean };
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers ?? {})) if (v !== undefined && v !== null) headers[k.toLowerCase()] = String(v);
    const text = r.body === undefined || r.body === null ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    return {
      status: Number(r.statusCode) || 200,
      headers,
      cookies: Array.isArray(r.cookies) ? r.cookies.map(String) : [],
      body: r.isBase64Encoded ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
    };
  }
  return { status: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.from(payloadJson, 'utf8') };
}
