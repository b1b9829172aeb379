/**
 * Builders of the messages the skill returns to Alexa and sends to the event gateway. Every
 * message gets a fresh UUID messageId; the directive's correlationToken and endpoint are echoed.
 */
import { randomUUID } from 'node:crypto';
import type { AlexaErrorType, AuthorizationErrorType } from './errors.js';

export interface EventHeader {
  namespace: string;
  name: string;
  messageId: string;
  /** "3" for every Smart Home v3 interface; Alexa.SmartVision.SnapshotProvider's is "1.1". */
  payloadVersion: '3' | '1.1';
  correlationToken?: string;
}

export interface ResponseEndpoint {
  scope?: { type: string; token: string };
  endpointId: string;
  cookie?: Record<string, unknown>;
}

export interface AlexaProperty {
  namespace: string;
  name: string;
  value: unknown;
  timeOfSample: string;
  uncertaintyInMilliseconds: number;
}

export interface AlexaResponse {
  event: {
    header: EventHeader;
    endpoint?: ResponseEndpoint;
    payload: Record<string, unknown>;
  };
  context?: { properties: AlexaProperty[] };
}

/** What of the directive a response repeats back to Alexa. */
export interface DirectiveEcho {
  correlationToken?: string;
  endpoint?: ResponseEndpoint;
}

export function header(namespace: string, name: string, correlationToken?: string, payloadVersion: EventHeader['payloadVersion'] = '3'): EventHeader {
  const h: EventHeader = { namespace, name, messageId: randomUUID(), payloadVersion };
  if (correlationToken !== undefined) h.correlationToken = correlationToken;
  return h;
}

export function eventResponse(namespace: string, name: string, echo: DirectiveEcho, payload: Record<string, unknown>, payloadVersion: EventHeader['payloadVersion'] = '3'): AlexaResponse {
  const res: AlexaResponse = { event: { header: header(namespace, name, echo.correlationToken, payloadVersion), payload } };
  if (echo.endpoint) res.event.endpoint = echo.endpoint;
  return res;
}

export function errorResponse(type: AlexaErrorType, message: string, echo: DirectiveEcho): AlexaResponse {
  return eventResponse('Alexa', 'ErrorResponse', { correlationToken: echo.correlationToken, endpoint: echo.endpoint && { endpointId: echo.endpoint.endpointId } }, { type, message });
}

export function authorizationErrorResponse(type: AuthorizationErrorType, message: string, echo: DirectiveEcho): AlexaResponse {
  return eventResponse('Alexa.Authorization', 'ErrorResponse', { correlationToken: echo.correlationToken }, { type, message });
}

/** Alexa wants UTC ISO 8601; events want it without fractional seconds. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Alexa.MotionSensor's one property: DETECTED or NOT_DETECTED, a plain string. */
export function detectionStateProperty(state: 'DETECTED' | 'NOT_DETECTED', sampledAtMs: number): AlexaProperty {
  return { namespace: 'Alexa.MotionSensor', name: 'detectionState', value: state, timeOfSample: isoSeconds(sampledAtMs), uncertaintyInMilliseconds: 0 };
}

export function connectivityProperty(online: boolean, sampledAtMs: number): AlexaProperty {
  return {
    namespace: 'Alexa.EndpointHealth',
    name: 'connectivity',
    value: { value: online ? 'OK' : 'UNREACHABLE' },
    timeOfSample: isoSeconds(sampledAtMs),
    uncertaintyInMilliseconds: 0,
  };
}
