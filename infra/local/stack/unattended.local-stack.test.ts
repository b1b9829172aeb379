/**
 * Pages set up in Chromium on the whole local stack (the device API with its role checks, the
 * health check on its timer, the local event gateway): the viewer page's own credentials are
 * refused for the camera's heartbeat and for a press, and when the camera's tab is closed Alexa
 * hears that the camera is unreachable within one health check interval: from the page's own
 * offline report, signed ahead and sent in pagehide (a camera that vanishes without a word is the
 * health check's: health-check.local-stack.test.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../camera/testing/chromium.js';
import { pageCredentials, setUpWithLink } from '../../../camera/testing/set-up-page.js';
import { DeviceApiCallError, DeviceApiClient } from '../../../camera/device-api/client.js';
import { ChangeReportShape } from '../../../lambda/testing/skill-messages.js';
import type { ReceivedEvent } from '../alexa/event-gateway-control.js';
import { presets, setupLinkFor, type NpmStartWorld } from '../world/index.js';
import { buildInto } from './build-into.js';

/** The health check's interval here; AWS's is a minute. */
const INTERVAL_MS = 5_000;
/** The skill's default: longer than the whole test, so only the page's own report can tell Alexa in time. */
const OFFLINE_AFTER_MS = 60_000;

let dist: string;
let stack: NpmStartWorld;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'unattended-dist-'));
  await buildInto(dist, { pages: true });
  [stack, browser] = await Promise.all([
    presets.npmStart({ port: 0, distDir: dist, healthCheckIntervalMs: INTERVAL_MS, skillSettings: { CAMERA_OFFLINE_AFTER_MS: String(OFFLINE_AFTER_MS) }, onLambdaLog: () => undefined }),
    launchChromium(),
  ]);
  await stack.alexa.linkDirect('alice');
  context = await browser.newContext();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await rm(dist, { recursive: true, force: true });
});

const connectivity = (e: ReceivedEvent) => ChangeReportShape.parse(e.body).event.payload.change.properties[0]!.value.value;
const reports = () => stack.gateway.control.events.filter((e) => e.name === 'ChangeReport' && e.endpointId === 'front-door');

describe('pages on the local stack, left alone', () => {
  it('refuse the viewer page’s own credentials for the heartbeat and for a press', async () => {
    const viewer = await context.newPage();
    try {
      await setUpWithLink(viewer, await setupLinkFor(stack, { endpointId: 'front-door', role: 'viewer' }), 'viewer');
      await expect.poll(() => viewer.evaluate(() => window.doorbellViewer?.credentials().state ?? window.doorbellViewerError), { timeout: 20_000 }).toBe('valid');
      const client = new DeviceApiClient({ baseUrl: stack.deviceApi.endpoint, endpointId: 'front-door', signing: { region: stack.account.region, service: 'lambda' }, credentials: await pageCredentials(viewer, 'viewer') });
      const status = (p: Promise<unknown>) => p.then(() => 200, (e: unknown) => (e instanceof DeviceApiCallError ? e.status : 0));
      expect({ doorbell: await status(client.getDoorbell()), heartbeat: await status(client.reportStatus(true)), press: await status(client.press()) }).toEqual({ doorbell: 200, heartbeat: 403, press: 403 });
    } finally {
      await viewer.close();
    }
  }, 60_000);

  it('tells Alexa the camera is unreachable after its tab is closed, within one health check interval', async () => {
    const camera = await context.newPage();
    const before = reports().length;
    await setUpWithLink(camera, await setupLinkFor(stack, { endpointId: 'front-door', role: 'camera' }), 'camera');
    const online = await stack.gateway.control.waitForEvent((e) => reports().indexOf(e) >= before && e.name === 'ChangeReport' && connectivity(e) === 'OK', 20_000);
    expect(online.status).toBe(202);
    expect((await stack.alexa.reportState('alice', 'front-door')).connectivity).toBe('OK');

    await expect.poll(() => camera.evaluate(() => window.doorbellCamera!.offlineReportReady())).toBe(true);
    const told = reports().length;
    const closedAt = Date.now();
    // Closed as a person closes it: Chromium runs the page's pagehide, which sends its pre-signed offline report.
    await camera.close({ runBeforeUnload: true });
    const down = await stack.gateway.control.waitForEvent((e) => reports().indexOf(e) >= told && e.name === 'ChangeReport' && connectivity(e) === 'UNREACHABLE', INTERVAL_MS);
    expect(down.status).toBe(202);
    expect(down.receivedAt - closedAt).toBeLessThan(INTERVAL_MS);
    expect(ChangeReportShape.parse(down.body).event.payload.change.cause.type).toBe('PHYSICAL_INTERACTION');
    expect((await stack.alexa.reportState('alice', 'front-door')).connectivity).toBe('UNREACHABLE');
    console.log(`offline ChangeReport ${down.receivedAt - closedAt} ms after the camera tab closed`);
  }, 60_000);
});
