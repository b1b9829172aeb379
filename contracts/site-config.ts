/**
 * What every page fetches from its own origin before anything else: `site-config.json` beside the
 * pages (AWS: written into the pages bucket at deploy time from the stack's values; locally served
 * by the local world's web server). It names the two APIs and how to sign in; nothing in it is per
 * doorbell or secret: a page learns its doorbell and gets its credentials from the credentials
 * exchange of the access API (access-api/). Never read from the URL. No zod here: the pages import it.
 */

export const SITE_CONFIG_FILE = 'site-config.json';

export interface SiteConfig {
  /** AWS region of the signaling channels and both APIs. */
  region: string;
  /** Base URL of the doorbell-device API (SigV4-signed; no trailing slash). */
  deviceApiUrl: string;
  /** Base URL of the device access API (unsigned; no trailing slash). */
  accessApiUrl: string;
  /** How to sign device API calls: function URLs sign as the `lambda` service in their region. */
  deviceApiSigning: { region: string; service: 'lambda' };
  /** KVS control-plane endpoint override (the local emulator, behind the pages' origin); absent means AWS's own. */
  kvsEndpoint?: string;
  /** Login with Amazon, for the setup page: authorization code with PKCE (S256), no client secret. */
  signIn: { authorizeUrl: string; clientId: string; scope: 'profile' };
  /**
   * Local only (tests and the soak, `PAGE_CREDENTIALS_RENEW_AT`): the fraction of a credential's
   * lifetime after which a page renews it; absent means DEFAULT_CREDENTIALS_RENEW_AT. AWS never
   * writes it.
   */
  credentialsRenewAt?: number;
}

/** Pages renew their credentials at about 2/3 of their lifetime: 10 of STS's 15 minutes. */
export const DEFAULT_CREDENTIALS_RENEW_AT = 2 / 3;
