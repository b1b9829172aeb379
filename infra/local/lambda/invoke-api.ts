/**
 * The Lambda Invoke API on loopback: `POST /2015-03-31/functions/<name or ARN>/invocations`, so
 * `@aws-sdk/client-lambda`'s InvokeCommand and `aws lambda invoke --endpoint-url` work unchanged.
 * Requests are SigV4-verified (service `lambda`). A RequestResponse call (the only invocation type
 * a product path makes) answers 200 with the payload (`X-Amz-Function-Error: Unhandled` when the
 * function failed); errors are Lambda's: 404 ResourceNotFoundException, 400
 * InvalidRequestContentException, 413, 429, 403. Only programs call it (the local Alexa, the health
 * check's timer, the AWS CLI): the local origin policy (../request-guard.ts) refuses any web page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, listen, readBody, requestUrl, sendJson } from '../../shared/http.js';
import { checkSignature, type CredentialsLookup } from './caller-identity.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../local-account.js';
import { guarded, type Refusal } from '../request-guard.js';
import { LocalFunction, MAX_PAYLOAD_BYTES, type FunctionDefinition, type FunctionStats, type InvocationOutcome } from './local-function.js';

export interface LambdaInvokeApiOptions {
  functions: Record<string, FunctionDefinition>;
  host?: string;
  port?: number;
  /** Signing region the API accepts; default the local account's (local-account.ts). */
  region?: string;
  /** Whose signatures are accepted (the local stack: its own credentials). */
  lookupCredentials: CredentialsLookup;
  /** Where the functions' output goes (one call per line); default this process's stdout, prefixed. */
  onLog?: (functionName: string, line: string) => void;
}

export interface LambdaInvokeApi {
  /** http://127.0.0.1:<port>: the `endpoint` for LambdaClient. */
  readonly endpoint: string;
  /** Test hooks: how often each function ran, and in how many environments. */
  readonly control: { stats(name: string): FunctionStats };
  close(): Promise<void>;
}

/** The origin policy's refusals under Lambda's error types. */
const REFUSAL_TYPES: Record<Refusal['code'], string> = {
  MISDIRECTED_REQUEST: 'MisdirectedRequestException',
  FORBIDDEN_ORIGIN: 'AccessDeniedException',
  UNSUPPORTED_MEDIA_TYPE: 'UnsupportedMediaTypeException',
  PAYLOAD_TOO_LARGE: 'RequestTooLargeException',
};

export function defaultLogSink(functionName: string, line: string): void {
  process.stdout.write(`[${functionName}] ${line}\n`);
}

function lambdaError(res: ServerResponse, status: number, type: string, message: string, extra: Record<string, string> = {}): void {
  sendJson(res, status, { Type: status >= 500 ? 'Service' : 'User', message, ...extra }, { 'x-amzn-errortype': type });
}

/** Function name, partial ARN or full ARN (optionally with a qualifier) -> name and qualifier. */
export function parseFunctionRef(ref: string): { name: string; qualifier?: string } | undefined {
  const parts = ref.split(':');
  if (ref.startsWith('arn:')) {
    // arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]
    if (parts.length < 7 || parts[2] !== 'lambda' || parts[5] !== 'function') return undefined;
    return { name: parts[6]!, qualifier: parts[7] };
  }
  if (parts.length >= 3 && parts[1] === 'function') return { name: parts[2]!, qualifier: parts[3] };
  return { name: parts[0]!, qualifier: parts[1] };
}

export async function startLambdaInvokeApi(opts: LambdaInvokeApiOptions): Promise<LambdaInvokeApi> {
  const region = opts.region ?? LOCAL_REGION;
  const lookup = opts.lookupCredentials;
  const onLog = opts.onLog ?? defaultLogSink;
  const functions = new Map<string, LocalFunction>();
  for (const [name, def] of Object.entries(opts.functions)) {
    functions.set(name, new LocalFunction(name, def, { region, accountId: LOCAL_ACCOUNT_ID, onLog }));
  }

  async function invoke(req: IncomingMessage, res: ServerResponse, ref: string): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req, MAX_PAYLOAD_BYTES);
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      lambdaError(res, 413, 'RequestTooLargeException', `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation`);
      req.resume();
      return;
    }
    const auth = checkSignature(req, body, { region, lookup });
    if (!auth.ok) {
      lambdaError(res, auth.status, auth.errorType, auth.message);
      return;
    }
    const parsed = parseFunctionRef(ref);
    const fn = parsed && functions.get(parsed.name);
    const qualifier = requestUrl(req).searchParams.get('Qualifier') ?? parsed?.qualifier;
    if (!fn || (qualifier !== undefined && qualifier !== '$LATEST')) {
      const arn = `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${parsed?.name ?? ref}${qualifier ? `:${qualifier}` : ''}`;
      lambdaError(res, 404, 'ResourceNotFoundException', `Function not found: ${arn}`);
      return;
    }

    let event: unknown = null;
    if (body.length > 0) {
      try {
        event = JSON.parse(body.toString('utf8'));
      } catch {
        lambdaError(res, 400, 'InvalidRequestContentException', 'Could not parse request body into json: Could not parse payload into json');
        return;
      }
    }
    const invocationType = (req.headers['x-amz-invocation-type'] as string | undefined) ?? 'RequestResponse';
    if (invocationType !== 'RequestResponse') {
      lambdaError(res, 400, 'InvalidParameterValueException', `Unsupported invocation type ${invocationType}`);
      return;
    }

    const outcome: InvocationOutcome = await fn.invoke(event);
    if (outcome.kind === 'throttled') {
      lambdaError(res, 429, 'TooManyRequestsException', 'Rate Exceeded.', { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' });
      return;
    }
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(outcome.payload),
      'x-amzn-requestid': outcome.requestId,
      'x-amz-executed-version': '$LATEST',
    };
    if (outcome.functionError) headers['x-amz-function-error'] = outcome.functionError;
    res.writeHead(200, headers);
    res.end(outcome.payload);
  }

  const server = await listen(
    guarded({
      origins: [],
      // An invocation's payload is a blob: the SDKs and the CLI send it as octet-stream (or JSON, or untyped).
      bodyTypes: ['application/json', 'application/octet-stream', 'binary/octet-stream', null],
      maxBodyBytes: MAX_PAYLOAD_BYTES,
      answer: (res: ServerResponse, r: Refusal) => lambdaError(res, r.status, REFUSAL_TYPES[r.code], r.message),
    }, async (req, res) => {
      const { pathname } = requestUrl(req);
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/.exec(pathname);
      if (match && req.method === 'POST') return invoke(req, res, decodeURIComponent(match[1]!));
      lambdaError(res, 404, 'UnknownOperationException', `No local Lambda operation for ${req.method} ${pathname}`);
    }),
    { host: opts.host, port: opts.port },
  );

  return {
    endpoint: server.endpoint,
    control: {
      stats(name) {
        const fn = functions.get(name);
        if (!fn) throw new Error(`No local function ${name}`);
        return fn.stats();
      },
    },
    async close() {
      await server.close();
      await Promise.all([...functions.values()].map((f) => f.close()));
    },
  };
}
