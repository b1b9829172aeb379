/**
 * The worlds the project's callers need, each said once: `npm start`, the skill's tests, the
 * pages' tests and the benchmark. A caller picks its preset and says what it needs from it; the
 * preset says which parts that takes.
 */
import { createServer } from 'node:net';
import type { LocalCredentials } from '../local-account.js';
import { defaultUsers } from '../lwa/users.js';
import type { KvsOptions } from './parts/kvs.js';
import type { SeedDoorbell } from './parts/doorbells.js';
import type { StaticFolder } from './parts/web.js';
import { DEFAULT_PORT } from './ports.js';
import { startWorld } from './start-world.js';
import type { IceServer } from '../kvs/index.js';

export interface NpmStartOptions {
  /** The main web server's port; the others take fixed offsets from it. 0: all ephemeral. Default 8080. */
  port?: number;
  /** Where the data lives; absent: nothing persists. */
  dataDir?: string;
  distDir?: string;
  /** The doorbells; default infra/local/doorbells.json. */
  seedFile?: string;
  /** Default a fresh random pair for this world (`npm start` passes the installation's, installation-credentials.ts). */
  credentials?: LocalCredentials;
  accessTokenTtlSeconds?: number;
  /** The longest a page's credentials last (PAGE_CREDENTIALS_TTL_SECONDS); default 900, STS's minimum. */
  pageCredentialsTtlSeconds?: number;
  /** When pages renew them, as a fraction of their lifetime (PAGE_CREDENTIALS_RENEW_AT); default the pages' own, 2/3. */
  pageCredentialsRenewAt?: number;
  /** How often the health check runs (HEALTH_CHECK_INTERVAL_MS); default 60 s, AWS's schedule. */
  healthCheckIntervalMs?: number;
  /** More skill configuration (ANSWER_DEADLINE_MS, PRESS_DEBOUNCE_MS, ...). */
  skillSettings?: Record<string, string>;
  /** Where the Lambda functions' log lines go; default stdout, prefixed with the function name. */
  onLambdaLog?: (functionName: string, line: string) => void;
  log?: (line: string) => void;
}

export interface SkillTestsOptions {
  /** The KVS emulator too (sessions, and page credentials registered with it); default none. */
  kvs?: true | KvsOptions;
  accessTokenTtlSeconds?: number;
  /** The local STS's cap on page credentials; default 900. */
  pageCredentialsTtlSeconds?: number;
}

export interface CameraTestsOptions {
  /** The built pages and bundle (scripts/build.mjs buildPages and buildLambda): pages at /camera/ and /echo-show/, the access API from lambda/. */
  pages: string;
  /** Registered doorbells (alice's), one signaling channel each (`doorbell-<endpointId>`). */
  doorbells: string[];
  /** What the emulator hands out as ICE servers (e.g. a STUN server that never answers); default the world's TURN server (coturn). */
  iceServers?: IceServer[];
  /** The device API the pages' site config names; default a loopback port nothing listens on. */
  deviceApiUrl?: string;
  /** More built folders to serve (e.g. a blank page for test offerers). */
  folders?: StaticFolder[];
  /** The longest the pages' credentials last, and when the pages renew them (the renewal tests' short lifetimes). */
  pageCredentials?: { ttlSeconds?: number; renewAt?: number };
}

export interface BenchOptions {
  /** Registered, each with its channel (`doorbell-<endpointId>`). */
  doorbells: { endpointId: string; ownerEmail: string }[];
  /** The built pages and bundle, and more folders (the baseline's page), to run pages against this world (set up through its access API). */
  pages?: { dir: string; folders?: StaticFolder[] };
  iceServers?: IceServer[];
  /** A TURN server (coturn) that the emulator hands out; default none. */
  turn?: boolean;
  /** With pages: the longest their credentials last, and when they renew them (the soak's compressed days). */
  pageCredentials?: { ttlSeconds?: number; renewAt?: number };
}

/** A loopback URL nothing listens on: a device API that cannot be reached. */
export async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const seedFor = (endpointId: string, ownerEmail: string): SeedDoorbell => ({ endpointId, name: `Doorbell ${endpointId}`, ownerEmail, channelName: `doorbell-${endpointId}` });

export const presets = {
  /** Everything, on PORT and its offsets, AWS's KVS quotas on: what `npm start` runs (and the tests of it). Without coturn installed it runs without relay. */
  npmStart(o: NpmStartOptions = {}) {
    return startWorld(
      {
        web: { credentialsRenewAt: o.pageCredentialsRenewAt },
        turn: { required: false },
        kvs: { rateLimits: true },
        dynamodb: true,
        doorbells: o.seedFile ? { seedFile: o.seedFile } : true,
        lwa: { accessTokenTtlSeconds: o.accessTokenTtlSeconds },
        gateway: true,
        sts: { ttlSeconds: o.pageCredentialsTtlSeconds },
        s3: true,
        lambda: { onLog: o.onLambdaLog },
        healthCheck: { intervalMs: o.healthCheckIntervalMs },
        deviceApi: { onLog: o.onLambdaLog },
        accessApi: { onLog: o.onLambdaLog },
        alexa: true,
      },
      { port: o.port ?? DEFAULT_PORT, dataDir: o.dataDir, distDir: o.distDir, credentials: o.credentials, skillSettings: o.skillSettings, log: o.log },
    );
  },

  /** What the skill talks to, for skill runtimes in the test process: DynamoDB, LWA, the event gateway, STS, S3, and KVS when asked. */
  skillTests(o: SkillTestsOptions = {}) {
    return startWorld({
      ...(o.kvs ? { kvs: o.kvs } : {}),
      dynamodb: true,
      lwa: { accessTokenTtlSeconds: o.accessTokenTtlSeconds },
      gateway: true,
      sts: { ttlSeconds: o.pageCredentialsTtlSeconds },
      s3: true,
    });
  },

  /**
   * The pages against the KVS emulator (and its TURN server, unless given other ICE servers): one channel per doorbell, the web server in front, and what
   * a page is set up through (the registry, LWA, STS and the access API from the built bundle),
   * so its credentials are a page role's, scoped as in AWS (enrollment.ts). The device API is a
   * stand-in of the test's (`deviceApiUrl`).
   */
  async cameraTests(o: CameraTestsOptions) {
    const owner = defaultUsers()[0]!.email;
    return startWorld(
      {
        web: { deviceApiUrl: o.deviceApiUrl ?? (await unreachableUrl()), folders: o.folders, credentialsRenewAt: o.pageCredentials?.renewAt },
        ...(o.iceServers ? {} : { turn: true }),
        kvs: { iceServers: o.iceServers, goAwayGraceMs: 500 },
        dynamodb: true,
        doorbells: { doorbells: o.doorbells.map((id) => seedFor(id, owner)) },
        lwa: true,
        sts: { ttlSeconds: o.pageCredentials?.ttlSeconds },
        accessApi: { onLog: () => undefined },
      },
      { distDir: o.pages },
    );
  },

  /** The skill's parts with registered doorbells, and the pages when asked (set up through the access API): what the benchmark measures the skill and the camera against. */
  async bench(o: BenchOptions) {
    return startWorld(
      {
        dynamodb: true,
        lwa: true,
        gateway: true,
        ...(o.turn ? { turn: true } : {}),
        kvs: { iceServers: o.iceServers },
        doorbells: { doorbells: o.doorbells.map((d) => seedFor(d.endpointId, d.ownerEmail)) },
        ...(o.pages
          ? {
              web: { deviceApiUrl: await unreachableUrl(), folders: o.pages.folders, credentialsRenewAt: o.pageCredentials?.renewAt },
              sts: { ttlSeconds: o.pageCredentials?.ttlSeconds },
              accessApi: { onLog: () => undefined },
            }
          : {}),
      },
      { distDir: o.pages?.dir },
    );
  },
};

export type NpmStartWorld = Awaited<ReturnType<typeof presets.npmStart>>;
export type SkillTestsWorld = Awaited<ReturnType<typeof presets.skillTests>>;
export type CameraTestsWorld = Awaited<ReturnType<typeof presets.cameraTests>>;
export type BenchWorld = Awaited<ReturnType<typeof presets.bench>>;
