/**
 * The skill's DynamoDB tables, defined once. The CDK stack, the local stack and the tests all
 * create tables from these definitions, so a key or index renamed here is renamed everywhere.
 *
 * - users: one item per linked Amazon user (LWA tokens, event-gateway region).
 * - doorbells: the doorbell registry (owner, name, signaling channel) and each camera's online state.
 * - sessions: Alexa RTC sessions, expired by DynamoDB TTL.
 */
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

export const USERS_TABLE: TableDefinition = {
  envVar: 'USERS_TABLE',
  defaultName: 'doorbell-users',
  partitionKey: 'userId',
  globalSecondaryIndexes: [{ indexName: 'byEmail', partitionKey: 'email' }],
};

export const DOORBELLS_TABLE: TableDefinition = {
  envVar: 'DOORBELLS_TABLE',
  defaultName: 'doorbell-doorbells',
  partitionKey: 'endpointId',
  globalSecondaryIndexes: [{ indexName: 'byOwnerEmail', partitionKey: 'ownerEmail' }],
};

export const SESSIONS_TABLE: TableDefinition = {
  envVar: 'SESSIONS_TABLE',
  defaultName: 'doorbell-sessions',
  partitionKey: 'sessionId',
  globalSecondaryIndexes: [],
  ttlAttribute: 'expiresAt',
};

export const TABLES = [USERS_TABLE, DOORBELLS_TABLE, SESSIONS_TABLE] as const;

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
