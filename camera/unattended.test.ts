/**
 * The pages left alone, in Chromium against the camera tests' world (real WebRTC, the KVS emulator
 * with the page roles' scopes, the access API from the built bundle, the local STS): credentials
 * that last PAGE_CREDENTIALS_TTL_SECONDS = 30 s, renewed at a fifth of that (every 6 s) so ten
 * renewals fit in about a minute. The camera keeps a live Alexa session and a viewer session
 * across them, a reload resumes without a click, the button page's own credentials are refused by
 * KVS for every action, a reused grant revokes its device, and the owner's Revoke on the setup page
 * stops the camera within one credential lifetime; each page says what happened.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessApiError } from '../contracts/access-api/bodies.js';
import { ACCESS_API_ROUTES } from '../contracts/access-api/routes.js';
import { reshapeAsEchoShowOffer } from '../contracts/sdp/echo-show-offer.js';
import { defaultUsers } from '../infra/local/lwa/users.js';
import type { CameraPageHandle } from './camera-page.js';
import type { SessionInfo } from './sessions/session-manager.js';
import { BLANK_PAGE_PATH, buildPagesForTest, startCameraWorld, type CameraWorld } from './testing/camera-world.js';
import { launchChromium } from './testing/chromium.js';
import { EVERY_KVS_ACTION_REFUSED, tryEveryKvsAction } from './testing/kvs-actions.js';
import { applyOffererAnswer, createOffererOffer, offererCounters } from './testing/offerer.js';
import { pageCredentials, signIn, storedGrant } from './testing/set-up-page.js';
import { waitFor } from './testing/wait-for.js';

const DOORBELL = 'front-door';
const TTL_SECONDS = 30;
const RENEW_AT = 0.2;
const RENEWALS = 10;

let pages: Awaited<ReturnType<typeof buildPagesForTest>>;
let stack: CameraWorld;
let browser: Browser;
let context: BrowserContext;
let camera: Page;
let viewer: Page;
let offerer: Page;

const cameraHandle = <T>(page: Page, fn: (h: CameraPageHandle) => T | Promise<T>) => page.evaluate(`(${fn.toString()})(window.doorbellCamera)`) as Promise<T>;
const cameraSessions = (): Promise<SessionInfo[]> => cameraHandle(camera, (h) => h.sampleStats());
const cameraRenewals = (): Promise<number> => cameraHandle(camera, (h) => h.credentials().renewals);
const channelArn = () => stack.doorbells.get(DOORBELL)!.channelArn;
const problemTitle = (page: Page) => page.locator('#access-problem h2').textContent({ timeout: 1_000 }).catch(() => undefined);

async function openCamera(): Promise<void> {
  await waitFor(() => camera.evaluate(() => window.doorbellCamera?.signalingState().kind ?? window.doorbellCameraError), (v) => v === 'open', 20_000, 'the camera signaling to open');
}

/** One Echo-Show-shaped offer through SendAlexaOfferToMaster, its answer applied in the offerer page. */
async function alexaSession(id: string): Promise<void> {
  const shaped = reshapeAsEchoShowOffer(await createOffererOffer(offerer, id));
  const { answer } = await stack.sendAlexaOffer(DOORBELL, `amzn1.echo-api.session.${id}`, shaped.sdp);
  await applyOffererAnswer(offerer, id, shaped.restoreAnswer(answer));
  await expect.poll(async () => (await offererCounters(offerer, id)).framesDecoded, { timeout: 20_000 }).toBeGreaterThan(10);
}

/** What must stay the same across renewals: each side's peer connection and media that keeps arriving. */
async function snapshot() {
  const [sessions, alexa, viewerStats, viewerPc] = await Promise.all([
    cameraSessions(),
    offererCounters(offerer, 'a1'),
    viewer.evaluate(() => window.doorbellViewer!.stats()),
    viewer.evaluate(() => (window.doorbellViewer!.peerConnection() as (RTCPeerConnection & { testTag?: string }) | undefined)?.testTag),
  ]);
  return {
    cameraSessions: sessions.map((s) => ({ clientId: s.clientId, kind: s.kind, startedAt: s.startedAt, state: s.state })),
    alexaFrames: alexa.framesDecoded,
    viewerFrames: viewerStats?.framesDecoded ?? 0,
    viewerPc,
  };
}

beforeAll(async () => {
  pages = await buildPagesForTest();
  stack = await startCameraWorld({ pages, doorbells: [DOORBELL], pageCredentials: { ttlSeconds: TTL_SECONDS, renewAt: RENEW_AT } });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  [camera, viewer, offerer] = await Promise.all([context.newPage(), context.newPage(), context.newPage()]);
  await offerer.goto(`${stack.web.url}${BLANK_PAGE_PATH}`);
  await stack.setUp(camera, 'camera', DOORBELL);
  await openCamera();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await pages?.remove();
});

describe('pages left alone with short credentials', () => {
  it(`keeps one live Alexa session and one viewer session across ${RENEWALS} renewals, and still answers Alexa afterwards`, async () => {
    await stack.setUp(viewer, 'viewer', DOORBELL);
    await expect.poll(() => viewer.evaluate(() => window.doorbellViewer?.connectionState() ?? window.doorbellViewerError), { timeout: 20_000 }).toBe('connected');
    await viewer.evaluate(() => ((window.doorbellViewer!.peerConnection() as RTCPeerConnection & { testTag?: string }).testTag = 'the first one'));
    await alexaSession('a1');

    const first = await snapshot();
    expect(first.cameraSessions.map((s) => [s.kind, s.state]).sort()).toEqual([['alexa', 'connected'], ['viewer', 'connected']]);
    const startRenewals = await cameraRenewals();
    const firstKey = await cameraHandle(camera, (h) => h.credentials().accessKeyId);
    const connects = stack.kvs.control.counters().ConnectAsMaster ?? 0;

    // Sampled at every renewal: media keeps arriving on both sessions, over the same peer connections.
    let last = first;
    for (let seen = startRenewals; seen < startRenewals + RENEWALS; ) {
      await waitFor(cameraRenewals, (n) => n > seen, TTL_SECONDS * 1_000, 'the camera to renew its credentials');
      seen = await cameraRenewals();
      const now = await snapshot();
      expect(now.cameraSessions).toEqual(first.cameraSessions.map((s) => ({ ...s, state: 'connected' })));
      expect(now.viewerPc).toBe('the first one');
      expect(now.alexaFrames).toBeGreaterThan(last.alexaFrames);
      expect(now.viewerFrames).toBeGreaterThan(last.viewerFrames);
      last = now;
    }
    expect(await cameraRenewals()).toBeGreaterThanOrEqual(startRenewals + RENEWALS);
    expect(await cameraHandle(camera, (h) => h.credentials().accessKeyId)).not.toBe(firstKey);
    expect(await viewer.evaluate(() => window.doorbellViewer!.credentials().renewals)).toBeGreaterThanOrEqual(RENEWALS - 1);
    // Renewals never reconnected the camera's signaling: the new credentials wait for the next connect.
    expect(stack.kvs.control.counters().ConnectAsMaster ?? 0).toBe(connects);
    await expect.poll(() => camera.locator('#credentials-state').textContent()).toMatch(/Credentials: valid until .*renewed \d+ times/);

    // A new Alexa session, its ICE servers fetched with renewed credentials.
    await alexaSession('a2');
  }, 180_000);

  it('resumes after a reload with no click: the camera signals and answers again from its stored grant', async () => {
    const grant = await storedGrant(camera, 'camera');
    await camera.reload();
    await openCamera();
    await expect.poll(() => camera.locator('#device-line').textContent()).toMatch(/the camera of .*It started by itself/);
    expect(await cameraHandle(camera, (h) => h.credentials().state.kind)).toBe('valid');
    // It presented the grant it had stored and keeps the rotated one.
    expect(await storedGrant(camera, 'camera')).not.toBe(grant);
    await alexaSession('a3');
  }, 60_000);

  it('starts the camera and the doorbell button again by themselves when they could not start (after a reboot, before the network is up)', async () => {
    // The network fault a reboot brings: the page's own site-config.json does not load.
    const unreachable = '**/site-config.json';
    await camera.route(unreachable, (route) => route.abort('internetdisconnected'));
    await camera.reload();
    await expect.poll(() => camera.locator('#error').textContent(), { timeout: 10_000 }).toMatch(/Starting again by itself in 5 s/);
    await camera.unroute(unreachable);
    // No click: the page reloads itself, and runs.
    await openCamera();
    await alexaSession('a4');

    // The doorbell button, at the door with nobody to reload it, does the same.
    const button = await context.newPage();
    await stack.setUp(button, 'button', DOORBELL);
    await expect.poll(() => button.evaluate(() => window.doorbellAnnounce?.credentials().state), { timeout: 20_000 }).toBe('valid');
    await button.route(unreachable, (route) => route.abort('internetdisconnected'));
    await button.reload();
    await expect.poll(() => button.locator('#error').textContent(), { timeout: 10_000 }).toMatch(/Starting again by itself in 5 s/);
    await button.unroute(unreachable);
    await expect.poll(() => button.evaluate(() => window.doorbellAnnounce?.credentials().state), { timeout: 20_000 }).toBe('valid');
    await button.close();
  }, 60_000);

  it('has the button page’s own credentials refused by KVS for every action', async () => {
    const button = await context.newPage();
    try {
      await stack.setUp(button, 'button', DOORBELL);
      await expect.poll(() => button.evaluate(() => window.doorbellAnnounce?.credentials().state ?? window.doorbellAnnounceError)).toBe('valid');
      const c = await pageCredentials(button, 'button');
      expect(await tryEveryKvsAction({ region: stack.account.region, endpoint: stack.kvs.endpoint, channelArn: channelArn(), credentials: c })).toEqual(EVERY_KVS_ACTION_REFUSED);
      // Taking the page's credentials once more as its keeper would revoked nothing: it renews on.
      const renewals = await button.evaluate(() => window.doorbellAnnounce!.credentials().renewals);
      await expect.poll(() => button.evaluate(() => window.doorbellAnnounce!.credentials().renewals), { timeout: TTL_SECONDS * 1_000 }).toBeGreaterThan(renewals);
      expect(await problemTitle(button)).toBeUndefined();
    } finally {
      await button.close();
    }
  }, 90_000);

  it('revokes a device whose old grant is presented again, and its page stops and says so', async () => {
    const old = await storedGrant(viewer, 'viewer');
    const renewals = await viewer.evaluate(() => window.doorbellViewer!.credentials().renewals);
    // Two rotations later the old secret is retired (one later it is still the current one: a lost answer's retry).
    await waitFor(() => viewer.evaluate(() => window.doorbellViewer!.credentials().renewals), (n) => n >= renewals + 2, 2 * TTL_SECONDS * 1_000, 'two renewals of the viewer');
    const res = await fetch(`${stack.accessApi.endpoint}${ACCESS_API_ROUTES.credentials.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant: old }) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'GRANT_REVOKED', reason: 'REUSED' } satisfies Partial<AccessApiError>);

    const started = Date.now();
    await expect.poll(() => problemTitle(viewer), { timeout: TTL_SECONDS * 1_000 }).toBe('This device was revoked');
    expect(Date.now() - started).toBeLessThan(TTL_SECONDS * 1_000);
    expect(await viewer.locator('#access-problem').textContent()).toMatch(/old copy of its grant.*set it up again on the setup page/s);
    expect(await viewer.locator('#access-problem a').getAttribute('href')).toBe('setup.html');
    await expect.poll(() => stack.kvs.control.clients(channelArn()).viewers, { timeout: 10_000 }).toEqual([]);
    // The camera, another device of the same doorbell, goes on.
    expect(await cameraHandle(camera, (h) => h.credentials().state.kind)).not.toBe('stopped');
  }, 90_000);

  it('stops a camera that its owner revokes on the setup page within one credential lifetime, and says so', async () => {
    const deviceId = await cameraHandle(camera, (h) => h.deviceId);
    const setup = await context.newPage();
    try {
      await setup.goto(`${stack.web.url}/camera/setup.html`);
      await signIn(setup, defaultUsers()[0]!.email);
      const row = setup.locator(`tr[data-device-id="${deviceId}"]`);
      expect(await row.getAttribute('data-state')).toBe('active');
      // The owner sees the viewer that reused its grant as revoked, and why.
      expect(await setup.locator('tr[data-state=revoked]').allTextContents()).toEqual([expect.stringMatching(/an old copy of its grant was used/)]);
      await row.locator('button').click();
      const revokedAt = Date.now();
      await expect.poll(() => setup.locator(`tr[data-device-id="${deviceId}"]`).getAttribute('data-state')).toBe('revoked');

      await expect.poll(() => problemTitle(camera), { timeout: TTL_SECONDS * 1_000 }).toBe('This device was revoked');
      expect(Date.now() - revokedAt).toBeLessThan(TTL_SECONDS * 1_000);
      expect(await camera.locator('#access-problem').textContent()).toMatch(/revoked by its owner.*set it up again on the setup page/s);
      await expect.poll(() => stack.kvs.control.clients(channelArn()).master, { timeout: 10_000 }).toBe(false);
      expect(await cameraHandle(camera, (h) => h.credentials().state)).toMatchObject({ kind: 'stopped', why: 'revoked', reason: 'OWNER' });
    } finally {
      await setup.close();
    }
  }, 90_000);
});
