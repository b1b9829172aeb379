/**
 * The signaling socket idled out or cut at its maximum lifetime by the service (AWS: 10 min idle,
 * 1 h lifetime; the emulator's `control.setFault` shortens both). Drops and GO_AWAY are covered in
 * camera-page.test.ts; these are the two server-side timeouts: the camera must come back by itself,
 * answer the next Alexa offer within the deadline, and keep media on the session already up.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPagesForTest, startCameraWorld, type CameraWorld, ALEXA_DEADLINE_MS, BLANK_PAGE_PATH } from './testing/camera-world.js';
import { launchChromium } from './testing/chromium.js';
import { waitFor } from './testing/wait-for.js';
import { reshapeAsEchoShowOffer } from '../contracts/sdp/echo-show-offer.js';
import { applyOffererAnswer, createOffererOffer, offererCounters } from './testing/offerer.js';

const DOORBELL = 'front-door';

let pages: Awaited<ReturnType<typeof buildPagesForTest>>;
let stack: CameraWorld;
let browser: Browser;
let camera: Page;
let offerer: Page;

const signalingState = () => camera.evaluate(() => (window.doorbellCamera?.signalingState() ?? { kind: window.doorbellCameraError ?? 'loading' }) as { kind: string; since?: number });

async function alexaSession(id: string): Promise<number> {
  const shaped = reshapeAsEchoShowOffer(await createOffererOffer(offerer, id));
  const { answer, elapsedMs } = await stack.sendAlexaOffer(DOORBELL, `amzn1.echo-api.session.${id}`, shaped.sdp);
  await applyOffererAnswer(offerer, id, shaped.restoreAnswer(answer));
  return elapsedMs;
}

const frames = async (id: string) => (await offererCounters(offerer, id)).framesDecoded;

async function reconnectedAfter(since: number, what: string): Promise<number> {
  const state = await waitFor(signalingState, (s) => s.kind === 'open' && (s.since ?? 0) > since, 20_000, what);
  return state.since!;
}

beforeAll(async () => {
  pages = await buildPagesForTest();
  stack = await startCameraWorld({ pages, doorbells: [DOORBELL] });
  browser = await launchChromium();
  const context = await browser.newContext();
  camera = await context.newPage();
  offerer = await context.newPage();
  await offerer.goto(`${stack.web.url}${BLANK_PAGE_PATH}`);
  await stack.setUp(camera, 'camera', DOORBELL);
  await waitFor(signalingState, (s) => s.kind === 'open', 20_000, 'the camera signaling to open');
  expect(await alexaSession('up')).toBeLessThan(ALEXA_DEADLINE_MS);
  await waitFor(() => frames('up'), (n) => n > 10, 20_000, 'media on the first session');
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await pages?.remove();
});

describe('signaling socket timeouts', () => {
  it('an idled-out socket: the camera reconnects, answers the next offer in time, and the running session keeps its media', async () => {
    const { since } = await signalingState();
    const connectsBefore = stack.kvs.control.counters().ConnectAsMaster ?? 0;
    stack.kvs.control.setFault({ idleTimeoutMs: 1500 });
    try {
      await reconnectedAfter(since!, 'a new connection after the idle timeout');
      expect(stack.kvs.control.counters().ConnectAsMaster ?? 0).toBeGreaterThan(connectsBefore);
      const before = await frames('up');
      expect(await alexaSession('after-idle')).toBeLessThan(ALEXA_DEADLINE_MS);
      await waitFor(() => frames('after-idle'), (n) => n > 10, 20_000, 'media on the session after the idle-out');
      expect(await frames('up')).toBeGreaterThan(before);
    } finally {
      stack.kvs.control.setFault(undefined);
    }
  });

  it('a socket cut at its maximum lifetime, however busy: the same', async () => {
    const { since } = await signalingState();
    stack.kvs.control.setFault({ maxConnectionMs: 2000 });
    try {
      const first = await reconnectedAfter(since!, 'a new connection after the lifetime cut');
      // Cut again: the camera keeps coming back, not just once.
      await reconnectedAfter(first, 'a second reconnection');
      const before = await frames('up');
      expect(await alexaSession('after-lifetime')).toBeLessThan(ALEXA_DEADLINE_MS);
      await waitFor(() => frames('after-lifetime'), (n) => n > 10, 20_000, 'media on the session after the lifetime cut');
      expect(await frames('up')).toBeGreaterThan(before);
    } finally {
      stack.kvs.control.setFault(undefined);
    }
  });
});
