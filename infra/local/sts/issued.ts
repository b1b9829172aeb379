/**
 * The temporary credentials the local STS has issued: each a session of one page role, named
 * after one doorbell, kept in memory until a while after it expires (a page's credentials do not
 * survive a restart; it renews them). Who each one is, for the function URLs' SigV4 check.
 */
import { randomBytes } from 'node:crypto';
import type { PageRole } from '../../../contracts/page-roles.js';

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  role: PageRole;
  roleName: string;
  /** The session name: the doorbell. */
  endpointId: string;
  /** What AWS reports as the caller: `arn:aws:sts::<account>:assumed-role/<role name>/<endpointId>`. */
  principalArn: string;
  /** `AROA…:<endpointId>`, as AWS reports it. */
  assumedRoleId: string;
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Kept this long past expiry, so that a late call is refused as expired rather than unknown, as AWS does. */
const KEEP_EXPIRED_MS = 10 * 60_000;

/** Temporary AWS keys start with ASIA and are 20 characters of upper-case base32. */
export function temporaryAccessKeyId(): string {
  return 'ASIA' + [...randomBytes(16)].map((b) => KEY_ALPHABET[b % 32]).join('');
}

export class IssuedCredentialStore {
  private readonly byKey = new Map<string, IssuedCredentials>();

  add(issued: IssuedCredentials, now = Date.now()): void {
    for (const [key, c] of this.byKey) if (c.expiration.getTime() + KEEP_EXPIRED_MS <= now) this.byKey.delete(key);
    this.byKey.set(issued.accessKeyId, issued);
  }

  get(accessKeyId: string): IssuedCredentials | undefined {
    return this.byKey.get(accessKeyId);
  }

  get size(): number {
    return this.byKey.size;
  }
}
