import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type Handles } from '../world/index.js';
import type { LocalEventGateway, ReceivedEvent } from './event-gateway.js';
import { exchangeCode } from './simulator/lwa-oauth.js';

async function accessTokenFor(lwa: Handles['lwa'], email: string): Promise<string> {
  return (await exchangeCode(lwa.endpoint, lwa.client, lwa.issueAuthorizationCode(email, undefined, 'alexa::async_event:write'))).accessToken;
}

const wholeSecondsNow = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

function doorbellPress(token: string, endpointId = 'front-door'): Record<string, any> {
  return {
    context: {},
    event: {
      header: { namespace: 'Alexa.DoorbellEventSource', name: 'DoorbellPress', messageId: randomUUID(), payloadVersion: '3' },
      endpoint: { scope: { type: 'BearerToken', token }, endpointId },
      payload: { cause: { type: 'PHYSICAL_INTERACTION' }, timestamp: wholeSecondsNow() },
    },
  };
}

function connectivityReport(token: string, value: string): Record<string, any> {
  return {
    context: { properties: [] },
    event: {
      header: { namespace: 'Alexa', name: 'ChangeReport', messageId: randomUUID(), payloadVersion: '3' },
      endpoint: { scope: { type: 'BearerToken', token }, endpointId: 'front-door' },
      payload: {
        change: {
          cause: { type: 'PERIODIC_POLL' },
          properties: [
            { namespace: 'Alexa.EndpointHealth', name: 'connectivity', value: { value }, timeOfSample: new Date().toISOString(), uncertaintyInMilliseconds: 0 },
          ],
        },
      },
    },
  };
}

const startGatewayWorld = () => startWorld({ lwa: true, gateway: true });

describe('local Alexa event gateway', () => {
  let world: Awaited<ReturnType<typeof startGatewayWorld>>;
  let lwa: Handles['lwa'];
  let gateway: LocalEventGateway;
  let alice: string;
  let bob: string;

  async function post(body: unknown, token: string | undefined, raw?: string) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${gateway.endpoint}/v3/events`, { method: 'POST', headers, body: raw ?? JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, text, json: text ? (JSON.parse(text) as { header: Record<string, string>; payload: { code: string; description: string } }) : undefined };
  }

  beforeAll(async () => {
    world = await startGatewayWorld();
    ({ lwa, gateway } = world);
    alice = await accessTokenFor(lwa, 'alice@example.com');
    bob = await accessTokenFor(lwa, 'bob@example.com');
  });
  afterAll(() => world?.close());

  it('accepts a valid DoorbellPress with 202 and an empty body, recording the token user', async () => {
    const heard: ReceivedEvent[] = [];
    gateway.on('event', (e) => heard.push(e));
    const event = doorbellPress(alice);
    const res = await post(event, alice);
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
    const recorded = await gateway.control.waitForEvent((e) => (e.body as any)?.event?.header?.messageId === event.event.header.messageId);
    expect(recorded).toMatchObject({
      status: 202,
      userId: lwa.introspect(alice)!.userId,
      namespace: 'Alexa.DoorbellEventSource',
      name: 'DoorbellPress',
      endpointId: 'front-door',
    });
    expect(heard.map((e) => e.body)).toContainEqual(event);
  });

  it('accepts an EndpointHealth ChangeReport and refuses one with an unknown connectivity value', async () => {
    expect((await post(connectivityReport(bob, 'UNREACHABLE'), bob)).status).toBe(202);
    const bad = await post(connectivityReport(bob, 'SOMETIMES'), bob);
    expect(bad.status).toBe(400);
    expect(bad.json?.payload.code).toBe('INVALID_REQUEST_EXCEPTION');
  });

  it('answers 401 INVALID_ACCESS_TOKEN_EXCEPTION for a missing, unknown or expired token, in the gateway error format', async () => {
    const missing = await post(doorbellPress('whatever'), undefined);
    expect(missing.status).toBe(401);
    expect(missing.json?.header).toMatchObject({ namespace: 'System', name: 'Exception' });
    expect(missing.json?.payload.code).toBe('INVALID_ACCESS_TOKEN_EXCEPTION');

    const bogus = 'Atza|' + randomUUID();
    expect((await post(doorbellPress(bogus), bogus)).json?.payload.code).toBe('INVALID_ACCESS_TOKEN_EXCEPTION');

    const soonExpired = await accessTokenFor(lwa, 'bob@example.com');
    lwa.control.expireAccessTokens('bob@example.com');
    expect((await post(doorbellPress(soonExpired), soonExpired)).status).toBe(401);
    bob = await accessTokenFor(lwa, 'bob@example.com');
    expect((await post(doorbellPress(bob), bob)).status).toBe(202);
  });

  it('answers 400 INVALID_REQUEST_EXCEPTION for events that break the Smart Home shapes', async () => {
    const cases: [string, (e: Record<string, any>) => void][] = [
      ['fractional seconds in the timestamp', (e) => (e.event.payload.timestamp = new Date().toISOString().replace('Z', '') + 'Z')],
      ['a non-UTC timestamp', (e) => (e.event.payload.timestamp = '2026-01-01T10:00:00+01:00')],
      ['a cause other than PHYSICAL_INTERACTION', (e) => (e.event.payload.cause.type = 'VOICE_INTERACTION')],
      ['payloadVersion 2', (e) => (e.event.header.payloadVersion = '2')],
      ['no messageId', (e) => delete e.event.header.messageId],
      ['no endpoint', (e) => delete e.event.endpoint],
      ['an endpointId with a space', (e) => (e.event.endpoint.endpointId = 'front door')],
      ['an unknown event', (e) => (e.event.header.name = 'DoorbellKnock')],
      ['a scope that is not a bearer token', (e) => (e.event.endpoint.scope.type = 'BearerTokenWithPartition')],
    ];
    for (const [what, mutate] of cases) {
      const event = doorbellPress(alice);
      mutate(event);
      const res = await post(event, alice);
      expect(res.status, what).toBe(400);
      expect(res.json?.payload.code, what).toBe('INVALID_REQUEST_EXCEPTION');
    }
    const notJson = await post(undefined, alice, '{"event": ');
    expect(notJson.status).toBe(400);
  });

  it('refuses an event whose scope token is not the Authorization token', async () => {
    const res = await post(doorbellPress(bob), alice);
    expect(res.status).toBe(400);
    expect(res.json?.payload.description).toMatch(/scope token/);
    expect(res.text).not.toContain(alice.slice(5, 30));
  });

  it('accepts asynchronous RTCSessionController responses only with a correlation token', async () => {
    const event = {
      event: {
        header: { namespace: 'Alexa.RTCSessionController', name: 'SessionConnected', messageId: randomUUID(), payloadVersion: '3', correlationToken: 'corr-1' },
        endpoint: { scope: { type: 'BearerToken', token: alice }, endpointId: 'front-door' },
        payload: { sessionId: 'session-1' },
      },
    };
    expect((await post(event, alice)).status).toBe(202);
    delete (event.event.header as Record<string, string>).correlationToken;
    expect((await post(event, alice)).status).toBe(400);
  });

  it('answers scripted statuses for the next requests regardless of validity, then returns to normal', async () => {
    gateway.control.nextResponses([401, 202, 403, 429, 500, 503]);
    const statuses: number[] = [];
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await post(i === 1 ? { not: 'an event' } : doorbellPress(alice), alice);
      statuses.push(res.status);
      codes.push(res.json?.payload.code);
    }
    expect(statuses).toEqual([401, 202, 403, 429, 500, 503]);
    expect(codes).toEqual([
      'INVALID_ACCESS_TOKEN_EXCEPTION', undefined, 'SKILL_NEVER_ENABLED_EXCEPTION', 'THROTTLING_EXCEPTION', 'INTERNAL_SERVICE_EXCEPTION', 'SERVICE_UNAVAILABLE_EXCEPTION',
    ]);
    expect((await post(doorbellPress(alice), alice)).status).toBe(202);
    expect((await post({ not: 'an event' }, alice)).status).toBe(400);
  });

  it('records rejected requests with their status but emits only accepted ones', async () => {
    const heard: ReceivedEvent[] = [];
    const listener = (e: ReceivedEvent) => heard.push(e);
    gateway.on('event', listener);
    const before = gateway.control.events.length;
    await post(doorbellPress(alice, 'bad endpoint'), alice);
    await post(doorbellPress(alice, 'garage'), alice);
    gateway.off('event', listener);
    expect(gateway.control.events.slice(before).map((e) => e.status)).toEqual([400, 202]);
    expect(heard.map((e) => e.endpointId)).toEqual(['garage']);
  });

  it('waits for a future event and times out when none comes', async () => {
    const waiting = gateway.control.waitForEvent((e) => e.endpointId === 'back-door' && e.status === 202, 5_000);
    await post(doorbellPress(bob, 'back-door'), bob);
    expect((await waiting).userId).toBe(lwa.introspect(bob)!.userId);
    await expect(gateway.control.waitForEvent((e) => e.endpointId === 'never', 100)).rejects.toThrow(/within 100 ms/);
  });

  it('answers 413 for a body over 1 MB and 404 for other paths', async () => {
    const event = doorbellPress(alice);
    event.event.endpoint.cookie = { big: 'x'.repeat(1_100_000) };
    const res = await post(event, alice);
    expect(res.status).toBe(413);
    expect(res.json?.payload.code).toBe('REQUEST_ENTITY_TOO_LARGE_EXCEPTION');
    expect((await fetch(`${gateway.endpoint}/v1/events`, { method: 'POST' })).status).toBe(404);
  });
});
