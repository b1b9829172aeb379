/**
 * The skill's configuration on the local stack: the same variables the Lambda reads in AWS
 * (contracts/skill-config.ts), pointed at the local services. This is the only difference
 * between the local run and the deployment: the bundle is the same file.
 */
import { skillEnvironment } from '../../../contracts/skill-config.js';
import type { OAuthClient } from '../lwa/clients.js';

export const DEVICE_ROLE_NAME = 'doorbell-device';
/** Viewers are not doorbells: their credentials stand for another role the device API refuses. */
export const VIEWER_ROLE_NAME = 'doorbell-viewer';

export interface SkillEnvInput {
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  kvsEndpoint: string;
  dynamodbEndpoint: string;
  lwaEndpoint: string;
  lwaClient: OAuthClient;
  eventGatewayEndpoint: string;
  /** Extra variables (e.g. ANSWER_DEADLINE_MS) passed through unchanged. */
  extra?: Record<string, string>;
}

export function skillEnv(input: SkillEnvInput): Record<string, string> {
  return {
    ...skillEnvironment({
      awsRegion: input.region,
      awsAccessKeyId: input.credentials.accessKeyId,
      awsSecretAccessKey: input.credentials.secretAccessKey,
      kinesisVideoEndpoint: input.kvsEndpoint,
      dynamodbEndpoint: input.dynamodbEndpoint,
      lwaBaseUrl: input.lwaEndpoint,
      lwaClientId: input.lwaClient.clientId,
      lwaClientSecret: input.lwaClient.clientSecret,
      eventGatewayUrl: input.eventGatewayEndpoint,
      deviceRoleName: DEVICE_ROLE_NAME,
    }),
    ...input.extra,
  };
}
