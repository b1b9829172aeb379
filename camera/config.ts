/**
 * Everything a camera, viewer or announcement page needs to run, in one shape.
 *
 * Against AWS it arrives in the page URL's fragment (`#config=<base64url JSON>`), printed by a
 * command that assumes the camera role: the fragment never reaches a server or its logs.
 * Against the local stack the page fetches it from `GET /local/page-config/{endpointId}?role=...`,
 * so nothing is typed in.
 */
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
