/**
 * The device access API's bodies (routes in ./routes.ts), as zod/mini schemas: the skill's access
 * handler validates requests with them, and the pages and the local world use the inferred types.
 * Pages import only types from here (zod stays out of their bundles).
 */
import * as z from 'zod/mini';
import { EndpointIdSchema } from '../alexa/endpoint-id.js';
import { PAGE_ROLES } from '../page-roles.js';

export const PageRoleSchema = z.enum(PAGE_ROLES);

/** What a person calls the device ("kitchen tablet"): 1-64 characters, no control characters. */
export const DeviceLabelSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[^\p{Cc}]+$/u, 'the label has control characters'));

/** Why a device was revoked: the owner did (setup page), or an old copy of its grant was presented. */
export const RevokedReasonSchema = z.enum(['OWNER', 'REUSED']);

/** An enrolled device as the owner sees it; times are ISO 8601. */
export const DeviceSummarySchema = z.object({
  deviceId: z.string(),
  endpointId: EndpointIdSchema,
  role: PageRoleSchema,
  label: z.string(),
  createdAt: z.string(),
  /** The last credentials exchange. */
  lastUsedAt: z.optional(z.string()),
  revokedAt: z.optional(z.string()),
  revokedReason: z.optional(RevokedReasonSchema),
});

/** One doorbell the signed-in owner has, with its enrolled devices (revoked ones included). */
export const OwnedDoorbellSchema = z.object({ endpointId: EndpointIdSchema, name: z.string(), devices: z.array(DeviceSummarySchema) });

/** POST /v1/access/sign-in: Login with Amazon's authorization code, the PKCE verifier, and the redirect URI the code was issued for. */
export const SignInRequestSchema = z.object({
  code: z.string().check(z.minLength(1), z.maxLength(2048)),
  codeVerifier: z.string().check(z.regex(/^[A-Za-z0-9\-._~]{43,128}$/, 'codeVerifier is no PKCE verifier')),
  redirectUri: z.string().check(z.minLength(1), z.maxLength(2048)),
});

/**
 * What the signed-in owner sees (POST /v1/access/doorbells): the email Amazon gave (lower-cased)
 * and the doorbells it owns (doorbell.ownerEmail == email, as Discovery decides), possibly none.
 */
export const SetupViewSchema = z.object({
  email: z.string(),
  /** When the setup token stops working (ISO 8601). */
  expiresAt: z.string(),
  doorbells: z.array(OwnedDoorbellSchema),
});

/** The sign-in's answer: the setup view and the setup token for the routes that need one. Amazon's tokens are never in it. */
export const SignInResponseSchema = z.extend(SetupViewSchema, { setupToken: z.string() });

/** POST /v1/access/devices: enroll this device for one owned doorbell in one role. */
export const CreateDeviceRequestSchema = z.object({ endpointId: EndpointIdSchema, role: PageRoleSchema, label: DeviceLabelSchema });

/** POST /v1/access/enroll: a one-time code from `npm run camera-url` (it names the doorbell and the role). */
export const EnrollRequestSchema = z.object({ enrollmentCode: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'enrollmentCode is malformed')), label: DeviceLabelSchema });

/** The answer of both enrollments: the device's first grant (keep it, then exchange it) and the device. */
export const DeviceGrantResponseSchema = z.object({ grant: z.string(), device: DeviceSummarySchema });

/** POST /v1/access/devices/revoke */
export const RevokeDeviceRequestSchema = z.object({ deviceId: z.string().check(z.minLength(1), z.maxLength(64)) });
export const RevokeDeviceResponseSchema = z.object({ device: DeviceSummarySchema });

/** POST /v1/access/credentials: the newest grant the page holds. */
export const CredentialsRequestSchema = z.object({ grant: z.string().check(z.minLength(1), z.maxLength(256)) });

/**
 * STS credentials of the device's page role, for its doorbell only; `expiration` ISO 8601.
 * `lifetimeSeconds` is how long they last as the service's clock tells it: a page whose own clock is
 * wrong times its renewals by it, not by `expiration` read off that clock.
 */
export const PageCredentialsSchema = z.object({
  accessKeyId: z.string(),
  secretAccessKey: z.string(),
  sessionToken: z.string(),
  expiration: z.string(),
  lifetimeSeconds: z.optional(z.number()),
});

/** The doorbell the credentials are for: what the page needs to reach its channel. */
export const DeviceDoorbellSchema = z.object({ endpointId: EndpointIdSchema, name: z.string(), channelName: z.string(), channelArn: z.string(), region: z.string() });

/**
 * The exchange's answer. `grant` replaces the one presented: the page stores it before it uses the
 * credentials, and presents it next time (an older one revokes the device).
 */
export const CredentialsResponseSchema = z.object({ grant: z.string(), credentials: PageCredentialsSchema, device: DeviceSummarySchema, doorbell: DeviceDoorbellSchema });

/**
 * Every refusal:
 * - BAD_REQUEST: the body is not JSON, or not the route's shape (a role or label that does not exist);
 * - UNSUPPORTED_MEDIA_TYPE: not `content-type: application/json` (or not POST);
 * - PAYLOAD_TOO_LARGE: over 8 KB;
 * - RATE_LIMITED: too many requests from this address; try again later;
 * - SIGN_IN_FAILED: Login with Amazon refused the code or verifier (or gave no email);
 * - SETUP_EXPIRED: the setup token is missing, unknown or expired: sign in again;
 * - NOT_OWNER: the doorbell or device belongs to another Amazon account;
 * - NOT_FOUND: no such doorbell, device or route;
 * - GRANT_INVALID: a malformed or unknown grant, or an expired or used enrollment code (nothing changed);
 * - GRANT_REVOKED: the device was revoked (`reason`): set it up again;
 * - INTERNAL_ERROR: something behind the API failed; try again.
 */
export const AccessApiErrorCodeSchema = z.enum([
  'BAD_REQUEST',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'SIGN_IN_FAILED',
  'SETUP_EXPIRED',
  'NOT_OWNER',
  'NOT_FOUND',
  'GRANT_INVALID',
  'GRANT_REVOKED',
  'INTERNAL_ERROR',
]);

export const AccessApiErrorSchema = z.object({ error: AccessApiErrorCodeSchema, message: z.string(), reason: z.optional(RevokedReasonSchema) });

export type DeviceLabel = z.infer<typeof DeviceLabelSchema>;
export type RevokedReason = z.infer<typeof RevokedReasonSchema>;
export type DeviceSummary = z.infer<typeof DeviceSummarySchema>;
export type OwnedDoorbell = z.infer<typeof OwnedDoorbellSchema>;
export type SignInRequest = z.infer<typeof SignInRequestSchema>;
export type SetupView = z.infer<typeof SetupViewSchema>;
export type SignInResponse = z.infer<typeof SignInResponseSchema>;
export type CreateDeviceRequest = z.infer<typeof CreateDeviceRequestSchema>;
export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;
export type DeviceGrantResponse = z.infer<typeof DeviceGrantResponseSchema>;
export type RevokeDeviceRequest = z.infer<typeof RevokeDeviceRequestSchema>;
export type RevokeDeviceResponse = z.infer<typeof RevokeDeviceResponseSchema>;
export type CredentialsRequest = z.infer<typeof CredentialsRequestSchema>;
export type PageCredentials = z.infer<typeof PageCredentialsSchema>;
export type DeviceDoorbell = z.infer<typeof DeviceDoorbellSchema>;
export type CredentialsResponse = z.infer<typeof CredentialsResponseSchema>;
export type AccessApiErrorCode = z.infer<typeof AccessApiErrorCodeSchema>;
export type AccessApiError = z.infer<typeof AccessApiErrorSchema>;
