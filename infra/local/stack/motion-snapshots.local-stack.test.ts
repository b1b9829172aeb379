/**
 * Motion, pictures and the visitor history on the local stack, in headless Chromium whose camera
 * is a generated still-then-moving video (camera/testing/still-then-moving-y4m.ts, looped by
 * `--use-file-for-fake-video-capture`): the block moves once per loop, at a known time, so motion
 * must fire once per loop and never on the still scene. The ChangeReports go through the local
 * event gateway (which takes only Amazon's documented shapes) and are checked against the oracle;
 * the pictures land in the local S3 (s3rver behind the SigV4 front) and are checked by their bytes;
 * GetSnapshot's link is fetched the way Alexa fetches it; the viewer's history and the Echo Show's
 * tile show them.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { checkEvent, checkResponse } from '../../../contracts/alexa/check.js';
import { hashSecret } from '../../../contracts/secrets.js';
import { matchSnapshotLinkPath, SNAPSHOT_LINK_TTL_S, SNAPSHOT_MIN_WIDTH, snapshotKey } from '../../../contracts/snapshots.js';
import { SNAPSHOT_LINKS_TABLE } from '../../../contracts/tables.js';
import { launchChromium } from '../../../camera/testing/chromium.js';
import { setUpWithLink } from '../../../camera/testing/set-up-page.js';
import { jpegInfo } from '../../../camera/testing/jpeg-info.js';
import { writeStillThenMovingY4m, type ScriptedCamera } from '../../../camera/testing/still-then-moving-y4m.js';
import { ChangeReportShape, SnapshotShape } from '../../../lambda/testing/skill-messages.js';
import type { ReceivedEvent } from '../alexa/event-gateway-control.js';
import { presets, setupLinkFor, type NpmStartWorld } from '../world/index.js';
import { buildInto } from './build-into.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const screenshots = path.join(repoRoot, 'docs/screenshots');

interface Reported {
  state: 'DETECTED' | 'NOT_DETECTED';
  at: number;
  outcome?: string;
}
interface Upload {
  eventId: string;
  reason: 'PRESS' | 'MOTION';
  bytes: number;
  totalMs: number;
  putMs: number;
}

let dist: string;
let work: string;
let scripted: ScriptedCamera;
let stack: NpmStartWorld;
let browser: Browser;
let context: BrowserContext;
let camera: Page;
let s3: S3Client;
const lambdaLog: string[] = [];
/** Measured, printed, never asserted (the machine is shared and noisy). */
const measured: Record<string, number | string> = {};

const reported = (): Promise<Reported[]> => camera.evaluate(() => window.doorbellCamera!.doorWatch.reported());
const uploads = (): Promise<Upload[]> => camera.evaluate(() => window.doorbellCamera!.doorWatch.uploads());
const setMotion = (on: boolean) => camera.evaluate((enabled) => window.doorbellCamera!.doorWatch.setEnabled(enabled), on);
const motionReports = (): ReceivedEvent[] =>
  stack.gateway.control.events.filter(
    (e) => e.name === 'ChangeReport' && e.endpointId === 'front-door' && JSON.stringify(e.body).includes('"Alexa.MotionSensor"'),
  );
const detectionOf = (e: ReceivedEvent) => {
  const report = ChangeReportShape.parse(e.body);
  const property = report.event.payload.change.properties[0]!;
  return { namespace: property.namespace, value: property.value, cause: report.event.payload.change.cause.type };
};
async function objectBytes(key: string): Promise<Uint8Array> {
  const object = await s3.send(new GetObjectCommand({ Bucket: stack.s3.bucket, Key: key }));
  return object.Body!.transformToByteArray();
}

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'motion-dist-'));
  work = await mkdtemp(path.join(tmpdir(), 'motion-data-'));
  await mkdir(screenshots, { recursive: true });
  // 4 s still, 2 s of a block crossing the picture and back, 4 s still: one movement per 10 s loop.
  [scripted] = await Promise.all([writeStillThenMovingY4m(path.join(work, 'still-then-moving.y4m')), buildInto(dist, { pages: true })]);
  [stack, browser] = await Promise.all([
    presets.npmStart({ port: 0, dataDir: path.join(work, 'data'), distDir: dist, onLambdaLog: (fn, line) => lambdaLog.push(`[${fn}] ${line}`) }),
    launchChromium([`--use-file-for-fake-video-capture=${scripted.path}`]),
  ]);
  const { region, credentials } = stack.account;
  s3 = new S3Client({ region, endpoint: stack.s3.endpoint, forcePathStyle: true, credentials });
  await stack.alexa.linkDirect('alice');
  await stack.alexa.linkDirect('bob');
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  camera = await context.newPage();
  await setUpWithLink(camera, await setupLinkFor(stack, { endpointId: 'front-door', role: 'camera' }), 'camera');
  await camera.waitForFunction(() => window.doorbellCamera?.doorWatch.settings().enabled === true, undefined, { timeout: 30_000 });
}, 180_000);

afterAll(async () => {
  console.log('motion and snapshots (ms):', JSON.stringify(measured));
  s3?.destroy();
  await browser?.close();
  await stack?.close();
  await rm(dist, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe('motion, snapshots and the history on the local stack', () => {
  it('fires once per movement of the scripted camera and never on its still scene; each ChangeReport reaches the gateway in the documented shape', async () => {
    onTestFailed(() => console.log(`last skill log lines:\n${lambdaLog.slice(-30).join('\n')}`));
    const loopMs = scripted.loopSeconds * 1000;
    // Two whole loops after the first motion start: start, end, start, end and nothing else.
    await expect.poll(async () => (await reported()).length, { timeout: loopMs * 3 + 10_000, interval: 500 }).toBeGreaterThanOrEqual(4);
    const first = (await reported()).slice(0, 4);
    expect(first.map((r) => r.state)).toEqual(['DETECTED', 'NOT_DETECTED', 'DETECTED', 'NOT_DETECTED']);
    const [start1, end1, start2, end2] = first as [Reported, Reported, Reported, Reported];
    // One start per loop, a loop apart (the still 8 s in between fire nothing) ...
    expect(Math.abs(start2.at - start1.at - loopMs)).toBeLessThan(1_500);
    // ... and each lasts the 2 s movement, less the two samples it takes to start, plus the 2 s cooldown.
    for (const [start, end] of [[start1, end1], [start2, end2]] as const) {
      expect(end.at - start.at).toBeGreaterThan(scripted.movingUntil * 1000 - scripted.movingFrom * 1000);
      expect(end.at - start.at).toBeLessThan(5_500);
    }
    measured.motionStartToEnd = end1.at - start1.at;
    // A while later (most of a loop), still only what the movements explain.
    const before = await reported();
    await camera.waitForTimeout(loopMs * 0.6);
    const after = await reported();
    expect(after.length - before.length).toBeLessThanOrEqual(2);

    // Alexa heard each: DETECTED and NOT_DETECTED, cause PHYSICAL_INTERACTION, accepted by the gateway.
    await expect.poll(() => motionReports().length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    const reports = motionReports().slice(0, 4);
    for (const report of reports) {
      expect(checkEvent(report.body), JSON.stringify(report.body)).toMatchObject({ ok: true });
      expect(report.status).toBe(202);
    }
    expect(reports.map(detectionOf)).toEqual(
      ['DETECTED', 'NOT_DETECTED', 'DETECTED', 'NOT_DETECTED'].map((value) => ({ namespace: 'Alexa.MotionSensor', value, cause: 'PHYSICAL_INTERACTION' })),
    );
    expect((await reported()).slice(0, 4).map((r) => r.outcome)).toEqual(['REPORTED', 'REPORTED', 'REPORTED', 'REPORTED']);
    // ReportState says what the camera last said (polled: the next movement may be on its way to the API).
    await expect
      .poll(async () => {
        const [state, last] = await Promise.all([stack.alexa.reportState('alice', 'front-door'), reported()]);
        return state.detectionState === last.at(-1)!.state;
      }, { timeout: 10_000 })
      .toBe(true);
  }, 90_000);

  it("stores a JPEG of each motion start in the local S3: whole, baseline, at least 640 px wide, under the doorbell's prefix", async () => {
    await expect.poll(async () => (await uploads()).filter((u) => u.reason === 'MOTION').length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const motion = (await uploads()).find((u) => u.reason === 'MOTION')!;
    const bytes = await objectBytes(snapshotKey('front-door', motion.eventId));
    expect(bytes.length).toBe(motion.bytes);
    const info = jpegInfo(bytes);
    expect(info.frame).toBe('SOF0');
    expect(info.width).toBeGreaterThanOrEqual(SNAPSHOT_MIN_WIDTH);
    expect(info.height).toBe(Math.round((scripted.height * info.width) / scripted.width));
    measured.motionUploadTotal = Math.round(motion.totalMs);
    measured.motionUploadPut = Math.round(motion.putMs);
  });

  it('photographs a press on the separate button page within a poll, and GetSnapshot serves that picture to Alexa with the Bearer only, 410 once expired', async () => {
    // Motion off, so the press's picture is the latest wake event's.
    await setMotion(false);
    const announcer = await context.newPage();
    await setUpWithLink(announcer, await setupLinkFor(stack, { endpointId: 'front-door', role: 'button' }), 'button');
    await expect.poll(() => announcer.locator('#doorbell-state').textContent(), { timeout: 15_000 }).toBe('Camera online');
    const pressedAt = Date.now();
    await announcer.click('#press:not([disabled])');
    await expect.poll(() => announcer.locator('#result').getAttribute('data-outcome'), { timeout: 15_000 }).toBe('DELIVERED');
    await expect.poll(async () => (await uploads()).some((u) => u.reason === 'PRESS'), { timeout: 15_000 }).toBe(true);
    measured.buttonPressToPictureStored = Date.now() - pressedAt;
    await announcer.close();
    const press = (await uploads()).find((u) => u.reason === 'PRESS')!;
    const stored = await objectBytes(snapshotKey('front-door', press.eventId));
    expect(jpegInfo(stored)).toMatchObject({ frame: 'SOF0', width: expect.any(Number) });
    expect(jpegInfo(stored).width).toBeGreaterThanOrEqual(SNAPSHOT_MIN_WIDTH);

    // Alexa asks for the tile's picture: the documented Snapshot, a link valid for 10 minutes.
    const answer = await stack.alexa.getSnapshot('alice', 'front-door');
    expect(checkResponse(answer), JSON.stringify(answer)).toMatchObject({ ok: true });
    const { uri } = SnapshotShape.parse(answer).event.payload;
    expect(Date.parse(uri.expireTime) - Date.now()).toBeGreaterThan((SNAPSHOT_LINK_TTL_S - 30) * 1000);
    expect(Date.parse(uri.expireTime) - Date.now()).toBeLessThanOrEqual(SNAPSHOT_LINK_TTL_S * 1000);
    expect(uri.value.startsWith(stack.accessApi.endpoint)).toBe(true);

    // Fetched as Alexa fetches it: the press's very bytes, as image/jpeg, no redirect.
    const served = await stack.alexa.downloadSnapshot('alice', uri.value);
    expect(served).toMatchObject({ status: 200, contentType: 'image/jpeg' });
    expect(Buffer.compare(served.bytes, Buffer.from(stored))).toBe(0);
    // Without the Bearer, with a made-up one, or with another owner's: refused.
    expect((await fetch(uri.value)).status).toBe(401);
    expect((await fetch(uri.value, { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);
    expect((await stack.alexa.downloadSnapshot('bob', uri.value)).status).toBe(403);

    // Once the link's expiry has passed (TTL deletes late; the route checks the time itself): 410 Gone.
    const linkId = matchSnapshotLinkPath(new URL(uri.value).pathname)!;
    const { region, credentials } = stack.account;
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region, endpoint: stack.dynamodb.endpoint, credentials }));
    try {
      await doc.send(
        new UpdateCommand({
          TableName: SNAPSHOT_LINKS_TABLE.defaultName,
          Key: { linkHash: await hashSecret(linkId) },
          UpdateExpression: 'SET expiresAt = :past',
          ConditionExpression: 'attribute_exists(linkHash)',
          ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
        }),
      );
    } finally {
      doc.destroy();
    }
    expect((await stack.alexa.downloadSnapshot('alice', uri.value)).status).toBe(410);
    // Alexa then asks again and gets a working link.
    expect((await stack.alexa.snapshot('alice', 'front-door')).bytes.length).toBe(stored.length);
  }, 60_000);

  it("lists the press and the motion around it as one visit in the viewer's history, each with its picture", async () => {
    // Motion back on: the next movement comes within a loop of the press, well inside a visit's gap.
    const pressAt = Date.now();
    await setMotion(true);
    await expect
      .poll(async () => (await uploads()).some((u) => u.reason === 'MOTION' && Number(u.eventId.slice(0, 13)) > pressAt), { timeout: scripted.loopSeconds * 1000 + 10_000 })
      .toBe(true);
    const viewer = await context.newPage();
    await setUpWithLink(viewer, await setupLinkFor(stack, { endpointId: 'front-door', role: 'viewer' }), 'viewer');
    await expect.poll(async () => (await viewer.evaluate(() => window.doorbellViewer?.history.visits() ?? [])).length, { timeout: 20_000 }).toBeGreaterThan(0);
    const [newest] = await viewer.evaluate(() => window.doorbellViewer!.history.visits());
    const withPictures = (type: string) => newest!.events.filter((e) => e.type === type && e.picture);
    expect(withPictures('PRESS').map((e) => e.eventId)).toEqual([(await uploads()).find((u) => u.reason === 'PRESS')!.eventId]);
    expect(withPictures('MOTION').length).toBeGreaterThanOrEqual(1);
    // The pictures load in the page (presigned GETs of the local S3, from the pages' origin).
    const panel = viewer.locator('#history');
    await expect
      .poll(() => panel.locator('img').evaluateAll((imgs) => (imgs as HTMLImageElement[]).filter((i) => i.complete && i.naturalWidth > 0).map((i) => i.naturalWidth)), { timeout: 15_000 })
      .toSatisfy((widths: number[]) => widths.length >= 2 && widths.every((w) => w >= 640));
    await panel.screenshot({ path: path.join(screenshots, 'history-panel.png') });
    await viewer.close();
  }, 60_000);

  it("shows the doorbell's motion state and its latest picture on the Echo Show's tile", async () => {
    const echo = await context.newPage();
    await echo.goto(`${stack.web.url}/echo-show/?user=alice`);
    await expect.poll(() => echo.locator('.device h2').allTextContents(), { timeout: 15_000 }).toEqual(['Doorbell']);
    await echo.waitForFunction(() => document.getElementById('screen')?.dataset.listening === 'true');
    const tile = echo.locator('.device[data-endpoint-id="front-door"]');
    await expect.poll(() => tile.locator('img.snapshot').evaluate((i) => (i as HTMLImageElement).naturalWidth), { timeout: 15_000 }).toBeGreaterThanOrEqual(640);
    // The next movement's two ChangeReports reach the tile as they arrive (its first state came from ReportState).
    const motions = () => echo.evaluate(() => (window as unknown as { echoShow: { motions(): number } }).echoShow.motions());
    const seen: string[] = [];
    await expect
      .poll(
        async () => {
          const text = (await tile.locator('.motion').textContent()) ?? '';
          if (seen.at(-1) !== text) seen.push(text);
          return motions();
        },
        { timeout: scripted.loopSeconds * 1000 + 10_000, interval: 100 },
      )
      .toBeGreaterThanOrEqual(2);
    expect(seen).toContain('Motion detected');
    await expect.poll(() => tile.locator('.motion').textContent(), { timeout: 10_000 }).toBe('No motion');
    await echo.screenshot({ path: path.join(screenshots, 'echo-show-motion.png') });
    await echo.close();
  }, 60_000);
});
