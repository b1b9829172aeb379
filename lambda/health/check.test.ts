/**
 * The health check in this process against dynalite, the local LWA and the local event gateway:
 * Alexa hears UNREACHABLE when a camera that was online falls silent, OK when it is back, and a
 * failed ChangeReport is tried a bounded number of times. Every ChangeReport is checked against
 * Amazon's documented shape (the oracle, contracts/alexa/messages.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReceivedEvent } from '../../infra/local/alexa/event-gateway-control.js';
import { ALICE, BOB, doorbell, pageCaller, startSkillWorld, type SkillWorld } from '../testing/skill-world.js';
import { ChangeReportShape } from '../testing/skill-messages.js';
import type { Runtime } from '../runtime.js';
import { runHealthCheck } from './check.js';

let world: SkillWorld;
/** The clock every runtime here reads: tests move it forward past CAMERA_OFFLINE_AFTER_MS. */
let clock = Date.now();
let rt: Runtime;
const OFFLINE_AFTER_MS = 60_000;

beforeAll(async () => {
  world = await startSkillWorld();
  rt = world.runtime({}, { now: () => clock });
  await world.link(rt, ALICE);
});
afterAll(() => world?.close());
beforeEach(async () => {
  clock += 10 * 60_000;
  // The doorbells of earlier tests fall silent as the clock moves on: tell Alexa about them first, so each test sees only its own.
  await runHealthCheck(rt);
});

const reportsFor = (endpointId: string): ReceivedEvent[] => world.gateway.control.events.filter((e) => e.name === 'ChangeReport' && e.endpointId === endpointId);
const connectivityOf = (e: ReceivedEvent) => {
  const report = ChangeReportShape.parse(e.body);
  return { value: report.event.payload.change.properties[0]!.value, cause: report.event.payload.change.cause.type };
};

/** The camera's heartbeat through the device API, at the current clock. */
async function heartbeat(endpointId: string, online = true): Promise<void> {
  const r = await world.device(rt)({ rawPath: `/v1/doorbells/${endpointId}/status`, body: JSON.stringify({ online }), requestContext: { http: { method: 'PUT' }, authorizer: pageCaller('camera', endpointId) } });
  expect(r.statusCode).toBe(200);
}

describe('the health check', () => {
  it('tells Alexa UNREACHABLE once when the heartbeat stops, and the heartbeat tells it OK when the camera is back', async () => {
    await world.seed([doorbell('porch', ALICE, { online: false, lastSeenAt: undefined })]);
    await heartbeat('porch');
    expect(reportsFor('porch').map(connectivityOf)).toEqual([{ value: { value: 'OK' }, cause: 'PHYSICAL_INTERACTION' }]);
    expect((await rt.doorbells.get('porch'))!.reportedConnectivity).toBe('OK');

    // Not yet silent for long enough: nothing.
    clock += OFFLINE_AFTER_MS - 1_000;
    expect((await runHealthCheck(rt)).silent).toBe(0);
    clock += 2_000;
    const summary = await runHealthCheck(rt);
    expect(summary).toMatchObject({ silent: 1, reported: 1, failed: 0 });
    expect(reportsFor('porch').map(connectivityOf).at(-1)).toEqual({ value: { value: 'UNREACHABLE' }, cause: 'PERIODIC_POLL' });
    expect(reportsFor('porch').at(-1)!.status).toBe(202);
    expect((await rt.doorbells.get('porch'))!.reportedConnectivity).toBe('UNREACHABLE');

    // Told already: the next runs send nothing more.
    await runHealthCheck(rt);
    expect(reportsFor('porch')).toHaveLength(2);

    await heartbeat('porch');
    expect(reportsFor('porch').map(connectivityOf).at(-1)).toEqual({ value: { value: 'OK' }, cause: 'PHYSICAL_INTERACTION' });
    expect((await rt.doorbells.get('porch'))!.reportedConnectivity).toBe('OK');
  });

  it('tries a failing ChangeReport three times with a pause between, then leaves it to the next run', async () => {
    await world.seed([doorbell('shed', ALICE, { online: true, lastSeenAt: clock - 2 * OFFLINE_AFTER_MS, reportedConnectivity: 'OK' })]);
    world.gateway.control.nextResponses([500, 503, 500, 500]);
    const started = performance.now();
    expect(await runHealthCheck(rt)).toMatchObject({ silent: 1, reported: 0, failed: 1 });
    expect(performance.now() - started).toBeGreaterThan(2_000); // 0.5 s, then 2 s
    expect(reportsFor('shed').map((e) => e.status)).toEqual([500, 503, 500]);
    expect((await rt.doorbells.get('shed'))!.reportedConnectivity).toBe('OK');
    // The fourth scripted failure goes to the next run, whose second try gets through.
    expect(await runHealthCheck(rt)).toMatchObject({ silent: 1, reported: 1 });
    expect(reportsFor('shed').map((e) => e.status)).toEqual([500, 503, 500, 500, 202]);
    expect((await rt.doorbells.get('shed'))!.reportedConnectivity).toBe('UNREACHABLE');
  });

  it('refreshes the token after a 401 and never retries a 403', async () => {
    await world.seed([doorbell('gate', ALICE, { online: true, lastSeenAt: clock - 2 * OFFLINE_AFTER_MS })]);
    const refreshes = world.lwa.control.counters().refreshToken;
    world.gateway.control.nextResponses([401]);
    expect(await runHealthCheck(rt)).toMatchObject({ silent: 1, reported: 1 });
    expect(reportsFor('gate').map((e) => e.status)).toEqual([401, 202]);
    expect(world.lwa.control.counters().refreshToken).toBe(refreshes + 1);

    await world.seed([doorbell('side-door', ALICE, { online: true, lastSeenAt: clock - 2 * OFFLINE_AFTER_MS })]);
    world.gateway.control.nextResponses([403]);
    expect(await runHealthCheck(rt)).toMatchObject({ silent: 1, reported: 0, failed: 1 });
    expect(reportsFor('side-door').map((e) => e.status)).toEqual([403]);
  });

  it('tells Alexa about a camera it was never told about (linked after the camera started), and about none it never saw or whose owner never linked', async () => {
    await world.seed([
      doorbell('attic', ALICE, { online: true, lastSeenAt: clock - 2 * OFFLINE_AFTER_MS }),
      doorbell('never-seen', ALICE, { online: false, lastSeenAt: undefined }),
      doorbell('bobs-door', BOB, { online: true, lastSeenAt: clock - 2 * OFFLINE_AFTER_MS }),
    ]);
    await runHealthCheck(rt);
    expect(reportsFor('attic').map(connectivityOf)).toEqual([{ value: { value: 'UNREACHABLE' }, cause: 'PERIODIC_POLL' }]);
    expect(reportsFor('never-seen')).toEqual([]);
    expect(reportsFor('bobs-door')).toEqual([]);
  });

  it('ends the motion of a camera that fell silent mid-motion, so that its next motion start reaches Alexa', async () => {
    await world.seed([doorbell('drive', ALICE, { online: false, lastSeenAt: undefined })]);
    await heartbeat('drive');
    const motion = async (state: 'DETECTED' | 'NOT_DETECTED') => {
      const r = await world.device(rt)({ rawPath: '/v1/doorbells/drive/motion', body: JSON.stringify({ state }), requestContext: { http: { method: 'POST' }, authorizer: pageCaller('camera', 'drive') } });
      expect(r.statusCode).toBe(200);
      return JSON.parse(r.body!) as { outcome: string };
    };
    expect((await motion('DETECTED')).outcome).toBe('REPORTED');

    clock += OFFLINE_AFTER_MS + 1_000;
    await runHealthCheck(rt);
    const motionReports = () =>
      reportsFor('drive')
        .map((e) => ChangeReportShape.parse(e.body))
        .filter((r) => r.event.payload.change.properties[0]!.namespace === 'Alexa.MotionSensor')
        .map((r) => ({ value: r.event.payload.change.properties[0]!.value, cause: r.event.payload.change.cause.type }));
    expect(motionReports()).toEqual([
      { value: 'DETECTED', cause: 'PHYSICAL_INTERACTION' },
      { value: 'NOT_DETECTED', cause: 'PERIODIC_POLL' },
    ]);
    expect((await rt.doorbells.get('drive'))!.motion).toBe('NOT_DETECTED');

    // Back, and moving again: a change Alexa hears, not a repeat of the DETECTED it had before.
    await heartbeat('drive');
    expect((await motion('DETECTED')).outcome).toBe('REPORTED');
    expect(motionReports().at(-1)).toEqual({ value: 'DETECTED', cause: 'PHYSICAL_INTERACTION' });
  });

  it('is the bundle export healthCheckHandler, which never throws', async () => {
    const { healthCheckHandler } = await import('../index.js');
    const saved = { ...process.env };
    Object.assign(process.env, world.env, { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9' });
    try {
      expect(await healthCheckHandler({}, {})).toEqual({ error: expect.any(String) });
    } finally {
      process.env = saved;
    }
  });
});
