/**
 * A Lambda function URL as a handler sees it (payload format 2.0): the event fields the device
 * and access APIs read, the result they return, and JSON answers. Each API keeps its own refusals.
 */
export interface FunctionUrlEvent {
  rawPath?: string;
  body?: string;
  isBase64Encoded?: boolean;
  /** Lower-cased names, as function URLs deliver them. */
  headers?: Record<string, string | undefined>;
  requestContext?: {
    http?: { method?: string; path?: string; sourceIp?: string };
    authorizer?: { iam?: { userArn?: string; accountId?: string; callerId?: string; accessKey?: string } };
  };
}

export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function json(statusCode: number, body: unknown): FunctionUrlResult {
  return { statusCode, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
}

/** The request's method, upper-cased, when the event has one. */
export function methodOf(event: FunctionUrlEvent): string | undefined {
  const method = event.requestContext?.http?.method;
  return typeof method === 'string' ? method.toUpperCase() : undefined;
}

/** The request's path (rawPath, else http.path), when the event has one. */
export function pathOf(event: FunctionUrlEvent): string | undefined {
  const path = typeof event.rawPath === 'string' ? event.rawPath : event.requestContext?.http?.path;
  return typeof path === 'string' ? path : undefined;
}

/** The body's text (function URLs base64 bodies they take for binary), or undefined when there is none. */
export function bodyText(event: FunctionUrlEvent): string | undefined {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  if (typeof event.body !== 'string') return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}
