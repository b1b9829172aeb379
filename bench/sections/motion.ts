/**
 * Motion detection's cost and the pictures' upload time, on the whole local stack (presets.npmStart:
 * the device API, the local S3 behind its SigV4 front, the skill, the event gateway), with the camera
 * page in its own headless Chromium at 1280x720.
 *
 * - CPU: the camera browser's whole process tree (/proc), over equal windows with detection on and
 *   off, alternated so that the machine's other load falls on both; the difference is what detection
 *   costs, in percent of one core. Chromium's default fake camera is used (1280x720 at 30 fps, a
 *   picture that always moves a little, so detection does its whole work every sample). The page's
 *   own count of the time its samples took (`doorWatch.cost()`) is reported beside it.
 * - Upload: presses on the camera page, each learnt by the camera's poll for a picture request, then
 *   capture, presign, PUT to S3 and confirm (`doorWatch.uploads()`), and press to picture stored as
 *   the test process sees it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../camera/testing/chromium.js';
import { setUpWithLink } from '../../camera/testing/set-up-page.js';
import { presets, setupLinkFor } from '../../infra/local/world/index.js';
import { buildLambda, buildPages } from '../../scripts/build.mjs';
import { childrenOf, treeCpuSeconds } from '../proc-cpu.js';
import { summarize, type Summary } from '../stats.js';

export interface MotionResult {
  /** The camera's video as the page got it, e.g. "1280x720". */
  video: string;
  /** Camera browser CPU, percent of one core, averaged over the windows of each kind. */
  cpuPercentOn: number;
  cpuPercentOff: number;
  /** On minus off: what detection costs. */
  detectionCpuPercent: number;
  /** The page's own measure: time inside its samples per second of wall time, percent of one core. */
  samplerBusyPercent: number;
  /** Time per sample (drawImage of the frame into 160x90, luma, differencing). */
  sampleMs: number;
  windowMs: number;
  windows: number;
  uploads: number;
  /** Capture, presign, PUT and confirm, as the camera page measured them. */
  uploadTotalMs: Summary;
  putMs: Summary;
  captureMs: Summary;
  pictureKB: Summary;
  /** The press (on the camera page) to the upload's confirm, measured from the test process. */
  pressToStoredMs: Summary;
}

interface Upload {
  eventId: string;
  reason: string;
  bytes: number;
  totalMs: number;
  captureMs: number;
  putMs: number;
}

const cost = (page: Page) => page.evaluate(() => window.doorbellCamera!.doorWatch.cost());
const uploadsOf = (page: Page): Promise<Upload[]> => page.evaluate(() => window.doorbellCamera!.doorWatch.uploads());

export async function measureMotion(o: { windowMs?: number; windows?: number; presses?: number; progress?: (line: string) => void } = {}): Promise<MotionResult> {
  const windowMs = o.windowMs ?? 10_000;
  const windows = o.windows ?? 3;
  const presses = o.presses ?? 10;
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-motion-'));
  const dist = path.join(dir, 'dist');
  await Promise.all([buildLambda(path.join(dist, 'lambda')), buildPages(dist)]);
  // Presses a second apart are separate presses here (the skill's debounce is for a finger held down).
  const world = await presets.npmStart({ port: 0, dataDir: path.join(dir, 'data'), distDir: dist, skillSettings: { PRESS_DEBOUNCE_MS: '1' }, onLambdaLog: () => undefined, log: () => undefined });
  const before = new Set(childrenOf(process.pid));
  const browser = await launchChromium();
  const browserPid = childrenOf(process.pid).find((p) => !before.has(p))!;
  try {
    await world.alexa.linkDirect('alice');
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await setUpWithLink(page, await setupLinkFor(world, { endpointId: 'front-door', role: 'camera' }), 'camera');
    await page.waitForFunction(() => window.doorbellCamera?.doorWatch.settings().enabled === true, undefined, { timeout: 30_000 });
    // Let the page settle (first frames, the heartbeat, the signaling socket); the preview's size is
    // known once its first frame is (a run that read it earlier printed 0x0).
    await page.waitForFunction(() => (document.getElementById('preview') as HTMLVideoElement).videoWidth > 0, undefined, { timeout: 30_000 });
    await page.waitForTimeout(3_000);
    const video = await page.evaluate(() => {
      const v = document.getElementById('preview') as HTMLVideoElement;
      return `${v.videoWidth}x${v.videoHeight}`;
    });

    const on: number[] = [];
    const off: number[] = [];
    let sampled = { samples: 0, busyMs: 0, wallMs: 0 };
    for (let i = 0; i < windows; i++) {
      for (const enabled of [true, false]) {
        o.progress?.(`motion: window ${i + 1}/${windows}, detection ${enabled ? 'on' : 'off'}`);
        await page.evaluate((e) => window.doorbellCamera!.doorWatch.setEnabled(e), enabled);
        await page.waitForTimeout(500);
        const costBefore = await cost(page);
        const cpuBefore = treeCpuSeconds(browserPid);
        const started = performance.now();
        await page.waitForTimeout(windowMs);
        const elapsed = performance.now() - started;
        const percent = ((treeCpuSeconds(browserPid) - cpuBefore) / (elapsed / 1000)) * 100;
        (enabled ? on : off).push(percent);
        if (enabled) {
          const costAfter = await cost(page);
          sampled = { samples: sampled.samples + costAfter.samples - costBefore.samples, busyMs: sampled.busyMs + costAfter.busyMs - costBefore.busyMs, wallMs: sampled.wallMs + elapsed };
        }
      }
    }

    // Pictures: detection off, so every upload is a press's.
    await page.evaluate(() => window.doorbellCamera!.doorWatch.setEnabled(false));
    const pressToStored: number[] = [];
    for (let i = 0; i < presses; i++) {
      o.progress?.(`motion: press ${i + 1}/${presses}`);
      const count = (await uploadsOf(page)).length;
      const pressed = performance.now();
      await page.click('#doorbell-button:not([disabled])');
      await page.waitForFunction((n) => window.doorbellCamera!.doorWatch.uploads().length > n, count, { timeout: 15_000 });
      pressToStored.push(performance.now() - pressed);
      await page.waitForTimeout(1_200);
    }
    const uploads = (await uploadsOf(page)).filter((u) => u.reason === 'PRESS');
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const round1 = (x: number) => Math.round(x * 10) / 10;
    return {
      video,
      cpuPercentOn: round1(mean(on)),
      cpuPercentOff: round1(mean(off)),
      detectionCpuPercent: round1(mean(on) - mean(off)),
      samplerBusyPercent: round1((sampled.busyMs / Math.max(1, sampled.wallMs)) * 100),
      sampleMs: Math.round((sampled.busyMs / Math.max(1, sampled.samples)) * 100) / 100,
      windowMs,
      windows,
      uploads: uploads.length,
      uploadTotalMs: summarize(uploads.map((u) => u.totalMs)),
      putMs: summarize(uploads.map((u) => u.putMs)),
      captureMs: summarize(uploads.map((u) => u.captureMs)),
      pictureKB: summarize(uploads.map((u) => u.bytes / 1024)),
      pressToStoredMs: summarize(pressToStored),
    };
  } finally {
    await browser.close();
    await world.close();
    await rm(dir, { recursive: true, force: true });
  }
}
