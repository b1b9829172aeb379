/**
 * The OAuth client the local LWA knows (the skill's security profile, which the local Alexa also
 * links with) and how a token request proves to be it.
 */
import { timingSafeEqual } from 'node:crypto';

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

/**
 * Client credentials from the form, as the skill and Alexa send them. `publicAllowed`: the request
 * redeems a code issued for a PKCE challenge, so naming the client is enough (its verifier proves
 * the rest, as for the setup page, which holds no secret); a secret given anyway must be right.
 */
export function authenticateClient(form: URLSearchParams, client: OAuthClient, publicAllowed = false): ClientAuth {
  const clientId = form.get('client_id') ?? undefined;
  const clientSecret = form.get('client_secret') ?? undefined;
  if (clientId && clientSecret === undefined && publicAllowed) {
    return clientId === client.clientId ? { ok: true, clientId } : { ok: false, description: 'Client authentication failed.' };
  }
  if (!clientId || clientSecret === undefined) return { ok: false, description: 'Client authentication is missing.' };
  if (clientId !== client.clientId || !sameSecret(client.clientSecret, clientSecret)) {
    return { ok: false, description: 'Client authentication failed.' };
  }
  return { ok: true, clientId };
}

/** The redirect rule: any http(s) URL on this machine. */
export function isLoopbackUrl(uri: string): boolean {
  try {
    const url = new URL(uri);
    return (url.protocol === 'http:' || url.protocol === 'https:') && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}
