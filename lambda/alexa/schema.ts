/**
 * The directives this skill accepts, as zod schemas (zod/mini: the same checks at a fraction of the
 * bundle size). Parsing happens in two steps: the envelope first (so an error can still echo the
 * header), then the payload of the one directive that matched.
 */
import * as z from 'zod/mini';
import { EndpointIdSchema } from '../../contracts/alexa/endpoint-id.js';
import { MAX_SDP_BYTES, SDP_CONTROL_CHARACTERS, SDP_START } from '../../contracts/kvs/alexa-offer.js';

const str = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

/** Alexa.SmartVision.SnapshotProvider is interface version 1.1; every other interface here is "3". */
const SNAPSHOT_PROVIDER = 'Alexa.SmartVision.SnapshotProvider';

export const HeaderSchema = z
  .object({
    namespace: str(128),
    name: str(128),
    messageId: str(256),
    payloadVersion: z.enum(['3', '1.1']),
    correlationToken: z.optional(str(16 * 1024)),
    instance: z.optional(str(256)),
  })
  .check(z.refine((h) => h.payloadVersion === '3' || h.namespace === SNAPSHOT_PROVIDER, { message: 'payloadVersion must be "3"', path: ['payloadVersion'] }));

const BearerTokenSchema = z.object({
  type: z.enum(['BearerToken', 'BearerTokenWithPartition']),
  token: str(8 * 1024),
});

export const EndpointSchema = z.object({
  scope: BearerTokenSchema,
  endpointId: EndpointIdSchema,
  cookie: z.optional(z.record(z.string(), z.unknown())),
});

export const EnvelopeSchema = z.object({
  directive: z.object({
    header: HeaderSchema,
    endpoint: z.optional(z.unknown()),
    payload: z.optional(z.unknown()),
  }),
});

export const DiscoverPayloadSchema = z.object({ scope: BearerTokenSchema });

export const AcceptGrantPayloadSchema = z.object({
  grant: z.object({ type: z.literal('OAuth2.AuthorizationCode'), code: str(4096) }),
  grantee: BearerTokenSchema,
});

const sdpText = z.string().check(
  z.minLength(1),
  z.refine((s) => Buffer.byteLength(s, 'utf8') <= MAX_SDP_BYTES, { message: 'SDP larger than 64 KB' }),
  z.regex(SDP_START, { message: 'not an SDP' }),
  z.refine((s) => !SDP_CONTROL_CHARACTERS.test(s), { message: 'SDP holds control characters' }),
);

const SessionIdSchema = z.string().check(z.minLength(1), z.maxLength(256), z.regex(/^[\x21-\x7e]+$/));

export const InitiateSessionPayloadSchema = z.object({
  sessionId: SessionIdSchema,
  offer: z.object({ format: z.literal('SDP'), value: sdpText }),
});

export const SessionPayloadSchema = z.object({ sessionId: SessionIdSchema });

/** GetSnapshot's payload: preferOnDemandSnapshot is not for doorbells (their snapshots come from wake events). */
export const GetSnapshotPayloadSchema = z.object({ preferOnDemandSnapshot: z.optional(z.boolean()) });

export type Header = z.infer<typeof HeaderSchema>;
export type Endpoint = z.infer<typeof EndpointSchema>;
export type BearerToken = z.infer<typeof BearerTokenSchema>;

/** The first issue of a failed parse as a short sentence (paths and codes only, never the input). */
export function describeIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length ? issue.path.join('.') : 'value';
  return `${where}: ${issue.message}`.slice(0, 200);
}
