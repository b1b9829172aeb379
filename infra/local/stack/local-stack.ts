/**
 * The whole doorbell on one machine, started in order: the main web server (503 until ready),
 * DynamoDB (dynalite, data on disk) and the skill's tables, the KVS signaling emulator and the
 * doorbells' channels and registry, Login with Amazon, the Alexa event gateway, the skill's
 * Lambda bundle behind the Lambda Invoke API and its device API behind a function URL, and the
 * local Alexa. `close()` stops them in reverse order.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DoorbellItem } from '../../../contracts/tables.js';
import { createTables, startDynamo } from '../dynamodb/index.js';
import { startKvsEmulator, type KvsEmulator } from '../kvs/index.js';
import { startLocalLwa, type LocalLwa } from '../lwa/index.js';
import { startEventGateway, type LocalEventGateway } from '../alexa/event-gateway.js';
import { startLambdaInvokeApi, type LambdaInvokeApi } from '../lambda/invoke-api.js';
import { startFunctionUrl, type LocalFunctionUrl } from '../lambda/function-url.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION, localCredentials, type LocalCredentials } from '../local-account.js';
import { handleAlexaRoute, startLocalAlexa, type LocalAlexa } from '../alexa/simulator/index.js';
import { buildPageConfig } from '../../../contracts/page-config.js';
import { CredentialIssuer, kvsScope } from './credential-issuer.js';
import { renderIndexPage } from './index-page.js';
import { kvsProxy } from './kvs-proxy.js';
import { localLwaClient } from './lwa-client.js';
import { DEFAULT_PORT, servicePort } from './ports.js';
import { ensureChannels, loadSeed, registerDoorbells } from './seed.js';
import { DEVICE_ROLE_NAME, VIEWER_ROLE_NAME, skillEnv } from './skill-env.js';
import { startWebServer, type WebServer } from './web-server.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const SKILL_FUNCTION_NAME = 'alexa-video-doorbell-skill';
export const DEVICE_API_FUNCTION_NAME = 'alexa-video-doorbell-device-api';

export interface LocalStackOptions {
  /** Main web server port; the other services take fixed offsets from it (ports.ts). 0: all ephemeral. Default 8080. */
  port?: number;
  /** Where the local data lives (dynalite, channels, LWA grants, the local Alexa's links). Absent: nothing persists. */
  dataDir?: string;
  /** Built artefacts: dist/lambda/index.mjs, dist/camera, dist/echo-show. Default <repo>/dist. */
  distDir?: string;
  /** The doorbells to create; default infra/local/doorbells.json. */
  seedFile?: string;
  /** The stack's own AWS credentials; default AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the documented local default. */
  credentials?: LocalCredentials;
  /** LWA access-token lifetime (short values exercise the refresh paths); default 3600. */
  accessTokenTtlSeconds?: number;
  /** Lifetime of the credentials a page is given; default 12 h (the longest an STS role session may last). */
  pageCredentialTtlSeconds?: number;
  /** More skill configuration (ANSWER_DEADLINE_MS, PRESS_DEBOUNCE_MS, ...). */
  skillEnv?: Record<string, string>;
  /** Where the Lambda functions' log lines go; default stdout, prefixed with the function name. */
  onLambdaLog?: (functionName: string, line: string) => void;
  /** Progress lines while starting; default silent. */
  log?: (line: string) => void;
}

export interface LocalStack {
  /** http://localhost:<port>: the index of the pages. */
  readonly url: string;
  readonly port: number;
  /** Every service's base URL, by name. */
  readonly services: Record<string, string>;
  readonly credentials: LocalCredentials;
  readonly doorbells: DoorbellItem[];
  readonly skillFunctionName: string;
  readonly kvs: KvsEmulator;
  readonly lwa: LocalLwa;
  readonly gateway: LocalEventGateway;
  readonly lambda: LambdaInvokeApi;
  readonly deviceApi: LocalFunctionUrl;
  readonly alexa: LocalAlexa;
  readonly issuer: CredentialIssuer;
  close(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const port = options.port ?? DEFAULT_PORT;
  const host = '127.0.0.1';
  const region = LOCAL_REGION;
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : undefined;
  const sub = (name: string): string | undefined => (dataDir ? path.join(dataDir, name) : undefined);
  const distDir = options.distDir ?? path.join(repoRoot, 'dist');
  const credentials = options.credentials ?? localCredentials();
  const aws = { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey };
  const log = options.log ?? (() => undefined);
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.splice(0).reverse()) await Promise.resolve(stop()).catch(() => undefined);
  };

  try {
    const web: WebServer = await startWebServer({ host, port, distDir });
    stops.push(() => web.close());
    log(`web server listening on ${web.url} (503 until ready)`);

    const dynamo = await startDynamo({ host, port: servicePort(port, 'dynamodb'), dataDir: sub('dynamodb') });
    stops.push(() => dynamo.close());
    await createTables(dynamo.endpoint, { region });
    log(`DynamoDB (dynalite) on ${dynamo.endpoint}`);

    const kvs = await startKvsEmulator({ host, port: servicePort(port, 'kvs'), region, accountId: LOCAL_ACCOUNT_ID, credentials: aws, dataDir: sub('kvs'), rateLimits: true });
    stops.push(() => kvs.close());
    log(`KVS signaling emulator on ${kvs.endpoint}`);

    const seeds = await loadSeed(options.seedFile ?? path.join(repoRoot, 'infra/local/doorbells.json'));
    const withChannels = await ensureChannels({ endpoint: kvs.endpoint, region, credentials: aws }, seeds);
    const doorbells = await registerDoorbells({ endpoint: dynamo.endpoint, region, credentials: aws }, withChannels);
    log(`doorbells: ${doorbells.map((d) => `${d.endpointId} (${d.ownerEmail})`).join(', ')}`);

    const lwaClient = await localLwaClient(dataDir);
    const lwa = await startLocalLwa({
      ...lwaClient,
      host,
      port: servicePort(port, 'lwa'),
      accessTokenTtlSeconds: options.accessTokenTtlSeconds,
      dataDir: sub('lwa'),
    });
    stops.push(() => lwa.close());
    log(`Login with Amazon on ${lwa.endpoint}`);

    const gateway = await startEventGateway({ lwa, host, port: servicePort(port, 'eventGateway') });
    stops.push(() => gateway.close());
    log(`Alexa event gateway on ${gateway.endpoint}`);

    const env = skillEnv({
      region,
      credentials: aws,
      kvsEndpoint: kvs.endpoint,
      dynamodbEndpoint: dynamo.endpoint,
      lwaEndpoint: lwa.endpoint,
      lwaClient,
      eventGatewayEndpoint: gateway.endpoint,
      extra: options.skillEnv,
    });
    const bundlePath = path.join(distDir, 'lambda', 'index.mjs');
    const lambda = await startLambdaInvokeApi({
      functions: { [SKILL_FUNCTION_NAME]: { bundlePath, exportName: 'handler', env } },
      host,
      port: servicePort(port, 'lambdaInvoke'),
      region,
      lookupCredentials: (id) => (id === aws.accessKeyId ? { secretAccessKey: aws.secretAccessKey } : undefined),
      ...(options.onLambdaLog ? { onLog: options.onLambdaLog } : {}),
    });
    stops.push(() => lambda.close());
    log(`Lambda Invoke API on ${lambda.endpoint} (function ${SKILL_FUNCTION_NAME})`);

    const issuer = new CredentialIssuer({
      accountId: LOCAL_ACCOUNT_ID,
      roleName: DEVICE_ROLE_NAME,
      ttlSeconds: options.pageCredentialTtlSeconds ?? 12 * 3600,
      onIssue: (c) => {
        const doorbell = doorbells.find((d) => d.endpointId === c.endpointId);
        if (!doorbell) return;
        kvs.addCredentials({
          accessKeyId: c.accessKeyId,
          secretAccessKey: c.secretAccessKey,
          sessionToken: c.sessionToken,
          expiration: c.expiration,
          ...kvsScope(c.role, doorbell.channelArn),
        });
      },
    });
    const viewerArn = (endpointId: string): string => `arn:aws:sts::${LOCAL_ACCOUNT_ID}:assumed-role/${VIEWER_ROLE_NAME}/${endpointId}`;
    const deviceApi = await startFunctionUrl({
      bundlePath,
      exportName: 'deviceHandler',
      functionName: DEVICE_API_FUNCTION_NAME,
      env,
      host,
      port: servicePort(port, 'deviceApi'),
      region,
      // Pages on the main web server call it cross-origin, as pages on any host call a function URL.
      cors: [web.url, `http://127.0.0.1:${web.port}`, `http://[::1]:${web.port}`],
      credentialsLookup: (id) => {
        const c = issuer.lookup(id);
        if (!c) return undefined;
        return {
          secretAccessKey: c.secretAccessKey,
          sessionToken: c.sessionToken,
          expiration: c.expiration,
          principalArn: c.role === 'viewer' ? viewerArn(c.endpointId) : c.principalArn,
        };
      },
      ...(options.onLambdaLog ? { onLog: options.onLambdaLog } : {}),
    });
    stops.push(() => deviceApi.close());
    log(`doorbell-device API (function URL) on ${deviceApi.endpoint}`);

    const alexaUsers = lwa.users.map((u) => ({ user: u.email.split('@')[0]!, email: u.email.toLowerCase() }));
    const { alexa, close: closeAlexa } = await startLocalAlexa({
      users: alexaUsers,
      dataDir: sub('alexa'),
      lambda: { endpoint: lambda.endpoint, functionName: SKILL_FUNCTION_NAME, region, credentials: aws },
      client: lwaClient,
      redirectUri: `${web.url}/alexa/link/callback`,
      deps: {
        lwaEndpoint: lwa.endpoint,
        issueAuthorizationCode: (email, redirectUri, scope) => lwa.issueAuthorizationCode(email, redirectUri, scope),
        onGatewayEvent: (listener) => gateway.on('event', listener),
      },
    });
    stops.push(closeAlexa);

    const services: Record<string, string> = {
      'Pages and local Alexa': web.url,
      'KVS signaling emulator': kvs.endpoint,
      'DynamoDB (dynalite)': dynamo.endpoint,
      'Login with Amazon': lwa.endpoint,
      'Alexa event gateway': gateway.endpoint,
      'Lambda Invoke API': lambda.endpoint,
      'Doorbell-device API (function URL)': deviceApi.endpoint,
    };

    web.setRoutes({
      indexPage: () => renderIndexPage({ doorbells, users: alexaUsers, services, accessKeyId: credentials.accessKeyId }),
      pageConfig: (endpointId, role, origin) => {
        const doorbell = doorbells.find((d) => d.endpointId === endpointId);
        if (!doorbell) return undefined;
        // The page reaches KVS through this server (kvs-proxy.ts), so its endpoint is the page's own origin.
        return buildPageConfig({ doorbell, region, kvsEndpoint: origin, deviceApiUrl: deviceApi.endpoint, credentials: issuer.issue(doorbell.endpointId, role) });
      },
      kvs: kvsProxy(kvs.endpoint),
      alexa: (req, res, url) => handleAlexaRoute(alexa, req, res, url),
      health: () => ({ status: 'ok', services }),
    });
    log('ready');

    return {
      url: web.url,
      port: web.port,
      services,
      credentials,
      doorbells,
      skillFunctionName: SKILL_FUNCTION_NAME,
      kvs,
      lwa,
      gateway,
      lambda,
      deviceApi,
      alexa,
      issuer,
      close: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
