import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ALICE, BOB, doorbell, startSkillWorld, type SkillWorld } from './testing/skill-world.js';
import { connectMaster, type TestMaster } from './testing/kvs-master.js';
import { CAMERA_ANSWER, directive } from './testing/fixtures/index.js';
import { AuthorizationErrorShape, ErrorResponseShape } from './testing/skill-messages.js';
import { GARBAGE_ANSWERS, garbageAnswer, malformedDirectives, type MalformedCase } from './testing/malformed-directives.js';
import { lazyDocumentClient } from './store/dynamo.js';
import { readConfig } from './config.js';
import { TABLES } from '../contracts/tables.js';
import type { DirectiveHandler } from './router.js';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DeviceApiErrorSchema, type HistoryPage, type MotionResponse } from '../contracts/device-api/bodies.js';
import { DEVICE_API_ERROR_STATUS } from '../contracts/device-api/routes.js';
import { malformedDeviceRequests, type DeviceFuzzSetup } from './testing/malformed-device-requests.js';
import { pageCaller } from './testing/skill-world.js';
import type { Runtime } from './runtime.js';

// Change the seed to explore; a failure prints the seed and the case index, which replay exactly.
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const COUNT = 3000;
const GARBAGE_PREFIX = 'fuzz-garbage-';

let world: SkillWorld;
let master: TestMaster;
let main: DirectiveHandler;
let expired: DirectiveHandler;
let token: string;
let expiredTokens: string[];
let mainRuntime: Runtime;

async function snapshot(): Promise<string> {
  const doc = lazyDocumentClient(readConfig(world.env))();
  const tables = await Promise.all(
    TABLES.map(async (t) => {
      const items = (await doc.send(new ScanCommand({ TableName: t.defaultName, ConsistentRead: true }))).Items ?? [];
      return items.map((i) => JSON.stringify(i, Object.keys(i).sort())).sort();
    }),
  );
  return JSON.stringify(tables);
}

beforeAll(async () => {
  // No quotas: thousands of offers on one channel are far beyond its 5 TPS SendAlexaOfferToMaster limit.
  world = await startSkillWorld({ kvs: { alexaOfferTimeoutMs: 2000 } });
  const arn = await world.createChannel('fuzz-front-door');
  await world.seed([
    doorbell('front-door', ALICE, { channelArn: arn, channelName: 'fuzz-front-door' }),
    doorbell('asleep', ALICE, { channelArn: arn, channelName: 'fuzz-front-door', online: false }),
    doorbell('garage', BOB, { channelArn: arn, channelName: 'fuzz-front-door' }),
  ]);
  master = await connectMaster(world, arn, CAMERA_ANSWER);
  // The garbage index travels in the session id, which the skill turns into the sender client id.
  master.setReply((offer) => {
    const at = offer.senderClientId.indexOf(GARBAGE_PREFIX);
    if (at < 0) return { sdp: CAMERA_ANSWER };
    return { rawPayload: garbageAnswer(Number.parseInt(offer.senderClientId.slice(at + GARBAGE_PREFIX.length), 10)) };
  });

  // Expired tokens: a Lambda saw them valid, LWA expired them, and the profile cache has run out.
  let clock = Date.now();
  const expiredRuntime = world.runtime({}, { now: () => clock });
  expired = world.directives(expiredRuntime);
  expiredTokens = await Promise.all([1, 2, 3].map(() => world.tokenFor(ALICE)));
  for (const t of expiredTokens) expect((await expired(directive('discover', { token: t }))).event.header.name).toBe('Discover.Response');
  world.lwa.control.expireAccessTokens(ALICE);
  clock += 10 * 60_000;

  mainRuntime = world.runtime();
  main = world.directives(mainRuntime);
  await world.link(mainRuntime, ALICE);
  token = await world.tokenFor(ALICE);
  // Warm the profile cache the way any live Lambda has it.
  expect((await main(directive('discover', { token }))).event.header.name).toBe('Discover.Response');
});

afterAll(async () => {
  await master?.close();
  await world?.close();
});

function check(c: MalformedCase, res: unknown): string | undefined {
  if (c.expected === 'ACCEPT_GRANT_FAILED') {
    const parsed = AuthorizationErrorShape.safeParse(res);
    return parsed.success ? undefined : `not an Alexa.Authorization ACCEPT_GRANT_FAILED: ${JSON.stringify(res).slice(0, 300)}`;
  }
  const parsed = ErrorResponseShape.safeParse(res);
  if (!parsed.success) return `not a well-formed ErrorResponse: ${JSON.stringify(res).slice(0, 300)}`;
  const type = parsed.data.event.payload.type;
  return type === c.expected ? undefined : `got ${type}, expected ${c.expected}`;
}

describe('thousands of malformed directives', () => {
  it(`each get a well-formed ErrorResponse of the right type, never a throw, change nothing in the store and log none of what they carried (seed ${SEED})`, async () => {
    const bogusTokens = ['Atza|bogus', `Atza|${'A'.repeat(500)}`, 'Bearer x', `Atzr|${'refresh-token-not-an-access-token'}`, 'null', '\u00e9\u00e8'];
    const logsBefore = world.logs.lines.length;
    const cases = malformedDirectives(SEED, COUNT, {
      token,
      bogusTokens,
      expiredTokens,
      ownEndpoint: 'front-door',
      offlineEndpoint: 'asleep',
      foreignEndpoint: 'garage',
      garbageSessionPrefix: GARBAGE_PREFIX,
      garbageAnswers: GARBAGE_ANSWERS,
    });
    const families = new Set(cases.map((c) => c.expected));
    expect([...families].sort()).toEqual(
      ['ACCEPT_GRANT_FAILED', 'ENDPOINT_UNREACHABLE', 'EXPIRED_AUTHORIZATION_CREDENTIAL', 'INVALID_AUTHORIZATION_CREDENTIAL', 'INVALID_DIRECTIVE', 'NO_SUCH_ENDPOINT'].sort(),
    );
    const before = await snapshot();
    const offersBefore = master.offers.length;

    const failures: string[] = [];
    let next = 0;
    // A few callers at once, like concurrent Lambdas; each case is independent of the others.
    const worker = async () => {
      for (let i = next++; i < cases.length; i = next++) {
        const c = cases[i]!;
        const handle = c.runtime === 'expired' ? expired : main;
        try {
          const problem = check(c, await handle(c.input));
          if (problem) failures.push(`#${i} ${c.label}: ${problem}`);
        } catch (error) {
          failures.push(`#${i} ${c.label}: threw ${String(error)}`);
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);

    expect(failures.slice(0, 15), `${failures.length} of ${COUNT} failed (seed ${SEED})`).toEqual([]);
    expect(await snapshot()).toBe(before);
    // The garbage answers really went through the camera's channel.
    const garbageCases = cases.filter((c) => c.label.startsWith('initiate: camera answers garbage')).length;
    expect(master.offers.length - offersBefore).toBe(garbageCases);

    // What thousands of bad directives made the skill log: one line each, and none of what they carried.
    const logged = world.logs.lines.slice(logsBefore);
    expect(logged.length).toBeGreaterThanOrEqual(COUNT);
    const text = logged.join('\n');
    for (const secret of [token, ...expiredTokens, world.lwa.client.clientSecret, ...bogusTokens.filter((t) => t.length > 6)]) expect(text.includes(secret), secret.slice(0, 8)).toBe(false);
    for (const pattern of [/Atza\|/, /Atzr\|/, /v=0/, /a=candidate/, /a=fingerprint/, /corr-[0-9a-f]{8}-/]) expect(logged.filter((l) => pattern.test(l)).slice(0, 2), String(pattern)).toEqual([]);
  }, 120_000);
});

/** Every object in the world's snapshots bucket, by key and size. */
async function bucketListing(): Promise<string> {
  const config = readConfig(world.env);
  const s3 = new S3Client({ region: config.aws.region, endpoint: world.s3.endpoint, forcePathStyle: true, credentials: world.account.credentials });
  try {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: config.snapshots.bucket }));
    return JSON.stringify((listed.Contents ?? []).map((o) => `${o.Key}:${o.Size}`).sort());
  } finally {
    s3.destroy();
  }
}

describe('hundreds of bad requests to the motion, snapshot and history routes', () => {
  it(`each get the route's documented error, never a 500 or a throw, and store nothing: no event, no key, no object (seed ${SEED})`, async () => {
    const device = world.device(mainRuntime);
    const call = async (c: { method: string; path: string; body?: string; query: string; role: Parameters<typeof pageCaller>[0]; session: string }) =>
      device({ rawPath: c.path, rawQueryString: c.query, body: c.body, isBase64Encoded: false, requestContext: { http: { method: c.method, path: c.path }, authorizer: pageCaller(c.role, c.session) } });
    const json = <T>(r: { body: string }) => JSON.parse(r.body) as T;
    // What the cases refer to: a motion of the front door without a picture, the garage's events and a page token of its history.
    const own = 'front-door';
    const foreign = 'garage';
    const moved = json<MotionResponse>(await call({ method: 'POST', path: `/v1/doorbells/${own}/motion`, body: '{"state":"DETECTED"}', query: '', role: 'camera', session: own }));
    await call({ method: 'POST', path: `/v1/doorbells/${own}/motion`, body: '{"state":"NOT_DETECTED"}', query: '', role: 'camera', session: own });
    const hourAgo = Date.now() - 3_600_000;
    const foreignEvents = await Promise.all([0, 1, 2].map((i) => mainRuntime.events.record(foreign, 'MOTION', hourAgo + i * 60_000)));
    const page = json<HistoryPage>(await call({ method: 'GET', path: `/v1/doorbells/${foreign}/history`, query: 'limit=1', role: 'viewer', session: foreign }));
    expect(page.nextPageToken).toEqual(expect.any(String));
    const setup: DeviceFuzzSetup = { own, foreign, motionEventId: moved.eventId!, foreignEventId: foreignEvents[0]!.eventId, foreignPageToken: page.nextPageToken! };

    const cases = malformedDeviceRequests(SEED, 600, setup);
    expect(new Set(cases.map((c) => c.expected))).toEqual(new Set(['BAD_REQUEST', 'FORBIDDEN', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE']));
    const [tablesBefore, bucketBefore] = await Promise.all([snapshot(), bucketListing()]);
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < cases.length; i = next++) {
        const c = cases[i]!;
        try {
          const result = await call(c);
          const error = DeviceApiErrorSchema.safeParse(JSON.parse(result.body));
          if (!error.success) failures.push(`#${i} ${c.label}: not a DeviceApiError: ${result.body.slice(0, 200)}`);
          else if (error.data.error !== c.expected || result.statusCode !== DEVICE_API_ERROR_STATUS[c.expected]) failures.push(`#${i} ${c.label}: got ${result.statusCode} ${error.data.error}, expected ${c.expected}`);
        } catch (err) {
          failures.push(`#${i} ${c.label}: threw ${String(err)}`);
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect(failures.slice(0, 15), `${failures.length} of ${cases.length} failed (seed ${SEED})`).toEqual([]);
    expect(await snapshot()).toBe(tablesBefore);
    expect(await bucketListing()).toBe(bucketBefore);
  }, 120_000);
});
