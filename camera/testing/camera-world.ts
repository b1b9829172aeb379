/**
 * The pages' tests' world: presets.cameraTests (the KVS emulator with one channel per doorbell and
 * the main web server in front of it, every page given the world's own credentials), plus what
 * only tests need: the pages built into a temporary folder with a blank page for test offerers,
 * page URLs, and the skill's one KVS call, SendAlexaOfferToMaster with the `alexa.` sender id (or any other).
 */
import { KinesisVideoSignalingClient, SendAlexaOfferToMasterCommand } from '@aws-sdk/client-kinesis-video-signaling';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PAGE_FILES, type PageRole } from '../../contracts/page-config.js';
import { alexaSenderClientId, decodeSdpMessage, encodeSdpMessage } from '../../contracts/kvs/alexa-offer.js';
import { presets, type CameraTestsOptions, type CameraTestsWorld } from '../../infra/local/world/index.js';
import { buildPages } from '../../scripts/build.mjs';

/** Alexa gives the whole offer/answer exchange about 6 s: the bound the camera tests hold answers to. */
export const ALEXA_DEADLINE_MS = 6_000;

/** An empty page on the pages' origin, for test peers (offerers) that need a secure context. */
export const BLANK_PAGE_PATH = '/testing/blank.html';

export interface BuiltPages {
  root: string;
  remove(): Promise<void>;
}

/** Builds the pages once into a temporary folder (never racing other parts' builds of dist/), with the blank page beside them. */
export async function buildPagesForTest(): Promise<BuiltPages> {
  const root = await mkdtemp(path.join(tmpdir(), 'doorbell-pages-'));
  await buildPages(root);
  await mkdir(path.join(root, 'testing'));
  await writeFile(path.join(root, 'testing', 'blank.html'), '<!doctype html><html><head><link rel="icon" href="data:,"><title>test peer</title></head><body></body></html>');
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

export type CameraWorld = CameraTestsWorld & {
  /** A page of the built pages for this doorbell, on the world's web server. */
  url(page: PageRole, endpointId: string): string;
  /** What the skill does: SendAlexaOfferToMaster with the `alexa.`-prefixed client id. */
  sendAlexaOffer(endpointId: string, sessionId: string, sdp: string): Promise<{ answer: string; elapsedMs: number }>;
  /** SendAlexaOfferToMaster under any sender id (another skill's, a device's). */
  sendOfferToMaster(endpointId: string, senderClientId: string, sdp: string): Promise<{ answer: string; elapsedMs: number }>;
};

export async function startCameraWorld(options: Omit<CameraTestsOptions, 'pages' | 'folders'> & { pages: BuiltPages }): Promise<CameraWorld> {
  const { pages, ...rest } = options;
  const world = await presets.cameraTests({ ...rest, pages: pages.root, folders: [{ prefix: '/testing/', dir: path.join(pages.root, 'testing') }] });
  const { region, credentials } = world.account;
  const dataPlane = new KinesisVideoSignalingClient({ region, endpoint: world.kvs.endpoint, credentials, maxAttempts: 1 });
  const sendOfferToMaster: CameraWorld['sendOfferToMaster'] = async (endpointId, senderClientId, sdp) => {
    const started = performance.now();
    const result = await dataPlane.send(
      new SendAlexaOfferToMasterCommand({
        ChannelARN: world.doorbells.get(endpointId)!.channelArn,
        SenderClientId: senderClientId,
        MessagePayload: encodeSdpMessage('offer', sdp),
      }),
    );
    const elapsedMs = performance.now() - started;
    const answer = decodeSdpMessage(result.Answer ?? '', 'answer');
    if ('problem' in answer) throw new Error(`The camera's answer is unusable (${answer.problem})`);
    return { answer: answer.sdp, elapsedMs };
  };
  return {
    ...world,
    url: (page, endpointId) => `${world.web.url}/camera/${PAGE_FILES[page]}?doorbell=${encodeURIComponent(endpointId)}`,
    sendOfferToMaster,
    sendAlexaOffer: (endpointId, sessionId, sdp) => sendOfferToMaster(endpointId, alexaSenderClientId(sessionId), sdp),
    async close() {
      dataPlane.destroy();
      await world.close();
    },
  };
}
