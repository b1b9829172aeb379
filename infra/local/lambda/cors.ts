/**
 * A function URL's CORS headers. As in AWS, the URL itself answers preflight requests (no
 * signature needed, the function is not called) and adds the allow-origin header to the
 * function's responses. Only the origins vary; methods and headers are what a SigV4-signing page needs.
 */
const METHODS = ['GET', 'PUT', 'POST', 'DELETE'];
const SIGV4_HEADERS = ['authorization', 'content-type', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256', 'x-amz-user-agent'];

/** Headers for a preflight answer; undefined when the origin or method is not allowed. */
export function preflightHeaders(allowOrigins: string[], origin: string | undefined, method: string): Record<string, string> | undefined {
  if (!origin || !allowOrigins.includes(origin) || !METHODS.includes(method.toUpperCase())) return undefined;
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': METHODS.join(', '),
    'access-control-allow-headers': SIGV4_HEADERS.join(', '),
    'access-control-max-age': '300',
    vary: 'Origin',
  };
}

/** Headers added to an actual response for an allowed origin. */
export function responseCorsHeaders(allowOrigins: string[], origin: string | undefined): Record<string, string> {
  if (!origin || !allowOrigins.includes(origin)) return {};
  return { 'access-control-allow-origin': origin, vary: 'Origin' };
}
