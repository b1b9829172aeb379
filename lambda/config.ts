/**
 * The skill's configuration, read from the environment once (the variables, their defaults and
 * how they are read: contracts/skill-config.ts). Every endpoint and limit comes from here so the
 * same bundle runs against AWS and against the local stack.
 */
import { readSkillSettings } from '../contracts/skill-config.js';
import { alexaRegionOf, EVENT_GATEWAY_BY_REGION, type AlexaRegion } from '../contracts/alexa/regions.js';

export interface SkillConfig {
  tables: { users: string; doorbells: string; sessions: string; devices: string; setup: string };
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
  /** The page roles' ARNs: the device API tells its callers' roles by them, the access API assumes them. */
  pageRoles: { camera?: string; button?: string; viewer?: string };
  /** The LWA client the setup page signs in with (PKCE, no secret). */
  setupClientId: string;
  aws: {
    region: string;
    /** Explicit credentials from the environment; absent means the SDK's default chain. */
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    endpoints: { dynamodb?: string; kinesisVideo?: string; secretsManager?: string; sts?: string };
  };
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): SkillConfig {
  const s = readSkillSettings(env);
  return {
    tables: { users: s.usersTable, doorbells: s.doorbellsTable, sessions: s.sessionsTable, devices: s.devicesTable, setup: s.setupTable },
    lwa: { clientId: s.lwaClientId, clientSecret: s.lwaClientSecret, clientSecretArn: s.lwaClientSecretArn, baseUrl: s.lwaBaseUrl },
    eventGatewayUrl: s.eventGatewayUrl,
    alexaRegion: alexaRegionOf(s.awsRegion),
    answerDeadlineMs: s.answerDeadlineMs,
    pressDebounceMs: s.pressDebounceMs,
    cameraOfflineAfterMs: s.cameraOfflineAfterMs,
    pageRoles: { camera: s.cameraRoleArn, button: s.buttonRoleArn, viewer: s.viewerRoleArn },
    setupClientId: s.setupClientId,
    aws: {
      region: s.awsRegion,
      credentials:
        s.awsAccessKeyId && s.awsSecretAccessKey
          ? { accessKeyId: s.awsAccessKeyId, secretAccessKey: s.awsSecretAccessKey, sessionToken: s.awsSessionToken }
          : undefined,
      endpoints: { dynamodb: s.dynamodbEndpoint, kinesisVideo: s.kinesisVideoEndpoint, secretsManager: s.secretsManagerEndpoint, sts: s.stsEndpoint },
    },
  };
}

export function gatewayUrlFor(config: SkillConfig, region: AlexaRegion): string {
  return config.eventGatewayUrl ?? EVENT_GATEWAY_BY_REGION[region];
}
