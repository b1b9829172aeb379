import type { StoredCredentials } from '../sigv4/index.js';

export type SignalingRole = 'MASTER' | 'VIEWER';

export interface CredentialGrant {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  /** When set, only these channels may be used (IAM resource scoping). */
  allowedChannelArns?: string[];
  /** When set, the signaling socket may only be joined in these roles. */
  allowedRoles?: SignalingRole[];
}

/** The account-wide credentials the emulator is started with (only the key pair: nothing else of the caller's object is kept). */
export function baseCredentials(given: { accessKeyId: string; secretAccessKey: string }): { accessKeyId: string; secretAccessKey: string } {
  const { accessKeyId, secretAccessKey } = given;
  return { accessKeyId, secretAccessKey };
}

/** Temporary credentials are forgotten this long after they expire (refused as expired until then, as AWS does). */
const KEEP_EXPIRED_MS = 10 * 60_000;

export class CredentialRegistry {
  private readonly grants = new Map<string, CredentialGrant>();

  /** Adds a grant, and forgets the ones long expired: pages renew 15-minute credentials all day. */
  add(grant: CredentialGrant, now = Date.now()): void {
    for (const [key, g] of this.grants) if (g.expiration && g.expiration.getTime() + KEEP_EXPIRED_MS <= now) this.grants.delete(key);
    this.grants.set(grant.accessKeyId, { ...grant });
  }

  get size(): number {
    return this.grants.size;
  }

  grant(accessKeyId: string): CredentialGrant | undefined {
    return this.grants.get(accessKeyId);
  }

  /** The shape the SigV4 verifier asks for. */
  readonly lookup = (accessKeyId: string): StoredCredentials | undefined => {
    const g = this.grants.get(accessKeyId);
    if (!g) return undefined;
    return {
      secretAccessKey: g.secretAccessKey,
      ...(g.sessionToken ? { sessionToken: g.sessionToken } : {}),
      ...(g.expiration ? { expiration: g.expiration } : {}),
    };
  };
}

export function isAccountWide(grant: CredentialGrant): boolean {
  return grant.allowedChannelArns === undefined;
}

export function mayUseChannel(grant: CredentialGrant, channelArn: string): boolean {
  return grant.allowedChannelArns === undefined || grant.allowedChannelArns.includes(channelArn);
}

export function mayConnectAs(grant: CredentialGrant, role: SignalingRole): boolean {
  return grant.allowedRoles === undefined || grant.allowedRoles.includes(role);
}
