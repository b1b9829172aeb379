/**
 * The random secrets of setup (device grants, setup tokens, enrollment codes, PKCE verifiers) and
 * the one way they are stored: only as a SHA-256 digest, base64url. The skill, `camera-url` and the
 * local stand-ins make and hash them the same way, with WebCrypto (browsers and Node 20 both have
 * it), so a code hashed by one is found by the other.
 */
import { bytesToBase64Url } from './base64.js';

/** `bytes` random bytes, base64url without padding (32 bytes: 43 characters). */
export function newSecret(bytes = 32): string {
  return bytesToBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** SHA-256 of the secret's UTF-8 text, base64url without padding (43 characters). */
export async function hashSecret(secret: string): Promise<string> {
  return bytesToBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret))));
}
