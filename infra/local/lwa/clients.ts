/**
 * The OAuth clients the local LWA knows (the skill's security profile, and any other client a test
 * or the local Alexa registers) and how a token request proves to be one of them.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export type ClientAuth =
  | { ok: true; clientId: string }
  | { ok: false; description: string };

/** Client credentials from HTTP Basic or from the form (RFC 6749 §2.3.1 allows both). */
export function authenticateClient(req: IncomingMessage, form: URLSearchParams, clients: OAuthClient[]): ClientAuth {
  let clientId = form.get('client_id') ?? undefined;
  let clientSecret = form.get('client_secret') ?? undefined;
  const header = req.headers.authorization;
  if (header && /^basic\s+/i.test(header)) {
    const decoded = Buffer.from(header.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
  }
  if (!clientId || clientSecret === undefined) return { ok: false, description: 'Client authentication is missing.' };
  const client = clients.find((c) => c.clientId === clientId);
  if (!client || !sameSecret(client.clientSecret, clientSecret)) {
    return { ok: false, description: 'Client authentication failed.' };
  }
  return { ok: true, clientId };
}

/** Default redirect rule: any http(s) URL on this machine. */
export function isLoopbackUrl(uri: string): boolean {
  try {
    const url = new URL(uri);
    return (url.protocol === 'http:' || url.protocol === 'https:') && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}
