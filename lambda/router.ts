/**
 * The directive router. The envelope is validated first; then ask-sdk-runtime's generic dispatcher
 * picks the one handler for the directive's interface, and its error handler turns every failure
 * into the right ErrorResponse. Whatever happens, the caller gets an Alexa message, never a throw.
 */
import { GenericRequestDispatcher, RuntimeConfigurationBuilder, type RequestHandler } from 'ask-sdk-runtime';
import type { Runtime } from './runtime.js';
import { logKeysOf, rawDirective, safeEcho, type DirectiveInput, type LambdaContextLike } from './alexa/directive.js';
import { AlexaError, invalidDirective } from './alexa/errors.js';
import { authorizationErrorResponse, errorResponse, type AlexaResponse, type DirectiveEcho } from './alexa/responses.js';
import { describeIssue, EnvelopeSchema } from './alexa/schema.js';
import { discoveryHandler } from './handlers/discovery.js';
import { acceptGrantHandler, isAcceptGrant } from './handlers/accept-grant.js';
import { initiateSessionHandler, sessionConnectedHandler, sessionDisconnectedHandler } from './handlers/rtc-session.js';
import { reportStateHandler } from './handlers/report-state.js';
import { getSnapshotHandler } from './handlers/get-snapshot.js';
import { errorSummary, type Log } from './log.js';

export type DirectiveHandler = (event: unknown, context?: LambdaContextLike) => Promise<AlexaResponse>;

const unsupported: RequestHandler<DirectiveInput, AlexaResponse> = {
  canHandle: () => true,
  handle: ({ header }) => {
    throw invalidDirective(`Unsupported directive ${header.namespace.slice(0, 64)}.${header.name.slice(0, 64)}.`);
  },
};

/**
 * The one mapping of a failure to its Alexa message, for a handler's error and an invalid envelope
 * alike (`header` may be unvalidated). Alexa expects every AcceptGrant failure as ACCEPT_GRANT_FAILED
 * in the Alexa.Authorization namespace; any other directive gets the typed error's ErrorResponse.
 */
function failureResponse(header: unknown, err: Error, echo: DirectiveEcho, log: Log): AlexaResponse {
  if (isAcceptGrant(header)) {
    if (!(err instanceof AlexaError)) log.warn('accept grant failed', errorSummary(err));
    return authorizationErrorResponse('ACCEPT_GRANT_FAILED', 'The grant could not be accepted.', echo);
  }
  if (err instanceof AlexaError) return errorResponse(err.type, err.message, echo);
  log.error('directive failed', errorSummary(err));
  return errorResponse('INTERNAL_ERROR', 'The skill failed to handle the directive.', echo);
}

export function createDirectiveHandler(runtime: Runtime): DirectiveHandler {
  const dispatcher = new GenericRequestDispatcher<DirectiveInput, AlexaResponse>(
    new RuntimeConfigurationBuilder<DirectiveInput, AlexaResponse>()
      .addRequestHandlers(
        discoveryHandler,
        acceptGrantHandler,
        initiateSessionHandler,
        sessionConnectedHandler,
        sessionDisconnectedHandler,
        reportStateHandler,
        getSnapshotHandler,
        unsupported,
      )
      .addErrorHandler(
        () => true,
        (input, err) => failureResponse(input.header, err, input.errorEcho, input.runtime.log),
      )
      .getRuntimeConfiguration(),
  );

  return async (event, context) => {
    const startedAt = runtime.now();
    const raw = rawDirective(event);
    const echo = safeEcho(raw);
    const { endpointId, sessionId } = logKeysOf(raw);
    let directive = 'invalid';
    let response: AlexaResponse;
    try {
      const envelope = EnvelopeSchema.safeParse(event);
      if (envelope.success) {
        const { header, endpoint, payload } = envelope.data.directive;
        directive = `${header.namespace}.${header.name}`;
        response = await dispatcher.dispatch({ runtime, header, endpoint, payload, errorEcho: echo, startedAt, context });
      } else {
        response = failureResponse(raw.header, invalidDirective(`Invalid directive: ${describeIssue(envelope.error)}`), echo, runtime.log);
      }
    } catch (err) {
      // Only reached if an error handler itself failed; still an Alexa message.
      runtime.log.error('router failed', errorSummary(err));
      response = errorResponse('INTERNAL_ERROR', 'The skill failed to handle the directive.', echo);
    }
    const { header: h, payload } = response.event;
    try {
      runtime.log.info('directive', {
        directive,
        endpointId,
        sessionId,
        elapsedMs: runtime.now() - startedAt,
        outcome: h.name.endsWith('ErrorResponse') ? String(payload.type) : h.name,
        requestId: context?.awsRequestId,
      });
    } catch {
      // A log line is never worth failing a directive for.
    }
    return response;
  };
}
