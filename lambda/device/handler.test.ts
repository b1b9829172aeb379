import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, doorbell, startSkillWorld, type SkillWorld } from '../testing/skill-world.js';
import { ChangeReportShape, DoorbellPressShape } from '../testing/skill-messages.js';
import type { DeviceApiError, DoorbellInfo, PressResponse, StatusResponse } from '../../contracts/device-api/bodies.js';
import type { FunctionUrlEvent } from './function-url.js';
import type { Runtime } from '../runtime.js';

let world: SkillWorld;
let rt: Runtime;
let call: (event: unknown) => Promise<{ statusCode: number; body: string }>;
/** The three page roles as the stack configures them (a role ARN may carry a path; the session's ARN has only the name). */
const ROLE_ARNS = {
  camera: 'arn:aws:iam::000000000000:role/doorbell/Camera',
  button: 'arn:aws:iam::000000000000:role/doorbell/Button',
  viewer: 'arn:aws:iam::000000000000:role/doorbell/Viewer',
} as const;
const PAGE_ROLE_ENV = { CAMERA_ROLE_ARN: ROLE_ARNS.camera, BUTTON_ROLE_ARN: ROLE_ARNS.button, VIEWER_ROLE_ARN: ROLE_ARNS.viewer };
type Role = keyof typeof ROLE_ARNS;

beforeAll(async () => {
  world = await startSkillWorld();
  await world.seed([doorbell('alice-door', ALICE, { online: false, lastSeenAt: undefined }), doorbell('bob-door', BOB)]);
  rt = world.runtime({ ...PAGE_ROLE_ENV, PRESS_DEBOUNCE_MS: '5000' });
  call = world.device(rt);
  await world.link(rt, ALICE);
});
afterAll(() => world.close());
beforeEach(() => {
  world.lwa.control.setFault(undefined);
});

const sessionArn = (role: Role, session: string, account = '000000000000') => `arn:aws:sts::${account}:assumed-role/${ROLE_ARNS[role].split('/').at(-1)}/${session}`;

/** A function-URL event as AWS delivers it after IAM auth, signed by a session of a page role (the camera's unless told). */
function request(method: string, path: string, body?: unknown, session = path.split('/')[3], iam = true, role: Role = 'camera'): FunctionUrlEvent {
  return {
    rawPath: path,
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path },
      authorizer: iam ? { iam: { userArn: sessionArn(role, session!), accountId: '000000000000' } } : undefined,
    },
  };
}

async function json<T>(p: Promise<{ statusCode: number; body: string }>): Promise<{ status: number; body: T }> {
  const r = await p;
  return { status: r.statusCode, body: JSON.parse(r.body) as T };
}

/** Alice's stored user item (tokens, version). */
async function aliceUser() {
  return (await rt.users.get((await rt.users.findUserIdByEmail(ALICE))!))!;
}

/** Frees the debounce so each press test starts clean. */
async function clearDebounce(endpointId: string) {
  await rt.doorbells.releasePress(endpointId, (await rt.doorbells.get(endpointId))?.lastPressAt ?? -1);
}

describe('device API authentication', () => {
  it('refuses a request without IAM authentication with 401', async () => {
    const r = await json<DeviceApiError>(call(request('GET', '/v1/doorbells/alice-door', undefined, 'alice-door', false)));
    expect(r).toEqual({ status: 401, body: { error: 'UNAUTHORIZED', message: expect.any(String) } });
  });

  it("refuses another doorbell's session, another account's and any role that is not a page role with 403", async () => {
    expect((await call(request('GET', '/v1/doorbells/alice-door', undefined, 'bob-door'))).statusCode).toBe(403);
    expect((await call(request('GET', '/v1/doorbells/alice-door', undefined, 'alice-door'))).statusCode).toBe(200);
    for (const userArn of [
      'arn:aws:sts::000000000000:assumed-role/admin/alice-door',
      sessionArn('camera', 'alice-door', '111111111111'),
      'arn:aws:iam::000000000000:user/alice-door',
      'arn',
    ]) {
      const other = request('GET', '/v1/doorbells/alice-door');
      other.requestContext!.authorizer!.iam!.userArn = userArn;
      const r = await json<DeviceApiError>(call(other));
      expect(r, userArn).toEqual({ status: 403, body: { error: 'FORBIDDEN', message: expect.any(String) } });
    }
  });

  it('serves each page role only its routes (camera: all three; button: status and press; viewer: status only)', async () => {
    // Bob's doorbell: online already (the heartbeat changes nothing) and not linked (the press reaches no gateway).
    const routes = [
      ['doorbell', 'GET', '/v1/doorbells/bob-door', undefined],
      ['status', 'PUT', '/v1/doorbells/bob-door/status', { online: true }],
      ['press', 'POST', '/v1/doorbells/bob-door/press', {}],
    ] as const;
    const table: Record<string, string[]> = {};
    for (const role of ['button', 'viewer', 'camera'] as const) {
      table[role] = [];
      for (const [name, method, path, body] of routes) {
        const r = await call(request(method, path, body, 'bob-door', true, role));
        expect([200, 403], `${role} ${name}`).toContain(r.statusCode);
        if (r.statusCode === 200) table[role].push(name);
        else expect(JSON.parse(r.body)).toEqual({ error: 'FORBIDDEN', message: `A ${role} page may not do this.` });
      }
    }
    expect(table).toEqual({ camera: ['doorbell', 'status', 'press'], button: ['doorbell', 'press'], viewer: ['doorbell'] });
  });

  it('refuses everyone when no page role is configured (fails closed)', async () => {
    const unconfigured = world.device(world.runtime({ CAMERA_ROLE_ARN: '', BUTTON_ROLE_ARN: '', VIEWER_ROLE_ARN: '' }));
    const r = await json<DeviceApiError>(unconfigured(request('GET', '/v1/doorbells/alice-door')));
    expect(r).toEqual({ status: 403, body: { error: 'FORBIDDEN', message: expect.stringMatching(/no page roles/) } });
  });

  it('answers 404 for unknown routes and doorbells and 400 for bad ids and bodies', async () => {
    expect((await call(request('GET', '/v1/elsewhere'))).statusCode).toBe(404);
    expect((await call(request('GET', '/v1/doorbells/nobody'))).statusCode).toBe(404);
    expect((await call(request('GET', '/v1/doorbells/bad%20id'))).statusCode).toBe(400);
    expect((await call(request('PUT', '/v1/doorbells/alice-door/status', { online: 'yes' }))).statusCode).toBe(400);
    const notJson = request('PUT', '/v1/doorbells/alice-door/status');
    notJson.body = '{online';
    expect((await call(notJson)).statusCode).toBe(400);
    expect((await call(null)).statusCode).toBe(404);
    expect((await call({ rawPath: 7, requestContext: { http: { method: 5, path: {} }, authorizer: 'x' } })).statusCode).toBe(404);
    expect((await call({ ...request('GET', '/v1/doorbells/alice-door'), requestContext: { http: { method: 42 }, authorizer: request('GET', '/v1/doorbells/alice-door').requestContext!.authorizer } })).statusCode).toBe(404);
  });
});

describe('doorbell info and heartbeat', () => {
  it('describes the doorbell with its channel, online state and whether the owner linked', async () => {
    const r = await json<DoorbellInfo>(call(request('GET', '/v1/doorbells/alice-door')));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ endpointId: 'alice-door', channelName: 'channel-alice-door', online: false, linked: true });
    const bob = await json<DoorbellInfo>(call(request('GET', '/v1/doorbells/bob-door')));
    expect(bob.body.linked).toBe(false);
  });

  it('records a heartbeat and sends a ChangeReport to Alexa when connectivity changes, none when it does not', async () => {
    const count = () => world.gateway.control.events.filter((e) => e.name === 'ChangeReport' && e.endpointId === 'alice-door').length;
    const before = count();
    const r = await json<StatusResponse>(call(request('PUT', '/v1/doorbells/alice-door/status', { online: true })));
    expect(r.status).toBe(200);
    expect(r.body.online).toBe(true);
    const change = await world.gateway.control.waitForEvent((e) => e.name === 'ChangeReport' && e.endpointId === 'alice-door', 2000);
    expect(change.status).toBe(202);
    const report = ChangeReportShape.parse(change.body);
    expect(report.event.payload.change.properties[0]!.value).toEqual({ value: 'OK' });
    await call(request('PUT', '/v1/doorbells/alice-door/status', { online: true }));
    expect(count()).toBe(before + 1);
    expect((await json<DoorbellInfo>(call(request('GET', '/v1/doorbells/alice-door')))).body.online).toBe(true);
    await call(request('PUT', '/v1/doorbells/alice-door/status', { online: false }));
    expect(count()).toBe(before + 2);
    expect(ChangeReportShape.parse(world.gateway.control.events.at(-1)!.body).event.payload.change.properties[0]!.value).toEqual({ value: 'UNREACHABLE' });
  });
});

describe('press', () => {
  const press = () => json<PressResponse>(call(request('POST', '/v1/doorbells/alice-door/press', {})));

  it('delivers a DoorbellPress to the gateway with the stored token and reports the region', async () => {
    await clearDebounce('alice-door');
    const r = await press();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ outcome: 'DELIVERED', region: 'NA' });
    const received = world.gateway.control.events.find((e) => e.name === 'DoorbellPress' && (e.body as { event: { header: { messageId: string } } }).event.header.messageId === r.body.messageId)!;
    expect(received.status).toBe(202);
    const event = DoorbellPressShape.parse(received.body);
    expect(event.event.endpoint.endpointId).toBe('alice-door');
    expect(received.userId).toBe(await rt.users.findUserIdByEmail(ALICE));
  });

  it('debounces a second press within PRESS_DEBOUNCE_MS', async () => {
    await clearDebounce('alice-door');
    expect((await press()).body.outcome).toBe('DELIVERED');
    const sent = world.gateway.control.events.length;
    expect((await press()).body.outcome).toBe('DEBOUNCED');
    expect(world.gateway.control.events.length).toBe(sent);
  });

  it('lets exactly one of two simultaneous presses through', async () => {
    await clearDebounce('alice-door');
    const other = world.device(world.runtime(PAGE_ROLE_ENV));
    const [a, b] = await Promise.all([press(), json<PressResponse>(other(request('POST', '/v1/doorbells/alice-door/press', {})))]);
    expect([a.body.outcome, b.body.outcome].sort()).toEqual(['DEBOUNCED', 'DELIVERED']);
  });

  it('on a 401 refreshes the token once and retries once', async () => {
    await clearDebounce('alice-door');
    const refreshes = world.lwa.control.counters().refreshToken;
    const sent = world.gateway.control.events.length;
    world.gateway.control.nextResponses([401]);
    const r = await press();
    expect(r.body.outcome).toBe('DELIVERED');
    expect(world.lwa.control.counters().refreshToken).toBe(refreshes + 1);
    const tries = world.gateway.control.events.slice(sent);
    expect(tries.map((e) => e.status)).toEqual([401, 202]);
  });

  it('reports RELINK_REQUIRED after 401 twice', async () => {
    await clearDebounce('alice-door');
    const sent = world.gateway.control.events.length;
    world.gateway.control.nextResponses([401, 401]);
    expect((await press()).body.outcome).toBe('RELINK_REQUIRED');
    expect(world.gateway.control.events.length).toBe(sent + 2);
  });

  it('never retries a 403 and reports RELINK_REQUIRED', async () => {
    await clearDebounce('alice-door');
    const sent = world.gateway.control.events.length;
    world.gateway.control.nextResponses([403]);
    expect((await press()).body.outcome).toBe('RELINK_REQUIRED');
    expect(world.gateway.control.events.length).toBe(sent + 1);
  });

  it('reports THROTTLED on 429 and GATEWAY_ERROR on 5xx or 400, and a failed press does not debounce the next', async () => {
    await clearDebounce('alice-door');
    world.gateway.control.nextResponses([429]);
    expect((await press()).body.outcome).toBe('THROTTLED');
    world.gateway.control.nextResponses([503]);
    expect((await press()).body.outcome).toBe('GATEWAY_ERROR');
    world.gateway.control.nextResponses([400]);
    expect((await press()).body.outcome).toBe('GATEWAY_ERROR');
    expect((await press()).body.outcome).toBe('DELIVERED');
  });

  it('reports GATEWAY_ERROR when the gateway cannot be reached', async () => {
    await clearDebounce('alice-door');
    const offline = world.device(world.runtime({ ...PAGE_ROLE_ENV, ALEXA_EVENT_GATEWAY_URL: 'http://127.0.0.1:9' }));
    const r = await json<PressResponse>(offline(request('POST', '/v1/doorbells/alice-door/press', {})));
    expect(r.body.outcome).toBe('GATEWAY_ERROR');
  });

  it('reports LWA_UNAVAILABLE when the token needs refreshing and LWA is down, and keeps the tokens', async () => {
    await clearDebounce('alice-door');
    const user = await aliceUser();
    await rt.users.saveGrant({ userId: user.userId, email: ALICE, tokens: { accessToken: user.accessToken, refreshToken: user.refreshToken, expiresInSeconds: 60 }, region: 'NA' }, Date.now());
    world.lwa.control.setFault({ down: true, only: ['token'] });
    expect((await press()).body.outcome).toBe('LWA_UNAVAILABLE');
    expect((await rt.users.get(user.userId))!.refreshToken).toBe(user.refreshToken);
    world.lwa.control.setFault(undefined);
    expect((await press()).body.outcome).toBe('DELIVERED');
  });

  it('reports NOT_LINKED for a doorbell whose owner never linked', async () => {
    const r = await json<PressResponse>(call(request('POST', '/v1/doorbells/bob-door/press', {})));
    expect(r.body).toMatchObject({ outcome: 'NOT_LINKED', message: expect.stringMatching(/link/i) });
  });

  it('reports RELINK_REQUIRED when LWA refuses the refresh token', async () => {
    await clearDebounce('alice-door');
    const user = await aliceUser();
    await rt.users.saveGrant({ userId: user.userId, email: ALICE, tokens: { accessToken: user.accessToken, refreshToken: 'Atzr|revoked', expiresInSeconds: 60 }, region: 'NA' }, Date.now());
    expect((await press()).body.outcome).toBe('RELINK_REQUIRED');
    await world.link(rt, ALICE);
  });

  it('reports SKILL_MISCONFIGURED, with the fix, when LWA refuses the skill\'s client secret (invalid_client), and keeps the link', async () => {
    await clearDebounce('alice-door');
    const user = await aliceUser();
    await rt.users.saveGrant({ userId: user.userId, email: ALICE, tokens: { accessToken: user.accessToken, refreshToken: user.refreshToken, expiresInSeconds: 60 }, region: 'NA' }, Date.now());
    const misconfigured = world.runtime({ ...PAGE_ROLE_ENV, PRESS_DEBOUNCE_MS: '5000', LWA_CLIENT_SECRET: 'not-the-secret' });
    const r = await json<PressResponse>(world.device(misconfigured)(request('POST', '/v1/doorbells/alice-door/press', {})));
    expect(r.body.outcome).toBe('SKILL_MISCONFIGURED');
    expect(r.body.message).toMatch(/client secret is wrong or not set/);
    expect(r.body.message).toContain('aws secretsmanager put-secret-value');
    expect(world.logs.text()).toMatch(/invalid_client.*SKILL_MISCONFIGURED/);
    // Nothing was lost: the grant is intact and the right secret delivers the press.
    expect((await rt.users.get(user.userId))!.refreshToken).toBe(user.refreshToken);
    expect((await press()).body.outcome).toBe('DELIVERED');
  });

  it('keeps tokens out of the logs', async () => {
    const user = await aliceUser();
    const text = world.logs.text();
    expect(text).toContain('"message":"press"');
    expect(text).not.toContain(user.accessToken);
    expect(text).not.toContain(user.refreshToken);
    expect(text).not.toContain('Atza|');
    expect(text).not.toContain('Atzr|');
    expect(text).not.toContain(world.lwa.client.clientSecret);
  });
});
