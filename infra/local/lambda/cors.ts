/**
 * A function URL's CORS configuration and the headers it produces. As in AWS, the URL itself
 * answers preflight requests (no signature needed, the function is not called) and adds the
 * allow-origin headers to the function's responses.
 */
export interface CorsConfig {
  /** Origins allowed, or ['*']. */
  allowOrigins: string[];
  /** Default: GET, PUT, POST, DELETE. */
  allowMethods?: string[];
  /** Default: what a SigV4-signing browser page sends. */
  allowHeaders?: string[];
  exposeHeaders?: string[];
  maxAgeSeconds?: number;
  allowCredentials?: boolean;
}

const SIGV4_HEADERS = ['authorization', 'content-type', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256', 'x-amz-user-agent'];

/** Accepts one origin, a list, or a full configuration. */
export function normaliseCors(cors: string | string[] | CorsConfig | undefined): CorsConfig | undefined {
  if (cors === undefined) return undefined;
  if (typeof cors === 'string') return { allowOrigins: [cors] };
  if (Array.isArray(cors)) return { allowOrigins: cors };
  return cors;
}

function allowedOrigin(cors: CorsConfig, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  if (cors.allowOrigins.includes('*')) return cors.allowCredentials ? origin : '*';
  return cors.allowOrigins.includes(origin) ? origin : undefined;
}

/** Headers for a preflight answer; undefined when the origin or method is not allowed. */
export function preflightHeaders(cors: CorsConfig, origin: string | undefined, method: string | undefined): Record<string, string> | undefined {
  const allowOrigin = allowedOrigin(cors, origin);
  const methods = (cors.allowMethods ?? ['GET', 'PUT', 'POST', 'DELETE']).map((m) => m.toUpperCase());
  if (!allowOrigin || !method || (!methods.includes('*') && !methods.includes(method.toUpperCase()))) return undefined;
  return {
    'access-control-allow-origin': allowOrigin,
    'access-control-allow-methods': methods.join(', '),
    'access-control-allow-headers': (cors.allowHeaders ?? SIGV4_HEADERS).join(', '),
    'access-control-max-age': String(cors.maxAgeSeconds ?? 300),
    ...(cors.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
    vary: 'Origin',
  };
}

/** Headers added to an actual response for an allowed origin. */
export function responseCorsHeaders(cors: CorsConfig, origin: string | undefined): Record<string, string> {
  const allowOrigin = allowedOrigin(cors, origin);
  if (!allowOrigin) return {};
  return {
    'access-control-allow-origin': allowOrigin,
    ...(cors.exposeHeaders?.length ? { 'access-control-expose-headers': cors.exposeHeaders.join(', ') } : {}),
    ...(cors.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
    vary: 'Origin',
  };
}
