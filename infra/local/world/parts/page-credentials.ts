/**
 * The pages' credentials, as AWS STS hands them out there: short-lived, for one doorbell's page
 * (stack/credential-issuer.ts). The KVS emulator accepts them on that doorbell's channel only, in
 * the role the page plays; the device API sees them as a session of the page's role
 * (doorbell-camera, doorbell-button, doorbell-viewer) named after the endpointId. Nothing is
 * persisted: a page reloads its configuration after a restart.
 */
import type { TemporaryCredentials } from '../../../../contracts/page-config.js';
import type { PageRole } from '../../../../contracts/page-roles.js';
import type { CallerCredentials } from '../../lambda/index.js';
import { LOCAL_PAGE_ROLE_NAMES, localPageRoleArn } from '../../local-account.js';
import { CredentialIssuer, kvsScope } from '../../stack/credential-issuer.js';
import type { Part } from '../types.js';

export interface PageCredentialsOptions {
  /** Lifetime of a page's credentials; default 12 h (the longest an STS role session may last). */
  ttlSeconds?: number;
}

export interface PageCredentialsHandle {
  /** The ARN of each page role (the skill's CAMERA_ROLE_ARN, BUTTON_ROLE_ARN, VIEWER_ROLE_ARN). */
  readonly roleArns: Readonly<Record<PageRole, string>>;
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
      roleNames: LOCAL_PAGE_ROLE_NAMES,
      ttlSeconds: options.ttlSeconds ?? 12 * 3600,
      onIssue: (c) => {
        const doorbell = doorbells.get(c.endpointId);
        if (!doorbell) return;
        kvs.addCredentials({ accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration, ...kvsScope(c.role, doorbell.channelArn) });
      },
    });
    return {
      handle: {
        roleArns: { camera: localPageRoleArn('camera'), button: localPageRoleArn('button'), viewer: localPageRoleArn('viewer') },
        issue: (endpointId, role) => issuer.issue(endpointId, role),
        callerCredentials(accessKeyId) {
          const c = issuer.lookup(accessKeyId);
          if (!c) return undefined;
          return { secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration, principalArn: c.principalArn };
        },
      },
    };
  },
};
