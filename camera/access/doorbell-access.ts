import type { DeviceDoorbell } from '../../contracts/access-api/bodies.js';
import type { SiteConfig } from '../../contracts/site-config.js';
import type { CredentialKeeper } from './credential-keeper.js';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** The AWS SDK renews a provider's credentials only when it knows when they end. */
  expiration?: Date;
}

/** Fixed credentials (tests, scripts), or a provider asked at every signature (a page's keeper). */
export type CredentialSource = SigningCredentials | (() => Promise<SigningCredentials>);

export function resolveCredentials(source: CredentialSource): Promise<SigningCredentials> {
  return typeof source === 'function' ? source() : Promise.resolve(source);
}

/**
 * Everything a page needs to reach its doorbell: where (the site config), which doorbell and
 * channel (the credentials exchange) and with what (the keeper's current credentials, asked for
 * at each use, so renewals reach the KVS signer, the ICE-server fetch and the device-API signer
 * without replacing any of them).
 */
export interface DoorbellAccess {
  /** The doorbell's Alexa endpointId (also the device API's path segment). */
  endpointId: string;
  name: string;
  /** AWS region of the signaling channel. */
  region: string;
  channelName: string;
  channelArn: string;
  /** KVS control-plane endpoint override (the local emulator); absent means AWS's own. */
  kvsEndpoint?: string;
  /** Base URL of the doorbell-device API (no trailing slash). */
  deviceApiUrl: string;
  /** SigV4 signing region and service for the device API (function URLs sign as `lambda`). */
  deviceApiSigning: { region: string; service: string };
  credentials: CredentialSource;
  /** A service refused the credentials: worth getting new ones. */
  credentialsRefused?(): void;
}

export function doorbellAccessOf(site: SiteConfig, doorbell: DeviceDoorbell, keeper: CredentialKeeper): DoorbellAccess {
  return {
    endpointId: doorbell.endpointId,
    name: doorbell.name,
    region: doorbell.region,
    channelName: doorbell.channelName,
    channelArn: doorbell.channelArn,
    ...(site.kvsEndpoint ? { kvsEndpoint: site.kvsEndpoint } : {}),
    deviceApiUrl: site.deviceApiUrl.replace(/\/+$/, ''),
    deviceApiSigning: site.deviceApiSigning,
    credentials: () => keeper.credentials(),
    credentialsRefused: () => keeper.renewNow('refused'),
  };
}
