/**
 * The pages' credentials, as AWS STS hands them out there: short-lived, for one doorbell's page
 * (stack/credential-issuer.ts). The KVS emulator accepts them on that doorbell's channel only, in
 * the role the page plays; the device API sees the camera's and the announcement page's as the
 * doorbell-device role's session named after the endpointId, and a viewer's as another role,
 * which it refuses. Nothing is persisted: a page reloads its configuration after a restart.
 */
import type { TemporaryCredentials } from '../../../../contracts/page-config.js';
import type { PageRole } from '../../../../contracts/page-roles.js';
import type { CallerCredentials } from '../../lambda/index.js';
import { CredentialIssuer, kvsScope } from '../../stack/credential-issuer.js';
import type { Part } from '../types.js';

export const DEVICE_ROLE_NAME = 'doorbell-device';
/** Viewers are not doorbells: their credentials stand for another role the device API refuses. */
export const VIEWER_ROLE_NAME = 'doorbell-viewer';

export interface PageCredentialsOptions {
  /** Lifetime of a page's credentials; default 12 h (the longest an STS role session may last). */
  ttlSeconds?: number;
}

export interface PageCredentialsHandle {
  /** The role a doorbell's credentials are a session of (the skill's DEVICE_ROLE_NAME). */
  readonly roleName: string;
  /** Fresh credentials for this doorbell's page in this role, accepted by KVS at once. */
  issue(endpointId: string, role: PageRole): TemporaryCredentials;
  /** Who the credentials with this key id are, for the device API's SigV4 check; undefined once expired. */
  callerCredentials(accessKeyId: string): CallerCredentials | undefined;
}

export const pageCredentialsPart: Part<'pageCredentials', 'kvs' | 'doorbells'> = {
  needs: ['kvs', 'doorbells'],
  async start(options, { kvs, doorbells }, ctx) {
    const { accountId } = ctx.account;
    const issuer = new CredentialIssuer({
      accountId,
      roleName: DEVICE_ROLE_NAME,
      ttlSeconds: options.ttlSeconds ?? 12 * 3600,
      onIssue: (c) => {
        const doorbell = doorbells.get(c.endpointId);
        if (!doorbell) return;
        kvs.addCredentials({ accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration, ...kvsScope(c.role, doorbell.channelArn) });
      },
    });
    const viewerArn = (endpointId: string): string => `arn:aws:sts::${accountId}:assumed-role/${VIEWER_ROLE_NAME}/${endpointId}`;
    return {
      handle: {
        roleName: DEVICE_ROLE_NAME,
        issue: (endpointId, role) => issuer.issue(endpointId, role),
        callerCredentials(accessKeyId) {
          const c = issuer.lookup(accessKeyId);
          if (!c) return undefined;
          return { secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration, principalArn: c.role === 'viewer' ? viewerArn(c.endpointId) : c.principalArn };
        },
      },
    };
  },
};
