import { createHmac } from 'node:crypto';

/**
 * TURN credentials of the "TURN REST API" kind (draft-uberti-behave-turn-rest, coturn's
 * `use-auth-secret`), the kind KVS's GetIceServerConfig hands out: the user name is the expiry
 * time in Unix seconds and a name, the password base64(HMAC-SHA1(shared secret, user name)). The
 * TURN server checks both with the secret alone, so nothing is stored per user, and a name past its
 * expiry is refused.
 */
export function restApiCredentials(secret: string, name: string, ttlSeconds: number, nowMs = Date.now()): { username: string; password: string } {
  const username = `${Math.floor(nowMs / 1000) + ttlSeconds}:${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
  return { username, password: createHmac('sha1', secret).update(username).digest('base64') };
}
