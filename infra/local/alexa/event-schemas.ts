/**
 * The Smart Home events the local Alexa event gateway accepts, as zod schemas written from Alexa's
 * documentation of each message: what the skill may send proactively or asynchronously.
 * - Alexa.DoorbellEventSource DoorbellPress (cause PHYSICAL_INTERACTION, UTC timestamp, whole seconds)
 * - Alexa ChangeReport (e.g. Alexa.EndpointHealth connectivity OK / UNREACHABLE)
 * - Alexa Response / ErrorResponse and Alexa.RTCSessionController events as asynchronous responses
 * - Alexa.Discovery AddOrUpdateReport / DeleteReport (their scope is in the payload)
 */
import { z } from 'zod';

const bearerScope = z.strictObject({ type: z.literal('BearerToken'), token: z.string().min(1) });

/** Alexa's endpointId: 1-256 characters, letters, digits and _ - = # ; : ? @ & */
const endpointId = z.string().regex(/^[A-Za-z0-9_\-=#;:?@&]{1,256}$/, 'endpointId has characters Alexa does not allow or is too long');

const endpoint = z.object({
  scope: bearerScope,
  endpointId,
  cookie: z.record(z.string(), z.string()).optional(),
});

const header = <N extends string, M extends string>(namespace: N, name: M, correlated: boolean) =>
  z.object({
    namespace: z.literal(namespace),
    name: z.literal(name),
    messageId: z.string().min(1).max(128),
    payloadVersion: z.literal('3'),
    correlationToken: correlated ? z.string().min(1) : z.string().min(1).optional(),
  });

/** ISO 8601 UTC, whole seconds: what DoorbellPress.timestamp requires. */
const utcSeconds = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'timestamp must be UTC ISO 8601 without fractional seconds');
/** ISO 8601 UTC, optional milliseconds: timeOfSample. */
const utcInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'timeOfSample must be UTC ISO 8601');

const connectivityValue = z.strictObject({
  value: z.enum(['OK', 'UNREACHABLE']),
  reason: z
    .enum(['WIFI_BAD_SIGNAL', 'INTERNET_CONNECTIVITY_LOST', 'POWER_OFF', 'UNKNOWN', 'DEVICE_OFFLINE', 'WIFI_OFFLINE'])
    .optional(),
});

const property = z
  .object({
    namespace: z.string().regex(/^Alexa(\.[A-Za-z]+)*$/),
    instance: z.string().optional(),
    name: z.string().min(1),
    value: z.unknown(),
    timeOfSample: utcInstant,
    uncertaintyInMilliseconds: z.number().int().min(0),
  })
  .superRefine((p, ctx) => {
    if (p.value === undefined) ctx.addIssue({ code: 'custom', message: 'property value is missing' });
    if (p.namespace === 'Alexa.EndpointHealth' && p.name === 'connectivity' && !connectivityValue.safeParse(p.value).success) {
      ctx.addIssue({ code: 'custom', message: 'Alexa.EndpointHealth connectivity value must be {value: OK|UNREACHABLE}' });
    }
  });

// Alexa's own DoorbellPress example sends `"context": {}`.
const context = z.object({ properties: z.array(property).optional() }).optional();

const causeType = z.enum(['APP_INTERACTION', 'PERIODIC_POLL', 'PHYSICAL_INTERACTION', 'VOICE_INTERACTION', 'RULE_TRIGGER', 'ALEXA_INTERACTION']);

const doorbellPress = z.object({
  context,
  event: z.object({
    header: header('Alexa.DoorbellEventSource', 'DoorbellPress', false),
    endpoint,
    payload: z.strictObject({ cause: z.strictObject({ type: z.literal('PHYSICAL_INTERACTION') }), timestamp: utcSeconds }),
  }),
});

const changeReport = z.object({
  context,
  event: z.object({
    header: header('Alexa', 'ChangeReport', false),
    endpoint,
    payload: z.object({ change: z.object({ cause: z.object({ type: causeType }), properties: z.array(property).min(1) }) }),
  }),
});

const response = z.object({
  context,
  event: z.object({ header: header('Alexa', 'Response', true), endpoint, payload: z.object({}) }),
});

const errorResponse = z.object({
  event: z.object({
    header: header('Alexa', 'ErrorResponse', true),
    endpoint,
    payload: z.object({ type: z.string().regex(/^[A-Z_]+$/), message: z.string() }),
  }),
});

const rtcSession = (name: 'SessionConnected' | 'SessionDisconnected') =>
  z.object({
    context,
    event: z.object({
      header: header('Alexa.RTCSessionController', name, true),
      endpoint,
      payload: z.strictObject({ sessionId: z.string().min(1) }),
    }),
  });

const answerGenerated = z.object({
  context,
  event: z.object({
    header: header('Alexa.RTCSessionController', 'AnswerGeneratedForSession', true),
    endpoint,
    payload: z.strictObject({ answer: z.strictObject({ format: z.literal('SDP'), value: z.string().min(1) }) }),
  }),
});

const discoveryEndpoint = z.object({ endpointId }).loose();
const addOrUpdateReport = z.object({
  event: z.object({
    header: header('Alexa.Discovery', 'AddOrUpdateReport', false),
    payload: z.object({ endpoints: z.array(discoveryEndpoint.extend({ friendlyName: z.string().min(1), displayCategories: z.array(z.string()).min(1) })).min(1).max(300), scope: bearerScope }),
  }),
});
const deleteReport = z.object({
  event: z.object({
    header: header('Alexa.Discovery', 'DeleteReport', false),
    payload: z.object({ endpoints: z.array(z.strictObject({ endpointId })).min(1).max(300), scope: bearerScope }),
  }),
});

/** Schemas by `namespace/name`. */
export const EVENT_SCHEMAS: Record<string, z.ZodType> = {
  'Alexa.DoorbellEventSource/DoorbellPress': doorbellPress,
  'Alexa/ChangeReport': changeReport,
  'Alexa/Response': response,
  'Alexa/ErrorResponse': errorResponse,
  'Alexa.RTCSessionController/SessionConnected': rtcSession('SessionConnected'),
  'Alexa.RTCSessionController/SessionDisconnected': rtcSession('SessionDisconnected'),
  'Alexa.RTCSessionController/AnswerGeneratedForSession': answerGenerated,
  'Alexa.Discovery/AddOrUpdateReport': addOrUpdateReport,
  'Alexa.Discovery/DeleteReport': deleteReport,
};

const envelope = z.object({
  event: z.object({
    header: z.object({ namespace: z.string(), name: z.string() }),
    endpoint: z.object({ endpointId: z.string().optional(), scope: z.object({ token: z.string().optional() }).optional() }).optional(),
    payload: z.object({ scope: z.object({ token: z.string().optional() }).optional() }).optional(),
  }),
});

export interface EventSummary {
  namespace: string;
  name: string;
  endpointId?: string;
  /** The bearer token the event carries in its scope. */
  scopeToken?: string;
}

export type EventCheck = { ok: true; summary: EventSummary } | { ok: false; description: string; summary?: EventSummary };

/** Validates a parsed JSON body against the event its header names. */
export function checkEvent(body: unknown): EventCheck {
  const head = envelope.safeParse(body);
  if (!head.success) return { ok: false, description: 'The message is not an Alexa event: event.header.namespace and name are required.' };
  const event = head.data.event;
  const summary: EventSummary = {
    namespace: event.header.namespace,
    name: event.header.name,
    endpointId: event.endpoint?.endpointId,
    scopeToken: event.endpoint?.scope?.token ?? event.payload?.scope?.token,
  };
  const schema = EVENT_SCHEMAS[`${summary.namespace}/${summary.name}`];
  if (!schema) return { ok: false, description: `Unsupported event ${summary.namespace}.${summary.name}.`, summary };
  const result = schema.safeParse(body);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, description: `Invalid ${summary.namespace}.${summary.name}: ${issues.join('; ')}`, summary };
  }
  return { ok: true, summary };
}
