/**
 * The access API in this process against the real local parts: dynalite (devices and setup
 * tables), the local Login with Amazon (the sign-in's PKCE code exchange and profile) and the
 * local STS (AssumeRole through the AWS SDK's STS client). Every route, every bad input, and the
 * device grants' rotation and reuse rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessApiError, CredentialsResponse, DeviceGrantResponse, RevokeDeviceResponse, SetupView, SignInResponse } from '../../contracts/access-api/bodies.js';
import { AccessApiErrorSchema, CredentialsResponseSchema, DeviceGrantResponseSchema, SignInResponseSchema } from '../../contracts/access-api/bodies.js';
import { ACCESS_API_ROUTES, formatGrant, parseGrant, type AccessApiRoute } from '../../contracts/access-api/routes.js';
import { newSecret } from '../../contracts/secrets.js';
import { ALICE, BOB, doorbell, startSkillWorld, type SkillWorld } from '../testing/skill-world.js';
import type { Runtime } from '../runtime.js';
import { RateLimiter } from './rate-limit.js';

const REDIRECT = 'http://localhost:8080/camera/setup.html';
/** Owns the garage; no local Amazon account, so nobody here may enroll for it. */
const ROBERT = 'robert@example.com';

let world: SkillWorld;
let rt: Runtime;
let call: (event: unknown) => Promise<{ statusCode: number; body: string }>;

beforeAll(async () => {
  world = await startSkillWorld();
  // Bob owns no doorbell in this world.
  await world.seed([doorbell('front-door', ALICE), doorbell('back-door', ALICE), doorbell('garage', ROBERT)]);
  rt = world.runtime();
  // One address sends every request of this file: the rate limit has its own test below.
  call = world.access(rt, { limiter: new RateLimiter({ capacity: 100_000 }) });
});
afterAll(() => world?.close());

interface EventOptions {
  token?: string;
  headers?: Record<string, string>;
  method?: string;
  sourceIp?: string;
  /** The body as sent, instead of JSON of `body`. */
  raw?: string;
}

/** A function-URL event as AWS delivers it for an unsigned (auth NONE) URL. */
function event(path: string, body: unknown, o: EventOptions = {}) {
  return {
    rawPath: path,
    headers: { 'content-type': 'application/json', ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers },
    body: o.raw ?? JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { http: { method: o.method ?? 'POST', path, sourceIp: o.sourceIp ?? '198.51.100.7' } },
  };
}

async function post<T>(route: AccessApiRoute, body: unknown, o: EventOptions = {}, handler = call): Promise<{ status: number; body: T }> {
  const r = await handler(event(ACCESS_API_ROUTES[route].path, body, o));
  return { status: r.statusCode, body: JSON.parse(r.body) as T };
}

/** A refusal: the status and the typed body, checked against the contract. */
async function refused(p: Promise<{ status: number; body: unknown }>): Promise<{ status: number; error: string; reason?: string }> {
  const r = await p;
  const body = AccessApiErrorSchema.parse(r.body);
  return { status: r.status, error: body.error, ...(body.reason ? { reason: body.reason } : {}) };
}

async function signIn(email: string): Promise<SignInResponse> {
  const { code, codeVerifier } = await world.signInCode(email, REDIRECT);
  const r = await post<SignInResponse>('signIn', { code, codeVerifier, redirectUri: REDIRECT });
  expect(r.status).toBe(200);
  return SignInResponseSchema.parse(r.body);
}

async function enroll(setupToken: string, endpointId = 'front-door', role = 'camera', label = 'Hall laptop'): Promise<DeviceGrantResponse> {
  const r = await post<DeviceGrantResponse>('createDevice', { endpointId, role, label }, { token: setupToken });
  expect(r.status).toBe(200);
  return DeviceGrantResponseSchema.parse(r.body);
}

async function exchange(grant: string) {
  return post<CredentialsResponse | AccessApiError>('credentials', { grant });
}

async function exchanged(grant: string): Promise<CredentialsResponse> {
  const r = await exchange(grant);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return CredentialsResponseSchema.parse(r.body);
}

describe('signing in', () => {
  it('redeems the LWA code with its PKCE verifier, keeps only the email, and lists the doorbells it owns with their devices', async () => {
    const setup = await signIn(ALICE);
    expect(setup.email).toBe(ALICE);
    expect(setup.setupToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(setup.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(setup.doorbells.map((d) => d.endpointId)).toEqual(['back-door', 'front-door']);
    expect(setup.doorbells.every((d) => Array.isArray(d.devices))).toBe(true);
    // Amazon's tokens go nowhere: not in the answer, not in the setup table.
    expect(JSON.stringify(setup)).not.toMatch(/Atz[ar]\|/);
  });

  it('answers an email that owns no doorbell with none, and logs it with the email masked', async () => {
    const setup = await signIn(BOB);
    expect(setup).toMatchObject({ email: BOB, doorbells: [] });
    const line = world.logs.records().find((l) => l.message === 'signed in, but no doorbell is owned by this email');
    expect(line?.email).toBe('b***@example.com');
    expect(world.logs.text()).not.toContain(BOB);
  });

  it('refuses a code LWA does not accept (wrong verifier, used code, wrong redirect URI) as SIGN_IN_FAILED', async () => {
    const { code, codeVerifier } = await world.signInCode(ALICE, REDIRECT);
    expect(await refused(post('signIn', { code, codeVerifier: newSecret(), redirectUri: REDIRECT }))).toEqual({ status: 401, error: 'SIGN_IN_FAILED' });
    const other = await world.signInCode(ALICE, REDIRECT);
    expect((await post('signIn', { ...other, redirectUri: REDIRECT })).status).toBe(200);
    expect(await refused(post('signIn', { ...other, redirectUri: REDIRECT }))).toEqual({ status: 401, error: 'SIGN_IN_FAILED' });
    const third = await world.signInCode(ALICE, REDIRECT);
    expect(await refused(post('signIn', { ...third, redirectUri: 'http://localhost:9/elsewhere.html' }))).toEqual({ status: 401, error: 'SIGN_IN_FAILED' });
  });

  it('answers INTERNAL_ERROR, typed, when LWA is down, and when no setup client is configured', async () => {
    const { code, codeVerifier } = await world.signInCode(ALICE, REDIRECT);
    world.lwa.control.setFault({ down: true, only: ['token'] });
    try {
      expect(await refused(post('signIn', { code, codeVerifier, redirectUri: REDIRECT }))).toEqual({ status: 500, error: 'INTERNAL_ERROR' });
    } finally {
      world.lwa.control.setFault(undefined);
    }
    const unconfigured = world.access(world.runtime({ SETUP_CLIENT_ID: '' }));
    const again = await world.signInCode(ALICE, REDIRECT);
    expect(await refused(post('signIn', { ...again, redirectUri: REDIRECT }, {}, unconfigured))).toEqual({ status: 500, error: 'INTERNAL_ERROR' });
  });

  it('refreshes the list with the setup token, and refuses a missing, unknown, malformed or expired one', async () => {
    const setup = await signIn(ALICE);
    const r = await post<SetupView>('doorbells', {}, { token: setup.setupToken });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ email: ALICE, doorbells: [{ endpointId: 'back-door' }, { endpointId: 'front-door' }] });
    for (const token of [undefined, newSecret(), 'short', `${setup.setupToken}x`]) {
      expect(await refused(post('doorbells', {}, { token }))).toEqual({ status: 401, error: 'SETUP_EXPIRED' });
    }
    const later = world.access(world.runtime({}, { now: () => Date.now() + 16 * 60_000 }));
    expect(await refused(post('doorbells', {}, { token: setup.setupToken }, later))).toEqual({ status: 401, error: 'SETUP_EXPIRED' });
  });
});

describe('enrolling and revoking devices', () => {
  it("enrolls a device for an owned doorbell in a role, and refuses another owner's doorbell, a doorbell or role that does not exist", async () => {
    const setup = await signIn(ALICE);
    const { grant, device } = await enroll(setup.setupToken, 'front-door', 'viewer', 'Kitchen tablet');
    expect(parseGrant(grant)?.deviceId).toBe(device.deviceId);
    expect(device).toMatchObject({ endpointId: 'front-door', role: 'viewer', label: 'Kitchen tablet' });
    expect(device.lastUsedAt).toBeUndefined();
    const listed = await post<SetupView>('doorbells', {}, { token: setup.setupToken });
    expect(listed.body.doorbells.find((d) => d.endpointId === 'front-door')!.devices.map((d) => d.deviceId)).toContain(device.deviceId);
    const token = { token: setup.setupToken };
    expect(await refused(post('createDevice', { endpointId: 'garage', role: 'camera', label: 'x' }, token))).toEqual({ status: 403, error: 'NOT_OWNER' });
    expect(await refused(post('createDevice', { endpointId: 'nowhere', role: 'camera', label: 'x' }, token))).toEqual({ status: 404, error: 'NOT_FOUND' });
    for (const bad of [{ role: 'doorbell' }, { role: 'admin' }, { label: '' }, { label: 'x'.repeat(65) }, { endpointId: 'front door' }, { endpointId: undefined }]) {
      expect(await refused(post('createDevice', { endpointId: 'front-door', role: 'camera', label: 'x', ...bad }, token)), JSON.stringify(bad)).toEqual({ status: 400, error: 'BAD_REQUEST' });
    }
  });

  it('enrolls with a one-time code once; a used, expired, unknown or malformed code is GRANT_INVALID', async () => {
    const code = await world.enrollmentCode('back-door', 'button');
    const r = await post<DeviceGrantResponse>('enroll', { enrollmentCode: code, label: 'Front gate' });
    expect(r.status).toBe(200);
    expect(DeviceGrantResponseSchema.parse(r.body).device).toMatchObject({ endpointId: 'back-door', role: 'button', label: 'Front gate' });
    expect(await refused(post('enroll', { enrollmentCode: code, label: 'again' }))).toEqual({ status: 401, error: 'GRANT_INVALID' });
    const stale = await world.enrollmentCode('back-door', 'camera', Date.now() - 11 * 60_000);
    expect(await refused(post('enroll', { enrollmentCode: stale, label: 'late' }))).toEqual({ status: 401, error: 'GRANT_INVALID' });
    expect(await refused(post('enroll', { enrollmentCode: newSecret(), label: 'guess' }))).toEqual({ status: 401, error: 'GRANT_INVALID' });
    expect(await refused(post('enroll', { enrollmentCode: 'abc', label: 'bad' }))).toEqual({ status: 400, error: 'BAD_REQUEST' });
  });

  it("lets the owner revoke a device (OWNER), once and for good, but not another owner's", async () => {
    const alice = await signIn(ALICE);
    const { grant, device } = await enroll(alice.setupToken);
    await exchanged(grant);
    const bob = await signIn(BOB);
    expect(await refused(post('revokeDevice', { deviceId: device.deviceId }, { token: bob.setupToken }))).toEqual({ status: 403, error: 'NOT_OWNER' });
    const r = await post<RevokeDeviceResponse>('revokeDevice', { deviceId: device.deviceId }, { token: alice.setupToken });
    expect(r.status).toBe(200);
    expect(r.body.device).toMatchObject({ deviceId: device.deviceId, revokedReason: 'OWNER', revokedAt: expect.any(String) });
    expect((await post<RevokeDeviceResponse>('revokeDevice', { deviceId: device.deviceId }, { token: alice.setupToken })).body.device.revokedAt).toBe(r.body.device.revokedAt);
    expect(await refused(exchange(grant))).toEqual({ status: 401, error: 'GRANT_REVOKED', reason: 'OWNER' });
    expect(await refused(post('revokeDevice', { deviceId: newSecret(16) }, { token: alice.setupToken }))).toEqual({ status: 404, error: 'NOT_FOUND' });
  });
});

describe('the credentials exchange', () => {
  let setupToken: string;
  beforeAll(async () => {
    setupToken = (await signIn(ALICE)).setupToken;
  });

  it("gives STS credentials of the device's page role for its doorbell, 15 minutes, and a rotated grant", async () => {
    for (const role of ['camera', 'button', 'viewer'] as const) {
      const { grant } = await enroll(setupToken, 'front-door', role);
      const started = Date.now();
      const r = await exchanged(grant);
      expect(r.grant).not.toBe(grant);
      expect(parseGrant(r.grant)?.deviceId).toBe(parseGrant(grant)?.deviceId);
      expect(r.doorbell).toEqual({ endpointId: 'front-door', name: 'Doorbell front-door', channelName: 'channel-front-door', channelArn: expect.stringContaining('channel-front-door'), region: 'us-east-1' });
      expect(r.device).toMatchObject({ role, lastUsedAt: expect.any(String) });
      const lifetime = Date.parse(r.credentials.expiration) - started;
      expect(lifetime).toBeGreaterThan(890_000);
      expect(lifetime).toBeLessThanOrEqual(901_000);
      // ... and says so by its own clock, for a page whose clock is wrong.
      expect(r.credentials.lifetimeSeconds).toBeGreaterThan(890);
      expect(r.credentials.lifetimeSeconds).toBeLessThanOrEqual(900);
      // The credentials are that role's session named after the doorbell, as the device API will see them.
      expect(world.sts.callerCredentials(r.credentials.accessKeyId)?.principalArn).toBe(`arn:aws:sts::000000000000:assumed-role/doorbell-${role}/front-door`);
    }
  });

  it('rotates on every use: the newest grant works, each older one revokes the device (REUSED), and only that device', async () => {
    const first = await enroll(setupToken);
    const sibling = await enroll(setupToken);
    const g1 = (await exchanged(first.grant)).grant; // promotes the first grant
    const g2 = (await exchanged(g1)).grant;
    const g3 = (await exchanged(g2)).grant;
    // The first grant is retired now: presenting it again means a copy is loose.
    expect(await refused(exchange(first.grant))).toEqual({ status: 401, error: 'GRANT_REVOKED', reason: 'REUSED' });
    expect(await refused(exchange(g3))).toEqual({ status: 401, error: 'GRANT_REVOKED', reason: 'REUSED' });
    expect(world.logs.records().some((l) => l.message === 'device revoked' && l.reason === 'REUSED' && l.deviceId === first.device.deviceId)).toBe(true);
    // The doorbell's other device is untouched.
    const sib = await exchanged(sibling.grant);
    expect(sib.device.revokedAt).toBeUndefined();
    await exchanged(sib.grant);
  });

  it('answers a lost answer again: presenting the same grant twice never revokes, and the newest answer then works', async () => {
    const { grant } = await enroll(setupToken);
    const promoted = await exchanged(grant);
    // The answer with `promoted.grant` was lost: the page still holds `grant`, now the current one.
    const retried = await exchanged(grant);
    expect(retried.grant).not.toBe(promoted.grant);
    const again = await exchanged(grant);
    expect((await exchanged(again.grant)).device.revokedAt).toBeUndefined();
  });

  it('takes two exchanges of the same grant at once (two tabs, a retry): both are answered, the device is not revoked', async () => {
    const { grant, device } = await enroll(setupToken);
    const [a, b] = await Promise.all([exchange(grant), exchange(grant)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // Which answer was written last is the race's; the device stands either way.
    const listed = await post<SetupView>('doorbells', {}, { token: setupToken });
    const after = listed.body.doorbells.flatMap((d) => d.devices).find((d) => d.deviceId === device.deviceId)!;
    expect(after.revokedAt).toBeUndefined();
    // Each was given a grant of its own.
    const grants = [a, b].map((r) => CredentialsResponseSchema.parse(r.body).grant);
    expect(grants[0]).not.toBe(grants[1]);
  });

  it('refuses guesses, malformed and unknown grants as GRANT_INVALID without changing the device', async () => {
    const { grant, device } = await enroll(setupToken);
    const guess = formatGrant(device.deviceId, newSecret());
    for (const bad of [guess, formatGrant(newSecret(16), newSecret()), 'dg1.nope', `${grant}x`, 'Atza|not-a-grant']) {
      expect(await refused(exchange(bad)), bad.slice(0, 12)).toEqual({ status: 401, error: 'GRANT_INVALID' });
    }
    expect(await refused(post('credentials', { grant: 42 }))).toEqual({ status: 400, error: 'BAD_REQUEST' });
    // The guesses revoked nothing: the real grant still works, as the first exchange it is.
    expect((await exchanged(grant)).device.revokedAt).toBeUndefined();
  });

  it('answers INTERNAL_ERROR, typed, when STS fails, and the grant the page holds still works afterwards', async () => {
    const { grant } = await enroll(setupToken);
    const broken = world.access(world.runtime({ AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' }));
    expect(await refused(post('credentials', { grant }, {}, broken))).toEqual({ status: 500, error: 'INTERNAL_ERROR' });
    const r = await exchanged(grant);
    expect(r.device.revokedAt).toBeUndefined();
    await exchanged(r.grant);
  });

  it('keeps grants, setup tokens, secrets and Amazon tokens out of the logs', async () => {
    const setup = await signIn(ALICE);
    const { grant } = await enroll(setup.setupToken);
    const r = await exchanged(grant);
    const text = world.logs.text();
    expect(text).toContain('"message":"access request"');
    for (const secret of [setup.setupToken, grant, parseGrant(grant)!.secret, r.grant, r.credentials.secretAccessKey, r.credentials.sessionToken]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/Atz[ar]\|/);
  });
});

describe('the envelope', () => {
  it('refuses what is not a POST of JSON of at most 8 KB to a known route, each with its typed error, never a bare 500', async () => {
    const path = ACCESS_API_ROUTES.credentials.path;
    const answer = async (e: unknown) => {
      const r = await call(e);
      return { status: r.statusCode, error: AccessApiErrorSchema.parse(JSON.parse(r.body)).error };
    };
    expect(await answer(event('/v1/access/nowhere', {}))).toEqual({ status: 404, error: 'NOT_FOUND' });
    expect(await answer(event('/v1/doorbells/front-door', {}))).toEqual({ status: 404, error: 'NOT_FOUND' });
    expect(await answer(event(path, { grant: 'x' }, { headers: { 'content-type': 'text/plain' } }))).toEqual({ status: 415, error: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await answer(event(path, { grant: 'x' }, { headers: { 'content-type': 'application/x-www-form-urlencoded' } }))).toEqual({ status: 415, error: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await answer(event(path, { grant: 'x' }, { method: 'GET' }))).toEqual({ status: 415, error: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await answer(event(path, undefined, { raw: JSON.stringify({ grant: 'x'.repeat(9000) }) }))).toEqual({ status: 413, error: 'PAYLOAD_TOO_LARGE' });
    expect(await answer(event(path, undefined, { raw: '{"grant":' }))).toEqual({ status: 400, error: 'BAD_REQUEST' });
    expect(await answer(event(path, undefined, { raw: '' }))).toEqual({ status: 400, error: 'BAD_REQUEST' });
    expect(await answer(event(path, undefined, { raw: '[]' }))).toEqual({ status: 400, error: 'BAD_REQUEST' });
    expect(await answer(event(path, { grant: 'x' }, { headers: { 'content-type': 'application/json; charset=utf-8' } }))).toEqual({ status: 401, error: 'GRANT_INVALID' });
    for (const junk of [null, 7, 'x', {}, { rawPath: 5, requestContext: { http: { method: {} } } }]) expect((await answer(junk)).status).toBeLessThan(500);
  });

  it('limits the requests of one address (RATE_LIMITED), and not those of another', async () => {
    const limited = world.access(rt, { limiter: new RateLimiter({ capacity: 3, refillPerSecond: 0.001 }) });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post('credentials', { grant: 'x' }, { sourceIp: '203.0.113.9' }, limited)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(await refused(post('credentials', { grant: 'x' }, { sourceIp: '203.0.113.9' }, limited))).toEqual({ status: 429, error: 'RATE_LIMITED' });
    expect((await post('credentials', { grant: 'x' }, { sourceIp: '203.0.113.10' }, limited)).status).toBe(401);
  });

  it('answers INTERNAL_ERROR, typed, when the store is unreachable', async () => {
    const offline = world.access(world.runtime({ AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9' }));
    const { grant } = await enroll((await signIn(ALICE)).setupToken);
    expect(await refused(post('credentials', { grant }, {}, offline))).toEqual({ status: 500, error: 'INTERNAL_ERROR' });
  });
});
