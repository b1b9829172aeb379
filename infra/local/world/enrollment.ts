/**
 * Devices set up the product's way, for the pages' tests, the local stack's tests and the
 * benchmark: a one-time enrollment code written into the setup table as `npm run camera-url`
 * writes it (with the world's own credentials, the owner's in AWS), and either
 * - opened as the setup link `camera-url` prints (`setupLinkFor`: `…/camera/setup.html#enroll=<code>`),
 *   which a browser's setup page redeems and keeps the grant of, or
 * - redeemed here at the world's access API (`POST /v1/access/enroll`) and its grant exchanged for
 *   page credentials (`POST /v1/access/credentials`), which the world's STS issues for the page
 *   role (`enrollDevice`), for tests that call the APIs without a page.
 * Nothing here hands out credentials by itself: the access API does, to whoever holds the code.
 */
import type { AccessApiError, CredentialsResponse, DeviceGrantResponse } from '../../../contracts/access-api/bodies.js';
import { ACCESS_API_CONTENT_TYPE, ACCESS_API_ROUTES, enrollmentLink, type AccessApiRoute } from '../../../contracts/access-api/routes.js';
import type { PageRole } from '../../../contracts/page-roles.js';
import { SETUP_TABLE } from '../../../contracts/tables.js';
import type { Handles, LocalAccount } from './types.js';

/** The parts a device's setup goes through. */
export type EnrollmentWorld = Pick<Handles, 'dynamodb' | 'accessApi'> & { readonly account: LocalAccount };

export interface EnrolledDevice {
  /** The newest grant: what the page would keep and present next. */
  grant: string;
  deviceId: string;
  /** The exchange's answer: the page role's credentials for the doorbell. */
  exchange: CredentialsResponse;
}

export class AccessApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly body: AccessApiError,
  ) {
    super(`the access API answered ${status} ${body.error}: ${body.message}`);
    this.name = 'AccessApiRefusal';
  }
}

/** One POST to the world's access API; the answer, or an AccessApiRefusal. */
export async function callAccessApi<T>(world: Pick<EnrollmentWorld, 'accessApi'>, route: AccessApiRoute, body: unknown, setupToken?: string): Promise<T> {
  const res = await fetch(`${world.accessApi.endpoint}${ACCESS_API_ROUTES[route].path}`, {
    method: 'POST',
    headers: { 'content-type': ACCESS_API_CONTENT_TYPE, ...(setupToken ? { authorization: `Bearer ${setupToken}` } : {}) },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as T | AccessApiError;
  if (!res.ok) throw new AccessApiRefusal(res.status, answer as AccessApiError);
  return answer as T;
}

/**
 * A one-time enrollment code for this doorbell and role, in the world's setup table. The DynamoDB
 * clients are imported here, on use: every caller of the world imports this module, and a world of
 * the KVS emulator alone (the benchmark's emulator process) must not carry them.
 */
export async function writeLocalEnrollmentCode(world: Pick<EnrollmentWorld, 'dynamodb' | 'account'>, endpointId: string, role: PageRole): Promise<string> {
  const [{ DynamoDBClient }, { DynamoDBDocumentClient }, { writeEnrollmentCode }] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/lib-dynamodb'),
    import('../../shared/enrollment.js'),
  ]);
  const { region, credentials } = world.account;
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region, endpoint: world.dynamodb.endpoint, credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey } }));
  try {
    return (await writeEnrollmentCode(doc, SETUP_TABLE.defaultName, { endpointId, role })).code;
  } finally {
    doc.destroy();
  }
}

/** Exchanges a grant at the world's access API, as a page renews its credentials. */
export function exchangeGrant(world: Pick<EnrollmentWorld, 'accessApi'>, grant: string): Promise<CredentialsResponse> {
  return callAccessApi<CredentialsResponse>(world, 'credentials', { grant });
}

/** Enrolls a device for one doorbell in one role with a one-time code, and exchanges its first grant. */
export async function enrollDevice(world: EnrollmentWorld, o: { endpointId: string; role: PageRole; label?: string }): Promise<EnrolledDevice> {
  const enrollmentCode = await writeLocalEnrollmentCode(world, o.endpointId, o.role);
  const enrolled = await callAccessApi<DeviceGrantResponse>(world, 'enroll', { enrollmentCode, label: o.label ?? `${o.role} page (local)` });
  const exchange = await exchangeGrant(world, enrolled.grant);
  return { grant: exchange.grant, deviceId: enrolled.device.deviceId, exchange };
}

/**
 * The one-time setup link for a device of this doorbell in this role on the world's web server,
 * exactly what `npm run camera-url` prints: open it in a browser and its setup page enrolls the
 * device, keeps the grant and opens the role's page.
 */
export async function setupLinkFor(world: Pick<EnrollmentWorld, 'dynamodb' | 'account'> & Pick<Handles, 'web'>, o: { endpointId: string; role: PageRole }): Promise<string> {
  return enrollmentLink(`${world.web.url}/camera/`, await writeLocalEnrollmentCode(world, o.endpointId, o.role));
}
