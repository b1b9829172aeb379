/**
 * The device access API: the only routes a page reaches without SigV4. In AWS it is the skill
 * bundle's `accessHandler` behind its own function URL (auth NONE); locally the same handler
 * behind its own local function URL. Every route is `POST`, `content-type: application/json`, a
 * body of at most 8 KB, answered with JSON; every refusal is a typed AccessApiError.
 *
 *   POST /v1/access/sign-in            SignInRequest            -> SignInResponse     (LWA code + PKCE verifier)
 *   POST /v1/access/doorbells          {}                       -> SetupView          setup token
 *   POST /v1/access/devices            CreateDeviceRequest      -> DeviceGrantResponse setup token
 *   POST /v1/access/devices/revoke     RevokeDeviceRequest      -> RevokeDeviceResponse setup token
 *   POST /v1/access/enroll             EnrollRequest            -> DeviceGrantResponse (one-time code)
 *   POST /v1/access/credentials        CredentialsRequest       -> CredentialsResponse (device grant)
 * "setup token": `authorization: Bearer <setupToken>` from the sign-in. Bodies: ./bodies.ts.
 * Also the grant and the one-time enrollment link, as strings. No zod here: the pages import this.
 */
import type { AccessApiErrorCode } from './bodies.js';
import { SETUP_PAGE } from '../page-roles.js';

export const ACCESS_API_METHOD = 'POST';
export const ACCESS_API_CONTENT_TYPE = 'application/json';
/** Larger bodies are refused (413) before they are parsed. */
export const ACCESS_API_MAX_BODY_BYTES = 8 * 1024;

export const ACCESS_API_ROUTES = {
  signIn: { path: '/v1/access/sign-in', setupToken: false },
  doorbells: { path: '/v1/access/doorbells', setupToken: true },
  createDevice: { path: '/v1/access/devices', setupToken: true },
  revokeDevice: { path: '/v1/access/devices/revoke', setupToken: true },
  enroll: { path: '/v1/access/enroll', setupToken: false },
  credentials: { path: '/v1/access/credentials', setupToken: false },
} as const;

export type AccessApiRoute = keyof typeof ACCESS_API_ROUTES;

/** The route a request path names (a trailing slash allowed), or undefined. */
export function matchAccessApiPath(path: string): AccessApiRoute | undefined {
  const trimmed = path.replace(/\/+$/, '');
  return (Object.keys(ACCESS_API_ROUTES) as AccessApiRoute[]).find((r) => ACCESS_API_ROUTES[r].path === trimmed);
}

/** The HTTP status each error code is answered with. */
export const ACCESS_API_ERROR_STATUS: Readonly<Record<AccessApiErrorCode, number>> = {
  BAD_REQUEST: 400,
  SIGN_IN_FAILED: 401,
  SETUP_EXPIRED: 401,
  GRANT_INVALID: 401,
  GRANT_REVOKED: 401,
  NOT_OWNER: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
};

/** How long a page's credentials last: STS's minimum, so a revoked device loses access quickly. */
export const PAGE_CREDENTIALS_SECONDS = 900;
/** How long a sign-in's setup token lasts. */
export const SETUP_SESSION_SECONDS = 15 * 60;
/** How long a one-time enrollment code (`npm run camera-url`) lasts. */
export const ENROLLMENT_CODE_SECONDS = 10 * 60;

/**
 * A device grant: `dg1.<deviceId>.<secret>`, the deviceId 16 random bytes and the secret 32, both
 * base64url. The page keeps it (IndexedDB) and presents the newest one it holds; the access API
 * stores only hashes of secrets and rotates the secret on every exchange.
 */
export const GRANT_VERSION = 'dg1';
const GRANT_PATTERN = /^dg1\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export function formatGrant(deviceId: string, secret: string): string {
  return `${GRANT_VERSION}.${deviceId}.${secret}`;
}

/** The grant's parts, or undefined when it is not a well-formed grant. */
export function parseGrant(grant: unknown): { deviceId: string; secret: string } | undefined {
  const m = typeof grant === 'string' ? GRANT_PATTERN.exec(grant) : null;
  return m ? { deviceId: m[1]!, secret: m[2]! } : undefined;
}

/** A one-time enrollment code: 32 random bytes, base64url (43 characters). */
export function isEnrollmentCode(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** The key of the setup page's fragment that carries a one-time enrollment code. */
export const ENROLL_FRAGMENT_KEY = 'enroll';

/**
 * The one-time setup link `npm run camera-url` prints: the setup page under `pagesBase` (AWS: the
 * page origin; locally `…/camera/`) with the code in the fragment, which never reaches a server
 * (the page removes it from the address before anything else).
 */
export function enrollmentLink(pagesBase: string, code: string): string {
  const url = new URL(SETUP_PAGE, pagesBase.endsWith('/') ? pagesBase : `${pagesBase}/`);
  url.hash = `${ENROLL_FRAGMENT_KEY}=${code}`;
  return url.toString();
}

/** The enrollment code in a setup page's fragment (`#enroll=<code>`), when there is a well-formed one. */
export function enrollmentCodeOf(fragment: string): string | undefined {
  const code = new URLSearchParams(fragment.replace(/^#/, '')).get(ENROLL_FRAGMENT_KEY);
  return isEnrollmentCode(code) ? code : undefined;
}
