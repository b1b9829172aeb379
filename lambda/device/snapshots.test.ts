import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, doorbell, startSkillWorld, type SkillWorld } from '../testing/skill-world.js';
import { ChangeReportShape, ErrorResponseShape, SnapshotShape, StateReportShape } from '../testing/skill-messages.js';
import { directive } from '../testing/fixtures/index.js';
import { checkEvent } from '../../contracts/alexa/check.js';
import type { DeviceApiError, HistoryPage, MotionResponse, PressResponse, SnapshotRequestResponse, SnapshotUpload } from '../../contracts/device-api/bodies.js';
import { EVENT_RETENTION_DAYS, SNAPSHOT_LINK_TTL_S, SNAPSHOT_MAX_BYTES } from '../../contracts/snapshots.js';
import type { FunctionUrlEvent } from './function-url.js';
import type { Runtime } from '../runtime.js';
import { pageCaller } from '../testing/skill-world.js';
import type { PageRole } from '../../contracts/page-roles.js';

let world: SkillWorld;
let rt: Runtime;
let call: (event: unknown) => Promise<{ statusCode: number; body: string }>;
let aliceToken: string;

/** A tiny stand-in JPEG (SOI ... EOI): the bucket keeps bytes, it does not decode them. */
const jpeg = (size: number) => {
  const b = Buffer.alloc(size, 0x20);
  b[0] = 0xff;
  b[1] = 0xd8;
  b[size - 2] = 0xff;
  b[size - 1] = 0xd9;
  return b;
};

function request(method: string, path: string, body?: unknown, role: PageRole = 'camera', session = path.split('/')[3]!, rawQueryString = ''): FunctionUrlEvent {
  return { rawPath: path, rawQueryString, body: body === undefined ? undefined : JSON.stringify(body), isBase64Encoded: false, requestContext: { http: { method, path }, authorizer: pageCaller(role, session) } };
}

async function json<T>(p: Promise<{ statusCode: number; body: string }>): Promise<{ status: number; body: T }> {
  const r = await p;
  return { status: r.statusCode, body: JSON.parse(r.body) as T };
}

const motion = (state: string, endpointId = 'alice-door') => json<MotionResponse>(call(request('POST', `/v1/doorbells/${endpointId}/motion`, { state })));
const presign = (body: unknown, endpointId = 'alice-door') => json<SnapshotUpload & DeviceApiError>(call(request('POST', `/v1/doorbells/${endpointId}/snapshots`, body)));
const confirm = (eventId: string, endpointId = 'alice-door') => json<{ bytes: number } & DeviceApiError>(call(request('POST', `/v1/doorbells/${endpointId}/snapshots/confirm`, { eventId })));
const history = (query = '', endpointId = 'alice-door') => json<HistoryPage & DeviceApiError>(call(request('GET', `/v1/doorbells/${endpointId}/history`, undefined, 'viewer', endpointId, query)));

async function upload(eventId: string, reason: 'PRESS' | 'MOTION', bytes: Buffer): Promise<void> {
  const signed = await presign({ eventId, reason, contentType: 'image/jpeg', contentLength: bytes.length });
  expect(signed.status).toBe(200);
  const put = await fetch(signed.body.url, { method: 'PUT', body: new Uint8Array(bytes), headers: signed.body.headers });
  expect(put.status).toBe(200);
  expect((await confirm(eventId)).status).toBe(200);
}

beforeAll(async () => {
  world = await startSkillWorld();
  await world.seed([doorbell('alice-door', ALICE), doorbell('bob-door', BOB)]);
  rt = world.runtime({ PRESS_DEBOUNCE_MS: '1', SNAPSHOT_LINK_BASE_URL: 'https://access.example' });
  call = world.device(rt);
  await world.link(rt, ALICE);
  aliceToken = await world.tokenFor(ALICE);
});
afterAll(() => world.close());

describe('motion', () => {
  it('tells Alexa DETECTED and NOT_DETECTED once each in the documented ChangeReport, and records a motion start as an event', async () => {
    const reports = () => world.gateway.control.events.filter((e) => e.endpointId === 'alice-door' && JSON.stringify(e.body).includes('Alexa.MotionSensor'));
    const started = await motion('DETECTED');
    expect(started).toEqual({ status: 200, body: { state: 'DETECTED', outcome: 'REPORTED', eventId: expect.stringMatching(/^\d{13}-/) } });
    expect((await motion('DETECTED')).body).toEqual({ state: 'DETECTED', outcome: 'UNCHANGED' });
    const state = StateReportShape.parse(await world.directives(rt)(directive('report-state', { token: aliceToken, endpointId: 'alice-door' })));
    expect(state.context.properties).toContainEqual(expect.objectContaining({ namespace: 'Alexa.MotionSensor', name: 'detectionState', value: 'DETECTED' }));
    expect((await motion('NOT_DETECTED')).body).toEqual({ state: 'NOT_DETECTED', outcome: 'REPORTED' });
    const sent = reports();
    expect(sent).toHaveLength(2);
    for (const [i, value] of ['DETECTED', 'NOT_DETECTED'].entries()) {
      expect(sent[i]!.status).toBe(202);
      expect(checkEvent(sent[i]!.body)).toMatchObject({ ok: true });
      const report = ChangeReportShape.parse(sent[i]!.body);
      expect(report.event.payload.change).toEqual({ cause: { type: 'PHYSICAL_INTERACTION' }, properties: [expect.objectContaining({ namespace: 'Alexa.MotionSensor', name: 'detectionState', value })] });
    }
  });

  it("hears a camera page's first NOT_DETECTED (its reset) as no change on a doorbell that never moved, and as the end of a motion a reloaded page left open", async () => {
    await world.seed([doorbell('alice-porch', ALICE)]);
    const reports = () => world.gateway.control.events.filter((e) => e.endpointId === 'alice-porch');
    expect((await motion('NOT_DETECTED', 'alice-porch')).body).toEqual({ state: 'NOT_DETECTED', outcome: 'UNCHANGED' });
    expect(reports()).toHaveLength(0);
    expect((await motion('DETECTED', 'alice-porch')).body).toMatchObject({ outcome: 'REPORTED' });
    // The page reloads mid-motion: its reset ends the motion, so its next start is heard.
    expect((await motion('NOT_DETECTED', 'alice-porch')).body).toEqual({ state: 'NOT_DETECTED', outcome: 'REPORTED' });
    expect((await motion('DETECTED', 'alice-porch')).body).toMatchObject({ outcome: 'REPORTED', eventId: expect.any(String) });
    expect(reports().map((e) => (JSON.stringify(e.body).includes('"NOT_DETECTED"') ? 'NOT_DETECTED' : 'DETECTED'))).toEqual(['DETECTED', 'NOT_DETECTED', 'DETECTED']);
  });

  it('records motion of an unlinked owner without reporting it, and refuses a bad state', async () => {
    expect((await motion('DETECTED', 'bob-door')).body).toMatchObject({ state: 'DETECTED', outcome: 'NOT_LINKED' });
    await motion('NOT_DETECTED', 'bob-door');
    expect((await motion('MOVING')).status).toBe(400);
  });

  it('serves the camera its routes and the viewer its history, nobody else', async () => {
    for (const role of ['button', 'viewer'] as const) {
      for (const [method, suffix, body] of [['POST', '/motion', { state: 'DETECTED' }], ['GET', '/snapshot-request'], ['POST', '/snapshots', {}], ['POST', '/snapshots/confirm', {}]] as const) {
        expect((await call(request(method, `/v1/doorbells/alice-door${suffix}`, body, role))).statusCode, `${role} ${suffix}`).toBe(403);
      }
    }
    for (const role of ['camera', 'button'] as const) expect((await call(request('GET', '/v1/doorbells/alice-door/history', undefined, role))).statusCode, role).toBe(403);
  });
});

describe('snapshots', () => {
  let pressId: string;

  it('a press asks the camera for a picture, which it uploads with a presigned PUT and confirms', async () => {
    const pressed = await json<PressResponse>(call(request('POST', '/v1/doorbells/alice-door/press', {}, 'button')));
    expect(pressed.body).toMatchObject({ outcome: 'DELIVERED', eventId: expect.any(String) });
    pressId = pressed.body.eventId!;
    const asked = await json<SnapshotRequestResponse>(call(request('GET', '/v1/doorbells/alice-door/snapshot-request')));
    expect(asked.body.request).toMatchObject({ eventId: pressId, reason: 'PRESS' });
    const picture = jpeg(2048);
    await upload(pressId, 'PRESS', picture);
    expect((await json<SnapshotRequestResponse>(call(request('GET', '/v1/doorbells/alice-door/snapshot-request')))).body.request).toBeNull();
    expect((await rt.doorbells.get('alice-door'))!.latestSnapshot).toMatchObject({ eventId: pressId });
  });

  it('refuses the wrong type, too many bytes, another doorbell\'s event, the wrong reason, a confirm without upload; nothing is stored', async () => {
    const moved = (await motion('DETECTED')).body.eventId!;
    await motion('NOT_DETECTED');
    const ask = (over: Record<string, unknown>, endpointId?: string) => presign({ eventId: moved, reason: 'MOTION', contentType: 'image/jpeg', contentLength: 1000, ...over }, endpointId);
    expect(await ask({ contentType: 'image/png' })).toMatchObject({ status: 415, body: { error: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(await ask({ contentLength: SNAPSHOT_MAX_BYTES + 1 })).toMatchObject({ status: 413, body: { error: 'PAYLOAD_TOO_LARGE' } });
    expect(await ask({ reason: 'PRESS' })).toMatchObject({ status: 400, body: { message: expect.stringMatching(/motion, not a press/) } });
    expect(await ask({}, 'bob-door')).toMatchObject({ status: 404, body: { error: 'NOT_FOUND' } });
    expect(await ask({ eventId: 'not-an-event' })).toMatchObject({ status: 400 });
    expect(await confirm(moved)).toMatchObject({ status: 400 });
    // The presign takes exactly its own length and type: S3 refuses the rest, and the confirm finds nothing.
    const signed = await ask({});
    expect((await fetch(signed.body.url, { method: 'PUT', body: new Uint8Array(jpeg(1001)), headers: signed.body.headers })).status).toBe(403);
    expect((await fetch(signed.body.url, { method: 'PUT', body: new Uint8Array(jpeg(1000)), headers: { 'content-type': 'image/png' } })).status).toBe(403);
    expect(await confirm(moved)).toMatchObject({ status: 400, body: { message: expect.stringMatching(/not in the bucket/) } });
    expect((await rt.doorbells.get('alice-door'))!.latestSnapshot!.eventId).toBe(pressId);
  });

  it('GetSnapshot answers the documented Snapshot with a link that serves the latest picture to its owner\'s Bearer only, and 410 once expired', async () => {
    const answer = await world.directives(rt)(directive('get-snapshot', { token: aliceToken, endpointId: 'alice-door' }));
    const snapshot = SnapshotShape.parse(answer);
    const link = new URL(snapshot.event.payload.uri.value);
    expect(link.pathname).toMatch(/^\/v1\/snapshots\/[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(snapshot.event.payload.uri.expireTime) - Date.now()).toBeGreaterThan((SNAPSHOT_LINK_TTL_S - 5) * 1000);
    const access = world.access(rt);
    const get = (token: string | undefined, runtime = access) =>
      runtime({ rawPath: link.pathname, headers: token ? { authorization: `Bearer ${token}` } : {}, requestContext: { http: { method: 'GET', path: link.pathname, sourceIp: '127.0.0.1' } } }) as Promise<{ statusCode: number; body: string; headers: Record<string, string>; isBase64Encoded?: boolean }>;
    const served = await get(aliceToken);
    expect([served.statusCode, served.headers['content-type'], served.isBase64Encoded]).toEqual([200, 'image/jpeg', true]);
    expect(Buffer.from(served.body, 'base64')).toEqual(jpeg(2048));
    expect((await get(undefined)).statusCode).toBe(401);
    expect((await get('Atza|not-a-real-token')).statusCode).toBe(401);
    expect((await get(await world.tokenFor(BOB))).statusCode).toBe(403);
    const later = world.access(world.runtime({ SNAPSHOT_LINK_BASE_URL: 'https://access.example' }, { now: () => Date.now() + (SNAPSHOT_LINK_TTL_S + 1) * 1000 }));
    expect((await get(aliceToken, later)).statusCode).toBe(410);
    const unknown = link.pathname.replace(/.{4}$/, 'AAAA');
    expect((await access({ rawPath: unknown, headers: { authorization: `Bearer ${aliceToken}` }, requestContext: { http: { method: 'GET', path: unknown } } })).statusCode).toBe(410);
  });

  it('GetSnapshot of a doorbell without a picture, or of another owner\'s, is an ErrorResponse', async () => {
    await world.seed([doorbell('alice-new', ALICE)]);
    expect(ErrorResponseShape.parse(await world.directives(rt)(directive('get-snapshot', { token: aliceToken, endpointId: 'alice-new' }))).event.payload.type).toBe('ENDPOINT_UNREACHABLE');
    expect(ErrorResponseShape.parse(await world.directives(rt)(directive('get-snapshot', { token: aliceToken, endpointId: 'bob-door' }))).event.payload.type).toBe('NO_SUCH_ENDPOINT');
  });

  it('GetSnapshot of a picture older than the retention (deleted by the lifecycle) is an ErrorResponse, not a link that answers 410 for ever', async () => {
    const monthLater = world.runtime({ SNAPSHOT_LINK_BASE_URL: 'https://access.example' }, { now: () => Date.now() + (EVENT_RETENTION_DAYS + 1) * 86_400_000 });
    const answer = ErrorResponseShape.parse(await world.directives(monthLater)(directive('get-snapshot', { token: aliceToken, endpointId: 'alice-door' })));
    expect(answer.event.payload).toMatchObject({ type: 'ENDPOINT_UNREACHABLE', message: expect.stringMatching(/older than 30 days/) });
  });
});

describe('history', () => {
  it('lists the doorbell\'s events newest first in visits, with pictures, a page at a time; a token of another doorbell is refused', async () => {
    const first = await history('limit=2');
    expect(first.status).toBe(200);
    const events = first.body.visits.flatMap((v) => v.events);
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort((a, b) => b - a));
    // The motion and the press above happened seconds apart: one visit.
    expect(first.body.visits[0]!.events.map((e) => e.type).sort()).toEqual(expect.arrayContaining(['MOTION', 'PRESS']));
    const press = events.find((e) => e.type === 'PRESS')!;
    const picture = await fetch(press.picture!.url);
    expect(Buffer.from(await picture.arrayBuffer())).toEqual(jpeg(2048));
    expect(events.find((e) => e.type === 'MOTION' && !e.picture)).toBeDefined();
    const all = await history('limit=50');
    expect(all.body.nextPageToken).toBeUndefined();
    // Bob's history has events too; his token on Alice's doorbell is refused, as is garbage.
    for (let i = 0; i < 3; i++) await rt.events.record('bob-door', 'MOTION', Date.now() - 60_000 * (i + 1));
    const bobs = await history('limit=1', 'bob-door');
    expect(bobs.body.nextPageToken).toBeDefined();
    expect(await history(`pageToken=${bobs.body.nextPageToken}`)).toMatchObject({ status: 400, body: { message: expect.stringMatching(/another doorbell/) } });
    expect(await history('pageToken=garbage')).toMatchObject({ status: 400 });
    expect(await history('limit=500')).toMatchObject({ status: 400 });
    const second = await history(`limit=1&pageToken=${bobs.body.nextPageToken}`, 'bob-door');
    expect(second.body.visits.flatMap((v) => v.events)).toHaveLength(1);
  });

  it('pages motion that never stops in visits of at most five minutes, every event once', async () => {
    await world.seed([doorbell('alice-drive', ALICE)]);
    const start = Date.now() - 60 * 60_000;
    // Motion every 10 s for 12 minutes (a tree in the wind): 73 events, each within 15 s of the next; a
    // page of 50 (and its lookahead) spans more than one visit's five minutes.
    for (let i = 0; i <= 72; i++) await rt.events.record('alice-drive', 'MOTION', start + i * 10_000);
    const seen: number[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await history(`limit=50${token ? `&pageToken=${token}` : ''}`, 'alice-drive');
      expect(page.status).toBe(200);
      for (const visit of page.body.visits) expect(visit.endedAt - visit.startedAt).toBeLessThanOrEqual(5 * 60_000);
      seen.push(...page.body.visits.flatMap((v) => v.events.map((e) => e.at)));
      token = page.body.nextPageToken;
      pages++;
    } while (token && pages < 10);
    expect(seen).toEqual(Array.from({ length: 73 }, (_, i) => start + (72 - i) * 10_000));
    expect(pages).toBeGreaterThan(1);
  });
});
