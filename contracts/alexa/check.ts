/**
 * Checks a message against the documented shape its own header names (messages.ts): how the local
 * event gateway judges what reaches it and how the local Alexa judges what the skill answers.
 */
import * as z from 'zod/mini';
import { EVENTS, RESPONSES } from './messages.js';

const Envelope = z.object({
  event: z.object({
    header: z.object({ namespace: z.string(), name: z.string() }),
    endpoint: z.optional(z.object({ endpointId: z.optional(z.string()), scope: z.optional(z.object({ token: z.optional(z.string()) })) })),
    payload: z.optional(z.object({ scope: z.optional(z.object({ token: z.optional(z.string()) })) })),
  }),
});

export interface MessageSummary {
  namespace: string;
  name: string;
  endpointId?: string;
  /** The bearer token the message carries in its scope (the endpoint's, or the payload's for discovery reports). */
  scopeToken?: string;
}

export type MessageCheck = { ok: true; summary: MessageSummary } | { ok: false; description: string; summary?: MessageSummary };

function check(shapes: Readonly<Record<string, z.ZodMiniType>>, body: unknown): MessageCheck {
  const head = Envelope.safeParse(body);
  if (!head.success) return { ok: false, description: 'The message is not an Alexa message: event.header.namespace and name are required.' };
  const { header, endpoint, payload } = head.data.event;
  const summary: MessageSummary = {
    namespace: header.namespace,
    name: header.name,
    endpointId: endpoint?.endpointId,
    scopeToken: endpoint?.scope?.token ?? payload?.scope?.token,
  };
  const shape = shapes[`${summary.namespace}/${summary.name}`];
  if (!shape) return { ok: false, description: `Unsupported message ${summary.namespace}.${summary.name}.`, summary };
  const result = shape.safeParse(body);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, description: `Invalid ${summary.namespace}.${summary.name}: ${issues.join('; ')}`, summary };
  }
  return { ok: true, summary };
}

/** A message sent to the event gateway: a proactive event or an asynchronous response. */
export const checkEvent = (body: unknown): MessageCheck => check(EVENTS, body);

/** A skill Lambda's answer to a directive. */
export const checkResponse = (body: unknown): MessageCheck => check(RESPONSES, body);
