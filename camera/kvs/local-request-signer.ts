import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { RequestSigner } from 'amazon-kinesis-video-streams-webrtc';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export type CredentialsSource = SigningCredentials | (() => Promise<SigningCredentials>);

/** The lifetime the SDK's own signer gives its URLs. */
const EXPIRES_IN_S = 299;

/** RFC 3986 encoding, as SigV4 canonicalises query values. */
function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Presigns KVS signaling WebSocket URLs with SigV4 for `ws://` as well as `wss://` endpoints.
 *
 * The SDK's default signer refuses anything but `wss://`; the local emulator is reached as plain
 * `ws://localhost` (a secure context for browsers, so no certificate is needed). Pages use this
 * signer only for `ws://` endpoints and keep the SDK's default for AWS. The session token goes
 * into the signed query, which KVS signaling requires. Browser-safe: no Node built-ins.
 */
export class LocalRequestSigner implements RequestSigner {
  constructor(
    private readonly region: string,
    private readonly credentials: CredentialsSource,
    private readonly service = 'kinesisvideo',
  ) {}

  async getSignedURL(signalingEndpoint: string, queryParams: Record<string, string>, date: Date = new Date()): Promise<string> {
    const url = new URL(signalingEndpoint);
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
      throw new Error(`Endpoint '${signalingEndpoint}' is not a WebSocket endpoint (ws:// or wss://).`);
    }
    if (url.search !== '' || signalingEndpoint.includes('?')) {
      throw new Error(`Endpoint '${signalingEndpoint}' should not contain any query parameters.`);
    }
    const credentials = typeof this.credentials === 'function' ? await this.credentials() : this.credentials;
    const signer = new SignatureV4({ service: this.service, region: this.region, credentials, sha256: Sha256, uriEscapePath: true });
    const path = url.pathname === '' ? '/' : url.pathname;
    const signed = await signer.presign(
      {
        method: 'GET',
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path,
        query: { ...queryParams },
        headers: { host: url.host },
      },
      { signingDate: date, expiresIn: EXPIRES_IN_S },
    );
    const query = Object.entries(signed.query ?? {})
      .flatMap(([k, v]) => (Array.isArray(v) ? v.map((one) => [k, one] as const) : v == null ? [] : [[k, v] as const]))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${uriEscape(k)}=${uriEscape(v)}`)
      .join('&');
    return `${url.protocol}//${url.host}${path}?${query}`;
  }
}
