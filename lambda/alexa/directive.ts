/**
 * One directive on its way through the router: the validated header, the still-unchecked endpoint
 * and payload (each handler checks the ones it needs), what the response echoes, and what the
 * directive's log line reports.
 */
import type * as z from 'zod/mini';
import type { Runtime } from '../runtime.js';
import type { AmazonProfile } from '../lwa/client.js';
import { AlexaError, invalidDirective, noSuchEndpoint } from './errors.js';
import type { Echo } from './responses.js';
import { EndpointIdSchema } from '../../contracts/alexa/endpoint-id.js';
import { describeIssue, EndpointSchema, type Endpoint, type Header } from './schema.js';
import type { DoorbellItem } from '../../contracts/tables.js';

export interface LambdaContextLike {
  getRemainingTimeInMillis?: () => number;
  awsRequestId?: string;
}

export interface DirectiveInput {
  rt: Runtime;
  header: Header;
  endpoint: unknown;
  payload: unknown;
  echo: Echo;
  startedAt: number;
  context?: LambdaContextLike;
  /** Filled in as the directive is handled; logged once at the end. */
  logKeys: { endpointId?: string; sessionId?: string };
}

export function parseWith<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidDirective(`Invalid ${what}: ${describeIssue(result.error)}`);
  return result.data as z.infer<S>;
}

/** The endpoint id to echo in an error, when the raw endpoint has a well-formed one. */
export function safeEndpointId(endpoint: unknown): string | undefined {
  const id = (endpoint as { endpointId?: unknown } | null | undefined)?.endpointId;
  return EndpointIdSchema.safeParse(id).success ? (id as string) : undefined;
}

/**
 * Validates the directive's endpoint, resolves its bearer token to an Amazon user and loads the
 * doorbell if that user owns it. Another user's doorbell is reported exactly like a missing one.
 */
export async function authorizeEndpoint(input: DirectiveInput, signal?: AbortSignal): Promise<{ endpoint: Endpoint; user: AmazonProfile; doorbell: DoorbellItem }> {
  const endpoint = parseWith(EndpointSchema, input.endpoint, 'endpoint');
  input.logKeys.endpointId = endpoint.endpointId;
  input.echo.endpoint = { scope: endpoint.scope, endpointId: endpoint.endpointId, ...(endpoint.cookie ? { cookie: endpoint.cookie } : {}) };
  const user = await input.rt.profiles.resolve(endpoint.scope.token, signal);
  const doorbell = await input.rt.doorbells.getOwned(endpoint.endpointId, user.email);
  if (!doorbell) throw noSuchEndpoint(endpoint.endpointId);
  return { endpoint, user, doorbell };
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
