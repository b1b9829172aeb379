import { CreateSignalingChannelCommand, KinesisVideoClient } from '@aws-sdk/client-kinesis-video';
import { KinesisVideoSignalingClient, SendAlexaOfferToMasterCommand } from '@aws-sdk/client-kinesis-video-signaling';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startKvsEmulator, type IceServer, type KvsEmulator } from '../../infra/local/kvs/index.js';
import { buildPageConfig, type PageConfig, type PageRole } from '../../contracts/page-config.js';
import { startPageServer, type PageServer } from './page-server.js';
import { buildPages } from '../../scripts/build.mjs';
import { localCredentials } from '../../infra/local/local-account.js';
import { alexaSenderClientId, decodeSdpMessage, encodeSdpMessage } from '../../contracts/kvs/alexa-offer.js';

// The emulator's own credentials (the environment's, else the documented local default).
const { accessKeyId, secretAccessKey } = localCredentials();
export const LOCAL_CREDENTIALS = { accessKeyId, secretAccessKey };
export const REGION = 'us-east-1';

/** Alexa gives the whole offer/answer exchange about 6 s: the bound the camera tests hold answers to. */
export const ALEXA_DEADLINE_MS = 6_000;

/** Builds the pages once into a temporary folder (never racing other parts' builds of dist/). */
export async function buildPagesForTest(): Promise<{ root: string; remove(): Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'doorbell-pages-'));
  await buildPages(root);
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/** A loopback port with nothing listening (for an unreachable device API). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface CameraStack {
  emulator: KvsEmulator;
  server: PageServer;
  /** Doorbells by endpointId, with their channel ARN. */
  doorbells: Map<string, { channelName: string; channelArn: string }>;
  pageConfig(endpointId: string): PageConfig;
  url(page: PageRole, endpointId: string): string;
  /** What the skill does: SendAlexaOfferToMaster with the `alexa.`-prefixed client id. */
  sendAlexaOffer(endpointId: string, sessionId: string, sdp: string): Promise<{ answer: string; elapsedMs: number }>;
  close(): Promise<void>;
}

export interface CameraStackOptions {
  root: string;
  endpointIds: string[];
  iceServers?: IceServer[];
  /** Base URL of the device API; default an unreachable loopback port. */
  deviceApiUrl?: string;
  /** Per-doorbell overrides of the served page config (e.g. bad credentials). */
  override?: (config: PageConfig) => PageConfig;
}

/** The KVS emulator with one channel per doorbell, and a page server in front of both. */
export async function startCameraStack(options: CameraStackOptions): Promise<CameraStack> {
  const emulator = await startKvsEmulator({ ...(options.iceServers ? { iceServers: options.iceServers } : {}), goAwayGraceMs: 500 });
  const control = new KinesisVideoClient({ region: REGION, endpoint: emulator.endpoint, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const doorbells = new Map<string, { channelName: string; channelArn: string }>();
  for (const id of options.endpointIds) {
    const created = await control.send(new CreateSignalingChannelCommand({ ChannelName: `doorbell-${id}`, ChannelType: 'SINGLE_MASTER' }));
    doorbells.set(id, { channelName: `doorbell-${id}`, channelArn: created.ChannelARN! });
  }
  const deviceApiUrl = options.deviceApiUrl ?? `http://127.0.0.1:${await closedPort()}`;
  let server: PageServer;
  const pageConfig = (endpointId: string): PageConfig => {
    const channel = doorbells.get(endpointId) ?? { channelName: `doorbell-${endpointId}`, channelArn: `arn:aws:kinesisvideo:${REGION}:000000000000:channel/doorbell-${endpointId}/1` };
    const config = buildPageConfig({
      doorbell: { endpointId, name: `Doorbell ${endpointId}`, ...channel },
      region: REGION,
      kvsEndpoint: server.origin,
      deviceApiUrl,
      credentials: { ...LOCAL_CREDENTIALS },
    });
    return options.override ? options.override(config) : config;
  };
  server = await startPageServer({ root: options.root, kvsEndpoint: emulator.endpoint, pageConfig: (id) => pageConfig(id) });
  const dataPlane = new KinesisVideoSignalingClient({ region: REGION, endpoint: emulator.endpoint, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });

  return {
    emulator,
    server,
    doorbells,
    pageConfig,
    url: (page, endpointId) => `${server.origin}/camera/${page}.html?doorbell=${encodeURIComponent(endpointId)}`,
    async sendAlexaOffer(endpointId, sessionId, sdp) {
      const started = performance.now();
      const result = await dataPlane.send(
        new SendAlexaOfferToMasterCommand({
          ChannelARN: doorbells.get(endpointId)!.channelArn,
          SenderClientId: alexaSenderClientId(sessionId),
          MessagePayload: encodeSdpMessage('offer', sdp),
        }),
      );
      const elapsedMs = performance.now() - started;
      const answer = decodeSdpMessage(result.Answer ?? '', 'answer');
      if ('problem' in answer) throw new Error(`The camera's answer is unusable (${answer.problem})`);
      return { answer: answer.sdp, elapsedMs };
    },
    async close() {
      await server.close();
      await emulator.close();
    },
  };
}
