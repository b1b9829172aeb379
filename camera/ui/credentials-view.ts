import type { TemporaryCredentials } from '../../contracts/page-config.js';

const WARN_BEFORE_MS = 15 * 60_000;

/** A warning when the page's temporary credentials expire soon or have expired. */
export function credentialWarning(credentials: TemporaryCredentials, now = Date.now()): string | undefined {
  if (!credentials.expiration) return undefined;
  const left = Date.parse(credentials.expiration) - now;
  if (Number.isNaN(left)) return undefined;
  if (left <= 0) return 'The credentials in this page address have expired: print a fresh URL with `npm run camera-url -- <endpointId>`.';
  if (left < WARN_BEFORE_MS) return `The credentials in this page address expire in ${Math.ceil(left / 60_000)} minutes: print a fresh URL soon.`;
  return undefined;
}
