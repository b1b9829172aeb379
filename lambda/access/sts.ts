/**
 * A page's credentials: STS AssumeRole on its page role, the session named after its doorbell,
 * for 15 minutes (STS's minimum, so a revoked device loses access quickly). The STS client is
 * imported on first use, so only the access API loads it; locally AWS_ENDPOINT_URL_STS points the
 * same client at the local STS.
 */
import type { STSClient } from '@aws-sdk/client-sts';
import type { PageCredentials } from '../../contracts/access-api/bodies.js';
import { PAGE_CREDENTIALS_SECONDS } from '../../contracts/access-api/routes.js';
import type { SkillConfig } from '../config.js';

export class PageRoleSessions {
  private client?: Promise<{ client: STSClient; AssumeRoleCommand: typeof import('@aws-sdk/client-sts').AssumeRoleCommand }>;

  constructor(private readonly config: SkillConfig) {}

  /** Credentials of `roleArn` for the doorbell `endpointId`; throws when STS refuses or fails. */
  async assume(roleArn: string, endpointId: string): Promise<PageCredentials> {
    const { client, AssumeRoleCommand } = await this.load();
    const { Credentials: c } = await client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: endpointId, DurationSeconds: PAGE_CREDENTIALS_SECONDS }));
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new Error('STS returned incomplete credentials');
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration.toISOString(),
      lifetimeSeconds: Math.max(0, Math.round((c.Expiration.getTime() - Date.now()) / 1000)),
    };
  }

  private load() {
    this.client ??= import('@aws-sdk/client-sts').then(({ STSClient, AssumeRoleCommand }) => ({
      client: new STSClient({
        region: this.config.aws.region,
        endpoint: this.config.aws.endpoints.sts,
        credentials: this.config.aws.credentials,
        maxAttempts: 2,
        // A page waits on this answer; a hanging STS is a failed exchange it retries, not a stuck request.
        requestHandler: { connectionTimeout: 1000, requestTimeout: 3000, throwOnRequestTimeout: true },
      }),
      AssumeRoleCommand,
    }));
    this.client.catch(() => {
      this.client = undefined;
    });
    return this.client;
  }
}
