/**
 * What stands between dynalite and everyone else. dynalite accepts any signature and answers CORS
 * for any origin, so a web page in another tab could read the stored LWA tokens or rewrite a
 * doorbell's owner. The front does what DynamoDB's endpoint does and dynalite does not: it verifies
 * SigV4 (service `dynamodb`, the world's own credentials, with the verifier the KVS emulator uses)
 * and answers DynamoDB's errors; it refuses any request a browser sent (no page ever calls DynamoDB)
 * under the local origin policy, sends no CORS header at all, and only then forwards the request to
 * dynalite, which listens on a Unix socket (no TCP port a page could find) that only the front knows.
 */
import { Agent, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { BodyTooLargeError, listen, readBody, type RunningServer } from '../../shared/http.js';
import { guarded, type Refusal } from '../request-guard.js';
import { verifySigV4 } from '../sigv4/index.js';

/** DynamoDB's own limit on a request (BatchWriteItem's 16 MB). */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export interface SignedFrontOptions {
  /** dynalite's Unix socket (see index.ts). */
  upstream: { socketPath: string };
  /** Whose signatures are accepted: the world's account. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  host?: string;
  port?: number;
}

const REFUSAL_TYPES: Record<Refusal['code'], string> = {
  MISDIRECTED_REQUEST: 'MisdirectedRequestException',
  FORBIDDEN_ORIGIN: 'AccessDeniedException',
  UNSUPPORTED_MEDIA_TYPE: 'UnknownOperationException',
  PAYLOAD_TOO_LARGE: 'RequestEntityTooLargeException',
};

/** DynamoDB's error shape: the SDK takes the name after `#` as the exception. */
function dynamoError(res: ServerResponse, status: number, type: string, message: string): void {
  const body = JSON.stringify({ __type: `com.amazon.coral.service#${type}`, message });
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body), 'x-amzn-errortype': type });
  res.end(body);
}

export async function startSignedFront(opts: SignedFrontOptions): Promise<RunningServer> {
  const agent = new Agent({ keepAlive: true });
  const lookupCredentials = (id: string) => (id === opts.credentials.accessKeyId ? { secretAccessKey: opts.credentials.secretAccessKey } : undefined);

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req, MAX_REQUEST_BYTES);
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      res.setHeader('connection', 'close');
      return dynamoError(res, 413, 'RequestEntityTooLargeException', `Request must be smaller than ${MAX_REQUEST_BYTES} bytes.`);
    }
    // No region check: dynalite keeps one set of tables whatever region a client names.
    const auth = verifySigV4({ method: req.method ?? 'POST', path: req.url ?? '/', headers: req.headers, body }, { service: 'dynamodb', lookupCredentials });
    // DynamoDB answers its authentication failures 400, with the verifier's error names.
    if (!auth.ok) return dynamoError(res, 400, auth.errorType, auth.message);
    await new Promise<void>((resolve) => {
      const out = request(
        { ...opts.upstream, method: req.method, path: req.url, headers: { ...req.headers, 'content-length': String(body.length) }, agent },
        (answer) => {
          const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !name.startsWith('access-control-')));
          res.writeHead(answer.statusCode ?? 502, headers);
          answer.pipe(res);
          answer.on('end', resolve);
          answer.on('error', () => (res.destroy(), resolve()));
        },
      );
      out.on('error', () => {
        if (res.headersSent) res.destroy();
        else dynamoError(res, 500, 'InternalServerError', 'The local DynamoDB (dynalite) does not answer.');
        resolve();
      });
      out.end(body);
    });
  }

  const server = await listen(
    guarded(
      {
        // No page ever calls DynamoDB: the skill and the world's tools are programs.
        origins: [],
        // Every request is signed, Host included; the store-outage tests reach it through a TCP proxy.
        anyLoopbackPort: true,
        bodyTypes: ['application/x-amz-json-1.0'],
        maxBodyBytes: MAX_REQUEST_BYTES,
        answer: (res, r) => dynamoError(res, r.status, REFUSAL_TYPES[r.code], r.message),
      },
      forward,
    ),
    { host: opts.host, port: opts.port },
  );
  return {
    ...server,
    close: async () => {
      await server.close();
      agent.destroy();
    },
  };
}
