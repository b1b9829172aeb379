/**
 * Typed failures. A handler throws one of these; the router turns it into the matching Alexa
 * ErrorResponse, so no handler builds error messages itself and nothing raw reaches Lambda.
 */

/** ErrorResponse types of the `Alexa` namespace that this skill uses. */
export type AlexaErrorType =
  | 'INVALID_DIRECTIVE'
  | 'NO_SUCH_ENDPOINT'
  | 'INVALID_AUTHORIZATION_CREDENTIAL'
  | 'EXPIRED_AUTHORIZATION_CREDENTIAL'
  | 'ENDPOINT_UNREACHABLE'
  | 'INTERNAL_ERROR';

/** ErrorResponse types of the `Alexa.Authorization` namespace. */
export type AuthorizationErrorType = 'ACCEPT_GRANT_FAILED';

export class AlexaError extends Error {
  constructor(
    readonly type: AlexaErrorType,
    message: string,
  ) {
    super(message);
    this.name = 'AlexaError';
  }
}

export const invalidDirective = (message: string) => new AlexaError('INVALID_DIRECTIVE', message);
export const noSuchEndpoint = (endpointId: string) =>
  new AlexaError('NO_SUCH_ENDPOINT', `No doorbell ${JSON.stringify(endpointId.slice(0, 64))} for this account.`);
export const endpointUnreachable = (message: string) => new AlexaError('ENDPOINT_UNREACHABLE', message);
