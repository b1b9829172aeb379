/**
 * A local STS: the Query API's `AssumeRole`, as the AWS SDK's STS client calls it (a form POST,
 * SigV4 service `sts`, an XML answer in STS's shape), for the three page roles only. It stands in
 * for what AWS does between the access API and the page roles: only the local account's own
 * credentials (the access API's) may call it, only a page role may be assumed, and only with a
 * session name that is a registered doorbell (the page roles' trust policy). Each issued set is
 * told to `onIssue` (the world registers it with the KVS emulator, scoped to the role) and known to
 * `callerCredentials` (the function URLs' SigV4 check, with the session's ARN).
 * The lifetime is min(DurationSeconds, `maxLifetimeSeconds`): PAGE_CREDENTIALS_TTL_SECONDS locally.
 * Only the access API's bundle (a program) calls it: the local origin policy (../request-guard.ts)
 * refuses any web page, and bodies that are not the Query API's form.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PageRole } from '../../../contracts/page-roles.js';
import { listen, readBody } from '../../shared/http.js';
import { guarded, type Refusal } from '../request-guard.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../local-account.js';
import { verifySigV4, type StoredCredentials } from '../sigv4/index.js';
import { IssuedCredentialStore, temporaryAccessKeyId, type IssuedCredentials } from './issued.js';
import { assumeRoleXml, errorXml } from './xml.js';

export type { IssuedCredentials } from './issued.js';

export interface LocalStsOptions {
  host?: string;
  port?: number;
  /** Default the local account's. */
  region?: string;
  accountId?: string;
  /** Who may call AssumeRole: the local account's credentials (the access API signs with them). */
  lookupCredentials(accessKeyId: string): StoredCredentials | undefined;
  /** The ARN of each page role, the only roles there are to assume. */
  roles: Readonly<Record<PageRole, string>>;
  /** The doorbell a session name names, with its channel; undefined: no such doorbell, AccessDenied. */
  doorbell(endpointId: string): Promise<{ channelArn: string } | undefined>;
  /** Caps every session's lifetime (seconds); default 900, STS's minimum. */
  maxLifetimeSeconds?: number;
  onIssue?(issued: IssuedCredentials, doorbell: { channelArn: string }): void;
}

export interface LocalSts {
  /** http://127.0.0.1:<port>: AWS_ENDPOINT_URL_STS. */
  readonly endpoint: string;
  /** The issued credentials with this key id (unexpired or just expired), for SigV4 checks; undefined when unknown. */
  issued(accessKeyId: string): IssuedCredentials | undefined;
  /** Test hooks: how many AssumeRole calls it answered, by outcome. */
  readonly control: { counters(): { issued: number; refused: number } };
  close(): Promise<void>;
}

const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** The page roles' longest session (the CDK stack's PAGE_ROLE_MAX_SESSION) and STS's shortest. */
const MIN_DURATION = 900;
const MAX_DURATION = 3600;

/** SigV4 failures under the Query API's error codes (the verifier speaks the JSON services' names). */
const SIGV4_CODES: Record<string, string> = {
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  IncompleteSignatureException: 'IncompleteSignature',
  UnrecognizedClientException: 'InvalidClientTokenId',
  ExpiredTokenException: 'ExpiredToken',
  InvalidSignatureException: 'SignatureDoesNotMatch',
};

/** The origin policy's refusals under the Query API's error codes. */
const REFUSAL_CODES: Record<Refusal['code'], string> = {
  MISDIRECTED_REQUEST: 'InvalidRequest',
  FORBIDDEN_ORIGIN: 'AccessDenied',
  UNSUPPORTED_MEDIA_TYPE: 'InvalidParameterValue',
  PAYLOAD_TOO_LARGE: 'RequestEntityTooLarge',
};
const MAX_BODY_BYTES = 64 * 1024;

class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** IAM's role ids look like AROA + 17 upper-case characters; derived from the name so they stay stable. */
const roleId = (roleName: string): string => 'AROA' + createHash('sha256').update(roleName).digest('hex').toUpperCase().slice(0, 17);

export async function startLocalSts(opts: LocalStsOptions): Promise<LocalSts> {
  const region = opts.region ?? LOCAL_REGION;
  const accountId = opts.accountId ?? LOCAL_ACCOUNT_ID;
  const maxLifetime = opts.maxLifetimeSeconds ?? MIN_DURATION;
  const store = new IssuedCredentialStore();
  const roleByArn = new Map<string, PageRole>(Object.entries(opts.roles).map(([role, arn]) => [arn, role as PageRole]));
  const counts = { issued: 0, refused: 0 };

  async function assumeRole(form: URLSearchParams, caller: string): Promise<IssuedCredentials> {
    const roleArn = form.get('RoleArn') ?? '';
    const sessionName = form.get('RoleSessionName') ?? '';
    const duration = Number(form.get('DurationSeconds') ?? 3600);
    if (!roleArn || !sessionName) throw new StsError(400, 'MissingParameter', 'RoleArn and RoleSessionName are required.');
    if (!ROLE_SESSION_NAME.test(sessionName)) throw new StsError(400, 'ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    if (!Number.isInteger(duration) || duration < MIN_DURATION || duration > MAX_DURATION) {
      throw new StsError(400, 'ValidationError', `The requested DurationSeconds exceeds the MaxSessionDuration set for this role (${MIN_DURATION}-${MAX_DURATION}).`);
    }
    const role = roleByArn.get(roleArn);
    const doorbell = role ? await opts.doorbell(sessionName) : undefined;
    // The page roles' trust policy: no such role, or a session name that is no doorbell, is refused alike.
    if (!role || !doorbell) throw new StsError(403, 'AccessDenied', `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    const lifetime = Math.min(duration, maxLifetime);
    const issued: IssuedCredentials = {
      accessKeyId: temporaryAccessKeyId(),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
      expiration: new Date(Date.now() + lifetime * 1000),
      role,
      roleName,
      endpointId: sessionName,
      principalArn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
      assumedRoleId: `${roleId(roleName)}:${sessionName}`,
    };
    store.add(issued);
    opts.onIssue?.(issued, doorbell);
    return issued;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const reply = (status: number, xml: string) => {
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId, 'content-length': Buffer.byteLength(xml) });
      res.end(xml);
    };
    try {
      if (req.method !== 'POST') throw new StsError(400, 'InvalidAction', 'Only POST requests of the Query API are served here.');
      const body = await readBody(req, MAX_BODY_BYTES);
      const auth = verifySigV4({ method: 'POST', path: req.url ?? '/', headers: req.headers, body }, { service: 'sts', region, lookupCredentials: (id) => opts.lookupCredentials(id) });
      if (!auth.ok) throw new StsError(auth.status, SIGV4_CODES[auth.errorType] ?? auth.errorType, auth.message);
      const form = new URLSearchParams(body.toString('utf8'));
      if (form.get('Action') !== 'AssumeRole') throw new StsError(400, 'InvalidAction', `Could not find operation ${form.get('Action')} for version ${form.get('Version')}`);
      const issued = await assumeRole(form, `arn:aws:iam::${accountId}:user/${auth.accessKeyId}`);
      counts.issued += 1;
      reply(200, assumeRoleXml(issued, requestId));
    } catch (err) {
      counts.refused += 1;
      if (err instanceof StsError) reply(err.status, errorXml(err.code, err.message, requestId));
      else reply(500, errorXml('InternalFailure', 'The local STS failed.', requestId, 'Receiver'));
    }
  }

  const refusalXml = (res: ServerResponse, r: Refusal) => {
    const xml = errorXml(REFUSAL_CODES[r.code], r.message, randomUUID());
    res.writeHead(r.status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml) });
    res.end(xml);
  };
  const server = await listen(guarded({ origins: [], bodyTypes: ['application/x-www-form-urlencoded'], maxBodyBytes: MAX_BODY_BYTES, answer: refusalXml }, handle), { host: opts.host, port: opts.port });
  return {
    endpoint: server.endpoint,
    issued: (id) => store.get(id),
    control: { counters: () => ({ ...counts }) },
    close: () => server.close(),
  };
}

/** What each page role may do on its doorbell's signaling channel in the KVS emulator: the camera is its master, the viewer a viewer, the button nothing. */
export function kvsScopeOf(role: PageRole, channelArn: string): { allowedChannelArns: string[]; allowedRoles: ('MASTER' | 'VIEWER')[] } {
  if (role === 'camera') return { allowedChannelArns: [channelArn], allowedRoles: ['MASTER'] };
  if (role === 'viewer') return { allowedChannelArns: [channelArn], allowedRoles: ['VIEWER'] };
  return { allowedChannelArns: [], allowedRoles: [] };
}
