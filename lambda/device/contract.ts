/**
 * The doorbell-device API: what the camera page and the announcement page call, never Alexa or
 * LWA directly. In AWS it is the skill bundle's `deviceHandler` behind a Lambda function URL with
 * IAM auth; locally the local stack serves the same handler with the same SigV4 check.
 *
 * The caller is identified by its credentials, not by anything in the body: the IAM role session
 * name (`arn:aws:sts::<account>:assumed-role/<role>/<endpointId>`) names the one doorbell it may act on.
 *
 * Routes (JSON bodies, paths relative to the API's base URL):
 *   GET  /v1/doorbells/{endpointId}          -> DoorbellInfo
 *   PUT  /v1/doorbells/{endpointId}/status   body StatusRequest -> StatusResponse   (heartbeat)
 *   POST /v1/doorbells/{endpointId}/press    body {}            -> PressResponse
 * Errors: 4xx/5xx with DeviceApiError.
 */

export const DEVICE_API_VERSION = 'v1';

/** A camera repeats its heartbeat this often while it is online. */
export const HEARTBEAT_INTERVAL_MS = 30_000;

export interface DoorbellInfo {
  endpointId: string;
  name: string;
  channelName: string;
  channelArn: string;
  online: boolean;
  /** Whether the owner has linked the skill (a press can reach Alexa). */
  linked: boolean;
}

export interface StatusRequest {
  online: boolean;
}

export interface StatusResponse {
  online: boolean;
  lastSeenAt: number;
}

/**
 * What became of a press.
 * - DELIVERED: Alexa's event gateway accepted the DoorbellPress (202).
 * - DEBOUNCED: a press of this doorbell was accepted moments ago; this one was dropped.
 * - NOT_LINKED: the owner has not enabled and linked the skill.
 * - RELINK_REQUIRED: the stored grant no longer works (403, or the refresh token was refused).
 * - THROTTLED: the gateway answered 429.
 * - GATEWAY_ERROR: the gateway failed (5xx, network) or refused the event (400).
 * - LWA_UNAVAILABLE: the token needed refreshing and Login with Amazon did not answer.
 */
export type PressOutcome =
  | 'DELIVERED'
  | 'DEBOUNCED'
  | 'NOT_LINKED'
  | 'RELINK_REQUIRED'
  | 'THROTTLED'
  | 'GATEWAY_ERROR'
  | 'LWA_UNAVAILABLE';

export interface PressResponse {
  outcome: PressOutcome;
  /** A sentence for a person: what happened and what to do. */
  message: string;
  /** The event's messageId when one was sent. */
  messageId?: string;
  /** Which Alexa region's gateway it went to: NA, EU or FE. */
  region?: 'NA' | 'EU' | 'FE';
}

export type DeviceApiErrorCode = 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'INTERNAL_ERROR';

export interface DeviceApiError {
  error: DeviceApiErrorCode;
  message: string;
}
