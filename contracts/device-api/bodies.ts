/**
 * The doorbell-device API's bodies (routes in ./routes.ts), as zod/mini schemas: the skill's device
 * handler validates requests with them, and the pages and test stand-ins use the inferred types.
 * Pages import only types from here (zod stays out of their bundles).
 */
import * as z from 'zod/mini';
import { ALEXA_REGIONS } from '../alexa/regions.js';
import { EndpointIdSchema } from '../alexa/endpoint-id.js';

/** GET /v1/doorbells/{endpointId} */
export const DoorbellInfoSchema = z.object({
  endpointId: EndpointIdSchema,
  name: z.string(),
  channelName: z.string(),
  channelArn: z.string(),
  online: z.boolean(),
  /** Whether the owner has linked the skill (a press can reach Alexa). */
  linked: z.boolean(),
});

/** PUT /v1/doorbells/{endpointId}/status: the camera's heartbeat. */
export const StatusRequestSchema = z.object({ online: z.boolean() });

export const StatusResponseSchema = z.object({ online: z.boolean(), lastSeenAt: z.number() });

/**
 * What became of a press (POST /v1/doorbells/{endpointId}/press, body `{}`).
 * - DELIVERED: Alexa's event gateway accepted the DoorbellPress (202).
 * - DEBOUNCED: a press of this doorbell was accepted moments ago; this one was dropped.
 * - NOT_LINKED: the owner has not enabled and linked the skill.
 * - RELINK_REQUIRED: the stored grant no longer works (403, or the refresh token was refused).
 * - THROTTLED: the gateway answered 429.
 * - GATEWAY_ERROR: the gateway failed (5xx, network) or refused the event (400).
 * - LWA_UNAVAILABLE: the token needed refreshing and Login with Amazon did not answer.
 * - SKILL_MISCONFIGURED: Login with Amazon refused the skill itself (`invalid_client`): its client
 *   secret is wrong or was never set; the owner fixes the secret (re-linking would not help).
 */
export const PressOutcomeSchema = z.enum(['DELIVERED', 'DEBOUNCED', 'NOT_LINKED', 'RELINK_REQUIRED', 'THROTTLED', 'GATEWAY_ERROR', 'LWA_UNAVAILABLE', 'SKILL_MISCONFIGURED']);

export const PressResponseSchema = z.object({
  outcome: PressOutcomeSchema,
  /** A sentence for a person: what happened and what to do. */
  message: z.string(),
  /** The event's messageId when one was sent. */
  messageId: z.optional(z.string()),
  /** Which Alexa region's gateway it went to. */
  region: z.optional(z.enum(ALEXA_REGIONS)),
});

export const DeviceApiErrorCodeSchema = z.enum(['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'INTERNAL_ERROR']);

/** Every 4xx/5xx answer. */
export const DeviceApiErrorSchema = z.object({ error: DeviceApiErrorCodeSchema, message: z.string() });

export type DoorbellInfo = z.infer<typeof DoorbellInfoSchema>;
export type StatusRequest = z.infer<typeof StatusRequestSchema>;
export type StatusResponse = z.infer<typeof StatusResponseSchema>;
export type PressOutcome = z.infer<typeof PressOutcomeSchema>;
export type PressResponse = z.infer<typeof PressResponseSchema>;
export type DeviceApiErrorCode = z.infer<typeof DeviceApiErrorCodeSchema>;
export type DeviceApiError = z.infer<typeof DeviceApiErrorSchema>;
