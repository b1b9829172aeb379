/**
 * Everything a camera, viewer or announcement page needs to run, in one shape, and the one builder
 * of it. Against AWS it arrives in the page URL's fragment (`#config=<base64url JSON>`), printed by
 * `npm run camera-url` after it assumes the page role: a fragment never reaches a server or its
 * logs. Against the local world (npm start, and the pages' tests) a page fetches it from
 * `GET /local/page-config/{endpointId}?role=...` on its own origin. No zod here: the pages import it.
 */
import { decodeBase64Url, encodeBase64Url } from './base64.js';

/** camera: the KVS master (and the doorbell device); viewer: a KVS viewer; doorbell: the announcement page. */
export type PageRole = 'camera' | 'viewer' | 'doorbell';

export const PAGE_ROLES: readonly PageRole[] = ['camera', 'viewer', 'doorbell'];

export function isPageRole(value: string | null | undefined): value is PageRole {
  return typeof value === 'string' && (PAGE_ROLES as readonly string[]).includes(value);
}

/** The page each role opens, in the built pages' folder (dist/camera/). */
export const PAGE_FILES: Readonly<Record<PageRole, string>> = {
  camera: 'camera.html',
  viewer: 'viewer.html',
  doorbell: 'doorbell.html',
};

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

/** Where a page fetches its configuration on its own origin (the local world's web server). */
export function localPageConfigPath(endpointId: string, role: PageRole): string {
  return `/local/page-config/${encodeURIComponent(endpointId)}?role=${role}`;
}

/** The endpointId (still URL-encoded) of a local page-config request's path. */
export function matchLocalPageConfigPath(pathname: string): string | undefined {
  return /^\/local\/page-config\/([^/]+)$/.exec(pathname)?.[1];
}
