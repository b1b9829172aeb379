import * as z from 'zod/mini';

/**
 * Alexa's endpointId, as Amazon's published Smart Home message schema constrains it: 1-256
 * letters, digits and `_ - = # ; : ? @ &`. (The prose of the discovery reference also mentions
 * spaces; the schema Alexa validates against does not allow them, and neither does this.)
 */
export const ENDPOINT_ID_PATTERN = /^[A-Za-z0-9_\-=#;:?@&]{1,256}$/;

export const EndpointIdSchema = z.string().check(z.regex(ENDPOINT_ID_PATTERN, 'endpointId has characters Alexa does not allow or is too long'));
