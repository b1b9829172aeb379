/**
 * The pages' tests' world: presets.cameraTests (the KVS emulator with one channel per doorbell,
 * the main web server in front of it, and what a page is set up through: the registry, LWA, STS
 * and the access API), plus what only tests need: the pages and the bundle built into a temporary
 * folder with a blank page for test offerers, pages set up the product's way (the one-time setup
 * link `npm run camera-url` prints, opened in the test's browser: infra/local/world/enrollment.ts), and
 * the skill's one KVS call, SendAlexaOfferToMaster with the `alexa.` sender id (or any other).
 */
import { KinesisVideoSignalingClient, SendAlexaOfferToMasterCommand } from '@aws-sdk/client-kinesis-video-signaling';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { PageRole } from '../../contracts/page-roles.js';
import { alexaSenderClientId, decodeSdpMessage, encodeSdpMessage } from '../../contracts/kvs/alexa-offer.js';
import { defaultUsers } from '../../infra/local/lwa/users.js';
import { presets, setupLinkFor, unreachableUrl, type CameraTestsOptions, type CameraTestsWorld } from '../../infra/local/world/index.js';
import { buildLambda, buildPages } from '../../scripts/build.mjs';
import { setUpWithLink } from './set-up-page.js';

/** Alexa gives the whole offer/answer exchange about 6 s: the bound the camera tests hold answers to. */
export const ALEXA_DEADLINE_MS = 6_000;

/** An empty page on the pages' origin, for test peers (offerers) that need a secure context. */
export const BLANK_PAGE_PATH = '/testing/blank.html';

export interface BuiltPages {
  root: string;
  remove(): Promise<void>;
}

/**
 * Builds the pages and the skill's bundle (the access API the pages are set up through) once into
 * a temporary folder laid out as dist/ (never racing other parts' builds of dist/), with the blank page beside them.
 */
export async function buildPagesForTest(): Promise<BuiltPages> {
  const root = await mkdtemp(path.join(tmpdir(), 'doorbell-pages-'));
  await Promise.all([buildPages(root), buildLambda(path.join(root, 'lambda'))]);
  await mkdir(path.join(root, 'testing'));
  await writeFile(path.join(root, 'testing', 'blank.html'), '<!doctype html><html><head><link rel="icon" href="data:,"><title>test peer</title></head><body></body></html>');
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

export type CameraWorld = CameraTestsWorld & {
  /**
   * Sets `page` up as this doorbell's `role` with a one-time setup link, and leaves it on the
   * role's page, running from its grant (its credentials are the page role's, from the world's STS).
   * One grant per role per origin: a second page of a role needs a browser context of its own.
   */
  setUp(page: Page, role: PageRole, endpointId: string): Promise<void>;
  /** Registers a doorbell whose signaling channel does not exist (a page for it gets credentials for a channel KVS does not have). */
  registerWithoutChannel(endpointId: string): Promise<void>;
  /** What the skill does: SendAlexaOfferToMaster with the `alexa.`-prefixed client id. */
  sendAlexaOffer(endpointId: string, sessionId: string, sdp: string): Promise<{ answer: string; elapsedMs: number }>;
  /** SendAlexaOfferToMaster under any sender id (another skill's, a device's). */
  sendOfferToMaster(endpointId: string, senderClientId: string, sdp: string): Promise<{ answer: string; elapsedMs: number }>;
};

export async function startCameraWorld(options: Omit<CameraTestsOptions, 'pages' | 'folders'> & { pages: BuiltPages }): Promise<CameraWorld> {
  const { pages, ...rest } = options;
  // The pages' config and their site config name the same device API: the test's stand-in, or one nobody answers.
  const deviceApiUrl = options.deviceApiUrl ?? (await unreachableUrl());
  const world = await presets.cameraTests({ ...rest, deviceApiUrl, pages: pages.root, folders: [{ prefix: '/testing/', dir: path.join(pages.root, 'testing') }] });
  const { region, credentials, accountId } = world.account;
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
    async setUp(page, role, endpointId) {
      await setUpWithLink(page, await setupLinkFor(world, { endpointId, role }), role);
    },
    async registerWithoutChannel(endpointId) {
      const channelName = `doorbell-${endpointId}`;
      await world.dynamodb.putDoorbells([
        { endpointId, name: `Doorbell ${endpointId}`, ownerEmail: defaultUsers()[0]!.email, channelName, channelArn: `arn:aws:kinesisvideo:${region}:${accountId}:channel/${channelName}/1` },
      ]);
    },
    sendOfferToMaster,
    sendAlexaOffer: (endpointId, sessionId, sdp) => sendOfferToMaster(endpointId, alexaSenderClientId(sessionId), sdp),
    async close() {
      dataPlane.destroy();
      await world.close();
    },
  };
}
