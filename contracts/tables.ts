/**
 * The skill's DynamoDB tables, defined once. The CDK stack, the local stack and the tests all
 * create tables from these definitions, so a key or index renamed here is renamed everywhere;
 * their names reach the Lambda through the variables of skill-config.ts.
 *
 * - users: one item per linked Amazon user (LWA tokens, event-gateway region).
 * - doorbells: the doorbell registry (owner, name, signaling channel) and each camera's online state.
 * - sessions: Alexa RTC sessions, expired by DynamoDB TTL.
 * - devices: one item per enrolled device (page role, doorbell, hashes of its grant's secrets).
 * - setup: sign-in sessions (setup tokens) and one-time enrollment codes, by hash, expired by TTL.
 */
import type { RevokedReason } from './access-api/bodies.js';
import type { PageRole } from './page-roles.js';
import { SKILL_VARIABLES } from './skill-config.js';

export interface TableDefinition {
  /** Environment variable that carries the table's name into the Lambda. */
  readonly envVar: string;
  /** Name used when the environment does not say (local runs and tests). */
  readonly defaultName: string;
  readonly partitionKey: string;
  readonly globalSecondaryIndexes: readonly { indexName: string; partitionKey: string }[];
  /** Attribute holding an epoch-seconds expiry, for DynamoDB TTL. */
  readonly ttlAttribute?: string;
}

const named = <S extends 'usersTable' | 'doorbellsTable' | 'sessionsTable' | 'devicesTable' | 'setupTable'>(setting: S) =>
  ({ envVar: SKILL_VARIABLES[setting].env, defaultName: SKILL_VARIABLES[setting].default }) as const;

export const USERS_TABLE = {
  ...named('usersTable'),
  partitionKey: 'userId',
  globalSecondaryIndexes: [{ indexName: 'byEmail', partitionKey: 'email' }],
} as const satisfies TableDefinition;

export const DOORBELLS_TABLE = {
  ...named('doorbellsTable'),
  partitionKey: 'endpointId',
  globalSecondaryIndexes: [{ indexName: 'byOwnerEmail', partitionKey: 'ownerEmail' }],
} as const satisfies TableDefinition;

export const SESSIONS_TABLE = {
  ...named('sessionsTable'),
  partitionKey: 'sessionId',
  globalSecondaryIndexes: [],
  ttlAttribute: 'expiresAt',
} as const satisfies TableDefinition;

export const DEVICES_TABLE = {
  ...named('devicesTable'),
  partitionKey: 'deviceId',
  globalSecondaryIndexes: [{ indexName: 'byEndpoint', partitionKey: 'endpointId' }],
} as const satisfies TableDefinition;

export const SETUP_TABLE = {
  ...named('setupTable'),
  partitionKey: 'tokenHash',
  globalSecondaryIndexes: [],
  ttlAttribute: 'expiresAt',
} as const satisfies TableDefinition;

export const TABLES: readonly TableDefinition[] = [USERS_TABLE, DOORBELLS_TABLE, SESSIONS_TABLE, DEVICES_TABLE, SETUP_TABLE];

/** USERS_TABLE, DOORBELLS_TABLE, SESSIONS_TABLE, DEVICES_TABLE, SETUP_TABLE. */
export type TableEnvVar = (typeof USERS_TABLE | typeof DOORBELLS_TABLE | typeof SESSIONS_TABLE | typeof DEVICES_TABLE | typeof SETUP_TABLE)['envVar'];

/** What Alexa was last told about a camera's connectivity (an accepted ChangeReport). */
export type ReportedConnectivity = 'OK' | 'UNREACHABLE';

/** A doorbell as the registry stores it. All key attributes are strings. */
export interface DoorbellItem {
  endpointId: string;
  name: string;
  /** Lower-cased email of the Amazon account that owns it (what the owner knows before linking). */
  ownerEmail: string;
  channelName: string;
  channelArn: string;
  description?: string;
  /** Epoch ms of the camera's last heartbeat that said it was online; absent when never seen. */
  lastSeenAt?: number;
  online?: boolean;
  /** Epoch ms of the last press that was accepted (debounce). */
  lastPressAt?: number;
  /**
   * The connectivity the last ChangeReport that Alexa's gateway accepted said (the heartbeat path
   * and the health check write it); absent until one was accepted. The health check tells Alexa
   * UNREACHABLE for a silent camera unless this already says so.
   */
  reportedConnectivity?: ReportedConnectivity;
  /** Epoch ms when that ChangeReport was sent: a report sent earlier never overwrites it. */
  reportedAt?: number;
}

/**
 * An enrolled device. Only SHA-256 digests of its grant's secrets are stored (secrets.ts): the
 * secret it was last seen presenting (`currentHash`), the newest one issued and not yet presented
 * (`pendingHash`), and up to 16 older ones (`retiredHashes`), whose reuse revokes the device.
 * Every write is conditional on `version`.
 */
export interface DeviceItem {
  /** 16 random bytes, base64url; the grant's middle part. */
  deviceId: string;
  endpointId: string;
  role: PageRole;
  label: string;
  /** Lower-cased email of the doorbell's owner when the device was enrolled. */
  ownerEmail: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms of the last credentials exchange. */
  lastUsedAt?: number;
  currentHash?: string;
  pendingHash?: string;
  retiredHashes: string[];
  /** Epoch ms. */
  revokedAt?: number;
  revokedReason?: RevokedReason;
  version: number;
}

/** The most retired secret hashes a device keeps (a reuse older than that is only GRANT_INVALID). */
export const RETIRED_HASHES_KEPT = 16;

/**
 * A setup item: a sign-in's setup token, or a one-time enrollment code, by the hash of the secret.
 * `expiresAt` is epoch seconds (DynamoDB TTL's unit); readers check it too, since TTL deletes late.
 */
export type SetupItem =
  | { tokenHash: string; kind: 'session'; email: string; expiresAt: number }
  | { tokenHash: string; kind: 'enrollment'; endpointId: string; role: PageRole; expiresAt: number };

