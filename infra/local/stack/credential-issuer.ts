/**
 * The local stand-in for STS AssumeRole: short-lived credentials for one doorbell's page, scoped
 * to that doorbell (its signaling channel, in the role the page plays) and recognised by the
 * device API as its page role's session named after the endpointId, as in AWS.
 * Generated at run time, kept in memory: a page reloads its configuration after a restart.
 */
import { randomBytes } from 'node:crypto';
import type { TemporaryCredentials } from '../../../contracts/page-config.js';
import type { PageRole } from '../../../contracts/page-roles.js';

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  endpointId: string;
  role: PageRole;
  /** What AWS would report as the caller: the assumed-role session ARN. */
  principalArn: string;
}

export interface CredentialIssuerOptions {
  accountId: string;
  /** The role name of each page role (the skill's *_ROLE_ARN); the session name is the endpointId. */
  roleNames: Readonly<Record<PageRole, string>>;
  ttlSeconds: number;
  /** Told about every issued set (the KVS emulator's addCredentials, with its scope). */
  onIssue(issued: IssuedCredentials): void;
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function accessKeyId(): string {
  // Temporary AWS keys start with ASIA and are 20 characters of upper-case base32.
  const bytes = randomBytes(16);
  return 'ASIA' + [...bytes].map((b) => KEY_ALPHABET[b % 32]).join('');
}

export class CredentialIssuer {
  private readonly issued = new Map<string, IssuedCredentials>();

  constructor(private readonly opts: CredentialIssuerOptions) {}

  issue(endpointId: string, role: PageRole): TemporaryCredentials {
    this.prune();
    const issued: IssuedCredentials = {
      accessKeyId: accessKeyId(),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
      expiration: new Date(Date.now() + this.opts.ttlSeconds * 1000),
      endpointId,
      role,
      principalArn: `arn:aws:sts::${this.opts.accountId}:assumed-role/${this.opts.roleNames[role]}/${endpointId}`,
    };
    this.issued.set(issued.accessKeyId, issued);
    this.opts.onIssue(issued);
    return {
      accessKeyId: issued.accessKeyId,
      secretAccessKey: issued.secretAccessKey,
      sessionToken: issued.sessionToken,
      expiration: issued.expiration.toISOString(),
    };
  }

  /** The unexpired credentials with this key id, or undefined. */
  lookup(accessKeyId: string): IssuedCredentials | undefined {
    const found = this.issued.get(accessKeyId);
    if (!found || found.expiration.getTime() <= Date.now()) return undefined;
    return found;
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, c] of this.issued) if (c.expiration.getTime() <= now) this.issued.delete(id);
  }
}

/** What each page role may do on the doorbell's signaling channel (none for the announcement page). */
export function kvsScope(role: PageRole, channelArn: string): { allowedChannelArns: string[]; allowedRoles: ('MASTER' | 'VIEWER')[] } {
  if (role === 'camera') return { allowedChannelArns: [channelArn], allowedRoles: ['MASTER'] };
  if (role === 'viewer') return { allowedChannelArns: [channelArn], allowedRoles: ['VIEWER'] };
  return { allowedChannelArns: [], allowedRoles: [] };
}
