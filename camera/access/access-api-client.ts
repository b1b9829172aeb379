import type {
  AccessApiError,
  AccessApiErrorCode,
  CreateDeviceRequest,
  CredentialsResponse,
  DeviceGrantResponse,
  EnrollRequest,
  RevokedReason,
  RevokeDeviceResponse,
  SetupView,
  SignInRequest,
  SignInResponse,
} from '../../contracts/access-api/bodies.js';
import { ACCESS_API_CONTENT_TYPE, ACCESS_API_METHOD, ACCESS_API_ROUTES, type AccessApiRoute } from '../../contracts/access-api/routes.js';

const REQUEST_TIMEOUT_MS = 20_000;

/** A refused or failed access API call, with what a person should read. */
export class AccessApiCallError extends Error {
  override name = 'AccessApiCallError';
  constructor(
    message: string,
    /** HTTP status, or 0 when the API could not be reached at all. */
    readonly status: number,
    readonly code?: AccessApiErrorCode,
    readonly reason?: RevokedReason,
  ) {
    super(message);
  }

  get unreachable(): boolean {
    return this.status === 0;
  }

  /** Worth trying again later: the service was unreachable, busy or failed; nothing was refused for good. */
  get transient(): boolean {
    return this.status === 0 || this.code === 'RATE_LIMITED' || this.code === 'INTERNAL_ERROR' || (this.code === undefined && this.status >= 500);
  }
}

/**
 * The device access API, the pages' only unsigned calls: the setup page's sign-in, device list,
 * enrollment and revocation (with the sign-in's setup token, kept in memory only), and every
 * page's credentials exchange. No cookie, no referrer: nothing but the body says who is asking.
 */
export class AccessApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn: typeof fetch = (...a) => fetch(...a),
  ) {}

  signIn(body: SignInRequest): Promise<SignInResponse> {
    return this.call('signIn', body);
  }

  doorbells(setupToken: string): Promise<SetupView> {
    return this.call('doorbells', {}, setupToken);
  }

  createDevice(setupToken: string, body: CreateDeviceRequest): Promise<DeviceGrantResponse> {
    return this.call('createDevice', body, setupToken);
  }

  revokeDevice(setupToken: string, deviceId: string): Promise<RevokeDeviceResponse> {
    return this.call('revokeDevice', { deviceId }, setupToken);
  }

  enroll(body: EnrollRequest): Promise<DeviceGrantResponse> {
    return this.call('enroll', body);
  }

  credentials(grant: string): Promise<CredentialsResponse> {
    return this.call('credentials', { grant });
  }

  private async call<T>(route: AccessApiRoute, body: unknown, setupToken?: string): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchFn(`${this.baseUrl.replace(/\/+$/, '')}${ACCESS_API_ROUTES[route].path}`, {
        method: ACCESS_API_METHOD,
        headers: { 'content-type': ACCESS_API_CONTENT_TYPE, ...(setupToken ? { authorization: `Bearer ${setupToken}` } : {}) },
        body: JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        // A request that hangs would hold the renewal lock of every tab of this device.
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch {
      throw new AccessApiCallError('The doorbell access service cannot be reached (offline, or the service is down).', 0);
    }
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const err = parsed as Partial<AccessApiError> | undefined;
      throw new AccessApiCallError(describeRefusal(response.status, err), response.status, err?.error, err?.reason);
    }
    return parsed as T;
  }
}

/** The service's own message where it gave one (they are written for people), else the status. */
function describeRefusal(status: number, err: Partial<AccessApiError> | undefined): string {
  if (err?.message) return err.message;
  if (status === 429) return 'The doorbell access service is busy; trying again shortly.';
  if (status >= 500) return `The doorbell access service failed (HTTP ${status}); trying again.`;
  return `The doorbell access service answered HTTP ${status}.`;
}
