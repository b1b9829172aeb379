/**
 * The messages a smart-home skill sends to Alexa (Smart Home API v3), as Amazon documents them:
 * the interface references (Alexa, Alexa.Discovery, Alexa.Authorization, Alexa.RTCSessionController,
 * Alexa.DoorbellEventSource, Alexa.EndpointHealth, Alexa.MotionSensor, Alexa.SmartVision.SnapshotProvider
 * and its ErrorResponse, Alexa.ErrorResponse) and Amazon's published
 * message JSON schema (alexa-samples/alexa-smarthome, validation_schemas), for the interfaces this
 * doorbell implements. This is the oracle: the skill's tests check its answers and events against
 * it, the local event gateway and the local Alexa refuse what breaks it. The skill builds its
 * messages on its own (lambda/alexa/responses.ts), so a skill drifting from the documentation fails.
 *
 * As in Amazon's schema, messages, events, headers and payloads are closed (no unknown keys);
 * endpoints and scopes are open. Synchronous responses (the Lambda's answer) may leave the scope
 * out; what goes to the event gateway carries it, and asynchronous responses a correlationToken.
 */
import * as z from 'zod/mini';
import { EndpointIdSchema } from './endpoint-id.js';

const nonEmpty = z.string().check(z.minLength(1));

/** "Unique identifier, preferably a version 4 UUID"; the schema: 1-127 letters, digits and hyphens. */
const MessageId = z.string().check(z.minLength(1), z.maxLength(127), z.regex(/^[A-Za-z0-9-]+$/));

/** ISO 8601 UTC, at most millisecond precision (timeOfSample). */
const UtcInstant = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'must be UTC ISO 8601'));
/** ISO 8601 UTC in whole seconds (DoorbellPress timestamp). */
const UtcSeconds = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'must be UTC ISO 8601 without fractional seconds'));

/** Every Smart Home API v3 interface is payloadVersion "3"; Alexa.SmartVision.SnapshotProvider is "1.1". */
const naming = <N extends string, M extends string>(namespace: N, name: M, payloadVersion: '3' | '1.1' = '3') =>
  ({ namespace: z.literal(namespace), name: z.literal(name), messageId: MessageId, payloadVersion: z.literal(payloadVersion) }) as const;

const header = <N extends string, M extends string>(namespace: N, name: M, payloadVersion: '3' | '1.1' = '3') =>
  z.strictObject({ ...naming(namespace, name, payloadVersion), correlationToken: z.optional(nonEmpty) });

/** The header of an answer to a directive that carried a correlationToken. */
const correlatedHeader = <N extends string, M extends string>(namespace: N, name: M, payloadVersion: '3' | '1.1' = '3') =>
  z.strictObject({ ...naming(namespace, name, payloadVersion), correlationToken: nonEmpty });

const Scope = z.object({ type: z.literal('BearerToken'), token: nonEmpty });
const Cookie = z.record(z.string(), z.string());

/** The endpoint of a synchronous response. */
const ResponseEndpoint = z.object({ scope: z.optional(Scope), endpointId: EndpointIdSchema, cookie: z.optional(Cookie) });
/** The endpoint of a message to the event gateway: the scope says whose it is. */
const EventEndpoint = z.object({ scope: Scope, endpointId: EndpointIdSchema, cookie: z.optional(Cookie) });

/** Alexa.EndpointHealth connectivity, the one reportable property of the interfaces used here. */
export const ConnectivityProperty = z.strictObject({
  namespace: z.literal('Alexa.EndpointHealth'),
  name: z.literal('connectivity'),
  instance: z.optional(z.string()),
  value: z.object({
    value: z.enum(['OK', 'UNREACHABLE']),
    reason: z.optional(z.enum(['WIFI_BAD_SIGNAL', 'INTERNET_CONNECTIVITY_LOST', 'POWER_OFF', 'UNKNOWN', 'DEVICE_OFFLINE', 'WIFI_OFFLINE'])),
  }),
  timeOfSample: UtcInstant,
  uncertaintyInMilliseconds: z.int().check(z.gte(0)),
});

/** Alexa.MotionSensor detectionState: DETECTED or NOT_DETECTED, a plain string value. */
export const DetectionStateProperty = z.strictObject({
  namespace: z.literal('Alexa.MotionSensor'),
  name: z.literal('detectionState'),
  instance: z.optional(z.string()),
  value: z.enum(['DETECTED', 'NOT_DETECTED']),
  timeOfSample: UtcInstant,
  uncertaintyInMilliseconds: z.int().check(z.gte(0)),
});

const Property = z.union([ConnectivityProperty, DetectionStateProperty]);

const Context = z.strictObject({ properties: z.optional(z.array(Property)) });

const capability = <I extends string, S extends z.core.$ZodLooseShape>(iface: I, shape: S) =>
  z.strictObject({ type: z.literal('AlexaInterface'), interface: z.literal(iface), version: z.literal('3'), ...shape });

const Capability = z.discriminatedUnion('interface', [
  capability('Alexa', {}),
  capability('Alexa.RTCSessionController', {
    configuration: z.strictObject({ isFullDuplexAudioSupported: z.boolean(), isEndToEndEncryptionEnabled: z.optional(z.boolean()) }),
  }),
  capability('Alexa.DoorbellEventSource', { proactivelyReported: z.literal(true) }),
  capability('Alexa.EndpointHealth', {
    properties: z.strictObject({
      supported: z.array(z.strictObject({ name: z.literal('connectivity') })).check(z.minLength(1)),
      proactivelyReported: z.boolean(),
      retrievable: z.boolean(),
    }),
  }),
  capability('Alexa.MotionSensor', {
    properties: z.strictObject({
      supported: z.array(z.strictObject({ name: z.literal('detectionState') })).check(z.minLength(1)),
      proactivelyReported: z.boolean(),
      retrievable: z.boolean(),
    }),
  }),
  // Interface version 1.1; it defines no reportable properties.
  z.strictObject({ type: z.literal('AlexaInterface'), interface: z.literal('Alexa.SmartVision.SnapshotProvider'), version: z.literal('1.1') }),
]);

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const optionalText = (max: number) => z.optional(z.string().check(z.maxLength(max)));

export const DiscoveryEndpoint = z.strictObject({
  endpointId: EndpointIdSchema,
  manufacturerName: text(128),
  friendlyName: text(128),
  description: text(128),
  displayCategories: z.array(z.string()).check(z.minLength(1)),
  additionalAttributes: z.optional(
    z.strictObject({
      manufacturer: optionalText(256),
      model: optionalText(256),
      serialNumber: optionalText(256),
      firmwareVersion: optionalText(256),
      softwareVersion: optionalText(256),
      customIdentifier: optionalText(256),
    }),
  ),
  cookie: z.optional(Cookie),
  capabilities: z.array(Capability).check(z.minLength(1)),
  connections: z.optional(z.array(z.looseObject({ type: z.string() }))),
  relationships: z.optional(z.looseObject({})),
  registration: z.optional(z.looseObject({})),
});

/** Alexa allows at most 300 endpoints per message. */
const Endpoints = z.array(DiscoveryEndpoint).check(z.maxLength(300));

// Synchronous responses: what the skill's Lambda answers a directive with.

export const DiscoverResponse = z.strictObject({
  event: z.strictObject({
    header: header('Alexa.Discovery', 'Discover.Response'),
    payload: z.strictObject({ endpoints: Endpoints }),
  }),
});

export const AcceptGrantResponse = z.strictObject({
  event: z.strictObject({ header: header('Alexa.Authorization', 'AcceptGrant.Response'), payload: z.strictObject({}) }),
});

const SdpAnswer = z.strictObject({ format: z.literal('SDP'), value: z.string().check(z.startsWith('v=0')) });

export const AnswerGeneratedForSession = z.strictObject({
  context: z.optional(Context),
  event: z.strictObject({
    header: correlatedHeader('Alexa.RTCSessionController', 'AnswerGeneratedForSession'),
    endpoint: ResponseEndpoint,
    payload: z.strictObject({ answer: SdpAnswer }),
  }),
});

const sessionResponse = <M extends 'SessionConnected' | 'SessionDisconnected'>(name: M) =>
  z.strictObject({
    context: z.optional(Context),
    event: z.strictObject({
      header: correlatedHeader('Alexa.RTCSessionController', name),
      endpoint: ResponseEndpoint,
      payload: z.strictObject({ sessionId: nonEmpty }),
    }),
  });

export const SessionConnected = sessionResponse('SessionConnected');
export const SessionDisconnected = sessionResponse('SessionDisconnected');

export const StateReport = z.strictObject({
  event: z.strictObject({ header: correlatedHeader('Alexa', 'StateReport'), endpoint: ResponseEndpoint, payload: z.strictObject({}) }),
  context: z.strictObject({ properties: z.array(Property).check(z.minLength(1)) }),
});

/**
 * Alexa.SmartVision.SnapshotProvider (payloadVersion "1.1") answers GetSnapshot with a Snapshot
 * event: the URI of the latest picture (for a doorbell, the one taken at the latest wake event, a
 * press or a motion), which Alexa GETs with `Authorization: Bearer <token>` and without redirects,
 * and when it stops working (Amazon recommends 10 minutes; an expired URI answers 410). The field
 * names of the payload, `uri.value` and `uri.expireTime`, follow the camera interfaces' URI
 * objects (Alexa.MediaMetadata); the stored copy of the reference this was written from carried
 * only the interface's guidelines and its ErrorResponse, so check the payload against the live
 * reference before certification.
 */
const HttpsUri = z.string().check(z.regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URI'));

export const SnapshotResponse = z.strictObject({
  context: z.optional(Context),
  event: z.strictObject({
    header: correlatedHeader('Alexa.SmartVision.SnapshotProvider', 'Snapshot', '1.1'),
    endpoint: ResponseEndpoint,
    payload: z.strictObject({ uri: z.strictObject({ value: HttpsUri, expireTime: UtcInstant }) }),
  }),
});

/** Alexa.SmartVision.SnapshotProvider.ErrorResponse's own types; anything else is an Alexa.ErrorResponse. */
export const SnapshotProviderErrorResponse = z.strictObject({
  event: z.strictObject({
    header: header('Alexa.SmartVision.SnapshotProvider', 'ErrorResponse', '1.1'),
    endpoint: z.optional(z.strictObject({ endpointId: EndpointIdSchema })),
    payload: z.strictObject({ type: z.enum(['SUBSCRIPTION_REQUIRED', 'DISABLED_BY_USER']), message: z.string() }),
  }),
});

/** Alexa.ErrorResponse's error type values. */
const ERROR_TYPES = [
  'ALREADY_IN_OPERATION', 'BRIDGE_UNREACHABLE', 'CLOUD_CONTROL_DISABLED', 'ENDPOINT_BUSY', 'ENDPOINT_LOW_POWER', 'ENDPOINT_UNREACHABLE',
  'EXPIRED_AUTHORIZATION_CREDENTIAL', 'FIRMWARE_OUT_OF_DATE', 'HARDWARE_MALFUNCTION', 'INSUFFICIENT_PERMISSIONS', 'INTERNAL_ERROR',
  'INVALID_AUTHORIZATION_CREDENTIAL', 'INVALID_DIRECTIVE', 'INVALID_VALUE', 'NO_SUCH_ENDPOINT', 'NOT_CALIBRATED', 'NOT_SUPPORTED_IN_CURRENT_MODE',
  'NOT_IN_OPERATION', 'POWER_LEVEL_NOT_SUPPORTED', 'RATE_LIMIT_EXCEEDED', 'VALUE_OUT_OF_RANGE', 'TEMPERATURE_VALUE_OUT_OF_RANGE',
  'TOO_MANY_FAILED_ATTEMPTS', 'PARTNER_OUTAGE', 'HDMI_CEC_NOT_PRESENT', 'HDMI_CEC_DISABLED_ON_DEVICE',
] as const;

const ErrorPayload = z.strictObject({ type: z.enum(ERROR_TYPES), message: z.string() });

/** A synchronous ErrorResponse names its endpoint by id only. */
export const ErrorResponse = z.strictObject({
  event: z.strictObject({
    header: header('Alexa', 'ErrorResponse'),
    endpoint: z.optional(z.strictObject({ endpointId: EndpointIdSchema })),
    payload: ErrorPayload,
  }),
});

export const AuthorizationErrorResponse = z.strictObject({
  event: z.strictObject({
    header: header('Alexa.Authorization', 'ErrorResponse'),
    payload: z.strictObject({ type: z.literal('ACCEPT_GRANT_FAILED'), message: z.string() }),
  }),
});

// Messages to the event gateway: proactive events, and asynchronous responses to directives.

export const DoorbellPress = z.strictObject({
  // Alexa's own DoorbellPress example sends `"context": {}`; the schema allows any object.
  context: z.optional(z.record(z.string(), z.unknown())),
  event: z.strictObject({
    header: header('Alexa.DoorbellEventSource', 'DoorbellPress'),
    endpoint: EventEndpoint,
    payload: z.strictObject({ cause: z.strictObject({ type: z.literal('PHYSICAL_INTERACTION') }), timestamp: UtcSeconds }),
  }),
});

const ChangeCause = z.enum([
  'APP_INTERACTION', 'PHYSICAL_INTERACTION', 'PERIODIC_POLL', 'RULE_TRIGGER',
  'VOICE_INTERACTION', 'INVALID_CREDENTIALS', 'SUBSCRIPTION_EXPIRED', 'ALEXA_INTERACTION',
]);

export const ChangeReport = z.strictObject({
  context: z.optional(Context),
  event: z.strictObject({
    header: header('Alexa', 'ChangeReport'),
    endpoint: EventEndpoint,
    payload: z.strictObject({
      change: z.strictObject({ cause: z.strictObject({ type: ChangeCause }), properties: z.array(Property).check(z.minLength(1)) }),
    }),
  }),
});

const asyncResponse = <N extends string, M extends string, P extends z.core.$ZodType>(namespace: N, name: M, payload: P) =>
  z.strictObject({
    context: z.optional(Context),
    event: z.strictObject({ header: correlatedHeader(namespace, name), endpoint: EventEndpoint, payload }),
  });

const AsyncResponse = asyncResponse('Alexa', 'Response', z.strictObject({}));
const AsyncErrorResponse = z.strictObject({
  event: z.strictObject({ header: correlatedHeader('Alexa', 'ErrorResponse'), endpoint: EventEndpoint, payload: ErrorPayload }),
});

const AddOrUpdateReport = z.strictObject({
  event: z.strictObject({
    header: header('Alexa.Discovery', 'AddOrUpdateReport'),
    payload: z.strictObject({ endpoints: Endpoints.check(z.minLength(1)), scope: Scope }),
  }),
});

const DeleteReport = z.strictObject({
  event: z.strictObject({
    header: header('Alexa.Discovery', 'DeleteReport'),
    payload: z.strictObject({ endpoints: z.array(z.strictObject({ endpointId: EndpointIdSchema })).check(z.minLength(1), z.maxLength(300)), scope: Scope }),
  }),
});

/** What a skill's Lambda may answer, by `namespace/name` of the response. */
export const RESPONSES: Readonly<Record<string, z.ZodMiniType>> = {
  'Alexa.Discovery/Discover.Response': DiscoverResponse,
  'Alexa.Authorization/AcceptGrant.Response': AcceptGrantResponse,
  'Alexa.Authorization/ErrorResponse': AuthorizationErrorResponse,
  'Alexa.RTCSessionController/AnswerGeneratedForSession': AnswerGeneratedForSession,
  'Alexa.RTCSessionController/SessionConnected': SessionConnected,
  'Alexa.RTCSessionController/SessionDisconnected': SessionDisconnected,
  'Alexa/StateReport': StateReport,
  'Alexa/ErrorResponse': ErrorResponse,
  'Alexa.SmartVision.SnapshotProvider/Snapshot': SnapshotResponse,
  'Alexa.SmartVision.SnapshotProvider/ErrorResponse': SnapshotProviderErrorResponse,
};

/** What the event gateway accepts, by `namespace/name` of the event. */
export const EVENTS: Readonly<Record<string, z.ZodMiniType>> = {
  'Alexa.DoorbellEventSource/DoorbellPress': DoorbellPress,
  'Alexa/ChangeReport': ChangeReport,
  'Alexa/Response': AsyncResponse,
  'Alexa/ErrorResponse': AsyncErrorResponse,
  'Alexa.RTCSessionController/SessionConnected': asyncResponse('Alexa.RTCSessionController', 'SessionConnected', z.strictObject({ sessionId: nonEmpty })),
  'Alexa.RTCSessionController/SessionDisconnected': asyncResponse('Alexa.RTCSessionController', 'SessionDisconnected', z.strictObject({ sessionId: nonEmpty })),
  'Alexa.RTCSessionController/AnswerGeneratedForSession': asyncResponse('Alexa.RTCSessionController', 'AnswerGeneratedForSession', z.strictObject({ answer: SdpAnswer })),
  'Alexa.Discovery/AddOrUpdateReport': AddOrUpdateReport,
  'Alexa.Discovery/DeleteReport': DeleteReport,
};
