/**
 * The camera page (headless Chromium, the camera-tests world with its coturn) driven by werift, a
 * WebRTC stack in Node that is not a browser, offering the way an Echo Show does. The offer decides
 * how it is answered (RFC 8838/8840), not who sends it or by which path; relayed media crosses the
 * local TURN server; G.711 alone is enough for sound both ways.
 */
import { GetIceServerConfigCommand, KinesisVideoSignalingClient } from '@aws-sdk/client-kinesis-video-signaling';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSdpMessage, MAX_MESSAGE_PAYLOAD_CHARS } from '../contracts/kvs/alexa-offer.js';
import { splitSections, summarizeSdp } from '../contracts/sdp/sections.js';
import { TestPeer } from '../infra/local/kvs/test-support.js';
import type { CameraPageHandle } from './camera-page.js';
import { candidatesIn, countCandidateTypes } from './sdp/candidates.js';
import type { SessionInfo } from './sessions/session-manager.js';
import { ALEXA_DEADLINE_MS, buildPagesForTest, startCameraWorld, type CameraWorld } from './testing/camera-world.js';
import { launchChromium } from './testing/chromium.js';
import { waitFor } from './testing/wait-for.js';
import { WeriftPeer } from './testing/werift-peer.js';

const DOORBELL = 'front-door';
const fixture = readFileSync(new URL('./sdp/fixtures/echo-show-offer.sdp', import.meta.url), 'utf8');

let pages: Awaited<ReturnType<typeof buildPagesForTest>>;
let world: CameraWorld;
let browser: Browser;
let camera: Page;
const peers: WeriftPeer[] = [];
const viewers: TestPeer[] = [];

const cameraHandle = <T>(fn: (h: CameraPageHandle) => T | Promise<T>) => camera.evaluate(`(${fn.toString()})(window.doorbellCamera)`) as Promise<T>;
const sessionOf = async (clientId: string): Promise<SessionInfo | undefined> => (await cameraHandle((h) => h.sampleStats())).find((s) => s.clientId === clientId);

function peer(...args: ConstructorParameters<typeof WeriftPeer>): WeriftPeer {
  const p = new WeriftPeer(...args);
  peers.push(p);
  return p;
}

/** A KVS viewer over the signaling WebSocket (the real SignalingClient), on the world's channel. */
async function viewer(clientId: string): Promise<TestPeer> {
  const v = new TestPeer({ endpoint: world.kvs.endpoint, channelArn: world.doorbells.get(DOORBELL)!.channelArn, role: 'VIEWER', clientId, credentials: world.account.credentials });
  viewers.push(v);
  await v.open();
  return v;
}

/** The parts of an offer that make it the Echo Show's: bundle, codecs, directions, feedback, ice-options. */
function echoShowShape(sdp: string) {
  const summary = summarizeSdp(sdp);
  return {
    bundle: summary.bundle,
    iceOptions: [...summary.iceOptions, ...summary.media.flatMap((m) => m.iceOptions)],
    media: summary.media.map((m, i) => ({
      kind: m.kind,
      mid: m.mid,
      direction: m.direction,
      codecs: m.codecs.map((c) => `${c.payloadType} ${c.name.toLowerCase()}/${c.clockRate}${m.kind === 'video' && c.fmtp !== undefined ? ' with fmtp' : ''}`),
      feedback: splitSections(sdp).media[i]!.filter((l) => l.startsWith('a=rtcp-fb:')),
      hasCandidates: m.candidates.length > 0,
    })),
  };
}

/** What a complete answer is: candidates in every section that has any, end-of-candidates after them, no trickle. */
function expectComplete(answer: string): void {
  const summary = summarizeSdp(answer);
  expect(summary.media[0]!.candidates.length).toBeGreaterThan(0);
  expect(summary.media.filter((m) => m.candidates.length > 0).every((m) => m.endOfCandidates)).toBe(true);
  expect(answer).not.toContain('a=ice-options:trickle');
  expect(encodeSdpMessage('answer', answer).length).toBeLessThanOrEqual(MAX_MESSAGE_PAYLOAD_CHARS);
}

/** werift gets the camera's audio and H.264 video (FU-A fragments: packetization-mode 1), and the camera gets werift's audio. */
async function mediaBothWays(p: WeriftPeer, clientId: string, audioPayloadType: number): Promise<SessionInfo> {
  await expect
    .poll(() => ({ connected: p.connectionState(), audio: p.received.audio.packets > 25, video: p.received.video.packets > 50, fuA: p.received.video.fuA > 0 }), { timeout: 20_000 })
    .toEqual({ connected: 'connected', audio: true, video: true, fuA: true });
  expect(p.received.video.payloadTypes).toEqual([99]);
  expect(p.received.audio.payloadTypes).toEqual([audioPayloadType]);
  return waitFor(() => sessionOf(clientId), (s) => (s?.stats?.audioPacketsReceived ?? 0) > 25, 15_000, `the camera to receive ${clientId}'s audio`) as Promise<SessionInfo>;
}

beforeAll(async () => {
  pages = await buildPagesForTest();
  world = await startCameraWorld({ pages, doorbells: [DOORBELL] });
  browser = await launchChromium();
  camera = await (await browser.newContext()).newPage();
  await world.setUp(camera, 'camera', DOORBELL);
  await waitFor(() => camera.evaluate(() => window.doorbellCamera?.signalingState().kind ?? window.doorbellCameraError), (v) => v === 'open', 15_000, 'the camera signaling to open');
});

afterAll(async () => {
  await Promise.allSettled(peers.map((p) => p.close()));
  for (const v of viewers) v.client.close();
  await browser?.close();
  await world?.close();
  await pages?.remove();
});

describe('the camera page answering werift, a WebRTC stack that is not a browser', () => {
  it('gives an Echo-Show-shaped offer sent with SendAlexaOfferToMaster under a sender id that is not alexa.* one complete answer, then media both ways', async () => {
    const p = peer();
    const offer = await p.offer();
    // The offer has the recorded Echo Show offer's shape, down to the payload types and the feedback.
    expect(echoShowShape(offer)).toEqual(echoShowShape(fixture));
    expect(echoShowShape(offer).media.map((m) => m.codecs)).toEqual([['96 opus/48000', '0 pcmu/8000', '8 pcma/8000'], ['99 h264/90000']]);
    const trickledBefore = world.kvs.control.counters().SendIceCandidate ?? 0;

    const { answer, elapsedMs } = await world.sendOfferToMaster(DOORBELL, 'echo-show-werift-1', offer);
    expect(elapsedMs).toBeLessThan(ALEXA_DEADLINE_MS);
    expectComplete(answer);
    const types = countCandidateTypes(candidatesIn(answer));
    expect(types.host).toBeGreaterThan(0);
    expect(types.relay).toBeGreaterThan(0);
    const [audio, video] = summarizeSdp(answer).media;
    expect(audio!.codecs[0]).toMatchObject({ payloadType: 96, name: 'opus' });
    expect(video!.codecs.map((c) => c.payloadType)).toEqual([99]);
    // Labelled a viewer (its id is not alexa.*), answered as the offer asked.
    expect(await sessionOf('echo-show-werift-1')).toMatchObject({ kind: 'viewer', answer: { mode: 'complete', candidates: types } });

    await p.applyAnswer(answer);
    await mediaBothWays(p, 'echo-show-werift-1', 96);
    // Nothing was trickled to it: everything was in the answer.
    expect(world.kvs.control.counters().SendIceCandidate ?? 0).toBe(trickledBefore);
  });

  it('gives the same offer one complete answer through the signaling WebSocket too, and trickles nothing after it', async () => {
    const p = peer();
    const offer = await p.offer();
    const v = await viewer('werift-ws-complete');
    v.client.sendSdpOffer({ type: 'offer', sdp: offer } as RTCSessionDescription);
    const answer = ((await v.next('sdpAnswer', undefined, ALEXA_DEADLINE_MS)).payload as { sdp: string }).sdp;
    expectComplete(answer);
    expect(countCandidateTypes(candidatesIn(answer)).relay).toBeGreaterThan(0);
    await p.applyAnswer(answer);
    await mediaBothWays(p, 'werift-ws-complete', 96);
    expect(v.received.filter((r) => r.type === 'iceCandidate')).toEqual([]);
    expect((await sessionOf('werift-ws-complete'))?.answer?.mode).toBe('complete');
  });

  it('answers an offer that announces trickle on the trickle path, over the WebSocket and even from an alexa. sender', async () => {
    const p = peer();
    const offer = await p.offer('trickle');
    expect(offer).toContain('a=ice-options:trickle');
    const v = await viewer('werift-ws-trickle');
    v.client.sendSdpOffer({ type: 'offer', sdp: offer } as RTCSessionDescription);
    const answer = ((await v.next('sdpAnswer')).payload as { sdp: string }).sdp;
    expect(summarizeSdp(answer).media.some((m) => m.endOfCandidates)).toBe(false);
    const first = await v.next('iceCandidate');
    expect((first.payload as { candidate: string }).candidate).toMatch(/^candidate:/);
    await p.applyAnswer(answer);
    for (const c of v.received.filter((r) => r.type === 'iceCandidate')) await p.addCandidate(c.payload as { candidate: string });
    await mediaBothWays(p, 'werift-ws-trickle', 96);
    expect((await sessionOf('werift-ws-trickle'))?.answer).toMatchObject({ mode: 'trickle' });
    expect((await sessionOf('werift-ws-trickle'))?.answer?.candidates.host).toBeGreaterThan(0);

    // The alexa. prefix does not make an offer that asks for trickle a complete one.
    const fromAlexa = await world.sendAlexaOffer(DOORBELL, 'amzn1.echo-api.session.trickle', await peer().offer('trickle'));
    expect(summarizeSdp(fromAlexa.answer).media.some((m) => m.endOfCandidates)).toBe(false);
    expect(await sessionOf('alexa.amzn1.echo-api.session.trickle')).toMatchObject({ kind: 'alexa', answer: { mode: 'trickle' } });
  });

  it('prefers opus even when the offer lists it after PCMU and PCMA', async () => {
    const offer = (await peer().offer()).replace('m=audio 9 UDP/TLS/RTP/SAVPF 96 0 8', 'm=audio 9 UDP/TLS/RTP/SAVPF 0 8 96');
    expect(summarizeSdp(offer).media[0]!.codecs.map((c) => c.payloadType)).toEqual([0, 8, 96]);
    const { answer } = await world.sendOfferToMaster(DOORBELL, 'werift-opus-last', offer);
    expect(summarizeSdp(answer).media[0]!.codecs[0]).toMatchObject({ payloadType: 96, name: 'opus' });
  });

  it('carries media both ways through the local coturn when the offerer may only relay', async () => {
    const signaling = new KinesisVideoSignalingClient({ region: world.account.region, endpoint: world.kvs.endpoint, credentials: world.account.credentials, maxAttempts: 1 });
    const { IceServerList } = await signaling.send(new GetIceServerConfigCommand({ ChannelARN: world.doorbells.get(DOORBELL)!.channelArn, ClientId: 'werift-relay', Service: 'TURN' }));
    signaling.destroy();
    const turn = IceServerList![0]!;
    const p = peer({ relayOnly: true, iceServers: [{ urls: turn.Uris!.find((u) => u.endsWith('transport=udp'))!, username: turn.Username!, credential: turn.Password! }] });
    const offer = await p.offer();
    const offered = countCandidateTypes(candidatesIn(offer));
    expect(offered).toMatchObject({ host: 0, srflx: 0 });
    expect(offered.relay).toBeGreaterThan(0);
    expect(world.turn!.control.allocations(turn.Username)).toBeGreaterThan(0);

    const { answer } = await world.sendOfferToMaster(DOORBELL, 'werift-relay', offer);
    expectComplete(answer);
    await p.applyAnswer(answer);
    const session = await mediaBothWays(p, 'werift-relay', 96);
    // The camera's selected pair ends at werift's relayed address: every packet crossed coturn.
    expect(session.stats?.path?.remote).toBe('relay');
  });

  it('gets sound both ways for an offer with only PCMU and PCMA', async () => {
    const p = peer({ audio: 'pcmu-pcma' });
    const offer = await p.offer();
    expect(summarizeSdp(offer).media[0]!.codecs.map((c) => `${c.payloadType} ${c.name}`)).toEqual(['0 PCMU', '8 PCMA']);
    const { answer } = await world.sendOfferToMaster(DOORBELL, 'werift-g711', offer);
    expectComplete(answer);
    expect(summarizeSdp(answer).media[0]!.codecs[0]).toMatchObject({ payloadType: 0, name: 'PCMU', clockRate: 8000 });
    await p.applyAnswer(answer);
    expect(p.audioCodec()?.toLowerCase()).toBe('audio/pcmu');
    await mediaBothWays(p, 'werift-g711', 0);
    // Sound, not just packets: the camera's fake microphone decoded at werift, werift's tone at the camera.
    await expect.poll(() => p.received.audio.peak, { timeout: 15_000 }).toBeGreaterThan(0.01);
    await expect.poll(async () => (await sessionOf('werift-g711'))?.stats?.audioInLevel ?? 0, { timeout: 15_000 }).toBeGreaterThan(0.05);
    expect((await sessionOf('werift-g711'))?.stats?.audioCodec).toMatch(/^audio\/PCMU/);
  });
});
