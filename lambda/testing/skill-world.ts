/**
 * The skill's tests' world: the real local parts the skill talks to (presets.skillTests:
 * dynalite, the local Login with Amazon, the local event gateway, and the KVS emulator when
 * asked), plus what only tests need: "Lambdas" (runtimes) in this process pointed at them, their
 * log lines captured, account-linking tokens, and doorbells and channels made to order.
 */
import { CreateSignalingChannelCommand, KinesisVideoClient } from '@aws-sdk/client-kinesis-video';
import { presets, type SkillTestsOptions, type SkillTestsWorld } from '../../infra/local/world/index.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_ACCOUNT_ID, LOCAL_PAGE_ROLE_NAMES, LOCAL_REGION } from '../../infra/local/local-account.js';
import { writeEnrollmentCode } from '../../infra/shared/enrollment.js';
import { codeChallengeS256, newCodeVerifier } from '../../contracts/lwa-sign-in.js';
import { SETUP_TABLE } from '../../contracts/tables.js';
import type { PageRole } from '../../contracts/page-roles.js';
import { createAccessHandler } from '../access/handler.js';
import type { RateLimiter } from '../access/rate-limit.js';
import type { DoorbellItem } from '../../contracts/tables.js';
import { readConfig } from '../config.js';
import { LwaClient } from '../lwa/client.js';
import { createRuntime, type Runtime } from '../runtime.js';
import { createDirectiveHandler, type DirectiveHandler } from '../router.js';
import { createDeviceHandler } from '../device/handler.js';
import { createLogger } from '../log.js';
import { directive } from './fixtures/index.js';
import { LogCapture } from './log-capture.js';

export const ALICE = 'alice@example.com';
export const BOB = 'bob@example.com';

export type SkillWorld = SkillTestsWorld & {
  logs: LogCapture;
  /** The skill's environment pointed at this world (world.skillEnv). */
  env: Record<string, string>;
  /** A fresh "Lambda": its own caches and clients, the shared servers. */
  runtime(env?: NodeJS.ProcessEnv, opts?: { now?: () => number }): Runtime;
  directives(runtime: Runtime): DirectiveHandler;
  device(runtime: Runtime): ReturnType<typeof createDeviceHandler>;
  /** The access API in this process (its own rate limiter unless given one). */
  access(runtime: Runtime, opts?: { limiter?: RateLimiter }): ReturnType<typeof createAccessHandler>;
  /** What the setup page gets back from the local LWA after "Allow": a code for a PKCE challenge, and its verifier. */
  signInCode(email: string, redirectUri: string): Promise<{ code: string; codeVerifier: string }>;
  /** A one-time enrollment code for this doorbell and role, written as `npm run camera-url` writes it. */
  enrollmentCode(endpointId: string, role: PageRole, now?: number): Promise<string>;
  /** An account-linking access token for a local user (what Alexa puts in endpoint.scope). */
  tokenFor(email: string): Promise<string>;
  /** Links the skill for a user the way Alexa does: AcceptGrant with a fresh code. */
  link(runtime: Runtime, email: string): Promise<void>;
  /** A signaling channel in this world's KVS emulator; its ARN. */
  createChannel(name: string): Promise<string>;
  /** Writes doorbells into the registry as given. */
  seed(items: DoorbellItem[]): Promise<void>;
};

export async function startSkillWorld(options: SkillTestsOptions = {}): Promise<SkillWorld> {
  const logs = new LogCapture();
  let world: SkillTestsWorld;
  try {
    world = await presets.skillTests(options);
  } catch (err) {
    logs.restore();
    throw err;
  }
  const { lwa, account } = world;
  // The local page roles (the world's STS), so that a device handler here serves what pageCaller() signs as.
  const env = world.skillEnv;
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: account.region, endpoint: world.dynamodb.endpoint, credentials: account.credentials }));

  // The account link's token, redeemed with the skill's own LWA client (no third client for tests).
  const linkingClient = new LwaClient({ baseUrl: lwa.endpoint, clientId: lwa.client.clientId, clientSecret: async () => lwa.client.clientSecret });
  const tokenFor = async (email: string): Promise<string> => (await linkingClient.exchangeCode(lwa.issueAuthorizationCode(email))).accessToken;

  return {
    ...world,
    logs,
    env,
    runtime: (extra = {}, o = {}) => createRuntime(readConfig({ ...env, ...extra }), { log: createLogger(), now: o.now }),
    directives: (runtime) => createDirectiveHandler(runtime),
    device: (runtime) => createDeviceHandler(runtime),
    access: (runtime, opts) => createAccessHandler(runtime, opts),
    async signInCode(email, redirectUri) {
      const codeVerifier = newCodeVerifier();
      return { code: lwa.issueAuthorizationCode(email, redirectUri, 'profile', await codeChallengeS256(codeVerifier)), codeVerifier };
    },
    async enrollmentCode(endpointId, role, now) {
      return (await writeEnrollmentCode(doc, SETUP_TABLE.defaultName, { endpointId, role }, now)).code;
    },
    tokenFor,
    async link(runtime, email) {
      const res = await createDirectiveHandler(runtime)(directive('accept-grant', { token: await tokenFor(email), code: lwa.issueAuthorizationCode(email) }));
      if (res.event.header.name !== 'AcceptGrant.Response') throw new Error(`link failed: ${JSON.stringify(res.event.payload)}`);
    },
    async createChannel(name) {
      if (!world.kvs) throw new Error('no KVS emulator in this world: startSkillWorld({ kvs: true })');
      const client = new KinesisVideoClient({ region: account.region, endpoint: world.kvs.endpoint, credentials: account.credentials });
      try {
        const out = await client.send(new CreateSignalingChannelCommand({ ChannelName: name, ChannelType: 'SINGLE_MASTER' }));
        return out.ChannelARN!;
      } finally {
        client.destroy();
      }
    },
    seed: (items) => world.dynamodb.putDoorbells(items),
    async close() {
      doc.destroy();
      await world.close();
      logs.restore();
    },
  };
}

/** A doorbell item with sensible defaults: online now unless told otherwise. */
export function doorbell(endpointId: string, ownerEmail: string, extra: Partial<DoorbellItem> = {}): DoorbellItem {
  return {
    endpointId,
    name: `Doorbell ${endpointId}`,
    ownerEmail,
    channelName: `channel-${endpointId}`,
    channelArn: `arn:aws:kinesisvideo:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:channel/channel-${endpointId}/1700000000000`,
    online: true,
    lastSeenAt: Date.now(),
    ...extra,
  };
}

/** The function URL's IAM context of a page role's session for this doorbell, as AWS hands it to the device handler. */
export function pageCaller(role: PageRole, endpointId: string): { iam: { userArn: string; accountId: string } } {
  return { iam: { userArn: `arn:aws:sts::${LOCAL_ACCOUNT_ID}:assumed-role/${LOCAL_PAGE_ROLE_NAMES[role]}/${endpointId}`, accountId: LOCAL_ACCOUNT_ID } };
}
