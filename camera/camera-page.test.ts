import { mkdirSync, readFileSync } from 'node:fs';
import { createSocket, type Socket } from 'node:dgram';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMissingH264Fmtp } from './sdp/h264-offer.js';
import { summarizeSdp, fmtpParameters } from '../contracts/sdp/sections.js';
import { encodeSdpMessage, MAX_MESSAGE_PAYLOAD_CHARS } from '../contracts/kvs/alexa-offer.js';
import { candidatesIn, countCandidateTypes } from './sdp/candidates.js';
import { buildPagesForTest, startCameraWorld, type CameraWorld, ALEXA_DEADLINE_MS, BLANK_PAGE_PATH } from './testing/camera-world.js';
import { LOCAL_REGION } from '../infra/local/local-account.js';
import { startDeviceApiStub, type DeviceApiStub } from './testing/device-api-stub.js';
import { launchChromium } from './testing/chromium.js';
import { waitFor } from './testing/wait-for.js';
import { reshapeAsEchoShowOffer } from '../contracts/sdp/echo-show-offer.js';
import { applyOffererAnswer, closeOfferer, createOffererOffer, offererCounters } from './testing/offerer.js';
import type { CameraPageHandle } from './camera-page.js';
import type { SessionInfo } from './sessions/session-manager.js';

const DOORBELL = 'front-door';

let pages: Awaited<ReturnType<typeof buildPagesForTest>>;
let stack: CameraWorld;
let browser: Browser;
let context: BrowserContext;
let camera: Page;
let offerer: Page;
let viewerPage: Page;
let stunStack: CameraWorld | undefined;
let deviceApi: DeviceApiStub;
let stun: Socket | undefined;

const cameraHandle = <T>(page: Page, fn: (h: CameraPageHandle) => T | Promise<T>) =>
  page.evaluate(`(${fn.toString()})(window.doorbellCamera)`) as Promise<T>;

/** Sets `page` up as the doorbell's camera (a one-time setup link) and waits for it to signal. */
async function openCamera(page: Page, world: CameraWorld = stack, endpointId = DOORBELL): Promise<void> {
  await world.setUp(page, 'camera', endpointId);
  await waitFor(() => page.evaluate(() => window.doorbellCamera?.signalingState().kind ?? window.doorbellCameraError), (v) => v === 'open', 15_000, 'the camera signaling to open');
}

async function sessions(page: Page): Promise<SessionInfo[]> {
  return cameraHandle(page, (h) => h.sampleStats());
}

/** Runs one Echo-Show-shaped offer through SendAlexaOfferToMaster and applies the answer. */
async function alexaSession(id: string) {
  const original = await createOffererOffer(offerer, id);
  const shaped = reshapeAsEchoShowOffer(original);
  const { answer, elapsedMs } = await stack.sendAlexaOffer(DOORBELL, `amzn1.echo-api.session.${id}`, shaped.sdp);
  await applyOffererAnswer(offerer, id, shaped.restoreAnswer(answer));
  return { offer: shaped.sdp, answer, elapsedMs };
}

async function mediaFlowing(id: string, minFrames = 10) {
  await expect
    .poll(async () => {
      const c = await offererCounters(offerer, id);
      return c.framesDecoded >= minFrames && c.framesPlayed > 0 && c.audioPacketsReceived > 10;
    }, { timeout: 20_000 })
    .toBe(true);
}

beforeAll(async () => {
  pages = await buildPagesForTest();
  deviceApi = await startDeviceApiStub({
    // The pages sign with what the world's STS issued them (as a page role of theirs).
    lookupCredentials: (id) => stack?.sts.callerCredentials(id),
    region: LOCAL_REGION,
    service: 'lambda',
    doorbell: { endpointId: DOORBELL, name: 'Front door', channelName: 'doorbell-front-door', channelArn: 'arn', online: true, linked: true },
  });
  stack = await startCameraWorld({
    pages,
    deviceApiUrl: deviceApi.url,
    doorbells: [DOORBELL],
  });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  camera = await context.newPage();
  offerer = await context.newPage();
  await offerer.goto(`${stack.web.url}${BLANK_PAGE_PATH}`);
  await openCamera(camera);
});

afterAll(async () => {
  await browser?.close();
  await stunStack?.close();
  await deviceApi?.close();
  stun?.close();
  await stack?.close();
  await pages?.remove();
});

describe('camera page as the KVS master', () => {
  it('lets a viewer page connect with trickle ICE and receive decoded video frames and audio', async () => {
    const viewer = await context.newPage();
    await stack.setUp(viewer, 'viewer', DOORBELL);
    await expect.poll(() => viewer.evaluate(() => window.doorbellViewer?.connectionState() ?? window.doorbellViewerError), { timeout: 20_000 }).toBe('connected');
    await expect
      .poll(async () => {
        const s = await viewer.evaluate(() => window.doorbellViewer!.stats());
        return (s?.framesDecoded ?? 0) > 10 && (s?.audioPacketsReceived ?? 0) > 10;
      }, { timeout: 20_000 })
      .toBe(true);
    const list = await sessions(camera);
    const viewerSession = list.find((s) => s.kind === 'viewer');
    expect(viewerSession?.state).toBe('connected');
    expect(viewerSession?.clientId).toBe(await viewer.evaluate(() => window.doorbellViewer!.clientId));
    viewerPage = viewer;
  });

  it('carries the viewer\'s talk-back to the camera only while the talk button is held', async () => {
    const level = async () => (await sessions(camera)).find((s) => s.kind === 'viewer')?.stats?.audioInLevel ?? -1;
    await camera.waitForTimeout(1_000);
    expect(await level()).toBeLessThan(0.001);
    await viewerPage.locator('#talk').dispatchEvent('pointerdown');
    expect(await viewerPage.evaluate(() => window.doorbellViewer!.talking())).toBe(true);
    await expect.poll(level, { timeout: 10_000 }).toBeGreaterThan(0.01);
    await viewerPage.locator('#talk').dispatchEvent('pointerup');
    await expect.poll(level, { timeout: 10_000 }).toBeLessThan(0.001);
  });

  it('answers an Echo-Show-shaped offer from SendAlexaOfferToMaster within the deadline, all candidates inline, H.264 mode 1 and opus', async () => {
    const { offer, answer, elapsedMs } = await alexaSession('a1');
    expect(elapsedMs).toBeLessThan(ALEXA_DEADLINE_MS);
    // The offer really had the Echo Show's quirks.
    const sentOffer = summarizeSdp(offer);
    expect(sentOffer.bundle).toEqual(['audio0', 'video0']);
    const offeredH264 = sentOffer.media[1]!.codecs;
    expect(offeredH264).toHaveLength(1);
    expect(offeredH264[0]).toMatchObject({ name: 'H264', clockRate: 90000 });
    expect(offeredH264[0]!.fmtp).toBeUndefined();
    const offeredOpus = sentOffer.media[0]!.codecs[0]!;
    expect(offer).not.toContain('ice-options:trickle');

    const summary = summarizeSdp(answer);
    expect(summary.bundle).toEqual(['audio0', 'video0']);
    const [audio, video] = summary.media;
    expect(audio!.candidates.length).toBeGreaterThan(0);
    expect(audio!.endOfCandidates).toBe(true);
    expect(answer).not.toContain('ice-options:trickle');
    expect(audio!.codecs[0]).toMatchObject({ payloadType: offeredOpus.payloadType, name: 'opus', clockRate: 48000 });
    expect(audio!.direction).toBe('sendrecv');
    expect(video!.codecs).toHaveLength(1);
    expect(video!.codecs[0]).toMatchObject({ payloadType: offeredH264[0]!.payloadType, name: 'H264' });
    expect(fmtpParameters(video!.codecs[0]!.fmtp)).toMatchObject({ 'packetization-mode': '1', 'profile-level-id': '42e01f' });
    expect(video!.direction).toBe('sendonly');

    // Relay candidates through the world's TURN server, over UDP and over TCP, in the one answer.
    const types = countCandidateTypes(candidatesIn(answer));
    expect(types.host).toBeGreaterThan(0);
    expect(types.relay).toBeGreaterThanOrEqual(2);
    expect(encodeSdpMessage('answer', answer).length).toBeLessThanOrEqual(MAX_MESSAGE_PAYLOAD_CHARS);
    // The page says what the answer carried, on its handle and in its sessions table.
    const session = (await sessions(camera)).find((s) => s.clientId === 'alexa.amzn1.echo-api.session.a1');
    expect(session?.answer).toMatchObject({ mode: 'complete', gatheringComplete: true, candidates: types, payloadChars: encodeSdpMessage('answer', answer).length, dropped: [] });
    await expect.poll(() => camera.locator('#sessions tr[data-client-id="alexa.amzn1.echo-api.session.a1"] td.answer').textContent()).toBe(`complete: ${types.host} host, ${types.srflx} srflx, ${types.relay} relay`);
  });

  it('then carries media both ways: the offerer gets H.264 video and audio, the camera gets the offerer\'s audio', async () => {
    await mediaFlowing('a1');
    const counters = await offererCounters(offerer, 'a1');
    expect(counters.videoCodec).toMatch(/H264.*packetization-mode=1/);
    expect(counters.audioCodec).toMatch(/opus/);
    await expect
      .poll(async () => (await sessions(camera)).find((s) => s.kind === 'alexa')?.stats?.audioPacketsReceived ?? 0, { timeout: 15_000 })
      .toBeGreaterThan(10);
    const alexa = (await sessions(camera)).find((s) => s.clientId === 'alexa.amzn1.echo-api.session.a1');
    expect(alexa?.state).toBe('connected');
    expect(alexa?.stats?.videoCodec).toMatch(/H264/);
  });

  it('reconnects after the emulator drops its signaling connection, keeps the running session, and answers the next offer', async () => {
    const before = await offererCounters(offerer, 'a1');
    const channelArn = stack.doorbells.get(DOORBELL)!.channelArn;
    expect(stack.kvs.control.dropClient(channelArn)).toBe(true);
    await waitFor(() => cameraHandle(camera, (h) => h.signalingState().kind), (k) => k !== 'open', 5_000, 'the camera to notice the drop');
    await waitFor(() => cameraHandle(camera, (h) => h.signalingState().kind), (k) => k === 'open', 20_000, 'the camera to reconnect');
    await stack.kvs.control.waitForMaster(channelArn, 5_000);
    await expect.poll(async () => (await offererCounters(offerer, 'a1')).framesDecoded, { timeout: 10_000 }).toBeGreaterThan(before.framesDecoded + 10);
    const next = await alexaSession('a2');
    expect(next.elapsedMs).toBeLessThan(ALEXA_DEADLINE_MS);
    await mediaFlowing('a2');
    await closeOfferer(offerer, 'a2');
  });

  it('reconnects at once after GO_AWAY and answers the next offer while the earlier session keeps its media', async () => {
    const before = await offererCounters(offerer, 'a1');
    const channelArn = stack.doorbells.get(DOORBELL)!.channelArn;
    const opensBefore = await cameraHandle(camera, (h) => (h.signalingState() as { since?: number }).since ?? 0);
    expect(stack.kvs.control.goAway(channelArn)).toBe(true);
    await waitFor(
      () => cameraHandle(camera, (h) => h.signalingState() as { kind: string; since?: number }),
      (s) => s.kind === 'open' && (s.since ?? 0) > opensBefore,
      20_000,
      'a new signaling connection after GO_AWAY',
    );
    const next = await alexaSession('a3');
    expect(next.elapsedMs).toBeLessThan(ALEXA_DEADLINE_MS);
    await mediaFlowing('a3');
    expect((await offererCounters(offerer, 'a1')).framesDecoded).toBeGreaterThan(before.framesDecoded);
  });

  it('gives two simultaneous Alexa sessions media each, the second not cutting the first\'s audio', async () => {
    const firstAudio = (await offererCounters(offerer, 'a1')).audioPacketsReceived;
    const cameraSide = () => sessions(camera).then((l) => l.find((s) => s.clientId.endsWith('.a1'))?.stats?.audioPacketsReceived ?? 0);
    const firstInbound = await cameraSide();
    // a3 is still up: now two Alexa sessions (a1, a3) run side by side.
    const list = await sessions(camera);
    expect(list.filter((s) => s.kind === 'alexa' && s.state === 'connected').map((s) => s.clientId)).toEqual(
      expect.arrayContaining(['alexa.amzn1.echo-api.session.a1', 'alexa.amzn1.echo-api.session.a3']),
    );
    await expect.poll(async () => (await offererCounters(offerer, 'a1')).audioPacketsReceived, { timeout: 10_000 }).toBeGreaterThan(firstAudio + 20);
    await expect.poll(cameraSide, { timeout: 10_000 }).toBeGreaterThan(firstInbound + 20);
    const a3 = await offererCounters(offerer, 'a3');
    await expect.poll(async () => (await offererCounters(offerer, 'a3')).framesDecoded, { timeout: 10_000 }).toBeGreaterThan(a3.framesDecoded);
  });

  it('mutes the microphone for every session, plays Alexa at the chosen volume, and switches microphones in place', async () => {
    const level = async () => (await offererCounters(offerer, 'a1')).audioLevel;
    await expect.poll(level, { timeout: 10_000 }).toBeGreaterThan(0.01);
    await camera.check('#mute');
    await expect.poll(level, { timeout: 10_000 }).toBeLessThan(0.001);
    await camera.uncheck('#mute');
    await expect.poll(level, { timeout: 10_000 }).toBeGreaterThan(0.01);

    await camera.locator('#volume').fill('0.25');
    const volumes = await camera.locator('#remote-audio audio').evaluateAll((els) => els.map((e) => (e as HTMLAudioElement).volume));
    expect(volumes.length).toBeGreaterThanOrEqual(2);
    expect(volumes.every((v) => v === 0.25)).toBe(true);

    const mics = await camera.locator('#mic-select option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    const current = await camera.locator('#mic-select').inputValue();
    const other = mics.find((m) => m !== current)!;
    expect(other).toBeDefined();
    await camera.selectOption('#mic-select', other);
    await expect.poll(() => camera.evaluate(() => window.doorbellCamera!.localTrackSettings().audio?.deviceId)).toBe(other);
    const before = (await offererCounters(offerer, 'a1')).audioPacketsReceived;
    await expect.poll(async () => (await offererCounters(offerer, 'a1')).audioPacketsReceived, { timeout: 10_000 }).toBeGreaterThan(before + 20);
    await expect.poll(level, { timeout: 10_000 }).toBeGreaterThan(0.01);
  });

  it('opens the microphone with echo cancellation, noise suppression and auto gain control', async () => {
    const { audio: settings } = await cameraHandle(camera, (h) => h.localTrackSettings());
    const { audio: constraints } = await cameraHandle(camera, (h) => h.localTrackConstraints());
    for (const name of ['echoCancellation', 'noiseSuppression', 'autoGainControl'] as const) {
      expect(constraints?.[name], name).toBe(true);
      expect(settings?.[name], name).toBe(true);
    }
  });

  it('frees a session when its peer goes away, leaving the others', async () => {
    await closeOfferer(offerer, 'a3');
    // The peer's DTLS close usually ends a session at once; if it is missed, ICE ends it (about 30 s).
    const left = await waitFor(() => sessions(camera), (l) => !l.some((s) => s.clientId.endsWith('.a3') || s.clientId.endsWith('.a2')), 40_000, 'the a2 and a3 sessions to be closed');
    expect(left.find((s) => s.clientId.endsWith('.a1'))?.state).toBe('connected');
  }, 60_000);

  it('shows the camera page and the viewer page (screenshots for the README)', async () => {
    mkdirSync('docs/screenshots', { recursive: true });
    await camera.waitForTimeout(2_500);
    const rows = await camera.locator('#sessions tr').count();
    expect(rows).toBeGreaterThanOrEqual(2);
    await camera.screenshot({ path: 'docs/screenshots/camera-page.png', fullPage: true });
    await viewerPage.screenshot({ path: 'docs/screenshots/viewer-page.png' });
  });
});

describe('camera page failures and limits', () => {
  it('answers the recorded Echo Show offer shape (fmtp-less H.264, TCP candidates) with packetization-mode=1', async () => {
    const fixture = readFileSync(new URL('./sdp/fixtures/echo-show-offer.sdp', import.meta.url), 'utf8');
    const { answer, elapsedMs } = await stack.sendAlexaOffer(DOORBELL, 'amzn1.echo-api.session.fixture', fixture);
    expect(elapsedMs).toBeLessThan(ALEXA_DEADLINE_MS);
    const [audio, video] = summarizeSdp(answer).media;
    expect(audio!.codecs[0]).toMatchObject({ payloadType: 96, name: 'opus' });
    expect(video!.codecs).toEqual([{ payloadType: 99, name: 'H264', clockRate: 90000, fmtp: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f' }]);
    expect(video!.direction).toBe('sendonly');
    expect(audio!.endOfCandidates).toBe(true);
  });

  it('still answers an Alexa offer within the deadline when the STUN server never answers', async () => {
    stun = createSocket('udp4');
    await new Promise<void>((resolve) => stun!.bind(0, '127.0.0.1', resolve));
    stunStack = await startCameraWorld({ pages, doorbells: [DOORBELL], iceServers: [{ Uris: [`stun:127.0.0.1:${stun.address().port}`] }] });
    // The STUN world's pages are on another origin: a grant of their own in the same context.
    const page = await context.newPage();
    await openCamera(page, stunStack);
    expect(await page.evaluate(() => window.doorbellCamera!.iceServers())).toEqual([{ urls: [`stun:127.0.0.1:${stun!.address().port}`] }]);
    const stunRequests: number[] = [];
    stun.on('message', () => stunRequests.push(Date.now()));
    // Chromium ends gathering early once a connection to the offer's candidates works, so the
    // offer goes without candidates: gathering then hangs on the silent STUN server, as it does
    // when the network is slow, and only the deadline gets the answer out.
    const shaped = reshapeAsEchoShowOffer(await createOffererOffer(offerer, 'stun'));
    const withoutCandidates = shaped.sdp.replace(/a=candidate:[^\r\n]*\r\n/g, '');
    const { answer, elapsedMs } = await stunStack.sendAlexaOffer(DOORBELL, 'amzn1.echo-api.session.stun', withoutCandidates);
    expect(elapsedMs).toBeLessThan(ALEXA_DEADLINE_MS);
    expect(stunRequests.length).toBeGreaterThan(0);
    const [audio] = summarizeSdp(answer).media;
    expect(audio!.candidates.length).toBeGreaterThan(0);
    expect(audio!.endOfCandidates).toBe(true);
    const session = (await page.evaluate(() => window.doorbellCamera!.sessions())).find((s) => s.clientId.endsWith('stun'));
    expect(session?.answer?.gatheringComplete).toBe(false);
    // The offerer has the camera's candidates; its checks reach the camera (peer-reflexive) and media flows.
    await applyOffererAnswer(offerer, 'stun', shaped.restoreAnswer(answer));
    await mediaFlowing('stun');
    await closeOfferer(offerer, 'stun');
    await page.close();
  });

  it('says so when the credentials are refused', async () => {
    // A second camera of this origin needs its own context (one grant per role); its exchanges' secret is spoilt on the way.
    const other = await browser.newContext();
    await other.route(`${stack.accessApi.endpoint}/v1/access/credentials`, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { credentials?: { secretAccessKey: string } };
      if (body.credentials) body.credentials.secretAccessKey = 'not-the-secret';
      await route.fulfill({ response, json: body });
    });
    const page = await other.newPage();
    await stack.setUp(page, 'camera', DOORBELL);
    await waitFor(() => page.evaluate(() => window.doorbellCameraError), (v) => typeof v === 'string', 15_000, 'an error message');
    await expect.poll(() => page.locator('#error').textContent()).toMatch(/refused this page's credentials/);
    await other.close();
  });

  it('says so when the signaling channel does not exist', async () => {
    const other = await browser.newContext();
    const page = await other.newPage();
    await stack.registerWithoutChannel('no-such-channel');
    await stack.setUp(page, 'camera', 'no-such-channel');
    await expect.poll(() => page.locator('#error').textContent(), { timeout: 15_000 }).toMatch(/does not exist/);
    await other.close();
  });

  it('reports itself online with signed heartbeats, and says so when the doorbell service is unreachable', async () => {
    expect(deviceApi.calls.some((c) => c.method === 'PUT' && c.body === '{"online":true}' && c.signed)).toBe(true);
    await expect.poll(() => camera.locator('#online-state').textContent()).toMatch(/sees the doorbell online/);
    const page = await context.newPage();
    await stunStack!.setUp(page, 'camera', DOORBELL);
    await expect.poll(() => page.locator('#online-state').textContent(), { timeout: 15_000 }).toMatch(/unreachable, retrying in \d+ s/);
    await page.close();
  });

  it('rings the doorbell from the camera page and shows what became of it', async () => {
    deviceApi.pressResponse = { outcome: 'DELIVERED', message: 'The doorbell press reached Alexa.', region: 'NA' };
    await camera.click('#doorbell-button');
    await expect.poll(() => camera.locator('#press-result').textContent()).toMatch(/Delivered: Alexa announces the doorbell \(Alexa NA region\)/);
    const presses = deviceApi.calls.filter((c) => c.method === 'POST' && c.path === `/v1/doorbells/${DOORBELL}/press`);
    expect(presses.length).toBeGreaterThan(0);
    expect(presses.every((c) => c.signed)).toBe(true);
  });
});

describe('doorbell announcement page', () => {
  it('presses the doorbell through the device API and shows the outcome with what to do', async () => {
    const page = await context.newPage();
    await stack.setUp(page, 'button', DOORBELL);
    await expect.poll(() => page.locator('#doorbell-details').textContent()).toMatch(/Front door: camera online, linked to Alexa/);
    deviceApi.pressResponse = { outcome: 'RELINK_REQUIRED', message: 'Alexa no longer accepts this doorbell\'s link.' };
    const before = deviceApi.calls.length;
    await page.click('#press');
    await expect.poll(() => page.locator('#result').getAttribute('data-outcome')).toBe('RELINK_REQUIRED');
    expect(await page.locator('#result').textContent()).toMatch(/Link expired.*link it again/);
    const press = deviceApi.calls.slice(before).find((c) => c.method === 'POST');
    expect(press).toMatchObject({ path: `/v1/doorbells/${DOORBELL}/press`, signed: true, body: '{}' });
    deviceApi.pressResponse = { outcome: 'DELIVERED', message: 'The doorbell press reached Alexa.', region: 'EU' };
    await page.click('#press');
    await expect.poll(() => page.locator('#result').getAttribute('data-outcome')).toBe('DELIVERED');
    await page.close();
  });

  it('says the doorbell service cannot be reached instead of failing silently', async () => {
    const page = await context.newPage();
    await stunStack!.setUp(page, 'button', DOORBELL);
    await expect.poll(() => page.locator('#doorbell-state').textContent(), { timeout: 10_000 }).toBe('Doorbell service unreachable');
    await page.click('#press');
    await expect.poll(() => page.locator('#result').getAttribute('data-outcome')).toBe('ERROR');
    expect(await page.locator('#result').textContent()).toMatch(/cannot be reached/);
    await page.close();
  });
});

describe('the Chromium behaviour behind the camera\'s decisions', () => {
  it('answers the fmtp-less Echo Show offer with packetization-mode=0 unless the offer is rewritten first', async () => {
    const fixture = readFileSync(new URL('./sdp/fixtures/echo-show-offer.sdp', import.meta.url), 'utf8');
    const answerFmtp = (sdp: string) =>
      offerer.evaluate(async (sdp) => {
        const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
        const pc = new RTCPeerConnection();
        await pc.setRemoteDescription({ type: 'offer', sdp });
        for (const t of pc.getTransceivers()) await t.sender.replaceTrack(t.receiver.track.kind === 'video' ? media.getVideoTracks()[0]! : media.getAudioTracks()[0]!);
        const answer = await pc.createAnswer();
        pc.close();
        media.getTracks().forEach((t) => t.stop());
        return /a=fmtp:99 ([^\r\n]*)/.exec(answer.sdp ?? '')?.[1] ?? '';
      }, sdp);
    expect(fmtpParameters(await answerFmtp(fixture))['packetization-mode']).toBe('0');
    expect(fmtpParameters(await answerFmtp(addMissingH264Fmtp(fixture)))).toMatchObject({ 'packetization-mode': '1', 'profile-level-id': '42e01f' });
  });

  /** In the offerer page: an answerer with the world's TURN server answers an Echo-Show-shaped offer, with its candidates at once or none. */
  const answererCandidates = async (withOfferCandidates: boolean, clientName: string) => {
    const [server] = stack.turn!.iceServers(clientName);
    const iceServers = [{ urls: server!.Uris, username: server!.Username, credential: server!.Password }];
    const candidates = await offerer.evaluate(
      async ({ iceServers, withOfferCandidates, poolWaitMs }) => {
        const remote = new RTCPeerConnection();
        const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
        remote.addTransceiver(mic.getAudioTracks()[0]!, { direction: 'sendrecv' });
        await remote.setLocalDescription(await remote.createOffer());
        await new Promise<void>((r) => (remote.iceGatheringState === 'complete' ? r() : remote.addEventListener('icegatheringstatechange', () => remote.iceGatheringState === 'complete' && r())));
        const offer = remote.localDescription!.sdp;
        const pc = new RTCPeerConnection({ iceServers, iceCandidatePoolSize: 1, bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
        await new Promise((r) => setTimeout(r, poolWaitMs));
        await pc.setRemoteDescription({ type: 'offer', sdp: withOfferCandidates ? offer : offer.replace(/a=candidate:[^\r\n]*\r\n/g, '') });
        await pc.setLocalDescription(await pc.createAnswer());
        await new Promise<void>((r) => (pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r())));
        const candidates = pc.localDescription!.sdp.split('\r\n').filter((l) => l.startsWith('a=candidate:'));
        pc.close();
        remote.close();
        mic.getTracks().forEach((t) => t.stop());
        return candidates;
      },
      { iceServers, withOfferCandidates, poolWaitMs: 1_000 },
    );
    return { candidates, username: server!.Username! };
  };

  it('stops gathering as soon as a pair to the offer\'s candidates works, before any relay candidate, unless they come later', async () => {
    const early = await answererCandidates(true, 'chromium-early');
    expect(early.candidates.filter((c) => c.includes(' typ relay'))).toEqual([]);
    const held = await answererCandidates(false, 'chromium-held');
    expect(held.candidates.filter((c) => c.includes(' typ relay')).length).toBeGreaterThanOrEqual(2);
  });

  it('does not use the candidate pool for an answer: the pooled TURN allocation is thrown away and the answer allocates again', async () => {
    const { candidates, username } = await answererCandidates(false, 'chromium-pool');
    expect(candidates.filter((c) => c.includes(' typ relay'))).toHaveLength(2);
    // One allocation per TURN URI (UDP, TCP) for the pool, made before the offer, and as many again for the answer.
    expect(stack.turn!.control.allocations(username)).toBe(4);
  });
});

describe('leaving', () => {
  it('reports the camera offline with the pre-signed keepalive request when the page goes away', async () => {
    const before = deviceApi.calls.length;
    await camera.close({ runBeforeUnload: true });
    await expect.poll(() => deviceApi.calls.slice(before).find((c) => c.body === '{"online":false}'), { timeout: 10_000 }).toMatchObject({ method: 'PUT', signed: true });
  });
});
