/**
 * The local STS (../sts/): the Query API's AssumeRole for the three page roles, which the access
 * API's bundle calls through the AWS SDK's STS client (AWS_ENDPOINT_URL_STS), as in AWS. Only the
 * world's own credentials may call it, and only for a doorbell in the registry (its trust policy);
 * every set it issues is registered with the KVS emulator, scoped to the page role on that
 * doorbell's channel, and known to the function URLs' SigV4 check as that role's session.
 * Lifetime: min(requested, `ttlSeconds`), PAGE_CREDENTIALS_TTL_SECONDS locally (default 900).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { PageRole } from '../../../../contracts/page-roles.js';
import { DOORBELLS_TABLE, type DoorbellItem } from '../../../../contracts/tables.js';
import type { CallerCredentials } from '../../lambda/index.js';
import { localPageRoleArn } from '../../local-account.js';
import { kvsScopeOf, startLocalSts, type LocalSts } from '../../sts/index.js';
import type { Part } from '../types.js';

export interface StsOptions {
  /** The longest a page's credentials last (PAGE_CREDENTIALS_TTL_SECONDS); default 900, STS's minimum. */
  ttlSeconds?: number;
}

export interface StsHandle {
  /** http://127.0.0.1:<port>, for AWS_ENDPOINT_URL_STS. */
  readonly endpoint: string;
  /** The ARN of each page role (the skill's CAMERA_ROLE_ARN, BUTTON_ROLE_ARN, VIEWER_ROLE_ARN). */
  readonly roleArns: Readonly<Record<PageRole, string>>;
  /** Who the credentials with this key id are, for a function URL's SigV4 check; undefined when unknown. */
  callerCredentials(accessKeyId: string): CallerCredentials | undefined;
  readonly control: LocalSts['control'];
}

export const stsPart: Part<'sts', 'dynamodb', 'kvs'> = {
  needs: ['dynamodb'],
  uses: ['kvs'],
  async start(options, { dynamodb, kvs }, ctx) {
    const { region, credentials } = ctx.account;
    const roleArns = { camera: localPageRoleArn('camera'), button: localPageRoleArn('button'), viewer: localPageRoleArn('viewer') };
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region, endpoint: dynamodb.endpoint, credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey } }));
    const sts = await startLocalSts({
      host: ctx.host,
      port: ctx.port('sts'),
      region,
      accountId: ctx.account.accountId,
      lookupCredentials: (id) => (id === credentials.accessKeyId ? { secretAccessKey: credentials.secretAccessKey } : undefined),
      roles: roleArns,
      async doorbell(endpointId) {
        const { Item } = await doc.send(new GetCommand({ TableName: DOORBELLS_TABLE.defaultName, Key: { endpointId }, ConsistentRead: true }));
        return Item ? { channelArn: (Item as DoorbellItem).channelArn } : undefined;
      },
      maxLifetimeSeconds: options.ttlSeconds ?? 900,
      onIssue: (issued, doorbell) =>
        kvs?.addCredentials({ accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken, expiration: issued.expiration, ...kvsScopeOf(issued.role, doorbell.channelArn) }),
    });
    ctx.log(`STS (AssumeRole of the page roles) on ${sts.endpoint}`);
    return {
      handle: {
        endpoint: sts.endpoint,
        roleArns,
        callerCredentials(accessKeyId) {
          const c = sts.issued(accessKeyId);
          return c && { secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration, principalArn: c.principalArn };
        },
        control: sts.control,
      },
      stop: async () => {
        await sts.close();
        doc.destroy();
      },
      service: { name: 'STS (page roles)', url: sts.endpoint },
    };
  },
};
