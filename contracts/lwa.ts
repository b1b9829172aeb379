/**
 * Login with Amazon as its clients see it: the endpoints, the token endpoint's form-encoded
 * request (authorization_code and refresh_token grants, the client authenticated in the form, or,
 * for a code issued with a PKCE challenge, only named and proven by the code_verifier),
 * its JSON answers, and the profile. The skill (lambda/lwa/client.ts) and the local Alexa
 * (infra/local/alexa/simulator/lwa-oauth.ts) are different clients and keep their own; the local
 * LWA (infra/local/lwa/) answers in these shapes.
 */
import * as z from 'zod/mini';

export const LWA_PATHS = { authorize: '/ap/oa', token: '/auth/o2/token', profile: '/user/profile' } as const;

export type TokenRequest =
  | { grant_type: 'authorization_code'; code: string; redirect_uri?: string; code_verifier?: string }
  | { grant_type: 'refresh_token'; refresh_token: string };

export interface ClientCredentials {
  clientId: string;
  /** Absent for PKCE: the setup page's sign-in has no secret (lwa-sign-in.ts). */
  clientSecret?: string;
}

export const TOKEN_REQUEST_CONTENT_TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';

/** The token request's form body. */
export function tokenRequestBody(request: TokenRequest, client: ClientCredentials): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(request)) if (value !== undefined) form.set(key, value);
  form.set('client_id', client.clientId);
  if (client.clientSecret !== undefined) form.set('client_secret', client.clientSecret);
  return form.toString();
}

const nonEmpty = z.string().check(z.minLength(1));

/**
 * A 200 from the token endpoint. LWA sends all four; a refresh may rotate the refresh token, so a
 * client keeps the one it has when none comes back.
 */
export const TokenResponseSchema = z.object({
  access_token: nonEmpty,
  refresh_token: z.optional(z.string()),
  token_type: z.optional(z.string()),
  /** Seconds. */
  expires_in: z.optional(z.number()),
});

/** Every LWA error: `invalid_grant`, `invalid_client`, `invalid_request`, `invalid_token`, ... */
export const LwaErrorSchema = z.object({ error: z.string(), error_description: z.optional(z.string()) });

/** GET /user/profile: the user id always; name and email with the `profile` scope. */
export const ProfileResponseSchema = z.object({ user_id: nonEmpty, name: z.optional(z.string()), email: z.optional(z.string()) });

export type TokenResponse = z.infer<typeof TokenResponseSchema>;
export type LwaErrorBody = z.infer<typeof LwaErrorSchema>;
export type ProfileResponse = z.infer<typeof ProfileResponseSchema>;
