import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, doorbell, startSkillWorld, type SkillWorld } from '../testing/skill-world.js';
import { directive } from '../testing/fixtures/index.js';
import { DiscoverResponseShape, ErrorResponseShape } from '../testing/skill-messages.js';

let world: SkillWorld;

beforeAll(async () => {
  world = await startSkillWorld();
  await world.seed([
    doorbell('alice-front', ALICE, { name: 'Front door' }),
    doorbell('alice-back', ALICE, { name: 'Back door', description: 'Garden gate' }),
    doorbell('bob-front', BOB, { name: "Bob's door" }),
  ]);
});
afterAll(() => world.close());

describe('Discover', () => {
  it('lists only the doorbells the linked user owns, in the documented shape', async () => {
    const handle = world.directives(world.runtime());
    const res = await handle(directive('discover', { token: await world.tokenFor(ALICE) }));
    const parsed = DiscoverResponseShape.parse(res);
    expect(parsed.event.payload.endpoints.map((e) => e.endpointId)).toEqual(['alice-back', 'alice-front']);
    const back = parsed.event.payload.endpoints[0]!;
    expect(back.friendlyName).toBe('Back door');
    expect(back.description).toBe('Garden gate');
  });

  it('declares CAMERA before DOORBELL and the six capabilities with their settings', async () => {
    const res = await world.directives(world.runtime())(directive('discover', { token: await world.tokenFor(BOB) }));
    const [endpoint] = DiscoverResponseShape.parse(res).event.payload.endpoints;
    expect(endpoint!.displayCategories).toEqual(['CAMERA', 'DOORBELL']);
    const byInterface = Object.fromEntries(endpoint!.capabilities.map((c) => [c.interface, c]));
    expect(Object.keys(byInterface).sort()).toEqual([
      'Alexa',
      'Alexa.DoorbellEventSource',
      'Alexa.EndpointHealth',
      'Alexa.MotionSensor',
      'Alexa.RTCSessionController',
      'Alexa.SmartVision.SnapshotProvider',
    ]);
    expect(byInterface['Alexa.MotionSensor']).toEqual({ type: 'AlexaInterface', interface: 'Alexa.MotionSensor', version: '3', properties: { supported: [{ name: 'detectionState' }], proactivelyReported: true, retrievable: true } });
    expect(byInterface['Alexa.SmartVision.SnapshotProvider']).toEqual({ type: 'AlexaInterface', interface: 'Alexa.SmartVision.SnapshotProvider', version: '1.1' });
    expect(byInterface['Alexa.RTCSessionController']).toMatchObject({ configuration: { isFullDuplexAudioSupported: true } });
    expect(byInterface['Alexa.DoorbellEventSource']).toMatchObject({ proactivelyReported: true });
    expect(byInterface['Alexa.EndpointHealth']).toMatchObject({ properties: { supported: [{ name: 'connectivity' }], retrievable: true } });
    expect(endpoint!.manufacturerName).toBeTruthy();
    expect(endpoint!.additionalAttributes).toBeDefined();
  });

  it('gives each response a fresh UUID messageId', async () => {
    const handle = world.directives(world.runtime());
    const token = await world.tokenFor(ALICE);
    const a = await handle(directive('discover', { token }));
    const b = await handle(directive('discover', { token }));
    expect(a.event.header.messageId).not.toBe(b.event.header.messageId);
  });

  it("lists none of another user's doorbells", async () => {
    const res = await world.directives(world.runtime())(directive('discover', { token: await world.tokenFor(BOB) }));
    expect(DiscoverResponseShape.parse(res).event.payload.endpoints.map((e) => e.endpointId)).toEqual(['bob-front']);
  });

  it('answers INVALID_AUTHORIZATION_CREDENTIAL for a token LWA does not know', async () => {
    const res = await world.directives(world.runtime())(directive('discover', { token: 'Atza|bogus' }));
    expect(ErrorResponseShape.parse(res).event.payload.type).toBe('INVALID_AUTHORIZATION_CREDENTIAL');
  });

  it('answers EXPIRED_AUTHORIZATION_CREDENTIAL for a token that was valid and has expired', async () => {
    let now = Date.now();
    const rt = world.runtime({}, { now: () => now });
    const handle = world.directives(rt);
    const token = await world.tokenFor(ALICE);
    expect((await handle(directive('discover', { token }))).event.header.name).toBe('Discover.Response');
    world.lwa.control.expireAccessTokens(ALICE);
    now += 10 * 60_000; // past the profile cache's lifetime
    const res = await handle(directive('discover', { token }));
    expect(ErrorResponseShape.parse(res).event.payload.type).toBe('EXPIRED_AUTHORIZATION_CREDENTIAL');
  });

  it('serves a repeat caller from the profile cache without asking LWA again', async () => {
    const handle = world.directives(world.runtime());
    const token = await world.tokenFor(ALICE);
    await handle(directive('discover', { token }));
    const before = world.lwa.control.counters().profile;
    await handle(directive('discover', { token }));
    expect(world.lwa.control.counters().profile).toBe(before);
  });

  it('answers INTERNAL_ERROR, not a throw, when Login with Amazon is down', async () => {
    const token = await world.tokenFor(ALICE);
    world.lwa.control.setFault({ down: true });
    try {
      const res = await world.directives(world.runtime())(directive('discover', { token }));
      expect(ErrorResponseShape.parse(res).event.payload.type).toBe('INTERNAL_ERROR');
    } finally {
      world.lwa.control.setFault(undefined);
    }
  });

  it('answers INVALID_DIRECTIVE when the scope is missing', async () => {
    const d = directive('discover');
    delete d.directive.payload.scope;
    const res = await world.directives(world.runtime())(d);
    expect(ErrorResponseShape.parse(res).event.payload.type).toBe('INVALID_DIRECTIVE');
  });
});
