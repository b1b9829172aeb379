/**
 * The LWA client secret: from LWA_CLIENT_SECRET (local runs) or, in AWS, read from Secrets Manager
 * once per cold start and only when a grant or refresh needs it. The Secrets Manager client is
 * imported on demand so directives that never need the secret do not pay for loading it.
 */
import type { SkillConfig } from '../config.js';
import { SKILL_VARIABLES } from '../../contracts/skill-config.js';

export function clientSecretProvider(config: SkillConfig): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => {
    if (config.lwa.clientSecret) return Promise.resolve(config.lwa.clientSecret);
    const arn = config.lwa.clientSecretArn;
    if (!arn) return Promise.reject(new Error(`neither ${SKILL_VARIABLES.lwaClientSecret.env} nor ${SKILL_VARIABLES.lwaClientSecretArn.env} is set`));
    pending ??= readSecret(config, arn).catch((err: unknown) => {
      pending = undefined; // a failed read is retried by the next caller, not cached
      throw err;
    });
    return pending;
  };
}

async function readSecret(config: SkillConfig, arn: string): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({
    region: config.aws.region,
    endpoint: config.aws.endpoints.secretsManager,
    credentials: config.aws.credentials,
    maxAttempts: 2,
    // A hanging read would otherwise hold AcceptGrant past Alexa's patience; fail it instead.
    requestHandler: { connectionTimeout: 1000, requestTimeout: 2000, throwOnRequestTimeout: true },
  });
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    if (!SecretString) throw new Error('the LWA client secret is empty');
    return SecretString.trim();
  } finally {
    client.destroy();
  }
}
