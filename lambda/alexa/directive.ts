/**
 * One directive on its way through the router: the validated header, the still-unchecked endpoint
 * and payload (each handler checks the ones it needs), and what an error response echoes. Nothing
 * flows back through it: a handler returns its response, and the router derives the log line's keys
 * from the directive itself before dispatch.
 */
import type * as z from 'zod/mini';
import type { Runtime } from '../runtime.js';
import type { AmazonProfile } from '../lwa/client.js';
import { AlexaError, invalidDirective, noSuchEndpoint } from './errors.js';
import type { DirectiveEcho } from './responses.js';
import { EndpointIdSchema } from '../../contracts/alexa/endpoint-id.js';
import { describeIssue, EndpointSchema, SessionPayloadSchema, type Endpoint, type Header } from './schema.js';
import type { DoorbellItem } from '../../contracts/tables.js';

export interface LambdaContextLike {
  getRemainingTimeInMillis?: () => number;
  awsRequestId?: string;
}

export interface DirectiveInput {
  readonly runtime: Runtime;
  readonly header: Header;
  readonly endpoint: unknown;
  readonly payload: unknown;
  /** What an error response echoes: only what is well formed before any handler checks it. */
  readonly errorEcho: DirectiveEcho;
  readonly startedAt: number;
  readonly context?: LambdaContextLike;
}

/** A directive's parts as they arrived, before (or instead of) the envelope's validation. */
export interface RawDirective {
  header?: unknown;
  endpoint?: unknown;
  payload?: unknown;
}

/** The ids a directive's log line carries. */
export interface DirectiveLogKeys {
  endpointId?: string;
  sessionId?: string;
}

export function rawDirective(event: unknown): RawDirective {
  const directive = (event as { directive?: unknown } | null | undefined)?.directive;
  return directive !== null && typeof directive === 'object' ? (directive as RawDirective) : {};
}

/** What any response may echo of a directive that may be invalid: the correlation token and endpointId, each only when well formed. */
export function safeEcho(raw: RawDirective): DirectiveEcho {
  const token = (raw.header as { correlationToken?: unknown } | null | undefined)?.correlationToken;
  const endpointId = safeEndpointId(raw.endpoint);
  return {
    correlationToken: typeof token === 'string' && token.length > 0 && token.length <= 16 * 1024 ? token : undefined,
    endpoint: endpointId ? { endpointId } : undefined,
  };
}

/** Each id when well formed, whether or not the directive succeeds: a failed directive stays traceable. */
export function logKeysOf(raw: RawDirective): DirectiveLogKeys {
  const session = SessionPayloadSchema.safeParse(raw.payload);
  return { endpointId: safeEndpointId(raw.endpoint), sessionId: session.success ? session.data.sessionId : undefined };
}

export function parseWith<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidDirective(`Invalid ${what}: ${describeIssue(result.error)}`);
  return result.data as z.infer<S>;
}

function safeEndpointId(endpoint: unknown): string | undefined {
  const id = (endpoint as { endpointId?: unknown } | null | undefined)?.endpointId;
  return EndpointIdSchema.safeParse(id).success ? (id as string) : undefined;
}

export interface AuthorizedEndpoint {
  endpoint: Endpoint;
  user: AmazonProfile;
  doorbell: DoorbellItem;
  /** What a successful response echoes: the correlation token and the whole validated endpoint. */
  echo: DirectiveEcho;
}

/**
 * Validates the directive's endpoint, resolves its bearer token to an Amazon user and loads the
 * doorbell if that user owns it. Another user's doorbell is reported exactly like a missing one.
 */
export async function authorizeEndpoint(input: DirectiveInput, signal?: AbortSignal): Promise<AuthorizedEndpoint> {
  const endpoint = parseWith(EndpointSchema, input.endpoint, 'endpoint');
  const user = await input.runtime.profiles.resolve(endpoint.scope.token, signal);
  const doorbell = await input.runtime.doorbells.getOwned(endpoint.endpointId, user.email);
  if (!doorbell) throw noSuchEndpoint(endpoint.endpointId);
  const echo: DirectiveEcho = {
    correlationToken: input.header.correlationToken,
    endpoint: { scope: endpoint.scope, endpointId: endpoint.endpointId, ...(endpoint.cookie ? { cookie: endpoint.cookie } : {}) },
  };
  return { endpoint, user, doorbell, echo };
}

/** Rejects with ENDPOINT_UNREACHABLE when `signal` aborts first. */
export function beforeDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new AlexaError('ENDPOINT_UNREACHABLE', 'The doorbell did not answer in time.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AlexaError('ENDPOINT_UNREACHABLE', 'The doorbell did not answer in time.'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
