/**
 * The camera offline, end to end on the local stack: the shipped bundle behind the Lambda Invoke API,
 * driven by the local Alexa. Two ways a camera goes away: it says so (its last heartbeat says offline),
 * or it just vanishes (its heartbeat still looks fresh, but nobody is master of the channel). Either
 * way Alexa must get ENDPOINT_UNREACHABLE within the skill's answer deadline, not a hang, and the next
 * time the camera is there a session works again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceApiClient } from '../../../camera/device-api/client.js';
import { connectMaster, type TestMaster } from '../../../lambda/testing/kvs-master.js';
import { CAMERA_ANSWER, ECHO_SHOW_OFFER } from '../../../lambda/testing/fixtures/index.js';
import { AlexaError } from '../alexa/simulator/local-alexa.js';
import { enrollDevice, presets, type NpmStartWorld } from '../world/index.js';
import { buildInto } from './build-into.js';

const ANSWER_DEADLINE_MS = 2500;

let dist: string;
let stack: NpmStartWorld;
let camera: DeviceApiClient;
let channelArn: string;

async function sessionError(): Promise<{ type: string; ms: number }> {
  const started = performance.now();
  try {
    await stack.alexa.startSession('alice', 'front-door', ECHO_SHOW_OFFER);
  } catch (err) {
    if (err instanceof AlexaError) return { type: err.type, ms: performance.now() - started };
    throw err;
  }
  return { type: 'ANSWERED', ms: performance.now() - started };
}

const master = () => connectMaster(stack, channelArn, CAMERA_ANSWER);

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'camera-offline-dist-'));
  await buildInto(dist);
  stack = await presets.npmStart({ port: 0, distDir: dist, skillSettings: { ANSWER_DEADLINE_MS: String(ANSWER_DEADLINE_MS) }, onLambdaLog: () => undefined });
  channelArn = stack.doorbells.get('front-door')!.channelArn;
  const { exchange } = await enrollDevice(stack, { endpointId: 'front-door', role: 'camera' });
  camera = new DeviceApiClient({ baseUrl: stack.deviceApi.endpoint, endpointId: 'front-door', signing: { region: stack.account.region, service: 'lambda' }, credentials: exchange.credentials });
  await stack.alexa.linkDirect('alice');
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await rm(dist, { recursive: true, force: true });
});

describe('a camera that is offline', () => {
  it('that said so: ReportState says UNREACHABLE and a session is refused at once with ENDPOINT_UNREACHABLE', async () => {
    await camera.reportStatus(false);
    expect((await stack.alexa.reportState('alice', 'front-door')).connectivity).toBe('UNREACHABLE');
    const { type, ms } = await sessionError();
    expect(type).toBe('ENDPOINT_UNREACHABLE');
    expect(ms).toBeLessThan(ANSWER_DEADLINE_MS);
  });

  it('that vanished without a word: ENDPOINT_UNREACHABLE within the answer deadline, then a session works once it is back', async () => {
    await camera.reportStatus(true);
    expect((await stack.alexa.reportState('alice', 'front-door')).connectivity).toBe('OK');
    const { type, ms } = await sessionError();
    expect(type).toBe('ENDPOINT_UNREACHABLE');
    // The deadline plus the Invoke API's and the local Alexa's own overhead, generously.
    expect(ms).toBeLessThan(ANSWER_DEADLINE_MS + 2000);
    const back: TestMaster = await master();
    try {
      const { answer } = await stack.alexa.startSession('alice', 'front-door', ECHO_SHOW_OFFER);
      expect(answer).toBe(CAMERA_ANSWER);
    } finally {
      await back.close();
    }
  });
});
