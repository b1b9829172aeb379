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
  payloadVersion: '3';
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

export function header(namespace: string, name: string, correlationToken?: string): EventHeader {
  const h: EventHeader = { namespace, name, messageId: randomUUID(), payloadVersion: '3' };
  if (correlationToken !== undefined) h.correlationToken = correlationToken;
  return h;
}

export function eventResponse(namespace: string, name: string, echo: DirectiveEcho, payload: Record<string, unknown>): AlexaResponse {
  const res: AlexaResponse = { event: { header: header(namespace, name, echo.correlationToken), payload } };
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

export function connectivityProperty(online: boolean, sampledAtMs: number): AlexaProperty {
  return {
    namespace: 'Alexa.EndpointHealth',
    name: 'connectivity',
    value: { value: online ? 'OK' : 'UNREACHABLE' },
    timeOfSample: isoSeconds(sampledAtMs),
    uncertaintyInMilliseconds: 0,
  };
}
