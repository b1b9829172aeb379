/**
 * The whole story on the local stack, in headless Chromium with a fake camera and microphone:
 * the stack is started in-process (port 0, a temporary data directory) from a fresh build of the
 * same Lambda bundle and pages the project ships.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeSignalingChannelCommand, KinesisVideoClient } from '@aws-sdk/client-kinesis-video';
import type { PageCredentials } from '../../../contracts/access-api/bodies.js';
import type { PageRole } from '../../../contracts/page-roles.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchChromium } from '../../../camera/testing/chromium.js';
import { waitFor } from '../../../camera/testing/wait-for.js';
import { reportState } from '../alexa/simulator/directives.js';
import type { AlexaUserState } from '../alexa/simulator/user-store.js';
import type { CallStats } from '../alexa/echo-show/call.js';
import { setUpBySigningIn, signIn } from '../../../camera/testing/set-up-page.js';
import { enrollDevice, presets, type NpmStartWorld } from '../world/index.js';
import { buildInto } from './build-into.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const screenshots = path.join(repoRoot, 'docs/screenshots');

type EchoStats = CallStats;
interface CameraSession {
  kind: string;
  state: string;
  clientId: string;
  stats?: { audioIn?: { kbps: number }; videoOut?: { kbps: number } };
}

let dist: string;
let dataDir: string;
let stack: NpmStartWorld;
let browser: Browser;
const lambdaLog: string[] = [];
/** Measured, printed, never asserted (the machine is shared and noisy). */
const timings: Record<string, number> = {};
const measured: Record<string, string> = {};


function start(): Promise<NpmStartWorld> {
  return presets.npmStart({ port: 0, dataDir, distDir: dist, onLambdaLog: (fn, line) => lambdaLog.push(`[${fn}] ${line}`) });
}

const echoStats = (page: Page): Promise<EchoStats | undefined> =>
  page.evaluate(() => (window as unknown as { echoShow: { stats(): Promise<EchoStats | undefined> } }).echoShow.stats());
const cameraSessions = (page: Page): Promise<CameraSession[]> =>
  page.evaluate(async () => {
    const handle = (window as unknown as { doorbellCamera?: { sampleStats(): Promise<CameraSession[]> } }).doorbellCamera;
    return handle ? JSON.parse(JSON.stringify(await handle.sampleStats())) : [];
  });
const callState = (page: Page): Promise<string | undefined> => page.locator('#screen').getAttribute('data-call-state').then((v) => v ?? undefined);

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'local-stack-dist-'));
  dataDir = await mkdtemp(path.join(tmpdir(), 'local-stack-data-'));
  await mkdir(screenshots, { recursive: true });
  await buildInto(dist, { pages: true });
  const t = Date.now();
  [stack, browser] = await Promise.all([start(), launchChromium()]);
  timings.stackStart = Date.now() - t;
}, 120_000);

afterAll(async () => {
  console.log('local stack timings (ms):', JSON.stringify(timings), JSON.stringify(measured));
  await browser?.close();
  await stack?.close();
  await rm(dist, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start: the local stack', () => {
  it('answers /health with 200 and serves the index, the pages and their site config, and no credentials to anyone', async () => {
    const health = await fetch(`${stack.web.url}/health`);
    expect(health.status).toBe(200);
    const index = await (await fetch(`${stack.web.url}/`)).text();
    expect(index).toContain('/camera/setup.html');
    expect(index).toContain('/echo-show/?user=alice');
    expect((await fetch(`${stack.web.url}/echo-show/`)).status).toBe(200);
    expect((await fetch(`${stack.web.url}/camera/doorbell.html`)).status).toBe(200);

    const site = await (await fetch(`${stack.web.url}/camera/site-config.json`)).json();
    expect(site).toEqual({
      region: 'us-east-1',
      deviceApiUrl: stack.deviceApi.endpoint,
      accessApiUrl: stack.accessApi.endpoint,
      deviceApiSigning: { region: 'us-east-1', service: 'lambda' },
      kvsEndpoint: stack.web.url,
      signIn: { authorizeUrl: `${stack.lwa.endpoint}/ap/oa`, clientId: stack.lwa.client.clientId, scope: 'profile' },
    });
    expect(JSON.stringify(site)).not.toContain(stack.lwa.client.clientSecret);
    expect((await fetch(`${stack.web.url}/local/page-config/front-door?role=camera`)).status).toBe(404);

    // A device set up the product's way gets its page role's credentials, not the stack's.
    const { exchange } = await enrollDevice(stack, { endpointId: 'front-door', role: 'camera' });
    expect(exchange.doorbell).toMatchObject({ endpointId: 'front-door', region: site.region });
    expect(exchange.credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(exchange.credentials.accessKeyId).not.toBe(stack.account.credentials.accessKeyId);
  });

  it('scopes each page’s credentials to its doorbell’s channel, reached through the page’s own origin', async () => {
    const [frontDoor, garage] = ['front-door', 'garage'].map((id) => stack.doorbells.get(id)!);
    const configFor = async (role: PageRole): Promise<PageCredentials> => (await enrollDevice(stack, { endpointId: 'front-door', role })).exchange.credentials;
    // The KVS API on the pages' own origin, as the site config names it.
    const kvsAs = (c: PageCredentials) =>
      new KinesisVideoClient({
        endpoint: stack.web.url,
        region: stack.account.region,
        credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken },
        maxAttempts: 1,
      });
    const camera = kvsAs(await configFor('camera'));
    const announcer = kvsAs(await configFor('button'));
    try {
      const own = await camera.send(new DescribeSignalingChannelCommand({ ChannelARN: frontDoor!.channelArn }));
      expect(own.ChannelInfo?.ChannelName).toBe('doorbell-front-door');
      await expect(camera.send(new DescribeSignalingChannelCommand({ ChannelARN: garage!.channelArn }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
      await expect(announcer.send(new DescribeSignalingChannelCommand({ ChannelARN: frontDoor!.channelArn }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    } finally {
      camera.destroy();
      announcer.destroy();
    }
  });

  it('walks the whole story: link, discover, show me, talk, hang up, a press announced, and bob sees none of alice’s doorbells', async () => {
    const frontDoor = stack.doorbells.get('front-door')!;
    onTestFailed(() => console.log(`last skill log lines:\n${lambdaLog.slice(-40).join('\n')}`));
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      // The doorbell's camera, on "a laptop": from the index, "Set up a device", one "Allow" as alice, her Doorbell, camera.
      const camera = await context.newPage();
      await camera.goto(`${stack.web.url}/`);
      await camera.click('text=Set up a device');
      await camera.waitForURL(`${stack.web.url}/camera/setup.html`);
      await signIn(camera, 'alice@example.com');
      expect(await camera.locator('#doorbell option').allTextContents()).toEqual(['Doorbell']);
      await camera.check('input[name=role][value=camera]');
      await camera.fill('#label', 'Camera laptop');
      await camera.screenshot({ path: path.join(screenshots, 'setup-page.png'), fullPage: true });
      await camera.click('#enroll');
      await camera.waitForURL(`${stack.web.url}/camera/camera.html`);
      await stack.kvs.control.waitForMaster(frontDoor.channelArn, 20_000);
      await expect.poll(() => camera.locator('#device-line').textContent()).toMatch(/“Camera laptop”, the camera of Doorbell\. It started by itself/);

      // Alice's Echo Show: link the skill through the local Login with Amazon, as in the Alexa app.
      const echo = await context.newPage();
      await echo.goto(`${stack.web.url}/echo-show/?user=alice`);
      await expect.poll(() => echo.locator('#link-state').textContent(), { timeout: 10_000 }).toBe('Doorbell skill not linked');
      await echo.click('#link');
      await echo.waitForURL(/\/ap\/oa/);
      await echo.check('input[name=email][value="alice@example.com"]');
      await echo.click('button[value=allow]');
      await echo.waitForURL(`${stack.web.url}/echo-show/?user=alice`);
      await expect.poll(() => echo.locator('#link-state').textContent(), { timeout: 10_000 }).toContain('linked (alice@example.com)');
      // Discovery found her doorbell; ReportState says its camera is online (the camera page's heartbeat).
      await expect.poll(() => echo.locator('.device h2').allTextContents(), { timeout: 10_000 }).toEqual(['Doorbell']);
      await Promise.all([echo.waitForResponse((r) => r.url().endsWith('/discover')), echo.click('#discover')]);
      await expect.poll(() => echo.locator('.device .connectivity').textContent(), { timeout: 20_000 }).toBe('Camera online');
      await echo.waitForFunction(() => document.getElementById('screen')?.dataset.listening === 'true');
      await echo.screenshot({ path: path.join(screenshots, 'echo-show-home.png') });

      // "Alexa, show me the front door": live video, Alexa's microphone off.
      let t = Date.now();
      await echo.click('.device .show');
      await expect.poll(() => callState(echo), { timeout: 20_000 }).toBe('connected');
      const shown = await waitFor(() => echoStats(echo), (s) => (s?.framesDecoded ?? 0) > 15 && (s?.framesPresented ?? 0) > 5, 20_000, 'decoded video frames');
      timings.showToFrames = Date.now() - t;
      expect(shown?.videoCodec).toBe('video/H264');
      expect(await echo.getAttribute('#talk', 'aria-pressed')).toBe('false');
      const alexaSession = await waitFor(() => cameraSessions(camera), (l) => l.some((s) => s.kind === 'alexa' && s.state === 'connected'), 20_000, 'the camera’s Alexa session');
      expect(alexaSession.filter((s) => s.kind === 'alexa')).toHaveLength(1);
      await waitFor(() => echoStats(echo), (s) => (s?.framesDecoded ?? 0) > 60, 20_000, 'a few seconds of video');
      await echo.screenshot({ path: path.join(screenshots, 'echo-show.png') });

      // Hang up: the session ends on the Echo Show and on the camera.
      t = Date.now();
      await echo.click('#hangup');
      await expect.poll(() => callState(echo), { timeout: 10_000 }).toBe('idle');
      await waitFor(() => cameraSessions(camera), (l) => l.length === 0, 30_000, 'the camera’s session list to empty');
      timings.hangUpToCameraEmpty = Date.now() - t;
      // The session's lifecycle reached the skill as Alexa reports it.
      for (const name of ['InitiateSessionWithOffer', 'SessionConnected', 'SessionDisconnected']) {
        await expect.poll(() => lambdaLog.some((l) => l.includes(`"directive":"Alexa.RTCSessionController.${name}"`)), { timeout: 10_000 }).toBe(true);
      }

      // "Alexa, talk to the front door": microphone on, audio both ways.
      await echo.click('.device .talk');
      await expect.poll(() => callState(echo), { timeout: 20_000 }).toBe('connected');
      expect(await echo.getAttribute('#talk', 'aria-pressed')).toBe('true');
      const talking = await waitFor(() => echoStats(echo), (s) => (s?.audioEnergyReceived ?? 0) > 0 && (s?.audioPacketsSent ?? 0) > 50, 20_000, 'audio from the doorbell');
      expect(talking?.audioPacketsReceived).toBeGreaterThan(50);
      await waitFor(() => cameraSessions(camera), (l) => l.some((s) => s.kind === 'alexa' && (s.stats?.audioIn?.kbps ?? 0) > 0), 20_000, 'Alexa’s audio at the camera');
      await echo.click('#hangup');
      await expect.poll(() => callState(echo), { timeout: 10_000 }).toBe('idle');

      // A press on the announcement page: the Echo Show chimes, announces and shows the feed.
      const chimesBefore = await echo.evaluate(() => (window as unknown as { echoShow: { chimes(): number } }).echoShow.chimes());
      const announcer = await context.newPage();
      await setUpBySigningIn(announcer, `${stack.web.url}/camera/setup.html`, { email: 'alice@example.com', endpointId: 'front-door', role: 'button', label: 'Front door button' });
      // The page is ready once it has looked the doorbell up (its press handler is attached then).
      await expect.poll(() => announcer.locator('#doorbell-state').textContent(), { timeout: 15_000 }).toBe('Camera online');
      t = Date.now();
      await announcer.click('#press:not([disabled])');
      await expect.poll(() => announcer.locator('#result').getAttribute('data-outcome'), { timeout: 15_000 }).toBe('DELIVERED');
      await expect.poll(() => echo.locator('#announce-banner').textContent(), { timeout: 15_000 }).toBe('Someone is at the Doorbell');
      expect(await echo.evaluate(() => (window as unknown as { echoShow: { chimes(): number } }).echoShow.chimes())).toBe(chimesBefore + 1);
      await expect.poll(() => callState(echo), { timeout: 20_000 }).toBe('connected');
      await waitFor(() => echoStats(echo), (s) => (s?.framesDecoded ?? 0) > 15, 20_000, 'the announced feed’s frames');
      timings.pressToFrames = Date.now() - t;
      await echo.screenshot({ path: path.join(screenshots, 'echo-show-announcement.png') });
      const press = await stack.gateway.control.waitForEvent((e) => e.name === 'DoorbellPress' && e.endpointId === 'front-door', 1000);
      expect(press.status).toBe(202);
      // Measured for the camera's tuning: what resolution an Echo-Show-shaped session reaches after a few seconds.
      await echo.waitForTimeout(8000);
      const later = await echoStats(echo);
      measured.videoAfter10s = `${later?.frameWidth}x${later?.frameHeight}`;
      // The announcement's feed closes by itself (15 s on the device); every session has ended on the camera too.
      await expect.poll(() => callState(echo), { timeout: 40_000, interval: 1000 }).toBe('idle');
      await waitFor(() => cameraSessions(camera), (l) => l.length === 0, 30_000, 'the camera’s session list to empty');

      // A KVS viewer anywhere watches the same doorbell (trickle ICE), alongside the camera's other sessions.
      const viewer = await context.newPage();
      await setUpBySigningIn(viewer, `${stack.web.url}/camera/setup.html`, { email: 'alice@example.com', endpointId: 'front-door', role: 'viewer', label: 'Phone' });
      await expect
        .poll(() => viewer.evaluate(() => window.doorbellViewer?.connectionState() ?? window.doorbellViewerError), { timeout: 30_000 })
        .toBe('connected');
      await waitFor(() => cameraSessions(camera), (l) => l.some((s) => s.kind === 'viewer' && s.state === 'connected'), 20_000, 'the camera’s viewer session');
      await viewer.close();

      // Bob links his own account: discovery shows his garage, never alice's front door.
      const bobEcho = await context.newPage();
      await bobEcho.goto(`${stack.web.url}/echo-show/?user=bob`);
      await bobEcho.click('#link');
      await bobEcho.waitForURL(/\/ap\/oa/);
      await bobEcho.check('input[name=email][value="bob@example.com"]');
      await bobEcho.click('button[value=allow]');
      await bobEcho.waitForURL(`${stack.web.url}/echo-show/?user=bob`);
      await expect.poll(() => bobEcho.locator('.device h2').allTextContents(), { timeout: 10_000 }).toEqual(['Garage']);
      await bobEcho.screenshot({ path: path.join(screenshots, 'echo-show-bob.png') });
      // His garage has no camera page running: Alexa's answer is ENDPOINT_UNREACHABLE, said in words.
      await bobEcho.click('.device .show');
      await expect.poll(() => bobEcho.locator('#toast').textContent(), { timeout: 20_000 }).toBe("Garage isn't responding. Is its camera page open?");
      await expect.poll(() => callState(bobEcho), { timeout: 10_000 }).not.toBe('connected');
      // And the skill itself refuses bob's token for alice's doorbell.
      const saved = JSON.parse(await readFile(path.join(dataDir, 'alexa', 'alexa-users.json'), 'utf8')) as AlexaUserState[];
      const bobToken = saved.find((u) => u.user === 'bob')!.link!.accessToken;
      const lambda = new LambdaClient({ endpoint: stack.services['Lambda Invoke API'], region: 'us-east-1', credentials: stack.account.credentials });
      const out = await lambda.send(new InvokeCommand({ FunctionName: stack.lambda.functionName, Payload: new TextEncoder().encode(JSON.stringify(reportState(bobToken, 'front-door'))) }));
      lambda.destroy();
      const answer = JSON.parse(new TextDecoder().decode(out.Payload)) as { event: { header: { name: string }; payload: { type?: string } } };
      expect(answer.event.header.name).toBe('ErrorResponse');
      expect(answer.event.payload.type).toBe('NO_SUCH_ENDPOINT');
    } finally {
      await context.close();
    }
  }, 240_000);

  it('keeps the linked account and the doorbells on a second start with the same data directory', async () => {
    const before = (await (await fetch(`${stack.web.url}/alexa/api/users/alice/link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { linked: boolean };
    expect(before.linked).toBe(true);
    const channelArn = stack.doorbells.get('front-door')!.channelArn;
    await stack.close();
    stack = await start();

    const alice = (await (await fetch(`${stack.web.url}/alexa/api/users/alice`)).json()) as { linked: boolean; endpoints: { endpointId: string }[] };
    expect(alice.linked).toBe(true);
    expect(alice.endpoints.map((e) => e.endpointId)).toEqual(['front-door']);
    expect(stack.doorbells.get('front-door')?.channelArn).toBe(channelArn);
    // The link still works against the restarted skill, LWA and registry: discovery and ReportState answer.
    const rediscovered = (await (await fetch(`${stack.web.url}/alexa/api/users/alice/discover`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { endpoints: { endpointId: string }[] };
    expect(rediscovered.endpoints.map((e) => e.endpointId)).toEqual(['front-door']);
    const state = await fetch(`${stack.web.url}/alexa/api/users/alice/devices/front-door/state`);
    expect(state.status).toBe(200);
  }, 60_000);
});
