/**
 * The skill's configuration in the local world: the same variables the Lambda reads in AWS
 * (contracts/skill-config.ts), pointed at the parts this world has. This is the only difference
 * between a local run and the deployment: the bundle is the same file.
 * - DynamoDB, KVS, LWA and the event gateway: their local endpoints, when the world has them;
 * - the LWA client: the local LWA's (its secret is generated, contracts never hold one);
 * - CAMERA_ROLE_ARN, BUTTON_ROLE_ARN, VIEWER_ROLE_ARN and AWS_ENDPOINT_URL_STS: the local page roles and
 *   the local STS, when the world has one; SETUP_CLIENT_ID: the local LWA's one client;
 * - AWS credentials and region: the local account's.
 */
import { skillEnvironment } from '../../../contracts/skill-config.js';
import type { Handles, LocalAccount } from './types.js';

type SkillParts = Partial<Pick<Handles, 'dynamodb' | 'kvs' | 'lwa' | 'gateway' | 'sts'>>;

export function skillEnvOf(parts: SkillParts, account: LocalAccount, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...skillEnvironment({
      awsRegion: account.region,
      awsAccessKeyId: account.credentials.accessKeyId,
      awsSecretAccessKey: account.credentials.secretAccessKey,
      dynamodbEndpoint: parts.dynamodb?.endpoint,
      kinesisVideoEndpoint: parts.kvs?.endpoint,
      lwaBaseUrl: parts.lwa?.endpoint,
      lwaClientId: parts.lwa?.client.clientId,
      lwaClientSecret: parts.lwa?.client.clientSecret,
      eventGatewayUrl: parts.gateway?.endpoint,
      cameraRoleArn: parts.sts?.roleArns.camera,
      buttonRoleArn: parts.sts?.roleArns.button,
      viewerRoleArn: parts.sts?.roleArns.viewer,
      stsEndpoint: parts.sts?.endpoint,
      // The setup page signs in with the local LWA's one client (PKCE, no secret), as the security profile account linking uses.
      setupClientId: parts.lwa?.client.clientId,
    }),
    ...extra,
  };
}
