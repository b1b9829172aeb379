/**
 * Who signed a request to the local Lambda endpoints: the SigV4 check (the shared verifier in
 * infra/local/sigv4) plus the IAM identity those credentials stand for, as Lambda reports it to a
 * function URL's handler in `requestContext.authorizer.iam`.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { verifySigV4, type StoredCredentials, type VerifyFailure } from '../sigv4/index.js';
import { LOCAL_ACCOUNT_ID } from '../local-account.js';

/** Credentials the local endpoints accept, and the principal they belong to. */
export interface CallerCredentials extends StoredCredentials {
  /**
   * The caller's ARN, e.g. `arn:aws:sts::000000000000:assumed-role/doorbell-camera/front-door`
   * for credentials issued to that doorbell. Default: an IAM user named after the key id.
   */
  principalArn?: string;
}

export type CredentialsLookup = (accessKeyId: string) => CallerCredentials | undefined;

export interface IamIdentity {
  accessKey: string;
  accountId: string;
  callerId: string;
  cognitoIdentity: null;
  principalOrgId: null;
  userArn: string;
  userId: string;
}

/** IAM's unique ids look like AROA/AIDA + 17 upper-case characters; derived so they stay stable. */
function uniqueId(prefix: string, of: string): string {
  const digest = createHash('sha256').update(of).digest('hex').toUpperCase().replace(/[^A-Z0-9]/g, '');
  return prefix + digest.slice(0, 17);
}

export function iamIdentity(accessKeyId: string, credentials: CallerCredentials): IamIdentity {
  const arn = credentials.principalArn ?? `arn:aws:iam::${LOCAL_ACCOUNT_ID}:user/${accessKeyId}`;
  const accountId = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1] ?? LOCAL_ACCOUNT_ID;
  const assumed = /:assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  const callerId = assumed ? `${uniqueId('AROA', assumed[1]!)}:${assumed[2]}` : uniqueId('AIDA', arn);
  return { accessKey: accessKeyId, accountId, callerId, cognitoIdentity: null, principalOrgId: null, userArn: arn, userId: callerId };
}

export type SignatureCheck = { ok: true; identity: IamIdentity } | VerifyFailure;

/** Verifies the request's SigV4 signature for service `lambda`. */
export function checkSignature(req: IncomingMessage, body: Buffer, opts: { region: string; lookup: CredentialsLookup }): SignatureCheck {
  let found: CallerCredentials | undefined;
  const result = verifySigV4(
    { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body },
    {
      service: 'lambda',
      region: opts.region,
      lookupCredentials: (id) => {
        found = opts.lookup(id);
        return found;
      },
    },
  );
  if (!result.ok) return result;
  return { ok: true, identity: iamIdentity(result.accessKeyId, found!) };
}
