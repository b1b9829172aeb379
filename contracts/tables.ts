/**
 * The skill's DynamoDB tables, defined once. The CDK stack, the local stack and the tests all
 * create tables from these definitions, so a key or index renamed here is renamed everywhere;
 * their names reach the Lambda through the variables of skill-config.ts.
 *
 * - users: one item per linked Amazon user (LWA tokens, event-gateway region).
 * - doorbells: the doorbell registry (owner, name, signaling channel) and each camera's online state.
 * - sessions: Alexa RTC sessions, expired by DynamoDB TTL.
 */
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

const named = <S extends 'usersTable' | 'doorbellsTable' | 'sessionsTable'>(setting: S) =>
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

export const TABLES: readonly TableDefinition[] = [USERS_TABLE, DOORBELLS_TABLE, SESSIONS_TABLE];

/** USERS_TABLE, DOORBELLS_TABLE, SESSIONS_TABLE. */
export type TableEnvVar = (typeof USERS_TABLE | typeof DOORBELLS_TABLE | typeof SESSIONS_TABLE)['envVar'];

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
}
