/**
 * End to end with real WebRTC: the skill (in this process, its own runtime) answers
 * InitiateSessionWithOffer through the KVS emulator to the camera page running in headless Chromium as
 * master; an Echo-Show-like offerer in a second Chromium makes the offers and counts decoded frames.
 * Each setup is a world of its own (presets.bench with the pages): one with no ICE servers, one
 * whose emulator hands out a STUN server that never answers, and one with a TURN server (coturn)
 * that its emulator hands out as KVS hands out its own.
 *
 * Answer latency is split with three clocks: the skill's own log (`elapsedMs`), the emulator's time
 * for the SendAlexaOfferToMaster request (node:diagnostics_channel on its HTTP server, in this
 * process), and the camera page's own `answer.ms` for that session. The baseline (bench/baseline/) runs
 * side by side on a second doorbell of the same emulator, in the same browsers.
 */
import { KinesisVideoSignalingClient, SendAlexaOfferToMasterCommand } from '@aws-sdk/client-kinesis-video-signaling';
import { createSocket, type Socket } from 'node:dgram';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { alexaSenderClientId, decodeSdpMessage, encodeSdpMessage } from '../../contracts/kvs/alexa-offer.js';
import { readSkillSetting } from '../../contracts/skill-config.js';
import { initiateSessionWithOffer } from '../../infra/local/alexa/simulator/directives.js';
import { presets, setupLinkFor, type BenchWorld } from '../../infra/local/world/index.js';
import { buildLambda, buildPages } from '../../scripts/build.mjs';
import { launchChromium } from '../../camera/testing/chromium.js';
import { waitFor } from '../../camera/testing/wait-for.js';
import { setUpWithLink } from '../../camera/testing/set-up-page.js';
import { reshapeAsEchoShowOffer } from '../../contracts/sdp/echo-show-offer.js';
import { applyOffererAnswer, closeOfferer, createOffererOffer, offererCounters } from '../../camera/testing/offerer.js';
import { createBaselineSkill } from '../baseline/skill-baseline.js';
import { recordAlexaOfferTimes } from '../offer-timing.js';
import { childrenOf, machineCpu, treeCpuSeconds } from '../proc-cpu.js';
import { ALICE, inProcessSkill } from '../skill.js';
import { skillLog } from '../skill-log.js';
import { summarize, type Summary } from '../stats.js';
import { candidatesIn, countCandidateTypes } from '../../camera/sdp/candidates.js';

const here = path.dirname(fileURLToPath(import.meta.url));

// The emulator runs in this process: time its SendAlexaOfferToMaster requests from its own HTTP server.
const emulatorOfferMs = recordAlexaOfferTimes();

export interface LatencyRun {
  sessions: number;
  answered: number;
  /** Directive in to AnswerGeneratedForSession out, as the skill logs it (the baseline: measured around its call). */
  answerMs: Summary;
  skillOwnMs: Summary;
  signalingMs: Summary;
  cameraMs: Summary;
  /** Directive sent to the first decoded video frame at the offerer. */
  firstFrameMs?: Summary;
  /** Sessions whose camera answered before gathering completed (the deadline cut in). */
  gatheringCutByDeadline?: number;
  /** Answers that carried at least one relay candidate. */
  withRelay: number;
}

export interface LoadLevel {
  sessions: number;
  fpsEach: number[];
  minFps: number;
  /** Camera browser CPU, percent of one core, over the measuring window. */
  cameraCpuPercent: number;
  /** The offerers' browser (decoding every stream), percent of one core. */
  offererCpuPercent: number;
  /** The whole machine (every process, the other engineers' too), percent of all cores. */
  machineBusyPercent: number;
  /** Smallest frame the offerers received, e.g. "640x360": the camera's encoders scale down under load. */
  smallestFrame: string;
}

export interface CameraResult {
  skill: LatencyRun;
  baseline: LatencyRun;
  deadStun: { skill: LatencyRun; baseline: LatencyRun & { gaveUpAfterMs: number } };
  /** With the world's coturn handed out by GetIceServerConfig: answers carrying relay candidates. */
  relay: { skill: LatencyRun; baseline: LatencyRun };
  load: LoadLevel[];
  answerDeadlineMs: number;
}

interface Rig {
  world: BenchWorld;
  offerer: Page;
  camera: Page;
  baselinePage: Page;
  handle: (d: unknown) => Promise<any>;
  baseline: ReturnType<typeof createBaselineSkill>;
  token: string;
}

/** The baseline's answerer page, and a blank page for the offerers, in `<root>/bench-baseline/`. */
async function buildBaselinePage(root: string): Promise<void> {
  const outdir = path.join(root, 'bench-baseline');
  await build({
    entryPoints: [path.join(here, '../baseline/answerer-page.ts')],
    outdir,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    define: { global: 'globalThis' },
    logLevel: 'warning',
  });
  await copyFile(path.join(here, '../baseline/answerer.html'), path.join(outdir, 'answerer.html'));
  await writeFile(path.join(outdir, 'blank.html'), '<!doctype html><html><head><link rel="icon" href="data:,"><title>offerer</title></head><body></body></html>');
}

/** A world with the pages and these doorbells of ALICE's; `ice` what its emulator hands out: a list, or its own TURN server. */
function benchWorld(pagesDir: string, doors: string[], ice?: { Uris: string[] }[] | 'turn'): Promise<BenchWorld> {
  return presets.bench({
    doorbells: doors.map((endpointId) => ({ endpointId, ownerEmail: ALICE })),
    pages: { dir: pagesDir, folders: [{ prefix: '/bench-baseline/', dir: path.join(pagesDir, 'bench-baseline'), index: 'answerer.html' }] },
    ...(ice === 'turn' ? { turn: true } : ice ? { iceServers: ice } : {}),
  });
}

/**
 * The setup link `npm run camera-url` prints for a camera of this doorbell, on the world's pages
 * (no device API: the load figures need only the media).
 */
function cameraSetupLink(world: BenchWorld, door: string): Promise<string> {
  const { web } = world;
  if (!web) throw new Error('this bench world has no pages');
  return setupLinkFor({ ...world, web }, { endpointId: door, role: 'camera' });
}

/** What the skill does for a session, without the skill: SendAlexaOfferToMaster with the `alexa.` id (the load figures need only the media). */
async function sendAlexaOffer(signaling: KinesisVideoSignalingClient, world: BenchWorld, door: string, sessionId: string, sdp: string): Promise<string> {
  const result = await signaling.send(
    new SendAlexaOfferToMasterCommand({ ChannelARN: world.doorbells.get(door)!.channelArn, SenderClientId: alexaSenderClientId(sessionId), MessagePayload: encodeSdpMessage('offer', sdp) }),
  );
  const answer = decodeSdpMessage(result.Answer ?? '', 'answer');
  if ('problem' in answer) throw new Error(`The camera's answer is unusable (${answer.problem})`);
  return answer.sdp;
}

/** A camera page set up the product's way (its setup link, in its own browser context), signalling. */
async function openCamera(page: Page, world: BenchWorld, door: string): Promise<void> {
  await setUpWithLink(page, await cameraSetupLink(world, door), 'camera');
  await waitFor(() => page.evaluate(() => window.doorbellCamera?.signalingState().kind ?? window.doorbellCameraError), (v) => v === 'open', 20_000, 'the camera signaling to open');
}

/**
 * The baseline's answerer with a camera grant of this doorbell, kept by the same setup page (the
 * camera page it leads to is not loaded, so that only the baseline is master of the channel).
 */
async function openBaseline(page: Page, world: BenchWorld, door: string): Promise<void> {
  await page.route('**/camera/camera.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>set up</title>' }));
  await setUpWithLink(page, await cameraSetupLink(world, door), 'camera');
  await page.goto(`${world.web!.url}/bench-baseline/answerer.html`);
  await waitFor(() => page.evaluate(() => window.baselineAnswerer?.state), (v) => v === 'open', 20_000, 'the baseline answerer to open');
}

async function rigFor(world: BenchWorld, browsers: { camera: Browser; offerer: Browser }, doors: { camera: string; baseline: string }): Promise<Rig> {
  const skill = inProcessSkill(world);
  await skill.markOnline([doors.camera, doors.baseline]);
  const token = await skill.tokenFor(ALICE);
  const camera = await browsers.camera.newPage();
  await openCamera(camera, world, doors.camera);
  const baselinePage = await browsers.camera.newPage();
  await openBaseline(baselinePage, world, doors.baseline);
  const offerer = await browsers.offerer.newPage();
  await offerer.goto(`${world.web!.url}/bench-baseline/blank.html`);
  const { region, credentials } = world.account;
  return {
    world,
    offerer,
    camera,
    baselinePage,
    handle: skill.handle,
    baseline: createBaselineSkill({ region, kvsEndpoint: world.kvs.endpoint, dynamoEndpoint: world.dynamodb.endpoint, credentials }),
    token,
  };
}

interface SessionSample {
  answered: boolean;
  answerMs: number;
  skillOwnMs: number;
  signalingMs: number;
  cameraMs: number;
  firstFrameMs?: number;
  gatheringComplete?: boolean;
  relayCandidates: number;
}

async function cameraAnswerMs(rig: Rig, kind: 'skill' | 'baseline', clientId: string): Promise<{ ms: number; gatheringComplete?: boolean }> {
  if (kind === 'skill') {
    const s = (await rig.camera.evaluate(() => window.doorbellCamera!.sessions())).find((x) => x.clientId === clientId);
    return { ms: s?.answer?.ms ?? Number.NaN, gatheringComplete: s?.answer?.gatheringComplete };
  }
  const a = await waitFor(() => rig.baselinePage.evaluate((id) => window.baselineAnswerer!.answers.find((x) => x.clientId === id), clientId), (v) => v !== undefined, 60_000, 'the baseline answer time');
  return { ms: a!.answerMs };
}

async function oneSession(rig: Rig, kind: 'skill' | 'baseline', n: number, opts: { door: string; stripCandidates?: boolean; firstFrame: boolean }): Promise<SessionSample> {
  const id = `${kind}-${n}-${Date.now()}`;
  const shaped = reshapeAsEchoShowOffer(await createOffererOffer(rig.offerer, id));
  // Without candidates in the offer, gathering cannot end early on a working pair (see camera tests).
  const sdp = opts.stripCandidates ? shaped.sdp.replace(/a=candidate:[^\r\n]*\r\n/g, '') : shaped.sdp;
  const sessionId = `amzn1.echo-api.session.${id}`;
  const d = initiateSessionWithOffer(rig.token, opts.door, sessionId, sdp);
  const emulatorBefore = emulatorOfferMs.length;
  const t0 = performance.now();
  let res: any;
  try {
    res = kind === 'skill' ? await rig.handle(d) : await rig.baseline(d as never);
  } catch {
    res = undefined;
  }
  const measured = performance.now() - t0;
  const answered = res?.event?.header?.name === 'AnswerGeneratedForSession';
  let skillMs = measured;
  if (kind === 'skill') skillMs = skillLog().elapsedMs(sessionId) ?? skillMs;
  const emulatorMs = emulatorOfferMs.slice(emulatorBefore).at(-1) ?? Number.NaN;
  const cam = answered ? await cameraAnswerMs(rig, kind, alexaSenderClientId(sessionId)) : { ms: Number.NaN };
  const sample: SessionSample = {
    answered,
    relayCandidates: answered ? countCandidateTypes(candidatesIn(res.event.payload.answer.value)).relay : 0,
    answerMs: skillMs,
    skillOwnMs: skillMs - emulatorMs,
    signalingMs: emulatorMs - cam.ms,
    cameraMs: cam.ms,
    ...(cam.gatheringComplete !== undefined ? { gatheringComplete: cam.gatheringComplete } : {}),
  };
  if (answered && opts.firstFrame) {
    await applyOffererAnswer(rig.offerer, id, shaped.restoreAnswer(res.event.payload.answer.value));
    const deadline = t0 + 15_000;
    while (performance.now() < deadline) {
      if ((await offererCounters(rig.offerer, id)).framesDecoded > 0) {
        sample.firstFrameMs = performance.now() - t0;
        break;
      }
      await new Promise((r) => setTimeout(r, 15));
    }
  }
  await closeOfferer(rig.offerer, id);
  return sample;
}

function latencyRun(samples: SessionSample[]): LatencyRun {
  const ok = samples.filter((s) => s.answered);
  const finite = (xs: number[]) => xs.filter((x) => Number.isFinite(x));
  const frames = finite(ok.map((s) => s.firstFrameMs ?? Number.NaN));
  return {
    sessions: samples.length,
    answered: ok.length,
    answerMs: summarize(ok.map((s) => s.answerMs)),
    skillOwnMs: summarize(finite(ok.map((s) => s.skillOwnMs))),
    signalingMs: summarize(finite(ok.map((s) => s.signalingMs))),
    cameraMs: summarize(finite(ok.map((s) => s.cameraMs))),
    ...(frames.length ? { firstFrameMs: summarize(frames) } : {}),
    ...(ok.some((s) => s.gatheringComplete !== undefined) ? { gatheringCutByDeadline: ok.filter((s) => s.gatheringComplete === false).length } : {}),
    withRelay: ok.filter((s) => s.relayCandidates > 0).length,
  };
}

async function runSessions(rig: Rig, kind: 'skill' | 'baseline', count: number, opts: { door: string; stripCandidates?: boolean; firstFrame: boolean }, progress: (l: string) => void) {
  const samples: SessionSample[] = [];
  for (let i = 0; i < count; i++) {
    samples.push(await oneSession(rig, kind, i, opts));
    if ((i + 1) % 10 === 0) progress(`  ${kind}: ${i + 1}/${count} sessions`);
  }
  return latencyRun(samples);
}

/** k concurrent Alexa sessions on the camera page; fps each offerer decodes and the camera browser's CPU. */
async function loadLevel(offers: (door: string, sessionId: string, sdp: string) => Promise<string>, door: string, offerer: Page, pids: { camera: number; offerer: number }, k: number, windowMs: number): Promise<LoadLevel> {
  const ids = Array.from({ length: k }, (_, i) => `load-${k}-${i}-${Date.now()}`);
  // Started 250 ms apart: KVS allows 5 SendAlexaOfferToMaster per second per channel (the emulator too).
  await Promise.all(
    ids.map(async (id, i) => {
      await new Promise((r) => setTimeout(r, i * 250));
      const shaped = reshapeAsEchoShowOffer(await createOffererOffer(offerer, id));
      const answer = await offers(door, `amzn1.echo-api.session.${id}`, shaped.sdp);
      await applyOffererAnswer(offerer, id, shaped.restoreAnswer(answer));
    }),
  );
  for (const id of ids) await waitFor(() => offererCounters(offerer, id), (c) => c.framesDecoded > 0, 20_000, `frames on ${id}`);
  await new Promise((r) => setTimeout(r, 3000)); // let the encoders' rate control settle
  const before = await Promise.all(ids.map((id) => offererCounters(offerer, id)));
  const cpuBefore = treeCpuSeconds(pids.camera);
  const offererBefore = treeCpuSeconds(pids.offerer);
  const machineBefore = machineCpu();
  const t = performance.now();
  await new Promise((r) => setTimeout(r, windowMs));
  const after = await Promise.all(ids.map((id) => offererCounters(offerer, id)));
  const seconds = (performance.now() - t) / 1000;
  const cpu = treeCpuSeconds(pids.camera) - cpuBefore;
  const offererCpu = treeCpuSeconds(pids.offerer) - offererBefore;
  const machineAfter = machineCpu();
  for (const id of ids) await closeOfferer(offerer, id);
  const fpsEach = after.map((a, i) => Math.round(((a.framesDecoded - before[i]!.framesDecoded) / seconds) * 10) / 10);
  const smallest = after.reduce((m, a) => ((a.frameWidth ?? 0) * (a.frameHeight ?? 0) < (m.frameWidth ?? Infinity) * (m.frameHeight ?? Infinity) ? a : m), after[0]!);
  return {
    sessions: k,
    fpsEach,
    minFps: Math.min(...fpsEach),
    cameraCpuPercent: Math.round((cpu / seconds) * 100),
    offererCpuPercent: Math.round((offererCpu / seconds) * 100),
    machineBusyPercent: Math.round(((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * 100),
    smallestFrame: `${smallest.frameWidth ?? '?'}x${smallest.frameHeight ?? '?'}`,
  };
}

export async function measureCamera(opts: { sessions?: number; baselineSessions?: number; deadStunSessions?: number; relaySessions?: number; relayBaselineSessions?: number; loadLevels?: number[]; loadWindowMs?: number; progress?: (l: string) => void } = {}): Promise<CameraResult> {
  const progress = opts.progress ?? (() => undefined);
  const sessions = opts.sessions ?? 50;
  const baselineSessions = opts.baselineSessions ?? 25;
  const deadStunSessions = opts.deadStunSessions ?? 8;
  const relaySessions = opts.relaySessions ?? 30;
  const relayBaselineSessions = opts.relayBaselineSessions ?? 10;
  // The pages built once into a temporary folder (never racing other parts' builds of dist/).
  const pagesDir = await mkdtemp(path.join(tmpdir(), 'bench-pages-'));
  // The pages, and the bundle whose access API they are set up through.
  await Promise.all([buildPages(pagesDir), buildLambda(path.join(pagesDir, 'lambda'))]);
  await buildBaselinePage(pagesDir);
  const stun: Socket = createSocket('udp4');
  await new Promise<void>((resolve) => stun.bind(0, '127.0.0.1', resolve));
  const world = await benchWorld(pagesDir, ['front-door', 'baseline-door', 'load-door']);
  const stunWorld = await benchWorld(pagesDir, ['stun-door', 'stun-baseline'], [{ Uris: [`stun:127.0.0.1:${stun.address().port}`] }]);
  const relayWorld = await benchWorld(pagesDir, ['relay-door', 'relay-baseline'], 'turn');
  const signaling = new KinesisVideoSignalingClient({ region: world.account.region, endpoint: world.kvs.endpoint, credentials: world.account.credentials, maxAttempts: 1 });
  const before = new Set(childrenOf(process.pid));
  const cameraBrowser = await launchChromium();
  const cameraBrowserPid = childrenOf(process.pid).find((p) => !before.has(p))!;
  const offererBrowser = await launchChromium();
  const offererBrowserPid = childrenOf(process.pid).find((p) => !before.has(p) && p !== cameraBrowserPid)!;
  const browsers = { camera: cameraBrowser, offerer: offererBrowser };
  try {
    const rig = await rigFor(world, browsers, { camera: 'front-door', baseline: 'baseline-door' });
    // Warm-up: profile cache, endpoint cache, JIT, the camera's pool.
    for (let i = 0; i < 3; i++) {
      await oneSession(rig, 'skill', -1 - i, { door: 'front-door', firstFrame: false });
      await oneSession(rig, 'baseline', -1 - i, { door: 'baseline-door', firstFrame: false });
    }
    progress('answer latency and first frame');
    const skill = await runSessions(rig, 'skill', sessions, { door: 'front-door', firstFrame: true }, progress);
    const baseline = await runSessions(rig, 'baseline', baselineSessions, { door: 'baseline-door', firstFrame: true }, progress);

    progress('dead STUN server');
    const stunRig = await rigFor(stunWorld, browsers, { camera: 'stun-door', baseline: 'stun-baseline' });
    const deadSkill = await runSessions(stunRig, 'skill', deadStunSessions, { door: 'stun-door', stripCandidates: true, firstFrame: false }, progress);
    // The baseline waits for gathering however long it takes; the emulator gives up on the offer after
    // its alexaOfferTimeoutMs (5 s, like KVS), so the baseline skill gets no answer. Its page still
    // records when gathering finally ended.
    const deadBaselineSamples: SessionSample[] = [];
    let gaveUpAfterMs = 0;
    for (let i = 0; i < 2; i++) {
      const s = await oneSession(stunRig, 'baseline', i, { door: 'stun-baseline', stripCandidates: true, firstFrame: false });
      deadBaselineSamples.push(s);
      gaveUpAfterMs = Math.max(gaveUpAfterMs, s.answerMs);
    }
    const pageAnswers = await waitFor(() => stunRig.baselinePage.evaluate(() => window.baselineAnswerer!.answers.length), (n) => n >= 2, 60_000, 'the baseline page to finish gathering').catch(() => 0);
    const deadBaseline = { ...latencyRun(deadBaselineSamples), gaveUpAfterMs: Math.round(gaveUpAfterMs) };
    if (pageAnswers) {
      const times = await stunRig.baselinePage.evaluate(() => window.baselineAnswerer!.answers.map((a) => a.answerMs));
      deadBaseline.cameraMs = summarize(times);
    }
    await stunRig.camera.close();
    await stunRig.baselinePage.close();

    progress('relay candidates from the world\'s coturn');
    const relayRig = await rigFor(relayWorld, browsers, { camera: 'relay-door', baseline: 'relay-baseline' });
    // Warm-up as above; the camera fetched its TURN list before its first connection opened.
    await oneSession(relayRig, 'skill', -1, { door: 'relay-door', firstFrame: false });
    const relaySkill = await runSessions(relayRig, 'skill', relaySessions, { door: 'relay-door', firstFrame: true }, progress);
    const relayBaseline = await runSessions(relayRig, 'baseline', relayBaselineSessions, { door: 'relay-baseline', firstFrame: true }, progress);
    await relayRig.camera.close();
    await relayRig.baselinePage.close();

    progress('load: concurrent sessions on the camera page');
    await rig.baselinePage.close();
    await rig.camera.close();
    const loadCamera = await cameraBrowser.newPage();
    await openCamera(loadCamera, world, 'load-door');
    const offers = (door: string, sessionId: string, sdp: string) => sendAlexaOffer(signaling, world, door, sessionId, sdp);
    const load: LoadLevel[] = [];
    for (const k of opts.loadLevels ?? [1, 4, 10]) {
      load.push(await loadLevel(offers, 'load-door', rig.offerer, { camera: cameraBrowserPid, offerer: offererBrowserPid }, k, opts.loadWindowMs ?? 5000));
      const l = load.at(-1)!;
      progress(`  ${k} sessions: min ${l.minFps} fps, smallest ${l.smallestFrame}, camera CPU ${l.cameraCpuPercent}%, offerers ${l.offererCpuPercent}%, machine ${l.machineBusyPercent}% busy`);
      await new Promise((r) => setTimeout(r, 2000)); // the camera frees closed sessions
    }
    return { skill, baseline, deadStun: { skill: deadSkill, baseline: deadBaseline }, relay: { skill: relaySkill, baseline: relayBaseline }, load, answerDeadlineMs: readSkillSetting(world.skillEnv, 'answerDeadlineMs') };
  } finally {
    await Promise.allSettled([cameraBrowser.close(), offererBrowser.close()]);
    signaling.destroy();
    await Promise.allSettled([world.close(), stunWorld.close(), relayWorld.close()]);
    stun.close();
    await rm(pagesDir, { recursive: true, force: true });
  }
}
