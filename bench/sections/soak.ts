/**
 * The soak: a camera page left alone for simulated days. Its credentials are renewed again and
 * again, as in AWS every 10 of STS's 15 minutes, but with local lifetimes of seconds
 * (PAGE_CREDENTIALS_TTL_SECONDS = 2, PAGE_CREDENTIALS_RENEW_AT = 0.5: a renewal a second), so one
 * renewal here stands for one in AWS: 288 renewals are two days. Meanwhile Alexa offers come in as the
 * skill sends them (SendAlexaOfferToMaster with the `alexa.` sender id) from an Echo-Show-like
 * offerer in a second Chromium; an offer counts as answered when its answer came and video frames
 * were decoded. Nobody touches the page after its setup link: "human actions" counts what would
 * have needed one (the page showing a problem, or not signalling when an offer came).
 *
 * Heap: the camera page's JS heap (CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage),
 * after a warm-up and at the end.
 */
import { KinesisVideoSignalingClient, SendAlexaOfferToMasterCommand } from '@aws-sdk/client-kinesis-video-signaling';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { alexaSenderClientId, decodeSdpMessage, encodeSdpMessage } from '../../contracts/kvs/alexa-offer.js';
import { reshapeAsEchoShowOffer } from '../../contracts/sdp/echo-show-offer.js';
import { launchChromium } from '../../camera/testing/chromium.js';
import { applyOffererAnswer, closeOfferer, createOffererOffer, offererCounters } from '../../camera/testing/offerer.js';
import { setUpWithLink } from '../../camera/testing/set-up-page.js';
import { waitFor } from '../../camera/testing/wait-for.js';
import { presets, setupLinkFor } from '../../infra/local/world/index.js';
import { buildLambda, buildPages } from '../../scripts/build.mjs';
import { ALICE } from '../skill.js';

/** What a renewal stands for: STS's 15-minute credentials renewed at 2/3, in AWS. */
const SIMULATED_MINUTES_PER_RENEWAL = 10;

export interface SoakResult {
  ttlSeconds: number;
  renewAt: number;
  renewals: number;
  simulatedHours: number;
  wallSeconds: number;
  offersSent: number;
  offersAnswered: number;
  humanActions: number;
  /** The camera page's JS heap after GC, after the warm-up and at the end. */
  heapStartMB: number;
  heapEndMB: number;
  heapGrowthMB: number;
  /** Signaling connects over the soak (renewals must not cause any). */
  signalingConnects: number;
}

const DOOR = 'soak-door';

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return Math.round((usedSize / 1024 / 1024) * 10) / 10;
  } finally {
    await cdp.detach();
  }
}

export async function measureSoak(opts: { renewals?: number; ttlSeconds?: number; renewAt?: number; offerEveryMs?: number; progress?: (l: string) => void } = {}): Promise<SoakResult> {
  const progress = opts.progress ?? (() => undefined);
  // Two days at AWS's cadence (a renewal every 10 minutes), in about five minutes: a renewal a second.
  const target = opts.renewals ?? 288;
  const ttlSeconds = opts.ttlSeconds ?? 2;
  const renewAt = opts.renewAt ?? 0.5;
  const offerEveryMs = opts.offerEveryMs ?? 2_500;
  const pagesDir = await mkdtemp(path.join(tmpdir(), 'bench-soak-'));
  await Promise.all([buildPages(pagesDir), buildLambda(path.join(pagesDir, 'lambda'))]);
  await mkdir(path.join(pagesDir, 'soak'), { recursive: true });
  await writeFile(path.join(pagesDir, 'soak', 'blank.html'), '<!doctype html><html><head><link rel="icon" href="data:,"><title>offerer</title></head><body></body></html>');
  const world = await presets.bench({
    doorbells: [{ endpointId: DOOR, ownerEmail: ALICE }],
    pages: { dir: pagesDir, folders: [{ prefix: '/soak/', dir: path.join(pagesDir, 'soak') }] },
    pageCredentials: { ttlSeconds, renewAt },
  });
  const signaling = new KinesisVideoSignalingClient({ region: world.account.region, endpoint: world.kvs.endpoint, credentials: world.account.credentials, maxAttempts: 1 });
  const [cameraBrowser, offererBrowser] = await Promise.all([launchChromium(), launchChromium()]);
  try {
    const camera = await cameraBrowser.newPage();
    await setUpWithLink(camera, await setupLinkFor({ ...world, web: world.web! }, { endpointId: DOOR, role: 'camera' }), 'camera');
    await waitFor(() => camera.evaluate(() => window.doorbellCamera?.signalingState().kind ?? window.doorbellCameraError), (v) => v === 'open', 20_000, 'the camera signaling to open');
    const offerer = await offererBrowser.newPage();
    await offerer.goto(`${world.web!.url}/soak/blank.html`);
    const channelArn = world.doorbells.get(DOOR)!.channelArn;

    let sent = 0;
    let answered = 0;
    let humanActions = 0;
    const needsAHuman = () =>
      camera.evaluate(() => Boolean(document.getElementById('access-problem')) || window.doorbellCamera?.credentials().state.kind === 'stopped' || window.doorbellCamera?.signalingState().kind !== 'open');
    const offer = async (id: string): Promise<boolean> => {
      const shaped = reshapeAsEchoShowOffer(await createOffererOffer(offerer, id));
      try {
        const result = await signaling.send(new SendAlexaOfferToMasterCommand({ ChannelARN: channelArn, SenderClientId: alexaSenderClientId(`amzn1.echo-api.session.${id}`), MessagePayload: encodeSdpMessage('offer', shaped.sdp) }));
        const answer = decodeSdpMessage(result.Answer ?? '', 'answer');
        if ('problem' in answer) return false;
        await applyOffererAnswer(offerer, id, shaped.restoreAnswer(answer.sdp));
        await waitFor(async () => (await offererCounters(offerer, id)).framesDecoded, (n) => n > 0, 10_000, 'a decoded frame');
        return true;
      } catch {
        return false;
      } finally {
        await closeOfferer(offerer, id).catch(() => undefined);
      }
    };

    // Warm-up: a session, then the heap as it settles.
    await offer('warm-up');
    const renewalsAtStart = await camera.evaluate(() => window.doorbellCamera!.credentials().renewals);
    const heapStartMB = await heapMB(camera);
    const connectsAtStart = world.kvs.control.counters().ConnectAsMaster ?? 0;
    const started = Date.now();
    let renewals = 0;
    for (let n = 0; renewals < target; n++) {
      if (await needsAHuman()) humanActions += 1;
      sent += 1;
      if (await offer(`soak-${n}`)) answered += 1;
      await new Promise((r) => setTimeout(r, offerEveryMs));
      renewals = (await camera.evaluate(() => window.doorbellCamera!.credentials().renewals)) - renewalsAtStart;
      if (n % 10 === 9) progress(`soak: ${renewals}/${target} renewals (${Math.round((renewals * SIMULATED_MINUTES_PER_RENEWAL) / 60)} simulated hours), ${answered}/${sent} offers answered`);
    }
    if (await needsAHuman()) humanActions += 1;
    const wallSeconds = Math.round((Date.now() - started) / 1000);
    const heapEndMB = await heapMB(camera);
    return {
      ttlSeconds,
      renewAt,
      renewals,
      simulatedHours: Math.round((renewals * SIMULATED_MINUTES_PER_RENEWAL) / 60),
      wallSeconds,
      offersSent: sent,
      offersAnswered: answered,
      humanActions,
      heapStartMB,
      heapEndMB,
      heapGrowthMB: Math.round((heapEndMB - heapStartMB) * 10) / 10,
      signalingConnects: (world.kvs.control.counters().ConnectAsMaster ?? 0) - connectsAtStart,
    };
  } finally {
    signaling.destroy();
    await Promise.all([cameraBrowser.close(), offererBrowser.close()]);
    await world.close();
    await rm(pagesDir, { recursive: true, force: true });
  }
}
