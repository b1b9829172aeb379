/**
 * Names from the lead engineer's issue 11 design note ("the design" below) that
 * the stack needs and that contracts/ does not define yet. Each one is meant to move to
 * contracts/ (or to be replaced by the one defined there) when the issue 11 backend lands: every
 * entry carries a TODO(contracts) naming the design's entry, so nothing here outlives the merge.
 */
import type { TableDefinition } from '../../contracts/tables.js';

// TODO(contracts): design "Device grants" (devices table) -> contracts/tables.ts DEVICES_TABLE.
export const DEVICES_TABLE = {
  envVar: 'DEVICES_TABLE',
  defaultName: 'doorbell-devices',
  partitionKey: 'deviceId',
  globalSecondaryIndexes: [{ indexName: 'byEndpoint', partitionKey: 'endpointId' }],
} as const satisfies TableDefinition;

// TODO(contracts): design "Setup table" -> contracts/tables.ts SETUP_TABLE.
export const SETUP_TABLE = {
  envVar: 'SETUP_TABLE',
  defaultName: 'doorbell-setup',
  partitionKey: 'tokenHash',
  globalSecondaryIndexes: [],
  ttlAttribute: 'expiresAt',
} as const satisfies TableDefinition;

/** The tables issue 11 adds, created beside contracts/tables.ts's TABLES. */
// TODO(contracts): drop once DEVICES_TABLE and SETUP_TABLE are in contracts/tables.ts TABLES.
export const ACCESS_TABLES: readonly TableDefinition[] = [DEVICES_TABLE, SETUP_TABLE];

/**
 * The skill configuration variables the design adds (the values the stack writes).
 * TODO(contracts): design "Page roles" (CAMERA_ROLE_ARN, BUTTON_ROLE_ARN, VIEWER_ROLE_ARN, replacing
 * DEVICE_ROLE_NAME) and "Device access API" (SETUP_CLIENT_ID) -> contracts/skill-config.ts
 * SKILL_VARIABLES, written with skillEnvironment().
 */
export const ACCESS_VARIABLES = {
  cameraRoleArn: 'CAMERA_ROLE_ARN',
  buttonRoleArn: 'BUTTON_ROLE_ARN',
  viewerRoleArn: 'VIEWER_ROLE_ARN',
  setupClientId: 'SETUP_CLIENT_ID',
} as const;

/**
 * The bundle's entry points the design adds beside `handler` and `deviceHandler`.
 * TODO(contracts): design "Device access API" (accessHandler) and "Health" (healthCheckHandler):
 * the names lambda/index.ts exports.
 */
export const ACCESS_HANDLER = 'index.accessHandler';
export const HEALTH_CHECK_HANDLER = 'index.healthCheckHandler';

/** The page roles of the design ('doorbell' renamed 'button'). TODO(contracts): design "Page roles" -> contracts PageRole. */
export type PageRole = 'camera' | 'button' | 'viewer';

/** The file each page fetches from its own origin. TODO(contracts): design "Site config". */
export const SITE_CONFIG_FILE = 'site-config.json';

/** The page that signs the owner in and enrolls devices. TODO(contracts): design "Pages" (setup.html). */
export const SETUP_PAGE = 'setup.html';

/** TODO(contracts): design "Site config" -> the SiteConfig type the pages read. */
export interface SiteConfig {
  region: string;
  deviceApiUrl: string;
  accessApiUrl: string;
  deviceApiSigning: { region: string; service: 'lambda' };
  kvsEndpoint?: string;
  signIn: { authorizeUrl: string; clientId: string; scope: 'profile' };
}
