/**
 * Alexa hears when a camera goes silent, on the local stack: the world's timer invokes the
 * bundle's healthCheckHandler through the Lambda Invoke API every HEALTH_CHECK_INTERVAL_MS, as
 * EventBridge Scheduler does in AWS. The camera is a device set up the product's way whose
 * heartbeats are signed with its page credentials; the ChangeReports reach the local event gateway
 * (which takes only Amazon's documented shapes) and are checked against the oracle here too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceApiClient } from '../../../camera/device-api/client.js';
import { ChangeReportShape } from '../../../lambda/testing/skill-messages.js';
import type { ReceivedEvent } from '../alexa/event-gateway-control.js';
import { enrollDevice, presets, type NpmStartWorld } from '../world/index.js';
import { buildInto } from './build-into.js';

const OFFLINE_AFTER_MS = 2_000;
const INTERVAL_MS = 500;

let dist: string;
let stack: NpmStartWorld;
let camera: DeviceApiClient;

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'health-check-dist-'));
  await buildInto(dist);
  stack = await presets.npmStart({ port: 0, distDir: dist, healthCheckIntervalMs: INTERVAL_MS, skillSettings: { CAMERA_OFFLINE_AFTER_MS: String(OFFLINE_AFTER_MS) }, onLambdaLog: () => undefined });
  await stack.alexa.linkDirect('alice');
  const { exchange } = await enrollDevice(stack, { endpointId: 'front-door', role: 'camera' });
  camera = new DeviceApiClient({ baseUrl: stack.deviceApi.endpoint, endpointId: 'front-door', signing: { region: stack.account.region, service: 'lambda' }, credentials: exchange.credentials });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await rm(dist, { recursive: true, force: true });
});

const connectivity = (e: ReceivedEvent) => {
  const report = ChangeReportShape.parse(e.body);
  return { value: (report.event.payload.change.properties[0]!.value as { value: string }).value, cause: report.event.payload.change.cause.type };
};
const reports = () => stack.gateway.control.events.filter((e) => e.name === 'ChangeReport' && e.endpointId === 'front-door');
const since = (n: number) => reports().slice(n);

describe('the health check on its schedule', () => {
  it('sends UNREACHABLE within the offline threshold and one interval after the heartbeats stop, and the heartbeat OK when the camera is back', async () => {
    const before = reports().length;
    // The API records the heartbeat somewhere between the call and its answer (which waits for the OK
    // ChangeReport): the silence is measured from the call, the lateness from the answer.
    const heartbeatSent = Date.now();
    await camera.reportStatus(true);
    const lastHeartbeat = Date.now();
    const ok = await stack.gateway.control.waitForEvent((e) => e.name === 'ChangeReport' && e.endpointId === 'front-door' && connectivity(e).value === 'OK' && reports().indexOf(e) >= before, 5_000);
    expect(connectivity(ok)).toEqual({ value: 'OK', cause: 'PHYSICAL_INTERACTION' });

    const down = await stack.gateway.control.waitForEvent((e) => e.name === 'ChangeReport' && e.endpointId === 'front-door' && connectivity(e).value === 'UNREACHABLE', 15_000);
    // Silent for longer than the threshold, told within one interval of it (and the invocation's own time).
    expect(down.receivedAt - heartbeatSent).toBeGreaterThan(OFFLINE_AFTER_MS);
    expect(down.receivedAt - lastHeartbeat).toBeLessThan(OFFLINE_AFTER_MS + INTERVAL_MS + 1_500);
    expect(down.status).toBe(202);
    expect(connectivity(down)).toEqual({ value: 'UNREACHABLE', cause: 'PERIODIC_POLL' });
    expect((await stack.alexa.reportState('alice', 'front-door')).connectivity).toBe('UNREACHABLE');

    // Told once: further runs send nothing while the camera stays away.
    const told = reports().length;
    const runs = stack.healthCheck.control.runs();
    await expect.poll(() => stack.healthCheck.control.runs(), { timeout: 5_000 }).toBeGreaterThan(runs + 2);
    expect(reports().length).toBe(told);

    await camera.reportStatus(true);
    const back = await stack.gateway.control.waitForEvent((e) => reports().indexOf(e) >= told && e.endpointId === 'front-door' && e.name === 'ChangeReport', 5_000);
    expect(connectivity(back)).toEqual({ value: 'OK', cause: 'PHYSICAL_INTERACTION' });
  });

  it('tries a failing ChangeReport three times in one run, and the next run gets it through', async () => {
    await camera.reportStatus(true);
    await expect.poll(() => reports().at(-1) && connectivity(reports().at(-1)!).value, { timeout: 5_000 }).toBe('OK');
    const before = reports().length;
    // Every request the gateway gets from now is answered 503 three times, then as usual.
    stack.gateway.control.nextResponses([503, 503, 503]);
    await expect.poll(() => since(before).map((e) => e.status), { timeout: 20_000, interval: 200 }).toEqual([503, 503, 503, 202]);
    expect(since(before).map((e) => connectivity(e).value)).toEqual(['UNREACHABLE', 'UNREACHABLE', 'UNREACHABLE', 'UNREACHABLE']);
  });
});
