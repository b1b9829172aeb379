import type { ServerResponse } from 'node:http';

/** An error answered the way AWS answers it: status, `x-amzn-ErrorType`, JSON `__type` + message. */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number,
    /** The message member's name in the service model (`Message` for most, `message` for a few). */
    readonly messageField: 'Message' | 'message' = 'Message',
  ) {
    super(message);
    this.name = type;
  }

  body(): string {
    return JSON.stringify({ __type: this.type, [this.messageField]: this.message });
  }
}

// HTTP statuses as the service models declare them, so the SDK maps each to its typed exception.
export const invalidArgument = (message: string) => new AwsError('InvalidArgumentException', message, 400);
export const resourceNotFound = (message: string) => new AwsError('ResourceNotFoundException', message, 404);
export const resourceInUse = (message: string) => new AwsError('ResourceInUseException', message, 400);
export const clientLimitExceeded = (message: string) => new AwsError('ClientLimitExceededException', message, 400);
export const accountChannelLimitExceeded = (message: string) => new AwsError('AccountChannelLimitExceededException', message, 400);
export const accessDenied = (message: string) => new AwsError('AccessDeniedException', message, 401);
export const notAuthorized = (message: string) => new AwsError('NotAuthorizedException', message, 401);
export const unknownOperation = () => new AwsError('UnknownOperationException', 'Unknown operation', 404, 'message');
export const serializationError = (message: string) => new AwsError('SerializationException', message, 400, 'message');

export function sendAwsError(res: ServerResponse, err: AwsError, requestId: string): void {
  const body = err.body();
  res.writeHead(err.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-errortype': err.type,
    'x-amzn-requestid': requestId,
  });
  res.end(body);
}
