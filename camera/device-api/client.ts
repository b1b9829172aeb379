import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { PageCredentials } from '../../contracts/access-api/bodies.js';
import { resolveCredentials, type CredentialSource, type DoorbellAccess } from '../access/doorbell-access.js';
import type { DeviceApiError as DeviceApiErrorBody, DeviceApiErrorCode, DoorbellInfo, PressResponse, StatusResponse } from '../../contracts/device-api/bodies.js';
import { DEVICE_API_ROUTES, deviceApiPath, type DeviceApiRoute } from '../../contracts/device-api/routes.js';

export interface DeviceApiClientOptions {
  /** Base URL of the device API, no trailing slash. */
  baseUrl: string;
  endpointId: string;
  signing: { region: string; service: string };
  /** The page's keeper, asked at every signature, or fixed credentials (a credentials exchange's, in tests and scripts). */
  credentials: CredentialSource | PageCredentials;
  /** The API refused the credentials (401/403): worth getting new ones. */
  credentialsRefused?: () => void;
  fetch?: typeof fetch;
}

/** A failed device API call, with what a person should read. */
export class DeviceApiCallError extends Error {
  override name = 'DeviceApiCallError';
  constructor(
    message: string,
    /** HTTP status, or 0 when the API could not be reached at all. */
    readonly status: number,
    readonly code?: DeviceApiErrorCode,
  ) {
    super(message);
  }
  get unreachable(): boolean {
    return this.status === 0;
  }
}

/** A signed request ready for fetch(), e.g. kept ready for `pagehide`, when there is no time to sign. */
export interface SignedRequest {
  url: string;
  init: RequestInit;
}

/**
 * The camera's and the announcement page's side of the doorbell-device API: every call SigV4-signed
 * with the page's temporary credentials (the caller's identity is its role session, not the body).
 */
export class DeviceApiClient {
  private readonly signer: SignatureV4;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: DeviceApiClientOptions) {
    this.signer = new SignatureV4({
      service: options.signing.service,
      region: options.signing.region,
      credentials: async () => {
        const source = options.credentials;
        const { accessKeyId, secretAccessKey, sessionToken } = typeof source === 'function' ? await resolveCredentials(source) : source;
        return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
      },
      sha256: Sha256,
    });
    this.fetchFn = options.fetch ?? ((...args) => fetch(...args));
  }

  /** The client for the doorbell a page was set up for. */
  static forDoorbell(access: DoorbellAccess): DeviceApiClient {
    return new DeviceApiClient({
      baseUrl: access.deviceApiUrl,
      endpointId: access.endpointId,
      signing: access.deviceApiSigning,
      credentials: access.credentials,
      ...(access.credentialsRefused ? { credentialsRefused: access.credentialsRefused } : {}),
    });
  }

  async sign(route: DeviceApiRoute, body?: unknown, keepalive = false): Promise<SignedRequest> {
    const { method } = DEVICE_API_ROUTES[route];
    const url = new URL(this.options.baseUrl.replace(/\/+$/, '') + deviceApiPath(this.options.endpointId, route));
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { host: url.host };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const signed = await this.signer.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: {},
      headers,
      body: payload,
    });
    // Browsers set Host themselves and refuse to have it set.
    const sendHeaders = Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host'));
    const init: RequestInit = { method, headers: sendHeaders, cache: 'no-store', keepalive };
    if (payload !== undefined) init.body = payload;
    return { url: url.toString(), init };
  }

  async send<T>(request: SignedRequest): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchFn(request.url, request.init);
    } catch {
      throw new DeviceApiCallError('The doorbell service cannot be reached (offline, or the service is down). Retrying.', 0);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const err = parsed as Partial<DeviceApiErrorBody> | undefined;
      if (response.status === 401 || response.status === 403) this.options.credentialsRefused?.();
      throw new DeviceApiCallError(describeFailure(response.status, err?.message), response.status, err?.error);
    }
    return parsed as T;
  }

  async getDoorbell(): Promise<DoorbellInfo> {
    return this.send(await this.sign('doorbell'));
  }

  async reportStatus(online: boolean): Promise<StatusResponse> {
    return this.send(await this.sign('status', { online }));
  }

  /** The "I am going offline" heartbeat, signed now so that it can be sent in `pagehide` with keepalive. */
  async prepareOffline(): Promise<SignedRequest> {
    return this.sign('status', { online: false }, true);
  }

  async press(): Promise<PressResponse> {
    return this.send(await this.sign('press', {}));
  }
}

function describeFailure(status: number, serverMessage: string | undefined): string {
  const detail = serverMessage ? ` ${serverMessage}` : '';
  if (status === 401 || status === 403) return `The doorbell service refused this page's credentials (HTTP ${status}).${detail}`;
  if (status === 404) return `The doorbell service does not know this doorbell (HTTP 404).${detail}`;
  if (status >= 500) return `The doorbell service failed (HTTP ${status}); retrying.${detail}`;
  return `The doorbell service answered HTTP ${status}.${detail}`;
}
