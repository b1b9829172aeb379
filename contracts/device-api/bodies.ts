/**
 * The doorbell-device API's bodies (routes in ./routes.ts), as zod/mini schemas: the skill's device
 * handler validates requests with them, and the pages and test stand-ins use the inferred types.
 * Pages import only types from here (zod stays out of their bundles).
 */
import * as z from 'zod/mini';
import { ALEXA_REGIONS } from '../alexa/regions.js';
import { EndpointIdSchema } from '../alexa/endpoint-id.js';
import { EVENT_ID_PATTERN, EVENT_TYPES, HISTORY_MAX_PAGE, SNAPSHOT_CONTENT_TYPE, SNAPSHOT_MAX_BYTES } from '../snapshots.js';

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
  /** The history event this press recorded (its picture is the camera's to take). */
  eventId: z.optional(z.string()),
});

export const EventIdSchema = z.string().check(z.regex(EVENT_ID_PATTERN));
export const EventTypeSchema = z.enum(EVENT_TYPES);
export const DetectionStateSchema = z.enum(['DETECTED', 'NOT_DETECTED']);

/** POST /v1/doorbells/{endpointId}/motion: the camera saw motion start (DETECTED) or end (NOT_DETECTED). */
export const MotionRequestSchema = z.object({ state: DetectionStateSchema });

/**
 * What became of a motion report.
 * - REPORTED: Alexa's gateway accepted the Alexa.MotionSensor ChangeReport.
 * - UNCHANGED: the doorbell's motion state already said so (a repeat is not reported again).
 * - NOT_LINKED: the owner has not linked the skill: recorded (and in the history), not reported.
 * - NOT_REPORTED: Alexa refused it or could not be reached after a few tries (recorded all the same).
 */
export const MotionOutcomeSchema = z.enum(['REPORTED', 'UNCHANGED', 'NOT_LINKED', 'NOT_REPORTED']);

export const MotionResponseSchema = z.object({
  state: DetectionStateSchema,
  outcome: MotionOutcomeSchema,
  /** A motion start's history event: the camera uploads its picture for it. */
  eventId: z.optional(EventIdSchema),
});

/** GET /v1/doorbells/{endpointId}/snapshot-request: a press (from any page) that wants the camera's picture. */
export const SnapshotRequestResponseSchema = z.object({
  request: z.nullable(z.object({ eventId: EventIdSchema, reason: EventTypeSchema, requestedAt: z.number() })),
});

/** POST /v1/doorbells/{endpointId}/snapshots: a presigned PUT for one event's picture. */
export const SnapshotUploadRequestSchema = z.object({
  eventId: EventIdSchema,
  reason: EventTypeSchema,
  contentType: z.string(),
  contentLength: z.int().check(z.gte(1)),
});

export const SnapshotUploadSchema = z.object({
  url: z.string(),
  method: z.literal('PUT'),
  /** Send exactly these headers (they are signed; the length is the one asked for). */
  headers: z.object({ 'content-type': z.literal(SNAPSHOT_CONTENT_TYPE) }),
  expiresAt: z.number(),
  maxBytes: z.literal(SNAPSHOT_MAX_BYTES),
});

/** POST /v1/doorbells/{endpointId}/snapshots/confirm: the PUT succeeded; the API checks the object is there. */
export const SnapshotConfirmRequestSchema = z.object({ eventId: EventIdSchema });
export const SnapshotConfirmResponseSchema = z.object({ eventId: EventIdSchema, bytes: z.number() });

export const HistoryLimitSchema = z.int().check(z.gte(1), z.lte(HISTORY_MAX_PAGE));

export const HistoryEventSchema = z.object({
  eventId: EventIdSchema,
  type: EventTypeSchema,
  at: z.number(),
  /** A presigned GET of the event's picture, when one was uploaded. */
  picture: z.optional(z.object({ url: z.string(), expiresAt: z.number() })),
});

/** A visit: a press and the motion around it (at most VISIT_GAP_MS apart), newest first. */
export const VisitSchema = z.object({ startedAt: z.number(), endedAt: z.number(), events: z.array(HistoryEventSchema) });

export const HistoryPageSchema = z.object({
  visits: z.array(VisitSchema),
  /** Opaque, bound to this doorbell; absent on the last page. */
  nextPageToken: z.optional(z.string()),
});

export const DeviceApiErrorCodeSchema = z.enum(['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'INTERNAL_ERROR']);

/** Every 4xx/5xx answer. */
export const DeviceApiErrorSchema = z.object({ error: DeviceApiErrorCodeSchema, message: z.string() });

export type DoorbellInfo = z.infer<typeof DoorbellInfoSchema>;
export type StatusRequest = z.infer<typeof StatusRequestSchema>;
export type StatusResponse = z.infer<typeof StatusResponseSchema>;
export type PressOutcome = z.infer<typeof PressOutcomeSchema>;
export type PressResponse = z.infer<typeof PressResponseSchema>;
export type DeviceApiErrorCode = z.infer<typeof DeviceApiErrorCodeSchema>;
export type DetectionState = z.infer<typeof DetectionStateSchema>;
export type MotionRequest = z.infer<typeof MotionRequestSchema>;
export type MotionOutcome = z.infer<typeof MotionOutcomeSchema>;
export type MotionResponse = z.infer<typeof MotionResponseSchema>;
export type SnapshotRequestResponse = z.infer<typeof SnapshotRequestResponseSchema>;
export type SnapshotUploadRequest = z.infer<typeof SnapshotUploadRequestSchema>;
export type SnapshotUpload = z.infer<typeof SnapshotUploadSchema>;
export type SnapshotConfirmRequest = z.infer<typeof SnapshotConfirmRequestSchema>;
export type SnapshotConfirmResponse = z.infer<typeof SnapshotConfirmResponseSchema>;
export type HistoryEvent = z.infer<typeof HistoryEventSchema>;
export type Visit = z.infer<typeof VisitSchema>;
export type HistoryPage = z.infer<typeof HistoryPageSchema>;
export type DeviceApiError = z.infer<typeof DeviceApiErrorSchema>;
