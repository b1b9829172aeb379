/**
 * The skill's configuration, read from the environment once. Every endpoint and limit comes from
 * here so the same bundle runs against AWS and against the local stack.
 */
import { DOORBELLS_TABLE, SESSIONS_TABLE, USERS_TABLE } from './store/tables.js';

export type AlexaRegion = 'NA' | 'EU' | 'FE';

export interface SkillConfig {
  tables: { users: string; doorbells: string; sessions: string };
  lwa: {
    clientId: string;
    /** The secret itself (local runs); absent in AWS, where `clientSecretArn` names it. */
    clientSecret?: string;
    clientSecretArn?: string;
    baseUrl: string;
  };
  /** Where Alexa events go: an explicit override, else the gateway of `alexaRegion`. */
  eventGatewayUrl?: string;
  /** The Alexa region that this Lambda serves (from AWS_REGION). */
  alexaRegion: AlexaRegion;
  answerDeadlineMs: number;
  pressDebounceMs: number;
  cameraOfflineAfterMs: number;
  deviceRoleName?: string;
  aws: {
    region: string;
    /** Explicit credentials from the environment; absent means the SDK's default chain. */
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    endpoints: { dynamodb?: string; kinesisVideo?: string; secretsManager?: string };
  };
}

const GATEWAY_BY_REGION: Record<AlexaRegion, string> = {
  NA: 'https://api.amazonalexa.com',
  EU: 'https://api.eu.amazonalexa.com',
  FE: 'https://api.fe.amazonalexa.com',
};

/** Alexa requires the skill's Lambda in the AWS region that serves the locale's Alexa region. */
export function alexaRegionOf(awsRegion: string): AlexaRegion {
  if (awsRegion.startsWith('eu-')) return 'EU';
  if (awsRegion === 'us-west-2' || awsRegion.startsWith('ap-')) return 'FE';
  return 'NA';
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): SkillConfig {
  const region = nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? 'us-east-1';
  const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  return {
    tables: {
      users: nonEmpty(env[USERS_TABLE.envVar]) ?? USERS_TABLE.defaultName,
      doorbells: nonEmpty(env[DOORBELLS_TABLE.envVar]) ?? DOORBELLS_TABLE.defaultName,
      sessions: nonEmpty(env[SESSIONS_TABLE.envVar]) ?? SESSIONS_TABLE.defaultName,
    },
    lwa: {
      clientId: env.LWA_CLIENT_ID ?? '',
      clientSecret: nonEmpty(env.LWA_CLIENT_SECRET),
      clientSecretArn: nonEmpty(env.LWA_CLIENT_SECRET_ARN),
      baseUrl: (nonEmpty(env.LWA_BASE_URL) ?? 'https://api.amazon.com').replace(/\/+$/, ''),
    },
    eventGatewayUrl: nonEmpty(env.ALEXA_EVENT_GATEWAY_URL)?.replace(/\/+$/, ''),
    alexaRegion: alexaRegionOf(region),
    answerDeadlineMs: positiveInt(env.ANSWER_DEADLINE_MS, 4000, 'ANSWER_DEADLINE_MS'),
    pressDebounceMs: positiveInt(env.PRESS_DEBOUNCE_MS, 5000, 'PRESS_DEBOUNCE_MS'),
    cameraOfflineAfterMs: positiveInt(env.CAMERA_OFFLINE_AFTER_MS, 75_000, 'CAMERA_OFFLINE_AFTER_MS'),
    deviceRoleName: nonEmpty(env.DEVICE_ROLE_NAME),
    aws: {
      region,
      credentials:
        accessKeyId && secretAccessKey
          ? { accessKeyId, secretAccessKey, sessionToken: nonEmpty(env.AWS_SESSION_TOKEN) }
          : undefined,
      endpoints: {
        dynamodb: nonEmpty(env.AWS_ENDPOINT_URL_DYNAMODB) ?? nonEmpty(env.AWS_ENDPOINT_URL),
        kinesisVideo: nonEmpty(env.AWS_ENDPOINT_URL_KINESIS_VIDEO) ?? nonEmpty(env.AWS_ENDPOINT_URL),
        secretsManager: nonEmpty(env.AWS_ENDPOINT_URL_SECRETS_MANAGER) ?? nonEmpty(env.AWS_ENDPOINT_URL),
      },
    },
  };
}

export function gatewayUrlFor(config: SkillConfig, region: AlexaRegion): string {
  return config.eventGatewayUrl ?? GATEWAY_BY_REGION[region];
}
