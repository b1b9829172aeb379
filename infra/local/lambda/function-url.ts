/**
 * A Lambda function URL on loopback, with AWS_IAM auth or none. With AWS_IAM every request must be
 * SigV4-signed (service `lambda`) by known credentials; the handler then receives a
 * payload-format-2.0 event whose `requestContext.authorizer.iam` names the signer (for a page's
 * credentials, `arn:aws:sts::000000000000:assumed-role/doorbell-camera/<endpointId>`). With NONE
 * anyone may call it and the handler gets every header (the authorization header included) and no
 * authorizer. The local origin policy (../request-guard.ts) comes first: only the stack's pages may
 * call it from a browser (CORS preflights answered by the URL itself, as in AWS), JSON bodies only.
 * This is how the local stack serves the doorbell-device API (AWS_IAM) and the device access API (NONE).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { BodyTooLargeError, listen, readBody, sendJson } from '../../shared/http.js';
import { checkSignature, type CredentialsLookup, type IamIdentity } from './caller-identity.js';
import { requestGuard, type Refusal } from '../request-guard.js';
import { defaultLogSink } from './invoke-api.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../local-account.js';
import { LocalFunction, MAX_PAYLOAD_BYTES, type FunctionStats } from './local-function.js';
import { fromHandlerResult, toUrlEvent } from './url-event.js';

export interface FunctionUrlOptions {
  bundlePath: string;
  /** Default `deviceHandler`. */
  exportName?: string;
  env: Record<string, string>;
  /** AWS_IAM (default): signed requests of the credentials `credentialsLookup` knows; NONE: anyone. */
  auth?: 'AWS_IAM' | 'NONE';
  /** Which credentials may call the URL, and whose they are (principalArn); with AWS_IAM. */
  credentialsLookup?: CredentialsLookup;
  /** Environments at once (Lambda's reserved concurrency); calls past it get 429. Default 10. */
  maxConcurrency?: number;
  host?: string;
  port?: number;
  /** Origins whose pages may call the URL (CORS); none: no web page may (any Origin is refused). */
  pageOrigins?: readonly string[];
  /** Media types a request body may have; default JSON only (what the device and access APIs take). */
  bodyTypes?: readonly string[];
  /** Default `doorbell-device-api`. */
  functionName?: string;
  /** Signing region; default the local account's (local-account.ts). */
  region?: string;
  onLog?: (functionName: string, line: string) => void;
}

export interface LocalFunctionUrl {
  /** http://127.0.0.1:<port> (no trailing slash): the device API's base URL. */
  readonly endpoint: string;
  /** Test hooks: how often the function ran (a refused request never reaches it). */
  readonly control: { stats(): FunctionStats };
  close(): Promise<void>;
}

/** What a SigV4-signing page sends, the only methods and headers its CORS allows. */
const METHODS = ['GET', 'PUT', 'POST', 'DELETE'];
const SIGV4_HEADERS = ['authorization', 'content-type', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256', 'x-amz-user-agent'];

export async function startFunctionUrl(opts: FunctionUrlOptions): Promise<LocalFunctionUrl> {
  const region = opts.region ?? LOCAL_REGION;
  const guard = requestGuard({
    origins: opts.pageOrigins ?? [],
    cors: { methods: METHODS, headers: SIGV4_HEADERS, maxAgeSeconds: 300 },
    bodyTypes: opts.bodyTypes ?? ['application/json'],
    maxBodyBytes: MAX_PAYLOAD_BYTES,
    // The access API's own typed errors have these codes (UNSUPPORTED_MEDIA_TYPE, PAYLOAD_TOO_LARGE): a page reads them alike.
    answer: (res: ServerResponse, r: Refusal) => sendJson(res, r.status, { error: r.code, message: r.message }, { 'x-amzn-errortype': r.code }),
  });
  const iamAuth = (opts.auth ?? 'AWS_IAM') === 'AWS_IAM';
  // A function URL's id: 32 lower-case characters, fixed for the URL's life.
  const urlId = [...randomBytes(32)].map((b) => 'abcdefghijklmnopqrstuvwxyz234567'[b % 32]).join('');
  const fn = new LocalFunction(
    opts.functionName ?? 'doorbell-device-api',
    { bundlePath: opts.bundlePath, exportName: opts.exportName ?? 'deviceHandler', env: opts.env, ...(opts.maxConcurrency ? { maxConcurrency: opts.maxConcurrency } : {}) },
    { region, accountId: LOCAL_ACCOUNT_ID, onLog: opts.onLog ?? defaultLogSink },
  );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Also answers preflights; an allowed page's responses (refusals too) carry its allow-origin header.
    if (guard.refuse(req, res)) return;
    const fail = (status: number, type: string, message: string): void => sendJson(res, status, { Message: message }, { 'x-amzn-errortype': type });

    let body: Buffer;
    try {
      body = await readBody(req, MAX_PAYLOAD_BYTES);
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      fail(413, 'RequestTooLargeException', `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes.`);
      req.resume();
      return;
    }
    let identity: IamIdentity | undefined;
    if (iamAuth) {
      const auth = checkSignature(req, body, { region, lookup: opts.credentialsLookup ?? (() => undefined) });
      if (!auth.ok) {
        fail(auth.status, auth.errorType, auth.errorType === 'MissingAuthenticationTokenException' ? 'Forbidden' : auth.message);
        return;
      }
      identity = auth.identity;
    }
    const event = toUrlEvent(req, body, { identity, urlId, region, accountId: LOCAL_ACCOUNT_ID });
    const outcome = await fn.invoke(event);
    if (outcome.kind === 'throttled') {
      fail(429, 'TooManyRequestsException', 'Rate Exceeded.');
      return;
    }
    if (outcome.functionError) {
      fail(502, 'FunctionError', 'Internal Server Error');
      return;
    }
    const reply = fromHandlerResult(outcome.payload);
    const headers: Record<string, string | string[] | number> = {
      ...reply.headers,
      'x-amzn-requestid': event.requestContext.requestId,
      'content-length': reply.body.length,
    };
    if (reply.cookies.length > 0) headers['set-cookie'] = reply.cookies;
    res.writeHead(reply.status, headers);
    res.end(reply.body);
  }

  const server = await listen(handle, { host: opts.host, port: opts.port });
  return {
    endpoint: server.endpoint,
    control: { stats: () => fn.stats() },
    async close() {
      await server.close();
      await fn.close();
    },
  };
}
