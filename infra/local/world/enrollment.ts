/**
 * A page set up the product's way, for the pages' tests, the local stack's tests and the
 * benchmark: a one-time enrollment code written into the setup table as `npm run camera-url`
 * writes it (with the world's own credentials, the owner's in AWS), redeemed at the world's access
 * API (`POST /v1/access/enroll`), and the grant exchanged for page credentials there
 * (`POST /v1/access/credentials`), which the world's STS issues for the page role. Nothing here
 * hands out credentials by itself: the access API does, to whoever holds the code.
 *
 * Interim, until the pages set themselves up (setup.html, the grant in IndexedDB): `url` is the
 * page with today's `#config=` fragment, built from the exchange's answer and the site config.
 */
import type { AccessApiError, CredentialsResponse, DeviceGrantResponse } from '../../../contracts/access-api/bodies.js';
import { ACCESS_API_CONTENT_TYPE, ACCESS_API_ROUTES, type AccessApiRoute } from '../../../contracts/access-api/routes.js';
import { buildPageConfig, encodePageConfig, type PageConfig } from '../../../contracts/page-config.js';
import { PAGE_FILES, type PageRole } from '../../../contracts/page-roles.js';
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

export interface EnrolledPage extends EnrolledDevice {
  /** Today's page configuration from it (interim). */
  config: PageConfig;
  /** The role's page on the world's web server, with `config` in its fragment (interim). */
  url: string;
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
 * Sets a page up for one doorbell in one role, the product's way (above), on the world's web
 * server. `deviceApiUrl`: the device API its config names (default the world's own; the pages'
 * tests name a stand-in).
 */
export async function enrollPage(
  world: EnrollmentWorld & Pick<Handles, 'web'> & Partial<Pick<Handles, 'deviceApi'>>,
  o: { endpointId: string; role: PageRole; label?: string; deviceApiUrl?: string },
): Promise<EnrolledPage> {
  const deviceApiUrl = o.deviceApiUrl ?? world.deviceApi?.endpoint;
  if (!deviceApiUrl) throw new Error('enrollPage: this world has no device API; name one with deviceApiUrl');
  const device = await enrollDevice(world, o);
  const config = pageConfigOf(device.exchange, { deviceApiUrl, kvsEndpoint: world.web.url });
  return { ...device, config, url: pageUrlWith(world.web.url, o.role, config) };
}

/** Today's page configuration from a credentials exchange (interim: the pages will build their state from the exchange themselves). */
export function pageConfigOf(exchange: CredentialsResponse, site: { deviceApiUrl: string; kvsEndpoint?: string }): PageConfig {
  return buildPageConfig({ doorbell: exchange.doorbell, region: exchange.doorbell.region, deviceApiUrl: site.deviceApiUrl, credentials: exchange.credentials, ...(site.kvsEndpoint ? { kvsEndpoint: site.kvsEndpoint } : {}) });
}

/** The role's page on the web server, carrying `config` in its fragment (interim). */
export function pageUrlWith(webUrl: string, role: PageRole, config: PageConfig): string {
  return `${webUrl}/camera/${PAGE_FILES[role]}#config=${encodePageConfig(config)}`;
}
