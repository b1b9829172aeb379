/**
 * The skill's configuration on the local stack: the same variables the Lambda reads in AWS
 * (see the shared configuration contract), pointed at the local services. This is the only
 * difference between the local run and the deployment: the bundle is the same file.
 */
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
    AWS_REGION: input.region,
    AWS_ACCESS_KEY_ID: input.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: input.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_KINESIS_VIDEO: input.kvsEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB: input.dynamodbEndpoint,
    LWA_BASE_URL: input.lwaEndpoint,
    LWA_CLIENT_ID: input.lwaClient.clientId,
    LWA_CLIENT_SECRET: input.lwaClient.clientSecret,
    ALEXA_EVENT_GATEWAY_URL: input.eventGatewayEndpoint,
    DEVICE_ROLE_NAME,
    ...input.extra,
  };
}
