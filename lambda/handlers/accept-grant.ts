/**
 * Alexa.Authorization AcceptGrant: exchange the grant's code at LWA and store the user's tokens and
 * event-gateway region. Every failure is ACCEPT_GRANT_FAILED (the router maps it).
 */
import type { RequestHandler } from 'ask-sdk-runtime';
import { parseWith, type DirectiveInput } from '../alexa/directive.js';
import { eventResponse, type AlexaResponse } from '../alexa/responses.js';
import { AcceptGrantPayloadSchema } from '../alexa/schema.js';

/** Also asked of a header that failed validation: an invalid AcceptGrant still gets ACCEPT_GRANT_FAILED. */
export const isAcceptGrant = ({ header }: { header?: { namespace?: unknown; name?: unknown } }) =>
  header?.namespace === 'Alexa.Authorization' && header?.name === 'AcceptGrant';

export const acceptGrantHandler: RequestHandler<DirectiveInput, AlexaResponse> = {
  canHandle: isAcceptGrant,
  async handle(input) {
    const { grant, grantee } = parseWith(AcceptGrantPayloadSchema, input.payload, 'payload');
    const { rt } = input;
    // The grantee token is the user's account-linking token: it says who the grant is for.
    const user = await rt.profiles.resolve(grantee.token);
    const tokens = await rt.lwa.exchangeCode(grant.code);
    if (!tokens.refreshToken) throw new Error('LWA returned no refresh token');
    await rt.users.saveGrant({ userId: user.userId, email: user.email, name: user.name, tokens, region: rt.config.alexaRegion }, rt.now());
    return eventResponse('Alexa.Authorization', 'AcceptGrant.Response', { correlationToken: input.echo.correlationToken }, {});
  },
};
