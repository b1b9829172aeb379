/**
 * The local S3: `s3rver` (a file-backed S3 in Node) behind a front that does what s3rver does not:
 * it verifies SigV4 as S3 does (the Authorization header and presigned queries, their expiry, and
 * every signed header, content-length and content-type included, so a presigned PUT takes exactly
 * the length and type it was signed for) and answers S3's XML errors. Before that, the local
 * services' one origin policy (../request-guard.ts): a loopback Host of its own port, no page of
 * another origin, CORS for the stack's page origins only (the camera page PUTs, the viewer GETs),
 * bodies of any type (a blob store whose every request is signed) up to its limit. s3rver itself has no TCP port (it accepts unsigned writes, even a cross-site form's, and a page could find any loopback port by scanning): it listens on a Unix socket in a private temporary folder and sees only verified requests,
 * their authentication stripped. Clients reach the front with `@aws-sdk/client-s3` and
 * AWS_ENDPOINT_URL_S3 (path-style), the same code path as AWS.
 */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { BodyTooLargeError, listen, readBody } from '../../shared/http.js';
import { requestGuard, type Refusal } from '../request-guard.js';
import { verifySigV4, type StoredCredentials } from '../sigv4/index.js';
import { accessDenied, INVALID_ACCESS_KEY, sendS3Error, SIGNATURE_DOES_NOT_MATCH, type S3Failure } from './errors.js';

const require = createRequire(import.meta.url);

/** The largest body the front takes (S3's single PUT goes to 5 GB; the doorbell's pictures are far smaller). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface LocalS3Options {
  host?: string;
  port?: number;
  region: string;
  /** Buckets created at start (kept across starts when `directory` is kept). */
  buckets: string[];
  /** Where s3rver keeps objects; absent: a temporary folder removed at close. */
  directory?: string;
  lookupCredentials(accessKeyId: string): StoredCredentials | undefined;
  /** Page origins that may call it from a browser (CORS); any other Origin is refused. */
  allowedOrigins: readonly string[] | (() => readonly string[]);
  now?: () => Date;
}

export interface LocalS3 {
  /** http://127.0.0.1:<port>, for AWS_ENDPOINT_URL_S3. */
  readonly endpoint: string;
  /** Where the front forwards to: s3rver's Unix socket (no TCP port). */
  readonly backendSocket: string;
  readonly control: {
    /** Requests the front refused, by S3 error code, and those it passed on. */
    counters(): Record<string, number>;
  };
  close(): Promise<void>;
}

const AUTH_QUERY = /^x-amz-(algorithm|credential|date|expires|signedheaders|signature|security-token|content-sha256)$/i;

/** The guard's refusals in S3's words. */
function refusalOf(r: Refusal): S3Failure {
  if (r.code === 'FORBIDDEN_ORIGIN') return accessDenied(r.message);
  if (r.code === 'PAYLOAD_TOO_LARGE') return { status: 413, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size' };
  return { status: r.status, code: 'InvalidRequest', message: r.message };
}

/** What the SigV4 verifier said, in S3's words. */
function asS3Failure(errorType: string, message: string): S3Failure {
  if (/^Signature expired/.test(message) || /expired/i.test(errorType)) return accessDenied('Request has expired');
  if (errorType === 'UnrecognizedClientException') return INVALID_ACCESS_KEY;
  if (errorType === 'MissingAuthenticationTokenException') return accessDenied();
  if (errorType === 'IncompleteSignatureException') return { status: 400, code: 'AuthorizationQueryParametersError', message };
  return SIGNATURE_DOES_NOT_MATCH;
}

export async function startLocalS3(opts: LocalS3Options): Promise<LocalS3> {
  const directory = opts.directory ?? (await mkdtemp(path.join(tmpdir(), 'local-s3-')));
  const S3rver = require('s3rver') as new (o: Record<string, unknown>) => { configureBuckets(): Promise<void>; listen(path: string): Promise<Server> };
  const backend = new S3rver({ silent: true, directory, vhostBuckets: false, configureBuckets: opts.buckets.map((name) => ({ name, configs: [] })) });
  // run() would listen on TCP; its two steps by hand put s3rver on the socket instead.
  await backend.configureBuckets();
  const socketDir = await mkdtemp(path.join(tmpdir(), 'doorbell-s3-'));
  const socketPath = path.join(socketDir, 's3rver.sock');
  const backendServer = await backend.listen(socketPath);
  const closeBackend = async () => {
    await new Promise<void>((resolve) => {
      backendServer.close(() => resolve());
      backendServer.closeAllConnections();
    });
    await rm(socketDir, { recursive: true, force: true });
  };
  const counts: Record<string, number> = {};
  const count = (what: string) => (counts[what] = (counts[what] ?? 0) + 1);

  const guard = requestGuard({
    origins: opts.allowedOrigins,
    // S3's CORS for the pages: the camera PUTs (its signed content-type), the viewer GETs.
    cors: { methods: ['GET', 'PUT', 'HEAD'], headers: ['content-type'], exposeHeaders: ['etag', 'x-amz-request-id'], maxAgeSeconds: 600 },
    bodyTypes: 'any',
    maxBodyBytes: MAX_BODY_BYTES,
    answer: (res, r) => {
      count(refusalOf(r).code);
      sendS3Error(res, refusalOf(r));
    },
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Host, Origin, preflights, body size; an allowed page's answers (refusals too) carry its CORS headers from here.
    if (guard.refuse(req, res)) return;
    const refuse = (failure: S3Failure) => {
      count(failure.code);
      sendS3Error(res, failure);
    };
    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return refuse({ status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size' });
      throw err;
    }
    const verified = verifySigV4(
      { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body },
      { service: 's3', region: opts.region, s3: true, lookupCredentials: opts.lookupCredentials, ...(opts.now ? { now: opts.now() } : {}) },
    );
    if (!verified.ok) return refuse(asS3Failure(verified.errorType, verified.message));
    count('passed');
    await forward(req, body, res);
  }

  function forward(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    for (const key of [...url.searchParams.keys()]) if (AUTH_QUERY.test(key)) url.searchParams.delete(key);
    const headers: IncomingHttpHeaders = { ...req.headers, host: '127.0.0.1', 'content-length': String(body.length) };
    for (const name of ['authorization', 'x-amz-security-token', 'x-amz-date', 'x-amz-content-sha256', 'origin']) delete headers[name];
    return new Promise((resolve, reject) => {
      const out = httpRequest({ socketPath, method: req.method, path: `${url.pathname}${url.search}`, headers }, (answer) => {
        // s3rver's own CORS headers never reach a page: the guard's (set on `res`) are the only ones.
        const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !name.startsWith('access-control-') && name !== 'vary'));
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
        answer.on('end', resolve);
        answer.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });
  }

  const front = await listen(handle, { host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  return {
    endpoint: front.endpoint,
    backendSocket: socketPath,
    control: { counters: () => ({ ...counts }) },
    async close() {
      await front.close();
      await closeBackend();
      if (!opts.directory) await rm(directory, { recursive: true, force: true });
    },
  };
}
