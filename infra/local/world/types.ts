/**
 * The shapes of the local world: its parts by name (what each is asked with and what it hands
 * back), the settings every part shares, and a started world's type. A part is added here, beside
 * its module in parts/ and its place in the start order (parts/index.ts).
 */
import type { LocalCredentials } from '../local-account.js';
import type { AlexaHandle, AlexaOptions } from './parts/alexa.js';
import type { DeviceApiHandle, DeviceApiOptions } from './parts/device-api.js';
import type { DoorbellsHandle, DoorbellsOptions } from './parts/doorbells.js';
import type { DynamodbHandle, DynamodbOptions } from './parts/dynamodb.js';
import type { GatewayHandle, GatewayOptions } from './parts/gateway.js';
import type { KvsHandle, KvsOptions } from './parts/kvs.js';
import type { LambdaHandle, LambdaOptions } from './parts/lambda.js';
import type { LwaHandle, LwaOptions } from './parts/lwa.js';
import type { AccessApiHandle, AccessApiOptions } from './parts/access-api.js';
import type { HealthCheckHandle, HealthCheckOptions } from './parts/health-check.js';
import type { StsHandle, StsOptions } from './parts/sts.js';
import type { TurnHandle, TurnOptions } from './parts/turn.js';
import type { S3Handle, S3Options } from './parts/s3.js';
import type { WebHandle, WebOptions } from './parts/web.js';
import type { PortSlot } from './ports.js';

export interface PartTypes {
  web: { options: WebOptions; handle: WebHandle };
  turn: { options: TurnOptions; handle: TurnHandle };
  kvs: { options: KvsOptions; handle: KvsHandle };
  dynamodb: { options: DynamodbOptions; handle: DynamodbHandle };
  doorbells: { options: DoorbellsOptions; handle: DoorbellsHandle };
  lwa: { options: LwaOptions; handle: LwaHandle };
  gateway: { options: GatewayOptions; handle: GatewayHandle };
  sts: { options: StsOptions; handle: StsHandle };
  s3: { options: S3Options; handle: S3Handle };
  lambda: { options: LambdaOptions; handle: LambdaHandle };
  healthCheck: { options: HealthCheckOptions; handle: HealthCheckHandle };
  deviceApi: { options: DeviceApiOptions; handle: DeviceApiHandle };
  accessApi: { options: AccessApiOptions; handle: AccessApiHandle };
  alexa: { options: AlexaOptions; handle: AlexaHandle };
}

export type PartName = keyof PartTypes;
export type Handles = { [N in PartName]: PartTypes[N]['handle'] };

/** What a caller asks for: each part it wants, with its options (`true`: the defaults). */
export type WorldParts = { [N in PartName]?: PartTypes[N]['options'] | true };

/** The one local account every part uses. */
export interface LocalAccount {
  region: string;
  accountId: string;
  credentials: LocalCredentials;
}

/** Settings every part shares. */
export interface WorldSettings {
  /** The main web server's port; every other part takes a fixed offset from it (ports.ts). Default 0: each part on an ephemeral port. */
  port?: number;
  /** Where parts that persist keep their data (dynamodb/, kvs/, lwa/, alexa/, lwa-client.json; turn/ has coturn's configuration and log). Absent: nothing persists. */
  dataDir?: string;
  /** The built bundle and pages (dist/lambda/index.mjs, dist/camera, dist/echo-show). Default <repo>/dist. */
  distDir?: string;
  /** The world's own AWS credentials; default a fresh random pair for this world only (`npm start` passes the installation's). */
  credentials?: LocalCredentials;
  /** More skill configuration (ANSWER_DEADLINE_MS, PRESS_DEBOUNCE_MS, ...), passed to the skill unchanged. */
  skillSettings?: Record<string, string>;
  /** Progress lines while starting; default silent. */
  log?: (line: string) => void;
}

/** What every part gets from the world when it starts. */
export interface PartContext {
  readonly account: LocalAccount;
  readonly host: string;
  /** The port of a slot: the main port, or its fixed offset (0 when the world's port is 0). */
  port(slot: PortSlot): number;
  /** The data directory of a part (`<dataDir>/<name>`), or the data directory itself; undefined when nothing persists. */
  dataPath(name?: string): string | undefined;
  readonly distDir: string;
  readonly skillSettings: Record<string, string>;
  /** Whether the world was asked for this part (a part may adapt to what shares the world with it). */
  has(name: PartName): boolean;
  /**
   * The stack's own page origins, the only ones any part lets a browser call it from
   * (../request-guard.ts): the web server's, which starts first; none in a world without pages.
   */
  pageOrigins(): readonly string[];
  /** The web server's port in a world with pages (a part it forwards to accepts its Host). */
  webPort(): number | undefined;
  log(line: string): void;
}

/** What the world offers beside its parts. */
export interface WorldBase {
  readonly account: LocalAccount;
  /** Every service's base URL by name, in port order (the banner's and /health's list). */
  readonly services: Record<string, string>;
  /** The skill's environment pointed at this world's parts (skill-env.ts): what the Lambda endpoints run with. */
  readonly skillEnv: Record<string, string>;
  /** Stops every part, in reverse start order. */
  close(): Promise<void>;
}

/** A started world: the parts asked for, each with its handle, and the world's own members. */
export type World<P extends WorldParts> = { readonly [N in keyof P]: N extends PartName ? Handles[N] : never } & WorldBase;

/** The world as a part sees it once every part is up (its `ready` step). */
export type WorldView = Partial<Handles> & WorldBase;

/** What a part's start returns. */
export interface Started<H> {
  handle: H;
  /** Undoes the start; the world calls it in reverse order, also when a later part fails to start. */
  stop?(): Promise<void> | void;
  /** Listed in `world.services`. */
  service?: { name: string; url: string };
  /** Runs once every part is up (the web server opens its routes then). */
  ready?(world: WorldView): Promise<void> | void;
}

/**
 * One part of the world: the parts it needs started before it (the world refuses to start it
 * without them), the parts it uses when they are there, and how it starts.
 */
export interface Part<N extends PartName, Needs extends PartName = never, Uses extends PartName = never> {
  readonly needs: readonly Needs[];
  readonly uses?: readonly Uses[];
  start(options: PartTypes[N]['options'], deps: Pick<Handles, Needs> & Partial<Pick<Handles, Uses>>, ctx: PartContext): Promise<Started<PartTypes[N]['handle']>>;
}
