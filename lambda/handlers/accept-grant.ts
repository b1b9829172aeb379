/**
 * Alexa.Authorization AcceptGrant: exchange the grant's code at LWA and store the user's tokens and
 * event-gateway region. Every failure is ACCEPT_GRANT_FAILED (the router maps it). An account that
 * owns no doorbell links fine but discovers nothing, the usual setup mistake (an ownerEmail that is
 * not the linking account's): that is logged, with the email masked, so the owner can find it.
 */
import type { RequestHandler } from 'ask-sdk-runtime';
import { parseWith, type DirectiveInput } from '../alexa/directive.js';
import { eventResponse, type AlexaResponse } from '../alexa/responses.js';
import { AcceptGrantPayloadSchema } from '../alexa/schema.js';
import { maskEmail } from '../log.js';
import { CLIENT_SECRET_FIX, LwaError } from '../lwa/client.js';

/** Also asked of a header that failed validation: an invalid AcceptGrant still gets ACCEPT_GRANT_FAILED. */
export function isAcceptGrant(header: unknown): boolean {
  const h = header as { namespace?: unknown; name?: unknown } | null | undefined;
  return h?.namespace === 'Alexa.Authorization' && h?.name === 'AcceptGrant';
}

export const acceptGrantHandler: RequestHandler<DirectiveInput, AlexaResponse> = {
  canHandle: ({ header }) => isAcceptGrant(header),
  async handle({ runtime, header, payload }) {
    const { grant, grantee } = parseWith(AcceptGrantPayloadSchema, payload, 'payload');
    // The grantee token is the user's account-linking token: it says who the grant is for.
    const user = await runtime.profiles.resolve(grantee.token);
    const tokens = await runtime.lwa.exchangeCode(grant.code).catch((err: unknown) => {
      // Still ACCEPT_GRANT_FAILED for Alexa; the log says what the owner must fix.
      if (err instanceof LwaError && err.kind === 'MISCONFIGURED') runtime.log.error('Login with Amazon refused the skill itself (invalid_client)', { outcome: 'SKILL_MISCONFIGURED', fix: CLIENT_SECRET_FIX });
      throw err;
    });
    if (!tokens.refreshToken) throw new Error('LWA returned no refresh token');
    await runtime.users.saveGrant({ userId: user.userId, email: user.email, name: user.name, tokens, region: runtime.config.alexaRegion }, runtime.now());
    // A diagnostic only: the link stands whatever this lookup does.
    const owned = await runtime.doorbells.listByOwner(user.email).catch(() => undefined);
    if (owned?.length === 0) runtime.log.warn('linked, but no doorbell is owned by this email: check the doorbells file', { email: maskEmail(user.email) });
    return eventResponse('Alexa.Authorization', 'AcceptGrant.Response', { correlationToken: header.correlationToken }, {});
  },
};
