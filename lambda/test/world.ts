/**
 * Test world: the real local parts the skill talks to, on loopback and ephemeral ports — dynalite,
 * the local Login with Amazon, the local Alexa event gateway and the KVS signaling emulator — plus
 * helpers to make "Lambdas" (runtimes) pointed at them and to capture what they log.
 */
import { CreateSignalingChannelCommand, KinesisVideoClient } from '@aws-sdk/client-kinesis-video';
import { startDynamo, createTables, seedDoorbells, type LocalDynamo } from '../../infra/local/dynamodb/index.js';
import { startLocalLwa, type LocalLwa } from '../../infra/local/lwa/index.js';
import { startEventGateway, type LocalEventGateway } from '../../infra/local/alexa/event-gateway.js';
import { startKvsEmulator, type KvsEmulator, type KvsEmulatorOptions } from '../../infra/local/kvs/index.js';
import { LOCAL_CREDENTIALS } from '../../infra/local/local-account.js';
import { skillEnvironment } from '../../contracts/skill-config.js';
import { readConfig } from '../config.js';
import { LwaClient } from '../lwa/client.js';
import { createRuntime, type Runtime } from '../runtime.js';
import { createDirectiveHandler, type DirectiveHandler } from '../router.js';
import { createDeviceHandler } from '../device/handler.js';
import { createLogger } from '../log.js';
import type { DoorbellItem } from '../../contracts/tables.js';
import { directive } from './fixtures/index.js';

export const CLIENT_ID = 'amzn1.application-oa2-client.localdoorbell';
export const CLIENT_SECRET = 'local-lwa-client-secret';
export const CREDENTIALS = { accessKeyId: LOCAL_CREDENTIALS.accessKeyId, secretAccessKey: LOCAL_CREDENTIALS.secretAccessKey };
export const REGION = 'us-east-1';
export const ALICE = 'alice@example.com';
export const BOB = 'bob@example.com';

/** Everything a Powertools logger writes (stdout and stderr) in this process, line by line. */
export class LogCapture {
  readonly lines: string[] = [];
  private readonly restores: (() => void)[] = [];
  constructor() {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        if (text.startsWith('{') && text.includes('"service"')) {
          this.lines.push(...text.split('\n').filter(Boolean));
          return true;
        }
        return (original as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      this.restores.push(() => {
        stream.write = original as typeof stream.write;
      });
    }
  }
  records(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
  text(): string {
    return this.lines.join('\n');
  }
  restore(): void {
    for (const r of this.restores) r();
  }
}

export interface World {
  dynamo: LocalDynamo;
  lwa: LocalLwa;
  gateway: LocalEventGateway;
  kvs?: KvsEmulator;
  logs: LogCapture;
  env: NodeJS.ProcessEnv;
  /** A fresh "Lambda": its own caches and clients, the shared servers. */
  runtime(env?: NodeJS.ProcessEnv, opts?: { now?: () => number }): Runtime;
  directives(rt: Runtime): DirectiveHandler;
  device(rt: Runtime): ReturnType<typeof createDeviceHandler>;
  /** An account-linking access token for a local user (what Alexa puts in endpoint.scope). */
  tokenFor(email: string): Promise<string>;
  /** Links the skill for a user the way Alexa does: AcceptGrant with a fresh code. */
  link(rt: Runtime, email: string): Promise<void>;
  createChannel(name: string): Promise<string>;
  seed(items: DoorbellItem[]): Promise<void>;
  close(): Promise<void>;
}

export async function startWorld(opts: { kvs?: boolean | KvsEmulatorOptions; accessTokenTtlSeconds?: number } = {}): Promise<World> {
  const logs = new LogCapture();
  const dynamo = await startDynamo();
  await createTables(dynamo.endpoint);
  const lwa = await startLocalLwa({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessTokenTtlSeconds: opts.accessTokenTtlSeconds });
  const gateway = await startEventGateway({ lwa });
  const kvs = opts.kvs
    ? await startKvsEmulator({ credentials: CREDENTIALS, region: REGION, ...(typeof opts.kvs === 'object' ? opts.kvs : {}) })
    : undefined;
  const env: NodeJS.ProcessEnv = skillEnvironment({
    awsRegion: REGION,
    awsAccessKeyId: CREDENTIALS.accessKeyId,
    awsSecretAccessKey: CREDENTIALS.secretAccessKey,
    dynamodbEndpoint: dynamo.endpoint,
    kinesisVideoEndpoint: kvs?.endpoint,
    lwaClientId: CLIENT_ID,
    lwaClientSecret: CLIENT_SECRET,
    lwaBaseUrl: lwa.endpoint,
    eventGatewayUrl: gateway.endpoint,
  });

  // The account link's token, redeemed with the skill's own LWA client (no third client for tests).
  const linkingClient = new LwaClient({ baseUrl: lwa.endpoint, clientId: CLIENT_ID, clientSecret: async () => CLIENT_SECRET });
  const tokenFor = async (email: string): Promise<string> => (await linkingClient.exchangeCode(lwa.issueAuthorizationCode(email))).accessToken;

  const world: World = {
    dynamo,
    lwa,
    gateway,
    kvs,
    logs,
    env,
    runtime: (extra = {}, o = {}) => createRuntime(readConfig({ ...env, ...extra }), { log: createLogger(), now: o.now }),
    directives: (rt) => createDirectiveHandler(rt),
    device: (rt) => createDeviceHandler(rt),
    tokenFor,
    async link(rt, email) {
      const res = await createDirectiveHandler(rt)(directive('accept-grant', { token: await tokenFor(email), code: lwa.issueAuthorizationCode(email) }));
      if (res.event.header.name !== 'AcceptGrant.Response') throw new Error(`link failed: ${JSON.stringify(res.event.payload)}`);
    },
    async createChannel(name) {
      if (!kvs) throw new Error('no KVS emulator in this world');
      const client = new KinesisVideoClient({ region: REGION, endpoint: kvs.endpoint, credentials: CREDENTIALS });
      try {
        const out = await client.send(new CreateSignalingChannelCommand({ ChannelName: name, ChannelType: 'SINGLE_MASTER' }));
        return out.ChannelARN!;
      } finally {
        client.destroy();
      }
    },
    seed: (items) => seedDoorbells(dynamo.endpoint, items),
    async close() {
      await Promise.allSettled([kvs?.close(), gateway.close(), lwa.close(), dynamo.close()]);
      logs.restore();
    },
  };
  return world;
}

/** A doorbell item with sensible defaults: online now unless told otherwise. */
export function doorbell(endpointId: string, ownerEmail: string, extra: Partial<DoorbellItem> = {}): DoorbellItem {
  return {
    endpointId,
    name: `Doorbell ${endpointId}`,
    ownerEmail,
    channelName: `channel-${endpointId}`,
    channelArn: `arn:aws:kinesisvideo:${REGION}:000000000000:channel/channel-${endpointId}/1700000000000`,
    online: true,
    lastSeenAt: Date.now(),
    ...extra,
  };
}
