/** A request the access API refuses: thrown anywhere on its way, answered once by the handler as a typed AccessApiError. */
import type { AccessApiError, AccessApiErrorCode, RevokedReason } from '../../contracts/access-api/bodies.js';
import { ACCESS_API_ERROR_STATUS } from '../../contracts/access-api/routes.js';
import { json, type FunctionUrlResult } from '../http/function-url.js';

export class AccessApiFailure extends Error {
  constructor(
    readonly code: AccessApiErrorCode,
    message: string,
    /** For GRANT_REVOKED: why, so the page can say it. */
    readonly reason?: RevokedReason,
  ) {
    super(message);
    this.name = 'AccessApiFailure';
  }
}

export function accessErrorResult(error: AccessApiErrorCode, message: string, reason?: RevokedReason): FunctionUrlResult {
  const body: AccessApiError = { error, message, ...(reason ? { reason } : {}) };
  return json(ACCESS_API_ERROR_STATUS[error], body);
}

/** What a person is told when a device's grant was revoked, by why. */
export function revokedFailure(reason: RevokedReason | undefined): AccessApiFailure {
  return reason === 'REUSED'
    ? new AccessApiFailure('GRANT_REVOKED', 'This device was revoked because an old copy of its grant was used: set it up again from the setup page.', 'REUSED')
    : new AccessApiFailure('GRANT_REVOKED', "This device was revoked by the doorbell's owner: set it up again from the setup page.", 'OWNER');
}
