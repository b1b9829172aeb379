import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, doorbell, startSkillWorld, type SkillWorld } from '../testing/skill-world.js';
import { connectMaster, type TestMaster } from '../testing/kvs-master.js';
import { CAMERA_ANSWER, ECHO_SHOW_OFFER, directive } from '../testing/fixtures/index.js';
import { AnswerGeneratedShape, ErrorResponseShape, sessionEventShape } from '../testing/skill-messages.js';
import { alexaSenderClientId } from '../../contracts/kvs/alexa-offer.js';
import { SESSIONS_TABLE } from '../../contracts/tables.js';
import { lazyDocumentClient } from '../store/dynamo.js';
import { readConfig } from '../config.js';
import { GetCommand } from '@aws-sdk/lib-dynamodb';

let world: SkillWorld;
let liveArn: string;
let silentArn: string;
let master: TestMaster;
let aliceToken: string;
let bobToken: string;

beforeAll(async () => {
  // No quotas: these tests offer on one channel faster than its 5 TPS SendAlexaOfferToMaster limit.
  // The emulator answers {"Answer": null} after 1.5 s without an answer, as KVS does after its own wait.
  world = await startSkillWorld({ kvs: { alexaOfferTimeoutMs: 1500 } });
  liveArn = await world.createChannel('front-door-channel');
  silentArn = await world.createChannel('nobody-home-channel');
  await world.seed([
    doorbell('front-door', ALICE, { channelArn: liveArn, channelName: 'front-door-channel' }),
    doorbell('nobody-home', ALICE, { channelArn: silentArn, channelName: 'nobody-home-channel' }),
    doorbell('asleep', ALICE, { channelArn: liveArn, online: false }),
    doorbell('stale', ALICE, { channelArn: liveArn, lastSeenAt: Date.now() - 10 * 60_000 }),
    doorbell('bobs-door', BOB, { channelArn: liveArn }),
  ]);
  master = await connectMaster(world, liveArn, CAMERA_ANSWER);
  [aliceToken, bobToken] = await Promise.all([world.tokenFor(ALICE), world.tokenFor(BOB)]);
});
afterAll(async () => {
  await master?.close();
  await world?.close();
});

function sessionRecord(sessionId: string) {
  const doc = lazyDocumentClient(readConfig(world.env))();
  return doc.send(new GetCommand({ TableName: SESSIONS_TABLE.defaultName, Key: { sessionId }, ConsistentRead: true })).then((r) => r.Item);
}

describe('InitiateSessionWithOffer', () => {
  it("returns the camera's answer as AnswerGeneratedForSession, echoing the correlation token and endpoint", async () => {
    master.setReply(() => ({ sdp: CAMERA_ANSWER }));
    const d = directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'front-door' });
    const res = await world.directives(world.runtime())(d);
    const parsed = AnswerGeneratedShape.parse(res);
    expect(parsed.event.payload).toEqual({ answer: { format: 'SDP', value: CAMERA_ANSWER } });
    expect(parsed.event.header.correlationToken).toBe(d.directive.header.correlationToken);
    expect(parsed.event.endpoint.endpointId).toBe('front-door');
    expect(parsed.event.endpoint.scope?.token).toBe(aliceToken);
    const offer = master.offers.at(-1)!;
    expect(offer.sdp).toBe(ECHO_SHOW_OFFER);
    expect(offer.senderClientId).toBe(alexaSenderClientId(d.directive.payload.sessionId));
    // The offer path writes nothing; the session is recorded when Alexa reports it connected.
    expect(await sessionRecord(d.directive.payload.sessionId)).toBeUndefined();
  });

  it('sends the offer from an alexa.-prefixed client id with every unsafe character replaced', async () => {
    const sessionId = 'amzn1.session/ABC+def=ghi:' + 'x'.repeat(300);
    const id = alexaSenderClientId(sessionId);
    expect(id.startsWith('alexa.amzn1.session_ABC_def_ghi_')).toBe(true);
    expect(id).toMatch(/^[a-zA-Z0-9_.-]+$/);
    expect(id.length).toBe(256);
  });

  it('costs one AWS call on a warm Lambda (the endpoint is cached)', async () => {
    const rt = world.runtime();
    const handle = world.directives(rt);
    world.kvs!.control.resetCounters();
    await handle(directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'front-door' }));
    const cold = world.kvs!.control.counters();
    expect(cold.GetSignalingChannelEndpoint).toBe(1);
    expect(cold.SendAlexaOfferToMaster).toBe(1);
    world.kvs!.control.resetCounters();
    const res = await handle(directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'front-door' }));
    expect(res.event.header.name).toBe('AnswerGeneratedForSession');
    const counts = world.kvs!.control.counters();
    expect(counts.SendAlexaOfferToMaster).toBe(1);
    expect(counts.GetSignalingChannelEndpoint ?? 0).toBe(0);
  });

  it("gives user B NO_SUCH_ENDPOINT for user A's doorbell, and the camera never sees the offer", async () => {
    const before = master.offers.length;
    const res = await world.directives(world.runtime())(directive('initiate-session-with-offer', { token: bobToken, endpointId: 'front-door' }));
    const parsed = ErrorResponseShape.parse(res);
    expect(parsed.event.payload.type).toBe('NO_SUCH_ENDPOINT');
    expect(parsed.event.endpoint).toEqual({ endpointId: 'front-door' });
    expect(master.offers.length).toBe(before);
  });

  it('answers NO_SUCH_ENDPOINT for an endpoint nobody registered', async () => {
    const res = await world.directives(world.runtime())(directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'no-such-door' }));
    expect(ErrorResponseShape.parse(res).event.payload.type).toBe('NO_SUCH_ENDPOINT');
  });

  it('answers ENDPOINT_UNREACHABLE at once when the camera said it went offline or its heartbeat is stale', async () => {
    const handle = world.directives(world.runtime());
    for (const endpointId of ['asleep', 'stale']) {
      const res = await handle(directive('initiate-session-with-offer', { token: aliceToken, endpointId }));
      expect(ErrorResponseShape.parse(res).event.payload.type).toBe('ENDPOINT_UNREACHABLE');
    }
  });

  it('answers ENDPOINT_UNREACHABLE within the configured deadline when no camera is connected', async () => {
    const deadline = 600;
    const handle = world.directives(world.runtime({ ANSWER_DEADLINE_MS: String(deadline) }));
    const started = Date.now();
    const res = await handle(directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'nobody-home' }));
    const elapsed = Date.now() - started;
    const parsed = ErrorResponseShape.parse(res);
    expect(parsed.event.payload).toEqual({ type: 'ENDPOINT_UNREACHABLE', message: 'The doorbell did not answer in time.' });
    expect(elapsed).toBeGreaterThanOrEqual(deadline - 50);
    expect(elapsed).toBeLessThan(deadline + 2000);
  });

  it('keeps within the Lambda time left when that is shorter than the deadline', async () => {
    const handle = world.directives(world.runtime());
    const started = Date.now();
    const res = await handle(directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'nobody-home' }), {
      getRemainingTimeInMillis: () => 1000 - (Date.now() - started),
    });
    expect(ErrorResponseShape.parse(res).event.payload).toEqual({ type: 'ENDPOINT_UNREACHABLE', message: 'The doorbell did not answer in time.' });
    expect(Date.now() - started).toBeLessThan(1000 + 2000);
  });

  it('answers ENDPOINT_UNREACHABLE when KVS returns a null Answer (the camera never answered)', async () => {
    master.setReply(() => undefined);
    try {
      const res = await world.directives(world.runtime())(directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'front-door' }));
      expect(ErrorResponseShape.parse(res).event.payload).toEqual({ type: 'ENDPOINT_UNREACHABLE', message: 'The camera did not answer.' });
    } finally {
      master.setReply(() => ({ sdp: CAMERA_ANSWER }));
    }
  });

  it('answers ENDPOINT_UNREACHABLE when the camera answers with broken base64, broken JSON or a non-answer', async () => {
    const handle = world.directives(world.runtime());
    const replies = [
      { rawPayload: 'not base64 !!!' },
      { rawPayload: Buffer.from('{"type":"answer",').toString('base64') },
      { rawPayload: Buffer.from(JSON.stringify({ type: 'offer', sdp: CAMERA_ANSWER })).toString('base64') },
      { rawPayload: Buffer.from(JSON.stringify({ type: 'answer', sdp: 'v=0\r\n\u0000binary' })).toString('base64') },
    ];
    try {
      for (const reply of replies) {
        master.setReply(() => reply);
        const res = await handle(directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'front-door' }));
        expect(ErrorResponseShape.parse(res).event.payload.type).toBe('ENDPOINT_UNREACHABLE');
      }
    } finally {
      master.setReply(() => ({ sdp: CAMERA_ANSWER }));
    }
  });

  it('answers ENDPOINT_UNREACHABLE and looks the endpoint up afresh when the channel is gone', async () => {
    const rt = world.runtime();
    const handle = world.directives(rt);
    await world.seed([doorbell('ghost', ALICE, { channelArn: 'arn:aws:kinesisvideo:us-east-1:000000000000:channel/ghost/1700000000000' })]);
    world.kvs!.control.resetCounters();
    const res = await handle(directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'ghost' }));
    expect(ErrorResponseShape.parse(res).event.payload.type).toBe('ENDPOINT_UNREACHABLE');
    await handle(directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'ghost' }));
    expect(world.kvs!.control.counters().GetSignalingChannelEndpoint).toBe(2);
  });

  it('answers INVALID_DIRECTIVE for an SDP over 64 KB, a binary SDP, a non-SDP format and a missing sessionId', async () => {
    const handle = world.directives(world.runtime());
    const before = master.offers.length;
    const huge = directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'front-door', offer: ECHO_SHOW_OFFER + 'a=x-pad:' + 'x'.repeat(70 * 1024) + '\r\n' });
    const binary = directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'front-door', offer: 'v=0\r\n\u0001\u0002\u0003' });
    const format = directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'front-door' });
    format.directive.payload.offer.format = 'JSEP';
    const noSession = directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'front-door' });
    delete noSession.directive.payload.sessionId;
    for (const d of [huge, binary, format, noSession]) {
      const res = await handle(d);
      const parsed = ErrorResponseShape.parse(res);
      expect(parsed.event.payload.type).toBe('INVALID_DIRECTIVE');
      expect(parsed.event.header.correlationToken).toBe(d.directive.header.correlationToken);
    }
    expect(master.offers.length).toBe(before);
  });

  it('answers INVALID_AUTHORIZATION_CREDENTIAL for an unknown bearer token', async () => {
    const res = await world.directives(world.runtime())(directive('initiate-session-with-offer', { token: 'Atza|forged', endpointId: 'front-door' }));
    expect(ErrorResponseShape.parse(res).event.payload.type).toBe('INVALID_AUTHORIZATION_CREDENTIAL');
  });
});

describe('SessionConnected and SessionDisconnected', () => {
  it('acknowledge with the matching event carrying the sessionId, and record the state', async () => {
    const handle = world.directives(world.runtime());
    const sessionId = `s-${Date.now()}`;
    await handle(directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'front-door', sessionId }));
    for (const [name, state] of [
      ['session-connected', 'CONNECTED'],
      ['session-disconnected', 'DISCONNECTED'],
    ] as const) {
      const d = directive(name, { token: aliceToken, endpointId: 'front-door', sessionId });
      const res = await handle(d);
      const parsed = sessionEventShape(name === 'session-connected' ? 'SessionConnected' : 'SessionDisconnected').parse(res);
      expect(parsed.event.payload).toEqual({ sessionId });
      expect(parsed.event.header.correlationToken).toBe(d.directive.header.correlationToken);
      expect(await sessionRecord(sessionId)).toMatchObject({ state, endpointId: 'front-door' });
    }
  });

  it("refuse another user's doorbell and leave that session untouched", async () => {
    const handle = world.directives(world.runtime());
    const sessionId = `s-isolated-${Date.now()}`;
    await handle(directive('session-connected', { token: aliceToken, endpointId: 'front-door', sessionId }));
    const res = await handle(directive('session-disconnected', { token: bobToken, endpointId: 'front-door', sessionId }));
    expect(ErrorResponseShape.parse(res).event.payload.type).toBe('NO_SUCH_ENDPOINT');
    const stolen = await handle(directive('session-disconnected', { token: bobToken, endpointId: 'bobs-door', sessionId }));
    expect(ErrorResponseShape.parse(stolen).event.payload.type).toBe('INVALID_DIRECTIVE');
    expect(await sessionRecord(sessionId)).toMatchObject({ state: 'CONNECTED' });
  });
});

describe('logs of a session', () => {
  it('carry directive, endpoint, session, elapsed time and outcome, and no token, SDP or correlation token', async () => {
    const start = world.logs.lines.length;
    const d = directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'front-door' });
    await world.directives(world.runtime())(d);
    const mine = world.logs.lines.slice(start);
    const records = mine.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.find((r) => r.message === 'directive')).toMatchObject({
      directive: 'Alexa.RTCSessionController.InitiateSessionWithOffer',
      endpointId: 'front-door',
      sessionId: d.directive.payload.sessionId,
      outcome: 'AnswerGeneratedForSession',
    });
    const text = world.logs.text();
    expect(text).not.toContain(aliceToken);
    expect(text).not.toContain(bobToken);
    expect(text).not.toContain('a=fingerprint');
    expect(text).not.toContain('v=0');
    expect(text).not.toContain(d.directive.header.correlationToken);
  });

  it('of a failed directive still carry its endpoint and session when they are well formed, and only then', async () => {
    const handle = world.directives(world.runtime());
    const lineOf = async (d: ReturnType<typeof directive>) => {
      const start = world.logs.lines.length;
      await handle(d);
      return world.logs.records().slice(start).find((r) => r.message === 'directive');
    };
    const offline = directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'asleep' });
    expect(await lineOf(offline)).toMatchObject({ endpointId: 'asleep', sessionId: offline.directive.payload.sessionId, outcome: 'ENDPOINT_UNREACHABLE' });
    // The payload fails before any handler looks at the endpoint: its id is logged all the same.
    const binary = directive('initiate-session-with-offer', { token: aliceToken, endpointId: 'front-door', offer: 'v=0\r\n\u0001' });
    expect(await lineOf(binary)).toMatchObject({ endpointId: 'front-door', sessionId: binary.directive.payload.sessionId, outcome: 'INVALID_DIRECTIVE' });
    const badIds = directive('session-connected', { token: aliceToken, endpointId: 'front door with spaces', sessionId: 'with space' });
    const line = await lineOf(badIds);
    expect(line).toMatchObject({ directive: 'Alexa.RTCSessionController.SessionConnected', outcome: 'INVALID_DIRECTIVE' });
    expect(line).not.toHaveProperty('endpointId');
    expect(line).not.toHaveProperty('sessionId');
  });
});
