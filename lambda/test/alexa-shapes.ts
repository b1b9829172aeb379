/**
 * The response and event shapes that Alexa documents (Smart Home API v3), as zod schemas the tests
 * check every answer against. Written from the documentation, independently of the skill's builders.
 */
import { z } from 'zod';

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const isoUtcSeconds = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
const isoUtc = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);

const header = (namespace: string, name: string, correlated: boolean) =>
  z.strictObject({
    namespace: z.literal(namespace),
    name: z.literal(name),
    messageId: uuid,
    payloadVersion: z.literal('3'),
    correlationToken: correlated ? z.string().min(1) : z.string().min(1).optional(),
  });

const scope = z.strictObject({ type: z.literal('BearerToken'), token: z.string().min(1) });
const endpoint = z.object({ scope: scope.optional(), endpointId: z.string().min(1).max(256), cookie: z.record(z.string(), z.unknown()).optional() });

const capability = z.discriminatedUnion('interface', [
  z.strictObject({ type: z.literal('AlexaInterface'), interface: z.literal('Alexa'), version: z.literal('3') }),
  z.strictObject({
    type: z.literal('AlexaInterface'),
    interface: z.literal('Alexa.RTCSessionController'),
    version: z.literal('3'),
    configuration: z.strictObject({ isFullDuplexAudioSupported: z.boolean() }),
  }),
  z.strictObject({ type: z.literal('AlexaInterface'), interface: z.literal('Alexa.DoorbellEventSource'), version: z.literal('3'), proactivelyReported: z.literal(true) }),
  z.strictObject({
    type: z.literal('AlexaInterface'),
    interface: z.literal('Alexa.EndpointHealth'),
    version: z.string(),
    properties: z.strictObject({
      supported: z.array(z.strictObject({ name: z.literal('connectivity') })).min(1),
      proactivelyReported: z.boolean(),
      retrievable: z.boolean(),
    }),
  }),
]);

export const DiscoveryEndpointShape = z.strictObject({
  endpointId: z.string().regex(/^[a-zA-Z0-9_\-=#;:?@&]{1,256}$/),
  manufacturerName: z.string().min(1).max(128),
  friendlyName: z.string().min(1).max(128),
  description: z.string().min(1).max(128),
  displayCategories: z.array(z.string()).min(1),
  additionalAttributes: z
    .strictObject({
      manufacturer: z.string().max(256).optional(),
      model: z.string().max(256).optional(),
      serialNumber: z.string().max(256).optional(),
      firmwareVersion: z.string().max(256).optional(),
      softwareVersion: z.string().max(256).optional(),
      customIdentifier: z.string().max(256).optional(),
    })
    .optional(),
  cookie: z.record(z.string(), z.string()).optional(),
  capabilities: z.array(capability).min(1),
});

export const DiscoverResponseShape = z.strictObject({
  event: z.strictObject({
    header: header('Alexa.Discovery', 'Discover.Response', false),
    payload: z.strictObject({ endpoints: z.array(DiscoveryEndpointShape).max(300) }),
  }),
});

export const AcceptGrantResponseShape = z.strictObject({
  event: z.strictObject({ header: header('Alexa.Authorization', 'AcceptGrant.Response', false), payload: z.strictObject({}) }),
});

export const AnswerGeneratedShape = z.strictObject({
  event: z.strictObject({
    header: header('Alexa.RTCSessionController', 'AnswerGeneratedForSession', true),
    endpoint,
    payload: z.strictObject({ answer: z.strictObject({ format: z.literal('SDP'), value: z.string().startsWith('v=0') }) }),
  }),
});

export const sessionEventShape = (name: 'SessionConnected' | 'SessionDisconnected') =>
  z.strictObject({
    event: z.strictObject({
      header: header('Alexa.RTCSessionController', name, true),
      endpoint,
      payload: z.strictObject({ sessionId: z.string().min(1) }),
    }),
  });

const connectivity = z.strictObject({
  namespace: z.literal('Alexa.EndpointHealth'),
  name: z.literal('connectivity'),
  value: z.strictObject({ value: z.enum(['OK', 'UNREACHABLE']) }),
  timeOfSample: isoUtc,
  uncertaintyInMilliseconds: z.number().int().min(0),
});

export const StateReportShape = z.strictObject({
  event: z.strictObject({ header: header('Alexa', 'StateReport', true), endpoint, payload: z.strictObject({}) }),
  context: z.strictObject({ properties: z.array(connectivity).min(1) }),
});

export const ErrorResponseShape = z.strictObject({
  event: z.strictObject({
    header: z.strictObject({
      namespace: z.literal('Alexa'),
      name: z.literal('ErrorResponse'),
      messageId: uuid,
      payloadVersion: z.literal('3'),
      correlationToken: z.string().optional(),
    }),
    endpoint: z.strictObject({ endpointId: z.string() }).optional(),
    payload: z.strictObject({
      type: z.enum([
        'INVALID_DIRECTIVE',
        'NO_SUCH_ENDPOINT',
        'INVALID_AUTHORIZATION_CREDENTIAL',
        'EXPIRED_AUTHORIZATION_CREDENTIAL',
        'ENDPOINT_UNREACHABLE',
        'INVALID_VALUE',
        'INTERNAL_ERROR',
        'BRIDGE_UNREACHABLE',
        'ENDPOINT_BUSY',
        'ENDPOINT_LOW_POWER',
        'FIRMWARE_OUT_OF_DATE',
        'HARDWARE_MALFUNCTION',
        'NOT_SUPPORTED_IN_CURRENT_MODE',
        'RATE_LIMIT_EXCEEDED',
        'VALUE_OUT_OF_RANGE',
      ]),
      message: z.string(),
    }),
  }),
});

export const AuthorizationErrorShape = z.strictObject({
  event: z.strictObject({
    header: z.strictObject({
      namespace: z.literal('Alexa.Authorization'),
      name: z.literal('ErrorResponse'),
      messageId: uuid,
      payloadVersion: z.literal('3'),
      correlationToken: z.string().optional(),
    }),
    payload: z.strictObject({ type: z.literal('ACCEPT_GRANT_FAILED'), message: z.string() }),
  }),
});

const eventEndpoint = z.strictObject({ scope, endpointId: z.string().min(1) });

export const DoorbellPressShape = z.strictObject({
  context: z.object({}).optional(),
  event: z.strictObject({
    header: z.strictObject({ namespace: z.literal('Alexa.DoorbellEventSource'), name: z.literal('DoorbellPress'), messageId: uuid, payloadVersion: z.literal('3') }),
    endpoint: eventEndpoint,
    payload: z.strictObject({ cause: z.strictObject({ type: z.literal('PHYSICAL_INTERACTION') }), timestamp: isoUtcSeconds }),
  }),
});

export const ChangeReportShape = z.strictObject({
  context: z.object({ properties: z.array(z.unknown()) }).optional(),
  event: z.strictObject({
    header: z.strictObject({ namespace: z.literal('Alexa'), name: z.literal('ChangeReport'), messageId: uuid, payloadVersion: z.literal('3') }),
    endpoint: eventEndpoint,
    payload: z.strictObject({
      change: z.strictObject({ cause: z.strictObject({ type: z.string() }), properties: z.array(connectivity).min(1) }),
    }),
  }),
});
