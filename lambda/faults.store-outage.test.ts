/**
 * The store briefly unreachable, then back on the same address: one warm "Lambda" (runtime) keeps its
 * SDK clients and caches throughout, as a real one would, and must answer cleanly during the outage and
 * work again after it without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, doorbell, pageCaller, startSkillWorld, type SkillWorld } from './testing/skill-world.js';
import { directive } from './testing/fixtures/index.js';
import { DiscoverResponseShape, ErrorResponseShape, StateReportShape } from './testing/skill-messages.js';
import { startTcpFaultProxy, type ProxyMode, type TcpFaultProxy } from './testing/tcp-fault-proxy.js';
import type { DirectiveHandler } from './router.js';
import type { PressResponse, StatusResponse } from '../contracts/device-api/bodies.js';

let world: SkillWorld;
let proxy: TcpFaultProxy;
let handle: DirectiveHandler;
let device: ReturnType<SkillWorld['device']>;
let token: string;

const iam = pageCaller('camera', 'front-door');
const deviceCall = (method: string, path: string, body?: unknown) =>
  device({ rawPath: path, body: body === undefined ? undefined : JSON.stringify(body), requestContext: { http: { method }, authorizer: iam } });

beforeAll(async () => {
  world = await startSkillWorld();
  await world.seed([doorbell('front-door', ALICE)]);
  const target = new URL(world.dynamodb.endpoint);
  proxy = await startTcpFaultProxy({ host: target.hostname, port: Number(target.port) });
  const rt = world.runtime({ AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint, PRESS_DEBOUNCE_MS: '600000' });
  handle = world.directives(rt);
  device = world.device(rt);
  await world.link(rt, ALICE);
  token = await world.tokenFor(ALICE);
  // Warm: the profile is cached, so during the outage only the store can fail.
  expect(StateReportShape.parse(await handle(directive('report-state', { token, endpointId: 'front-door' }))).context.properties[0]!.value.value).toBe('OK');
});
afterAll(async () => {
  await proxy?.close();
  await world?.close();
});

async function duringOutage(mode: ProxyMode, boundMs: number) {
  await proxy.setMode(mode);
  try {
    // A session is bounded by ANSWER_DEADLINE_MS (4 s), which a hanging store can outlast: then the
    // deadline answers first, ENDPOINT_UNREACHABLE, which is as clean an answer for Alexa.
    const cases = [
      [directive('report-state', { token, endpointId: 'front-door' }), ['INTERNAL_ERROR']],
      [directive('discover', { token }), ['INTERNAL_ERROR']],
      [directive('initiate-session-with-offer', { token, endpointId: 'front-door' }), ['INTERNAL_ERROR', 'ENDPOINT_UNREACHABLE']],
    ] as const;
    // Concurrently, like separate Alexa requests arriving during the outage.
    await Promise.all(
      cases.map(async ([d, allowed]) => {
        const started = performance.now();
        const res = ErrorResponseShape.parse(await handle(d));
        expect(allowed).toContain(res.event.payload.type);
        expect(performance.now() - started).toBeLessThan(boundMs);
      }),
    );
    const [heartbeat, press] = await Promise.all([
      deviceCall('PUT', '/v1/doorbells/front-door/status', { online: true }),
      deviceCall('POST', '/v1/doorbells/front-door/press'),
    ]);
    expect(heartbeat.statusCode).toBe(500);
    expect(press.statusCode).toBe(500);
    expect(JSON.parse(press.body)).toMatchObject({ error: 'INTERNAL_ERROR' });
  } finally {
    await proxy.setMode('forward');
  }
}

async function recovered() {
  const state = StateReportShape.parse(await handle(directive('report-state', { token, endpointId: 'front-door' })));
  expect(state.context.properties[0]!.value.value).toBe('OK');
  const found = DiscoverResponseShape.parse(await handle(directive('discover', { token })));
  expect(found.event.payload.endpoints.map((e) => e.endpointId)).toEqual(['front-door']);
  const heartbeat = await deviceCall('PUT', '/v1/doorbells/front-door/status', { online: true });
  expect(heartbeat.statusCode).toBe(200);
  expect((JSON.parse(heartbeat.body) as StatusResponse).online).toBe(true);
}

describe('the store briefly unreachable', () => {
  it('refusing connections: every directive answers INTERNAL_ERROR at once, the device API 500, then all works again on the same warm Lambda', async () => {
    await duringOutage('refuse', 5_000);
    await recovered();
  });

  it('swallowing requests: answers INTERNAL_ERROR within the SDK timeouts, well inside Alexa\'s 8 s, then recovers', async () => {
    await duringOutage('blackhole', 8_000);
    await recovered();
  });

  it('a press that failed on the store took no debounce slot: the first press after recovery is delivered', async () => {
    const sent = world.gateway.control.events.length;
    const press = await deviceCall('POST', '/v1/doorbells/front-door/press');
    expect(press.statusCode).toBe(200);
    expect((JSON.parse(press.body) as PressResponse).outcome).toBe('DELIVERED');
    expect(world.gateway.control.events.slice(sent).map((e) => e.status)).toEqual([202]);
  });
});
