import { createServer } from 'node:http';
import { listenOn } from '../../shared/http.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../local-account.js';
import { ChannelStore } from './channel-store.js';
import { controlPlane } from './control-plane.js';
import { kvsControl, type KvsControl } from './control.js';
import { Counters } from './counters.js';
import { baseCredentials, CredentialRegistry, type CredentialGrant } from './credentials.js';
import { dataPlane, type IceServerSource } from './data-plane.js';
import { httpApi } from './http-api.js';
import { kvsGuard } from './origin-policy.js';
import { AWS_QUOTAS, RateLimiter } from './rate-limits.js';
import { SignalingHub } from './signaling-hub.js';
import type { Connection, Faults } from './connection.js';
import { SignalingSockets } from './signaling-socket.js';

export type { IceServer, IceServerSource } from './data-plane.js';
export type { KvsControl } from './control.js';

export interface KvsEmulatorOptions {
  host?: string;
  port?: number;
  region?: string;
  accountId?: string;
  /** The account's own credentials, valid for every channel and role (the local world's; there is no default pair). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  dataDir?: string;
  /** GetIceServerConfig's IceServerList: fixed, or made per call; default none. */
  iceServers?: IceServerSource;
  alexaOfferTimeoutMs?: number;
  /** How long a client gets between GO_AWAY and the close (real service: up to 1 min); default 1000. */
  goAwayGraceMs?: number;
  /** Enforce AWS's documented TPS quotas (ClientLimitExceededException past them); default off. */
  rateLimits?: boolean;
  /** The page origins that may call it from a browser (CORS, signaling WebSocket); default none: any Origin is refused. */
  pageOrigins?: () => readonly string[];
  /** Ports of servers that forward to it keeping their Host (the main web server), which SigV4 signs. */
  alsoServedAt?: () => readonly number[];
}

export interface KvsEmulator {
  readonly endpoint: string;
  readonly port: number;
  addCredentials(c: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
    expiration?: Date;
    allowedChannelArns?: string[];
    allowedRoles?: ('MASTER' | 'VIEWER')[];
  }): void;
  /** Test hooks: faults, counters, who is connected. */
  readonly control: KvsControl;
  close(): Promise<void>;
}

function advertised(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the local Kinesis Video Streams signaling emulator (control plane, data plane and signaling socket on one port). */
export async function startKvsEmulator(options: KvsEmulatorOptions): Promise<KvsEmulator> {
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? LOCAL_REGION;
  const accountId = options.accountId ?? LOCAL_ACCOUNT_ID;
  const base = baseCredentials(options.credentials);
  const registry = new CredentialRegistry();
  registry.add(base);
  const store = new ChannelStore(options.dataDir);
  const limiter = new RateLimiter(options.rateLimits ? AWS_QUOTAS : undefined);
  const counters = new Counters();
  const hub = new SignalingHub<Connection>();
  const faults: Faults = {};
  const goAwayGraceMs = options.goAwayGraceMs ?? 1000;
  let endpoint = '';

  const guard = kvsGuard({ pageOrigins: options.pageOrigins ?? (() => []), alsoServedAt: options.alsoServedAt ?? (() => []) });
  const sockets = new SignalingSockets({ store, hub, registry, limiter, counters, region, faults, guard });
  const apiDeps = {
    store,
    limiter,
    region,
    accountId,
    endpoint: () => endpoint,
  };
  const handlers = {
    ...controlPlane(apiDeps),
    ...dataPlane({ ...apiDeps, hub, iceServers: options.iceServers ?? [], alexaOfferTimeoutMs: () => options.alexaOfferTimeoutMs ?? 5000 }),
  };
  const server = createServer(httpApi({ handlers, guard, registry, counters, limiter, region }));
  server.on('upgrade', (req, socket, head) => sockets.handleUpgrade(req, socket, head));
  server.on('clientError', (_err, socket) => socket.destroy());

  const { port } = await listenOn(server, { host, port: options.port });
  endpoint = `http://${advertised(host)}:${port}`;

  return {
    endpoint,
    port,
    addCredentials(c) {
      registry.add(c as CredentialGrant);
    },
    control: kvsControl({ sockets, hub, counters, faults, goAwayGraceMs }),
    async close() {
      for (const c of store.all()) hub.closeChannel(c.arn);
      sockets.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
