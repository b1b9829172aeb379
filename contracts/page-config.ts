/**
 * The one shape today's pages run from: the doorbell, the device API, the KVS endpoint and the
 * page's temporary credentials, and its one builder. Interim: the pages read it from the
 * `#config=` fragment until they fetch site-config.json (site-config.ts) and exchange their device
 * grant at the access API themselves (issue 11's pages); then this file goes. Nothing in the
 * product writes such a fragment any more: only the local world's enrollment helper does, from a
 * real credentials exchange (infra/local/world/enrollment.ts), for the pages' tests and the
 * benchmark. No zod here: the pages import it.
 */
import { decodeBase64Url, encodeBase64Url } from './base64.js';

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** ISO 8601; the page warns before it passes. */
  expiration?: string;
}

export interface PageConfig {
  /** The doorbell's Alexa endpointId (also the device API's path segment). */
  endpointId: string;
  /** Display name of the doorbell. */
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
  credentials: TemporaryCredentials;
}

export interface PageConfigInput {
  doorbell: { endpointId: string; name: string; channelName: string; channelArn: string };
  region: string;
  deviceApiUrl: string;
  credentials: TemporaryCredentials;
  kvsEndpoint?: string;
}

export function buildPageConfig({ doorbell, region, deviceApiUrl, credentials, kvsEndpoint }: PageConfigInput): PageConfig {
  return {
    endpointId: doorbell.endpointId,
    name: doorbell.name,
    region,
    channelName: doorbell.channelName,
    channelArn: doorbell.channelArn,
    ...(kvsEndpoint ? { kvsEndpoint } : {}),
    deviceApiUrl: deviceApiUrl.replace(/\/+$/, ''),
    // Function URLs are signed as the `lambda` service in the function's region.
    deviceApiSigning: { region, service: 'lambda' },
    credentials,
  };
}

/** A page's configuration as it arrived, checked: the config (its name defaulting to the endpointId), or what is wrong. */
export function checkPageConfig(value: unknown): { config: PageConfig } | { problem: string } {
  const c = value as Partial<PageConfig> | null;
  const missing = ['endpointId', 'region', 'channelName', 'channelArn', 'deviceApiUrl'].filter(
    (k) => typeof (c as Record<string, unknown> | null)?.[k] !== 'string',
  );
  if (!c || missing.length > 0) return { problem: `The page configuration is incomplete (missing ${missing.join(', ') || 'everything'}).` };
  if (!c.credentials?.accessKeyId || !c.credentials.secretAccessKey) return { problem: 'The page configuration carries no credentials.' };
  if (!c.deviceApiSigning?.region || !c.deviceApiSigning.service) return { problem: 'The page configuration does not say how to sign device API calls.' };
  return { config: { ...c, name: c.name ?? c.endpointId } as PageConfig };
}

/** The `#config=` fragment value: base64url of the JSON, safe in a URL unescaped. */
export function encodePageConfig(config: PageConfig): string {
  return encodeBase64Url(JSON.stringify(config));
}

/** The parsed JSON of a `#config=` value (still to be checked); throws when it is damaged. */
export function decodePageConfig(fragment: string): unknown {
  return JSON.parse(decodeBase64Url(fragment));
}
