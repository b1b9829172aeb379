/**
 * The skill's snapshot route for Alexa: `GET /v1/snapshots/{linkId}` on the access API's unsigned
 * function URL, as the SnapshotProvider interface wants it: Alexa sends `Authorization: Bearer
 * <access token>`; the route checks that the token is a valid Amazon user (the skill's profile
 * cache, as every directive) who owns the link's doorbell (Discovery's rule), then answers the
 * picture itself (image/jpeg, never a redirect, which Alexa does not follow). An unknown or
 * expired link is 410 Gone (Alexa then asks GetSnapshot for a new one); no or a refused token
 * 401; another owner's doorbell 403.
 */
import { hashSecret } from '../../contracts/secrets.js';
import { SNAPSHOT_CONTENT_TYPE } from '../../contracts/snapshots.js';
import { AlexaError } from '../alexa/errors.js';
import type { FunctionUrlEvent, FunctionUrlResult } from '../http/function-url.js';
import { methodOf } from '../http/function-url.js';
import type { Runtime } from '../runtime.js';

const text = (statusCode: number, message: string, extra: Record<string, string> = {}): FunctionUrlResult => ({
  statusCode,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra },
  body: message,
});

function bearerOf(event: FunctionUrlEvent): string | undefined {
  const value = event.headers?.authorization;
  return typeof value === 'string' ? /^Bearer\s+(\S+)$/i.exec(value)?.[1] : undefined;
}

export async function serveSnapshot(runtime: Runtime, event: FunctionUrlEvent, linkId: string): Promise<FunctionUrlResult> {
  if (methodOf(event) !== 'GET') return text(405, 'Only GET.', { allow: 'GET' });
  const token = bearerOf(event);
  if (!token) return text(401, 'A Bearer token is required.', { 'www-authenticate': 'Bearer' });
  const link = await runtime.snapshotLinks.get(await hashSecret(linkId));
  if (!link || link.expiresAt <= Math.floor(runtime.now() / 1000)) return text(410, 'This snapshot link has expired; ask for a new one.');
  let email: string;
  try {
    email = (await runtime.profiles.resolve(token)).email;
  } catch (err) {
    if (err instanceof AlexaError && err.type !== 'INTERNAL_ERROR') return text(401, 'The Bearer token is not valid.', { 'www-authenticate': 'Bearer error="invalid_token"' });
    throw err;
  }
  if (!(await runtime.doorbells.getOwned(link.endpointId, email))) return text(403, 'This snapshot is not of your doorbell.');
  const picture = await runtime.bucket.read(link.snapshotKey);
  if (!picture) return text(410, 'The snapshot is gone; ask for a new one.');
  return {
    statusCode: 200,
    headers: { 'content-type': SNAPSHOT_CONTENT_TYPE, 'cache-control': 'private, no-store', 'content-length': String(picture.body.length) },
    body: Buffer.from(picture.body).toString('base64'),
    isBase64Encoded: true,
  };
}
