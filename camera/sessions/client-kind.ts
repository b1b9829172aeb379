/**
 * Offers forwarded by the skill through SendAlexaOfferToMaster carry a sender client id of
 * `alexa.<sanitized Alexa session id>`; every other sender is an ordinary KVS viewer.
 */
export const ALEXA_CLIENT_ID_PREFIX = 'alexa.';

export function isAlexaClientId(clientId: string | undefined): boolean {
  return typeof clientId === 'string' && clientId.startsWith(ALEXA_CLIENT_ID_PREFIX);
}
