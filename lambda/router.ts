/**
 * The directive router. The envelope is validated first; then ask-sdk-runtime's generic dispatcher
 * picks the one handler for the directive's interface, and its error handler turns every failure
 * into the right ErrorResponse. Whatever happens, the caller gets an Alexa message, never a throw.
 */
import { GenericRequestDispatcher, RuntimeConfigurationBuilder, type RequestHandler } from 'ask-sdk-runtime';
import type { Runtime } from './runtime.js';
import { safeEndpointId, type DirectiveInput, type LambdaContextLike } from './alexa/directive.js';
import { AlexaError, invalidDirective } from './alexa/errors.js';
import { authorizationErrorResponse, errorResponse, type AlexaResponse, type Echo } from './alexa/responses.js';
import { describeIssue, EnvelopeSchema, HeaderSchema } from './alexa/schema.js';
import { discoveryHandler } from './handlers/discovery.js';
import { acceptGrantHandler, isAcceptGrant } from './handlers/accept-grant.js';
import { initiateSessionHandler, sessionConnectedHandler, sessionDisconnectedHandler } from './handlers/rtc-session.js';
import { reportStateHandler } from './handlers/report-state.js';
import { errorSummary } from './log.js';

export type DirectiveHandler = (event: unknown, context?: LambdaContextLike) => Promise<AlexaResponse>;

const unsupported: RequestHandler<DirectiveInput, AlexaResponse> = {
  canHandle: () => true,
  handle: ({ header }) => {
    throw invalidDirective(`Unsupported directive ${header.namespace.slice(0, 64)}.${header.name.slice(0, 64)}.`);
  },
};

function toErrorResponse(input: DirectiveInput, err: Error): AlexaResponse {
  if (isAcceptGrant(input)) {
    if (!(err instanceof AlexaError)) input.rt.log.warn('accept grant failed', errorSummary(err));
    return authorizationErrorResponse('ACCEPT_GRANT_FAILED', 'The grant could not be accepted.', input.echo);
  }
  if (err instanceof AlexaError) return errorResponse(err.type, err.message, input.echo);
  input.rt.log.error('directive failed', errorSummary(err));
  return errorResponse('INTERNAL_ERROR', 'The skill failed to handle the directive.', input.echo);
}

/** What of a directive that failed validation can still be echoed safely. */
function bestEffortEcho(event: unknown): Echo {
  const directive = (event as { directive?: { header?: unknown; endpoint?: unknown } } | null)?.directive;
  const token = (directive?.header as { correlationToken?: unknown } | undefined)?.correlationToken;
  const endpointId = safeEndpointId(directive?.endpoint);
  return {
    correlationToken: typeof token === 'string' && token.length > 0 && token.length <= 16 * 1024 ? token : undefined,
    endpoint: endpointId ? { endpointId } : undefined,
  };
}

export function createDirectiveHandler(rt: Runtime): DirectiveHandler {
  const dispatcher = new GenericRequestDispatcher<DirectiveInput, AlexaResponse>(
    new RuntimeConfigurationBuilder<DirectiveInput, AlexaResponse>()
      .addRequestHandlers(
        discoveryHandler,
        acceptGrantHandler,
        initiateSessionHandler,
        sessionConnectedHandler,
        sessionDisconnectedHandler,
        reportStateHandler,
        unsupported,
      )
      .addErrorHandler(() => true, toErrorResponse)
      .getRuntimeConfiguration(),
  );

  return async (event, context) => {
    const startedAt = rt.now();
    let directive = 'invalid';
    const keys: DirectiveInput['logKeys'] = {};
    let response: AlexaResponse;
    try {
      const envelope = EnvelopeSchema.safeParse(event);
      if (!envelope.success) {
        const echo = bestEffortEcho(event);
        const raw = (event as { directive?: { header?: { namespace?: unknown; name?: unknown } } } | null)?.directive?.header;
        const header = HeaderSchema.safeParse(raw);
        if (header.success) directive = `${header.data.namespace}.${header.data.name}`.slice(0, 128);
        response = isAcceptGrant({ header: raw })
          ? authorizationErrorResponse('ACCEPT_GRANT_FAILED', 'The grant could not be accepted.', echo)
          : errorResponse('INVALID_DIRECTIVE', `Invalid directive: ${describeIssue(envelope.error)}`, echo);
      } else {
        const { header, endpoint, payload } = envelope.data.directive;
        directive = `${header.namespace}.${header.name}`;
        const input: DirectiveInput = {
          rt,
          header,
          endpoint,
          payload,
          echo: { correlationToken: header.correlationToken, endpoint: undefined },
          startedAt,
          context,
          logKeys: keys,
        };
        const id = safeEndpointId(endpoint);
        if (id) input.echo.endpoint = { endpointId: id };
        response = await dispatcher.dispatch(input);
      }
    } catch (err) {
      // Only reached if an error handler itself failed; still an Alexa message.
      rt.log.error('router failed', errorSummary(err));
      response = errorResponse('INTERNAL_ERROR', 'The skill failed to handle the directive.', bestEffortEcho(event));
    }
    const { header: h, payload } = response.event;
    try {
      rt.log.info('directive', {
        directive,
        endpointId: keys.endpointId,
        sessionId: keys.sessionId,
        elapsedMs: rt.now() - startedAt,
        outcome: h.name.endsWith('ErrorResponse') ? String(payload.type) : h.name,
        requestId: context?.awsRequestId,
      });
    } catch {
      // A log line is never worth failing a directive for.
    }
    return response;
  };
}
