import type { IncomingMessage, ServerResponse } from 'node:http';

// Browser pages call the KVS APIs from their own origin, as they do in AWS, whose KVS endpoints
// answer CORS for any origin; every call is still SigV4-authenticated.
const EXPOSED = 'x-amzn-requestid, x-amzn-errortype, x-amz-apigw-id, date';

export function addCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
  res.setHeader('access-control-expose-headers', EXPOSED);
  if (req.headers.origin) res.setHeader('vary', 'Origin');
}

/** Answers a CORS preflight; returns false for any other request. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'OPTIONS') return false;
  addCorsHeaders(req, res);
  res.writeHead(200, {
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
    'access-control-max-age': '600',
    'content-length': '0',
  });
  res.end();
  return true;
}
